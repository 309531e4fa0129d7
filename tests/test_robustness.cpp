// Bad input never crashes the terminal: malformed lines, every command with missing or odd
// arguments, and random token soup. Each line must come back with an exit status.
#include <QtTest>

#include "lab_session.h"
#include "util/random.h"

using vethlab::testing::LabSession;

class Robustness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void malformedLines() {
        LabSession s;
        const char* lines[] = {"",
                               " ",
                               ";",
                               ";;",
                               "|",
                               "| grep x",
                               "&&",
                               "||",
                               "$(",
                               "$()",
                               "\"",
                               "'",
                               "\\",
                               "echo $(echo $(echo hi))",
                               "docker",
                               "docker run",
                               "docker run -p",
                               "docker run -p abc alpine",
                               "docker run -p 99999:80 alpine",
                               "docker run -p 1:2:3:4 alpine",
                               "docker run --ip",
                               "docker run --expose x alpine",
                               "docker run --add-host nocolon alpine",
                               "docker run --link a:b:c alpine",
                               "docker network create --subnet 1.2.3.4/99 x",
                               "docker network create --subnet 10.0.0.0/8 --ip-range bogus y",
                               "docker network create --aux-address a=bogus z",
                               "docker network create --subnet 10.1.0.0/16 --gateway bogus w",
                               "docker network connect",
                               "docker network disconnect a b c",
                               "docker inspect",
                               "docker inspect -f '{{' bridge",
                               "docker inspect -f '{{range .X}}' bridge",
                               "docker network ls --format '{{.Nope}}'",
                               "docker ps --format 'table {{.ID}}\\t'",
                               "docker exec",
                               "docker exec -it",
                               "docker stop -t x a",
                               "docker start",
                               "docker port nosuch",
                               "docker attach nosuch",
                               "ip",
                               "ip -z",
                               "ip addr show dev",
                               "ip route get",
                               "ip foo",
                               "ifconfig nosuch",
                               "brctl",
                               "bridge",
                               "bridge fdb",
                               "iptables",
                               "iptables -t raw -S",
                               "iptables -A",
                               "iptables -A NOCHAIN -j DROP",
                               "iptables -I FORWARD 1 -s bogus -j DROP",
                               "iptables -D FORWARD -j NOPE",
                               "grep",
                               "grep -z x",
                               "head -n x",
                               "tail -n",
                               "wc",
                               "sleep",
                               "sleep x",
                               "cat",
                               "cat /nope",
                               "exit 300x",
                               "docker run -d --name ok1 alpine sleep 1",
                               "sleep 2",
                               "docker ps -a",
                               "docker rm ok1",
                               "docker run -it alpine",
                               "exit",
                               "docker network create n1",
                               "docker run -d --network n1 --ip 10.0.0.1 alpine"};
        for (const char* line : lines) {
            auto r = s.run(line);
            QVERIFY2(r.status >= 0 && r.status < 256, line);
        }
        QVERIFY(s.terminal().atHost() || !s.terminal().atHost());
        QCOMPARE(s.run("echo still alive").out, std::string("still alive\n"));
    }

    void tokenSoup() {
        // Random lines from docker's own vocabulary: whatever they mean, the terminal answers.
        const char* words[] = {
            "docker", "network", "run",       "create", "rm",         "-d",      "-it",          "--name",
            "x1",     "alpine",  "--network", "host",   "none",       "bridge",  "container:x1", "-p",
            "80:80",  "--link",  "x1:db",     "--ip",   "172.17.0.9", "connect", "disconnect",   "inspect",
            "ps",     "-a",      "exec",      "ip",     "addr",       "|",       "grep",         "eth0",
            ";",      "&&",      "stop",      "start",  "prune",      "-f",      "sh",           "exit",
            "'",      "$(",      ")"};
        vethlab::Random rnd(2024);
        LabSession s;
        for (int i = 0; i < 3000; ++i) {
            std::string line;
            const auto n = 1 + rnd.below(8);
            for (std::uint64_t k = 0; k < n; ++k)
                line += std::string(words[rnd.below(std::size(words))]) + " ";
            auto r = s.run(line);
            QVERIFY2(r.status >= 0 && r.status < 256, line.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(Robustness)
#include "test_robustness.moc"
