// sleep's operands as GNU coreutils and busybox check them, and Ctrl-C at an interactive terminal:
// ping without -c runs until the person presses it, then prints its statistics; sleep ends with 130.
#include <QtTest>

#include "lab_session.h"

using vethlab::testing::LabSession;
using Clock = std::chrono::steady_clock;

namespace {

// A person at the keyboard who presses Ctrl-C at the `pressAt`-th wait (1-based; 0: never), and
// records what the terminal had printed by each wait.
struct Keyboard {
    int pressAt = 0;
    std::vector<Clock::time_point> untils;
    std::vector<std::size_t> printedAtWait;
    const std::string* printed = nullptr;

    vethlab::shell::Terminal::Wait wait() {
        return [this](Clock::time_point until) {
            untils.push_back(until);
            printedAtWait.push_back(printed ? printed->size() : 0);
            return pressAt == 0 || static_cast<int>(untils.size()) < pressAt;
        };
    }
};

struct Typed {
    int status = 0;
    std::string out, err;
};

Typed type(LabSession& s, const std::string& line) {
    Typed t;
    t.status = s.terminal().execute(
        line, [&](const std::string& x) { t.out += x; }, [&](const std::string& x) { t.err += x; });
    return t;
}

} // namespace

class Interrupt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // busybox 1.35/1.36 (coreutils/sleep.c, libbb's xatoul_sfx), checked against busybox 1.35.0.
    void busyboxSleepOperands_data() {
        QTest::addColumn<QString>("operands");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("err");
        QTest::addColumn<qint64>("seconds"); // how far the lab's clock moves
        // The facts lab's alpine runs Debian's busybox 1.35.0, the one these rows were checked against.
        const QString usage =
            "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sleep "
            "[N]...\n\nPause for a time equal to the total of the args given, where each arg "
            "can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n";
        QTest::newRow("word") << "abc" << 1 << "sleep: invalid number 'abc'\n" << 0LL;
        QTest::newRow("fraction, bad suffix") << "1.5x" << 1 << "sleep: invalid number '1x'\n" << 0LL;
        QTest::newRow("negative") << "-1" << 1 << "sleep: invalid number '-1'\n" << 0LL;
        QTest::newRow("plus") << "+1" << 1 << "sleep: invalid number '+1'\n" << 0LL;
        QTest::newRow("exponent") << "1e3" << 1 << "sleep: invalid number '1e3'\n" << 0LL;
        QTest::newRow("hex") << "0x10" << 1 << "sleep: invalid number '0x10'\n" << 0LL;
        QTest::newRow("two suffixes") << "1s2" << 1 << "sleep: invalid number '1s2'\n" << 0LL;
        QTest::newRow("empty") << "''" << 1 << "sleep: invalid number ''\n" << 0LL;
        QTest::newRow("inf not first") << "0 inf" << 1 << "sleep: invalid number 'inf'\n" << 0LL;
        QTest::newRow("second bad") << "0.5 abc" << 1 << "sleep: invalid number 'abc'\n" << 0LL;
        QTest::newRow("two dots") << "1.5.5" << 1 << usage << 0LL;
        QTest::newRow("dot") << "." << 1 << usage << 0LL;
        QTest::newRow("none") << "" << 1 << usage << 0LL;
        QTest::newRow("sum") << "1m 1.5s 3" << 0 << "" << 64LL;
        QTest::newRow("days") << "1d" << 0 << "" << 86400LL;
    }

    void busyboxSleepOperands() {
        QFETCH(QString, operands);
        QFETCH(int, status);
        QFETCH(QString, err);
        QFETCH(qint64, seconds);
        LabSession s;
        QCOMPARE(s.run("docker run -d --name aa alpine sleep 1000000").status, 0);
        const vethlab::Nanos before = s.lab().now();
        auto r = s.run(("docker exec aa sleep " + operands).toStdString());
        QCOMPARE(r.err, err.toStdString());
        QCOMPARE(r.status, status);
        QCOMPARE(r.out, std::string());
        QCOMPARE((s.lab().now() - before) / vethlab::kSecond, seconds);
    }

    void busyboxSleepHelp() {
        LabSession s;
        s.run("docker run -d --name aa alpine sleep 1000000");
        auto r = s.run("docker exec aa sleep --help");
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.starts_with(
            "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sleep"));
        QCOMPARE(r.err, std::string());
    }

    // GNU names every bad operand, then points to --help once; good operands add up.
    void gnuSleepOperands() {
        LabSession s;
        auto r = s.run("sleep x 1 y");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err, std::string("sleep: invalid time interval 'x'\nsleep: invalid time interval 'y'\n"
                                    "Try 'sleep --help' for more information.\n"));
        const vethlab::Nanos before = s.lab().now();
        QCOMPARE(s.run("sleep 1 2.5 1m").status, 0);
        QCOMPARE(s.lab().now() - before, 63500 * vethlab::kMillisecond);
    }

    // ping without -c at an interactive terminal: each line as it comes, one echo a second, until
    // Ctrl-C; then the statistics (the terminal echoed ^C) and status 0 when a reply came.
    void pingUntilCtrlC() {
        LabSession s;
        s.run("docker run -d --name aa alpine sleep 1000000");
        Keyboard keys;
        keys.pressAt = 4;
        std::string out;
        keys.printed = &out;
        s.terminal().setInterruptibleWait(keys.wait());
        const int status = s.terminal().execute(
            "ping 172.17.0.2", [&](const std::string& x) { out += x; }, [](const std::string&) {});
        QCOMPARE(status, 0);
        QCOMPARE(keys.untils.size(), std::size_t{4});
        const std::string header = "PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.\n";
        QVERIFY(out.starts_with(header));
        // Before the first wait ping had printed the header and the first reply: lines come live.
        QVERIFY(keys.printedAtWait[0] > header.size());
        QVERIFY(out.substr(keys.printedAtWait[0]).find("icmp_seq=2 ") != std::string::npos);
        for (int seq = 1; seq <= 4; ++seq)
            QVERIFY(out.find("icmp_seq=" + std::to_string(seq) + " ") != std::string::npos);
        QVERIFY(out.find("icmp_seq=5 ") == std::string::npos);
        QVERIFY(out.find("^C") == std::string::npos);
        QVERIFY(out.find("\n\n--- 172.17.0.2 ping statistics ---\n4 packets transmitted, 4 received, 0% "
                         "packet loss") != std::string::npos);
        // The waits are a second (and ping's few milliseconds of drift) apart.
        for (std::size_t i = 1; i < keys.untils.size(); ++i) {
            const auto gap = keys.untils[i] - keys.untils[i - 1];
            QVERIFY(gap >= std::chrono::milliseconds(1000) && gap < std::chrono::milliseconds(1100));
        }
        // The lab is still there, and a ping with -c is counted as before, without waiting.
        keys.untils.clear();
        QCOMPARE(type(s, "ping -c 2 172.17.0.2").status, 0);
        QVERIFY(keys.untils.empty());
    }

    void pingWithoutAnswerUntilCtrlC() {
        LabSession s;
        Keyboard keys;
        keys.pressAt = 2;
        s.terminal().setInterruptibleWait(keys.wait());
        auto r = type(s, "ping 172.17.0.9");
        QCOMPARE(r.status, 1);
        QVERIFY(r.out.find("2 packets transmitted, 0 received") != std::string::npos);
    }

    void sleepUntilCtrlC() {
        LabSession s;
        Keyboard keys;
        keys.pressAt = 1;
        s.terminal().setInterruptibleWait(keys.wait());
        // sleep dies of SIGINT: bash prints a newline after the ^C and drops the rest of the line.
        auto r = type(s, "sleep 100; echo after");
        QCOMPARE(r.status, 130);
        QCOMPARE(r.out, std::string("\n"));
        // ping catches SIGINT and exits as usual: the line goes on.
        s.run("docker run -d --name aa alpine sleep 1000000");
        r = type(s, "ping 172.17.0.2; echo after");
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.ends_with("ms\nafter\n"));
        keys.pressAt = 0; // nobody presses: the sleep ends on its own
        QCOMPARE(type(s, "sleep 0.01").status, 0);
    }

    // bash's wait blocks like a foreground sleep: until the jobs end (then their notices, status 0), or
    // until Ctrl-C (130, the rest of the line dropped, the job still running).
    void waitUntilCtrlC() {
        LabSession s;
        Keyboard keys;
        keys.pressAt = 1;
        s.terminal().setInterruptibleWait(keys.wait());
        QCOMPARE(type(s, "sleep 100 &").err, std::string("[1] 2318\n"));
        auto r = type(s, "wait; echo after");
        QCOMPARE(r.status, 130);
        QCOMPARE(r.out, std::string("\n"));
        QCOMPARE(type(s, "jobs").out, std::string("[1]+  Running                 sleep 100 &\n"));
        keys.pressAt = 0;
        keys.untils.clear();
        const vethlab::Nanos before = s.lab().now();
        QCOMPARE(type(s, "sleep 0.01 &").status, 0);
        r = type(s, "wait %2");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.err, std::string("[2]+  Done                    sleep 0.01\n"));
        QCOMPARE(keys.untils.size(), std::size_t{1});
        QVERIFY(s.lab().now() - before >= 10 * vethlab::kMillisecond);
        QCOMPARE(type(s, "jobs").out, std::string("[1]+  Running                 sleep 100 &\n"));
    }
};

QTEST_GUILESS_MAIN(Interrupt)
#include "test_interrupt.moc"
