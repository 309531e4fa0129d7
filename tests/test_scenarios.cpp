// Scenario files: malformed files report file:line, a changed expected output fails the check, and
// stepping back then forward gives byte-identical transcripts and state.
#include <QFile>
#include <QtTest>
#include <regex>

#include "player.h"
#include "scenario.h"

using namespace vethlab::scenario;

namespace {

std::string readFile(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

const std::string kBridge = std::string(VETHLAB_SOURCE_DIR) + "/scenarios/bridge-veth-pairs.md";

} // namespace

class Scenarios : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void malformedFilesSayWhere_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("no header") << "# hi\n"
                                   << "x.md:1: a scenario starts with a '---' header";
        QTest::newRow("unclosed header") << "---\nid: a\n"
                                         << "x.md:2: the header is not closed with '---'";
        QTest::newRow("unknown key") << "---\nid: a\nfoo: b\n---\n"
                                     << "x.md:3: unknown header key 'foo'";
        QTest::newRow("no titles") << "---\nid: a\n---\n## s\n"
                                   << "x.md:1: the header needs title and title_zh";
        QTest::newRow("bad block") << "---\nid: a\ntitle: t\ntitle_zh: t\n---\n## s\n```sh\nls\n```\n"
                                   << "x.md:7: code blocks in a scenario are ```console blocks";
        QTest::newRow("open block") << "---\nid: a\ntitle: t\ntitle_zh: t\n---\n## s\n```console\nls\n"
                                    << "x.md:7: the console block is not closed";
        QTest::newRow("bad check") << "---\nid: a\ntitle: t\ntitle_zh: t\n---\n## s\n- check: fly a b\n"
                                   << "x.md:7: unknown check 'fly' (reach, no-reach, ip)";
        QTest::newRow("one language") << "---\nid: a\ntitle: t\ntitle_zh: t\n---\n## s\n<!-- en -->\nHello\n"
                                      << "x.md:6: every step is narrated in English and in Chinese";
    }
    void malformedFilesSayWhere() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!parseScenario(text.toStdString(), "x.md", message));
        QCOMPARE(QString::fromStdString(message), error);
    }

    void shippedScenarioPasses() {
        std::string error;
        auto s = parseScenario(readFile(kBridge), kBridge, error);
        QVERIFY2(s, error.c_str());
        auto differences = checkScenario(*s);
        std::string all;
        for (const auto& d : differences)
            all += d + "\n";
        QVERIFY2(differences.empty(), all.c_str());
    }

    void changedExpectedOutputFails() {
        std::string text = readFile(kBridge);
        const std::string line = "    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0";
        auto at = text.find(line);
        QVERIFY(at != std::string::npos);
        text.replace(at, line.size(), "    inet 172.17.0.9/16 brd 172.17.255.255 scope global eth0");
        std::string error;
        auto s = parseScenario(text, "changed.md", error);
        QVERIFY(s);
        auto differences = checkScenario(*s);
        QCOMPARE(differences.size(), std::size_t{1});
        QVERIFY(differences[0].find("expected:     inet 172.17.0.9/16") != std::string::npos ||
                differences[0].find("172.17.0.9") != std::string::npos);
    }

    void stepBackThenForwardIsIdentical() {
        std::string error;
        auto s = parseScenario(readFile(kBridge), kBridge, error);
        QVERIFY(s);
        Player player(*s);
        std::vector<std::string> first;
        while (player.position() < player.stepCount())
            first.push_back(player.stepForward().transcript);
        const auto kernelAtEnd = player.lab().kernel();
        const auto daemonAtEnd = player.lab().daemon();
        player.stepBack();
        QCOMPARE(player.position(), player.stepCount() - 1);
        QCOMPARE(player.stepForward().transcript, first.back());
        QVERIFY(player.lab().kernel() == kernelAtEnd);
        QVERIFY(player.lab().daemon() == daemonAtEnd);
        player.jumpTo(1);
        QCOMPARE(player.stepForward().transcript, first[1]);
        player.restart();
        QCOMPARE(player.stepForward().transcript, first[0]);
    }

    // Step backs in a row (each frees the lab it replaces on another thread while the next replays): the
    // lab, its op log included, is a fresh replay's.
    void stepBacksInARowAreExact() {
        std::string error;
        auto s = parseScenario(readFile(kBridge), kBridge, error);
        QVERIFY(s);
        QVERIFY(s->steps.size() >= 3);
        Player player(*s);
        player.jumpTo(player.stepCount());
        for (int k = 0; k < 3; ++k)
            player.stepBack();
        Player fresh(*s);
        fresh.jumpTo(player.stepCount() - 3);
        QCOMPARE(player.position(), fresh.position());
        QVERIFY(player.lab().kernel() == fresh.lab().kernel());
        QVERIFY(player.lab().daemon() == fresh.lab().daemon());
        const auto& ours = player.lab().opLog();
        const auto& theirs = fresh.lab().opLog();
        QCOMPARE(ours.size(), theirs.size());
        for (std::size_t i = 0; i < ours.size(); ++i) {
            QCOMPARE(ours[i].cause, theirs[i].cause);
            QCOMPARE(ours[i].at, theirs[i].at);
            QCOMPARE(vethlab::kernel::render(ours[i].op), vethlab::kernel::render(theirs[i].op));
        }
        QCOMPARE(player.stepForward().transcript, fresh.stepForward().transcript);
    }

    // Micro-steps: the lab after k engine events of a step is the same however it is reached (forward
    // from the step's start, or back from a later event), and the last event gives the whole step.
    void microStepsAreExact() {
        std::string error;
        auto s = parseScenario(readFile(VETHLAB_SOURCE_DIR "/scenarios/user-defined-network.md"),
                               "user-defined-network.md", error);
        QVERIFY(s);
        Player player(*s);
        std::size_t withPackets = 0;
        while (player.position() < player.stepCount() && player.eventsOfNextStep() == 0)
            player.stepForward();
        withPackets = player.position();
        const std::size_t events = player.eventsOfNextStep();
        QVERIFY(events > 10);
        auto stateAt = [&](std::size_t k) {
            Player fresh(*s);
            fresh.jumpTo(withPackets);
            fresh.playPartial(k);
            return std::make_tuple(fresh.lab().kernel(), fresh.terminal().engine().trace().size(),
                                   fresh.terminal().engine().eventsRun());
        };
        // Forward to k, then to k - 1 (a micro-step back): each equals a fresh replay to that event.
        for (std::size_t k : {std::size_t{1}, events / 3, events / 2, events - 1}) {
            player.playPartial(k);
            QVERIFY(player.partial());
            QVERIFY(player.lab().kernel() == std::get<0>(stateAt(k)));
            QCOMPARE(player.terminal().engine().trace().size(), std::get<1>(stateAt(k)));
            player.playPartial(k - 1);
            QVERIFY(player.lab().kernel() == std::get<0>(stateAt(k - 1)));
        }
        // The states differ from event to event somewhere (ARP entries, counters): the test can fail.
        QVERIFY(!(std::get<0>(stateAt(1)) == std::get<0>(stateAt(events - 1))));
        // All the events: the same lab as the whole step.
        player.playPartial(events);
        const auto partialKernel = player.lab().kernel();
        Player whole(*s);
        whole.jumpTo(withPackets + 1);
        QVERIFY(partialKernel == whole.lab().kernel());
        // Back from the middle of a step: its beginning.
        player.playPartial(events / 2);
        player.stepBack();
        QVERIFY(!player.partial());
        QCOMPARE(player.position(), withPackets);
        Player before(*s);
        before.jumpTo(withPackets);
        QVERIFY(player.lab().kernel() == before.lab().kernel());
    }

    void placeholders() {
        QVERIFY(matchesExpected("<ID>", "fee00fdda2d2"));
        QVERIFY(!matchesExpected("<ID>", "fee00fdda2d"));
        QVERIFY(matchesExpected("18: <VETH>@if17: x", "18: vethc01f9e7@if17: x"));
        QVERIFY(matchesExpected("time=<MS> ms", "time=0.524 ms"));
        QVERIFY(!matchesExpected("172.17.0.2", "172.17.0.3"));
        QVERIFY(matchesExpected("a (b) [c] *", "a (b) [c] *")); // regex characters are literal
    }

    void promptIdsNormalizedAsTheRegexDid() {
        // normalizedPrompt replaces what \b[0-9a-f]{12}\b matched, without std::regex: the same text.
        const std::regex shortId("\\b[0-9a-f]{12}\\b");
        for (const std::string p :
             {"[root@localhost ~]# ", "root@fee00fdda2d2:/usr/local/tomcat# ", "/ # ", "fee00fdda2d2",
              "xfee00fdda2d2 ", "fee00fdda2d2x", "fee00fdda2d2_", "_fee00fdda2d2", "fee00fdda2d23",
              "fee00fdda2d", "fee00fdda2d2-0123456789ab", "FEE00FDDA2D2",
              "\xc3\xa9"
              "fee00fdda2d2#",
              "@0123456789abcdef0123456789ab@", "a b 000000000000 c"})
            QCOMPARE(normalizedPrompt(p), std::regex_replace(p, shortId, "<ID>"));
    }
};

QTEST_GUILESS_MAIN(Scenarios)
#include "test_scenarios.moc"
