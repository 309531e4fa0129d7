// Every crash, hang and undefined behaviour the fuzzers found (issue 13), each replayed: the input now
// gets the real tool's message and exit status, or Docker's behaviour, and the lab carries on.
#include <QtTest>
#include <chrono>

#include "lab_session.h"
#include "player.h"

using vethlab::testing::LabSession;

namespace {

bool isId(const std::string& out) {
    return out.size() == 65 && out.back() == '\n' && out.find_first_not_of("0123456789abcdef") == 64;
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

class FuzzFindings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // SIGSEGV: the container ended during the start delay and --rm had erased it.
    void runRmShortCommand() {
        LabSession s;
        auto r = s.run("docker run --rm alpine sleep 0.1");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.all, std::string());
        QVERIFY(s.lab().daemon().containers().empty());
    }

    // Docker 20.10 keeps an --rm container through a restart (moby's containerRestart clears AutoRemove
    // around the stop).
    void restartKeepsRmContainer() {
        LabSession s;
        QCOMPARE(s.run("docker run -d --rm --name rr alpine sleep 100").status, 0);
        auto r = s.run("docker restart rr");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out, std::string("rr\n"));
        const auto* c = s.lab().daemon().findContainer("rr");
        QVERIFY(c && c->isRunning());
        QCOMPARE(s.run("docker stop rr").status, 0);
        QVERIFY(!s.lab().daemon().findContainer("rr")); // and the next stop removes it, as before
    }

    // SIGSEGV in IpamPool::lowestFree: a range wider than its subnet. libnetwork's getAddressRange takes
    // the range's host part under the subnet's mask: the whole subnet.
    void ipRangeWiderThanSubnet() {
        LabSession s;
        auto r = s.run("docker network create --subnet 10.20.0.0/16 --ip-range 10.20.5.0/4 n");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out.size(), std::size_t{65});
        QCOMPARE(s.run("docker run -d --name aa --network n alpine sleep 100").status, 0);
        QCOMPARE(s.run("docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' aa").out,
                 std::string("10.20.0.2\n"));
        QCOMPARE(s.run("docker network inspect -f '{{range .IPAM.Config}}{{.IPRange}}{{end}}' n").out,
                 std::string("10.20.5.0/4\n"));
    }

    // stack-use-after-return: a negative interval queued sends in the past that outlived ping.
    // Uncaught std::out_of_range from stoi: Go's Atoi takes any int64 (an MTU beyond an int is not
    // simulated) and reports a longer number as out of range; a VLAN id is checked against 1-4094.
    void bigNumbersInNetworkOptions() {
        LabSession s;
        auto r = s.run("docker network create -o com.docker.network.driver.mtu=9999999999 n1");
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.find("is not simulated") != std::string::npos, r.err.c_str());
        r = s.run("docker network create -o com.docker.network.driver.mtu=99999999999999999999 n2");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err,
                 std::string("Error response from daemon: failed to parse com.docker.network.driver.mtu "
                             "value: 99999999999999999999 (strconv.Atoi: parsing \"99999999999999999999\": "
                             "value out of range)\n"));
        r = s.run("docker network create -d macvlan -o parent=lo.9999999999 n3");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err, std::string("Error response from daemon: vlan id must be between 1-4094, received: "
                                    "9999999999\n"));
        QCOMPARE(s.run("docker network ls -q").out.size(), std::size_t(3 * 13)); // bridge, host, none
        QCOMPARE(s.run("docker network create -o com.docker.network.driver.mtu=1400 n4").status, 0);
    }

    // Found by fuzz_terminal: awk's error path read past the end of an unterminated string literal.
    void awkUnterminatedString() {
        LabSession s;
        auto r = s.run("echo '1 2' | awk '{s += $1 + $\"} END {print s}'");
        QVERIFY(r.status != 0);
        QCOMPARE(s.run("echo ok").out, std::string("ok\n"));
    }

    void pingNegativeIntervalThenPingAgain() {
        LabSession s;
        auto first = s.run("ping -c 3 -i -1 -W 1 10.9.9.9");
        QVERIFY(first.status == 1 || first.status == 0);
        auto second = s.run("ping -c 1 127.0.0.1");
        QCOMPARE(second.status, 0);
        QVERIFY(second.out.find("1 packets transmitted, 1 received") != std::string::npos);
    }

    // iputils 20221126's messages and statuses for values it refuses.
    void pingRefusesBadValues_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("status");
        QTest::newRow("-i nan") << "ping -c 1 -i nan 127.0.0.1"
                                << "ping: bad timing interval: nan: Numerical result out of range\n"
                                << 2;
        QTest::newRow("-i inf") << "ping -c 1 -i inf 127.0.0.1"
                                << "ping: bad timing interval: inf: Numerical result out of range\n"
                                << 2;
        QTest::newRow("-i 1e10") << "ping -c 1 -i 1e10 127.0.0.1"
                                 << "ping: bad timing interval: 1e10\n"
                                 << 2;
        QTest::newRow("-W -1") << "ping -c 1 -W -1 127.0.0.1"
                               << "ping: bad linger time: -1\n"
                               << 2;
        QTest::newRow("-c 0")
            << "ping -c 0 127.0.0.1"
            << "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n"
            << 1;
        QTest::newRow("-c abc") << "ping -c abc 127.0.0.1"
                                << "ping: invalid argument: 'abc'\n"
                                << 1;
    }

    void pingRefusesBadValues() {
        QFETCH(QString, line);
        QFETCH(QString, err);
        QFETCH(int, status);
        LabSession s;
        auto r = s.run(line.toStdString());
        QCOMPARE(r.err, err.toStdString());
        QCOMPARE(r.status, status);
        QCOMPARE(r.out, std::string());
    }

    // 1.3 GB at -c 10^6, wrapped sequence numbers at 65537: the person at the keyboard presses Ctrl-C
    // after 1000 echoes, and ping prints its statistics as it does on SIGINT.
    void pingHugeCountIsInterrupted() {
        LabSession s;
        const auto start = std::chrono::steady_clock::now();
        auto r = s.run("ping -q -c 2147483647 127.0.0.1");
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
        QCOMPARE(r.status, 0);
        QVERIFY2(
            r.out.find("^C\n--- 127.0.0.1 ping statistics ---\n1000 packets transmitted, 1000 received, 0% "
                       "packet loss") != std::string::npos,
            r.out.c_str());
    }

    // Uncaught std::invalid_argument from stol. bash: "numeric argument required" and exit 2; busybox
    // ash: "Illegal number", status 2, and the shell stays.
    void exitWithoutDigits() {
        LabSession s;
        QCOMPARE(s.run("docker run -it --name aa alpine").status, 0);
        auto r = s.run("exit -");
        QCOMPARE(r.err, std::string("sh: exit: Illegal number: -\n"));
        QCOMPARE(r.status, 2);
        QVERIFY(!s.terminal().atHost());
        QCOMPARE(s.run("exit").status, 2); // exit without a number: $?, the failed exit's 2
        QCOMPARE(s.run("docker run -d --name tt tomcat:8.2 sleep 1000").status, 0);
        QCOMPARE(s.run("docker exec -it tt bash").status, 0);
        r = s.run("exit -");
        QCOMPARE(r.err, std::string("bash: exit: -: numeric argument required\n"));
        QCOMPARE(r.status, 2);
        QVERIFY(s.terminal().atHost());
    }

    // Uncaught std::invalid_argument from stoi in the engine's DNAT: iptables refuses the port.
    void dnatPortNotANumber() {
        LabSession s;
        auto r =
            s.run("iptables -t nat -I DOCKER -p tcp --dport 8081 -j DNAT --to-destination 172.17.0.2:abc");
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err,
                 std::string("iptables v1.8.9 (nf_tables): Port `abc' not valid\n\nTry `iptables -h' or "
                             "'iptables --help' for more information.\n"));
        QCOMPARE(s.run("iptables -t nat -S DOCKER").out.find("abc"), std::string::npos);
        auto noPort = s.run("iptables -t nat -I DOCKER -j DNAT --to-destination 172.17.0.2:80");
        QCOMPARE(noPort.status, 2);
        QVERIFY(noPort.err.find("Need TCP, UDP, SCTP or DCCP with port specification") != std::string::npos);
        // A rule that reached the kernel model some other way does not crash the engine either.
        vethlab::kernel::NetfilterRule rule;
        rule.protocol = "tcp";
        rule.destinationPort = 8081;
        rule.target = "DNAT";
        rule.toDestination = "172.17.0.2:abc";
        auto ctx = s.lab().context();
        ctx.emit(vethlab::kernel::RuleInsert{{}, "nat", "DOCKER", 1, rule});
        auto curl = s.run("curl -s http://172.17.0.1:8081/");
        QVERIFY(curl.status > 0 && curl.status < 256);
    }

    // Stack overflow and 16 GiB: 10,000 unclosed $( on one line.
    void unclosedSubstitutions() {
        LabSession s;
        auto r = s.run("echo " + repeat("$(", 10000));
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, std::string("bash: unexpected EOF while looking for matching `)'\n"));
    }

    // Stack overflow: $(echo $(echo ...)) 20,000 deep.
    void deeplyNestedSubstitutions() {
        LabSession s;
        auto r = s.run(repeat("echo $(", 20000) + "echo hi" + repeat(")", 20000));
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, std::string("bash: command substitution nested too deeply\n"));
        QCOMPARE(s.run(repeat("echo $(", 50) + "echo hi" + repeat(")", 50)).out, std::string("hi\n"));
    }

    // Stack overflow: {{if .Name}} nested 45,000 deep in -f.
    void deeplyNestedTemplate() {
        LabSession s;
        auto r = s.run("docker network inspect -f '" + repeat("{{if .Name}}", 45000) + "' bridge");
        // docker's inspect: a template that does not parse exits 64 (docker/cli's formatter, as Go words it).
        QCOMPARE(r.status, 64);
        QCOMPARE(r.err, std::string("template parsing error: template: :1: max expression depth exceeded\n"));
        r = s.run("docker network inspect -f '" + repeat("{{if .Name}}", 100) + "x" + repeat("{{end}}", 100) +
                  "' bridge");
        QCOMPARE(r.out, std::string("x\n"));
    }

    // Recursive std::regex_match: <ANY>B against 50,000 characters.
    void placeholderOnLongLine() {
        const std::string longLine(50000, 'A');
        QVERIFY(!vethlab::scenario::matchesExpected("<ANY>B", longLine));
        QVERIFY(vethlab::scenario::matchesExpected("<ANY>B", longLine + "B"));
        QVERIFY(vethlab::scenario::matchesExpected("<N> <ANY> <MS> ms", "12 " + longLine + " 0.524 ms"));
        QVERIFY(!vethlab::scenario::matchesExpected("<N> <ANY> <MS> ms", "12 " + longLine + " 0.524 s"));
        QVERIFY(vethlab::scenario::matchesExpected(
            "<TIME> <MAC> <LL6>/64", "2026-11-30T05:00:00.123 02:42:ac:11:00:02 fe80::42:acff:fe11:2/64"));
    }

    // UB on float-to-integer casts and a clock moving backwards: GNU sleep's answers, and nobody waits
    // out an endless sleep (Ctrl-C, status 130).
    void sleepOperands_data() {
        QTest::addColumn<QString>("operand");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("out");
        QTest::newRow("1e300") << "1e300" << 130 << "^C\n";
        QTest::newRow("9e9") << "9e9" << 130 << "^C\n";
        QTest::newRow("inf") << "inf" << 130 << "^C\n";
        QTest::newRow("-2e9") << "-2e9" << 1 << "";
        QTest::newRow("nan") << "nan" << 1 << "";
        QTest::newRow("1m") << "1m" << 0 << "";
    }

    void sleepOperands() {
        QFETCH(QString, operand);
        QFETCH(int, status);
        QFETCH(QString, out);
        LabSession s;
        const vethlab::Nanos before = s.lab().now();
        auto r = s.run("sleep " + operand.toStdString());
        QCOMPARE(r.status, status);
        QCOMPARE(r.out, out.toStdString());
        if (status == 1)
            QCOMPARE(r.err, "sleep: invalid time interval '" + operand.toStdString() +
                                "'\nTry 'sleep --help' for more information.\n");
        QVERIFY(s.lab().now() >= before);
        QVERIFY(s.lab().now() - before < 3600 * vethlab::kSecond);
    }

    // UB (infinity cast to an integer) that ended the container at once: busybox sleeps forever on any
    // operand starting with "inf".
    void busyboxSleepInfinit() {
        LabSession s;
        auto r = s.run("docker run -d --name xx alpine sleep infinit");
        QCOMPARE(r.status, 0);
        QVERIFY(isId(r.out));
        s.run("sleep 60");
        const auto* c = s.lab().daemon().findContainer("xx");
        QVERIFY(c && c->isRunning());
        QCOMPARE(s.run("docker run -d --name yy alpine sleep 1e400").status, 0);
        s.run("sleep 60");
        QVERIFY(s.lab().daemon().findContainer("yy")->isRunning());
    }

    // The official images' /docker-entrypoint.sh runs its arguments (exec "$@").
    void nginxEntrypointRunsTheCommand() {
        LabSession s;
        auto r = s.run("docker run --name web nginx true");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.all, std::string());
        QCOMPARE(s.run("docker run --rm nginx echo hello").out, std::string("hello\n"));
    }

    // A container:X joiner stays in X's old namespace when X restarts; a later restart of X must not
    // move it (the old namespace was left without an owner).
    void joinerKeepsItsNamespaceAcrossRestarts() {
        LabSession s;
        QCOMPARE(s.run("docker run -d --name xx alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker run -d --name jj --network container:xx alpine sleep 1000").status, 0);
        const int first = s.lab().daemon().findContainer("xx")->namespaceId;
        QCOMPARE(s.lab().daemon().findContainer("jj")->namespaceId, -1); // it follows xx's
        QCOMPARE(s.run("docker restart xx").status, 0);
        QCOMPARE(s.lab().daemon().findContainer("jj")->namespaceId, first);
        QCOMPARE(s.run("docker restart xx").status, 0);
        QCOMPARE(s.lab().daemon().findContainer("jj")->namespaceId, first);
        QVERIFY(s.lab().kernel().find(first));
        QCOMPARE(s.run("docker stop jj").status, 0);
        QVERIFY(!s.lab().kernel().find(first));
    }

    // 52,030 op records left behind by 2,000 containers: the log keeps the most recent ones only, and a
    // mark taken before a command still finds that command's ops.
    void opLogIsBounded() {
        LabSession s;
        for (int i = 0; i < 5000 && s.lab().opsRecorded() < 2 * vethlab::Lab::kOpLogLimit; ++i) {
            QCOMPARE(s.run("docker run -d --name cc alpine sleep 100").status, 0);
            QCOMPARE(s.run("docker rm -f cc").status, 0);
        }
        QVERIFY(s.lab().opsRecorded() > vethlab::Lab::kOpLogLimit);
        QVERIFY(s.lab().opLog().size() <= vethlab::Lab::kOpLogLimit + 64);
        const auto mark = s.lab().opsRecorded();
        s.run("docker network create last");
        const auto ops = s.lab().opsSince(mark);
        QVERIFY(!ops.empty());
        for (const auto& op : ops)
            QCOMPARE(op.cause, std::string("docker network create last"));
    }
};

QTEST_GUILESS_MAIN(FuzzFindings)
#include "test_fuzz_findings.moc"
