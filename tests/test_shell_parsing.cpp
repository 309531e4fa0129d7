// The terminal: quoting, pipes, lists, command substitution, redirections, prompts and interactive
// shells, and the exact errors of docker's flag parser and of the shells.
#include <QtTest>

#include "lab_session.h"

using vethlab::testing::LabSession;

class ShellParsing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pipesAndFilters() {
        LabSession s("seed");
        QCOMPARE(s.run("docker network ls | grep -v NETWORK | wc -l").out, std::string("3\n"));
        QCOMPARE(s.run("docker network inspect bridge |grep name").out,
                 std::string("            \"com.docker.network.bridge.name\": \"docker0\",\n"));
        QCOMPARE(s.run("docker network ls | tail -n 1 | head -n 1").out.substr(12),
                 std::string("   none      null      local\n"));
    }

    void listsAndStatus() {
        LabSession s;
        QCOMPARE(s.run("false && echo no; echo $?").out, std::string("1\n"));
        QCOMPARE(s.run("false || echo yes").out, std::string("yes\n"));
        QCOMPARE(s.run("echo 'a  b' \"c d\" e\\ f").out, std::string("a  b c d e f\n"));
    }

    void commandSubstitution() {
        LabSession s;
        s.run("docker network create rmme3");
        auto id = s.run("docker network ls -q -f name=rmme3").out;
        QCOMPARE(s.run("docker network rm $(docker network ls -q -f name=rmme3)").out, id);
    }

    void redirections() {
        LabSession s;
        auto r = s.run("docker network rm nosuch 2>/dev/null");
        QCOMPARE(r.status, 1);
        QVERIFY(r.all.empty());
        QCOMPARE(s.run("docker network rm nosuch 2>&1 | wc -l").out, std::string("1\n"));
    }

    void interactiveShells() {
        LabSession s("seed");
        QCOMPARE(s.terminal().prompt(), std::string("[root@localhost ~]# "));
        s.run("docker run -d --name t81 billygoo/tomcat8-jdk8");
        const auto* c = s.lab().daemon().findContainer("t81");
        QCOMPARE(s.run("docker exec -it t81 bash").status, 0);
        QCOMPARE(s.terminal().prompt(), "root@" + c->shortId() + ":/usr/local/tomcat# ");
        QCOMPARE(s.run("hostname").out, c->shortId() + "\n");
        QCOMPARE(s.run("nosuchcmd").err, std::string("bash: nosuchcmd: command not found\n"));
        QCOMPARE(s.run("exit").out, std::string("exit\n"));
        QVERIFY(s.terminal().atHost());
        QVERIFY(s.lab().daemon().findContainer("t81")->isRunning());

        s.run("docker run -it --name a1 alpine /bin/sh");
        QCOMPARE(s.terminal().prompt(), std::string("/ # "));
        QCOMPARE(s.run("nosuchcmd").err, std::string("sh: nosuchcmd: not found\n"));
        QCOMPARE(s.run("exit 3").status, 3);
        QVERIFY(s.terminal().atHost());
        auto ps = s.run("docker ps -a --format '{{.Names}} {{.Status}}' -f name=a1").out;
        QVERIFY(ps.rfind("a1 Exited (3) ", 0) == 0);
        QCOMPARE(s.run("nosuchcmd").err, std::string("-bash: nosuchcmd: command not found\n"));
        QCOMPARE(s.run("nosuchcmd").status, 127);
    }

    void dockerFlagErrors() {
        LabSession s;
        auto r = s.run("docker network ls --bogus");
        QCOMPARE(r.status, 125);
        QCOMPARE(r.err, std::string("unknown flag: --bogus\nSee 'docker network ls --help'.\n"));
        r = s.run("docker run -z alpine");
        QCOMPARE(r.status, 125);
        QCOMPARE(r.err, std::string("unknown shorthand flag: 'z' in -z\nSee 'docker run --help'.\n"));
        r = s.run("docker run --name");
        QCOMPARE(r.err, std::string("flag needs an argument: --name\nSee 'docker run --help'.\n"));
        r = s.run("docker network connect a");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err, std::string("\"docker network connect\" requires exactly 2 arguments.\n"
                                    "See 'docker network connect --help'.\n\n"
                                    "Usage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\n"
                                    "Connect a container to a network\n"));
        r = s.run("docker network");
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.empty());
        QVERIFY(r.err.rfind("\nUsage:  docker network COMMAND\n", 0) == 0);
        r = s.run("docker network --help");
        QVERIFY(r.err.empty());
        QVERIFY(r.out.rfind("\nUsage:  docker network COMMAND\n", 0) == 0);
        r = s.run("docker bogus");
        QCOMPARE(r.err, std::string("docker: 'bogus' is not a docker command.\nSee 'docker --help'\n"));
    }

    void outputOrderOfStdoutAndStderr() {
        LabSession s;
        s.run("docker network create rmme1");
        s.run("docker network create rmme2");
        auto r = s.run("docker network rm rmme1 rmme2 nosuch");
        QCOMPARE(r.all, std::string("rmme1\nrmme2\nError: No such network: nosuch\n"));
        QCOMPARE(r.status, 1);
    }

    void unterminatedQuote() {
        LabSession s;
        auto r = s.run("echo 'oops");
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, std::string("bash: unexpected EOF while looking for matching `''\n"));
    }

    void networkPrunePromptsAndForce() {
        LabSession s;
        s.run("docker network create p1");
        auto ask = s.run("docker network prune");
        QCOMPARE(
            ask.out,
            std::string("WARNING! This will remove all custom networks not used by at least one container.\n"
                        "Are you sure you want to continue? [y/N] \n"));
        QVERIFY(s.lab().daemon().findNetwork("p1"));
        QCOMPARE(s.run("docker network prune -f").out, std::string("Deleted Networks:\np1\n\n"));
        QVERIFY(!s.lab().daemon().findNetwork("p1"));
        QCOMPARE(s.run("docker network prune -f").out, std::string());
    }
};

QTEST_GUILESS_MAIN(ShellParsing)
#include "test_shell_parsing.moc"
