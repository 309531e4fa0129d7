// Stepping back without parked labs, made cheap: the player frees the lab it replaces on a thread of its
// own, a session with nothing parked restarts its own player rather than a new one, and the op log grows
// from a small first room into huge pages. Each must leave exactly a fresh replay's lab, op log and
// console. The canvas draws Node::drawn, the lines without their MAC addresses, made by the topology
// instead of a regex per line in the window: the same text as that regex left.
#include <QtTest>
#include <filesystem>
#include <regex>

#include "lesson_file.h"
#include "lesson_session.h"
#include "topology.h"

using namespace vethlab;
using scenario::LessonSession;

namespace {

// The lab, its op log (cause, time, command) and the engine's record of two sessions are the same.
void same(LessonSession& a, LessonSession& b) {
    QCOMPARE(a.position(), b.position());
    QCOMPARE(a.consoleText(), b.consoleText());
    QCOMPARE(a.transcript(), b.transcript());
    const Lab& la = a.player().lab();
    const Lab& lb = b.player().lab();
    QVERIFY(la.kernel() == lb.kernel());
    QVERIFY(la.daemon() == lb.daemon());
    QCOMPARE(la.now(), lb.now());
    QCOMPARE(la.opsRecorded(), lb.opsRecorded());
    QCOMPARE(la.opLog().size(), lb.opLog().size());
    for (std::size_t i = 0; i < la.opLog().size(); ++i) {
        QCOMPARE(la.opLog()[i].cause, lb.opLog()[i].cause);
        QCOMPARE(la.opLog()[i].at, lb.opLog()[i].at);
        QCOMPARE(kernel::render(la.opLog()[i].op), kernel::render(lb.opLog()[i].op));
    }
    auto& ea = a.player().terminal().engine();
    auto& eb = b.player().terminal().engine();
    QCOMPARE(ea.eventsRun(), eb.eventsRun());
    QCOMPARE(ea.trace().size(), eb.trace().size());
    QCOMPARE(ea.captured().size(), eb.captured().size());
}

// A lesson whose first step starts `n` containers (a big op log) and whose second pings across them.
scenario::Scenario bigLesson(int n) {
    std::string text = "---\nid: big\ntitle: Big\ntitle_zh: Big\nlab:\n  preset: seed\n---\n\n# Big\n\n"
                       "## Many\n\n<!-- en -->\nMany.\n<!-- zh_CN -->\nMany.\n\n```console\n"
                       "[root@localhost ~]# docker network create --subnet 10.0.0.0/16 big\n<ID>\n";
    for (int i = 0; i < n; ++i)
        text += "[root@localhost ~]# docker run -d --network big --name c" + std::to_string(i) +
                " alpine sleep infinity\n<ID>\n";
    text += "```\n\n## Ping\n\n<!-- en -->\nPing.\n<!-- zh_CN -->\nPing.\n\n```console\n"
            "[root@localhost ~]# docker exec c0 ping -c 1 c" +
            std::to_string(n - 1) + "\n```\n";
    std::string error;
    auto s = scenario::parseScenario(text, "big.md", error);
    if (!s) qFatal("%s", error.c_str());
    return *s;
}

} // namespace

class ScaleStepBackTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Nothing parked (no idle time): each step back restarts the session's own player and replays,
    // with the lines typed, from the middle of a micro-stepped step too.
    void coldStepBacksAreFreshReplays() {
        auto lesson = [] { return testing::loadLesson("user-defined-network.md"); };
        LessonSession s(lesson());
        s.runLine("docker network create early");
        QVERIFY(s.stepForward());
        s.runLine("docker network create middle");
        QVERIFY(s.stepForward());
        QVERIFY(s.microStepForward()); // into the last step, a ping
        QVERIFY(s.microStepForward());
        QVERIFY(s.stepBack()); // the micro-stepped step's beginning
        QVERIFY(s.stepBack()); // a replay to step 1, with the line typed after it
        QVERIFY(s.parked().empty());
        LessonSession fresh(lesson());
        fresh.runLine("docker network create early");
        QVERIFY(fresh.stepForward());
        fresh.runLine("docker network create middle");
        same(s, fresh);
        QVERIFY(s.stepBack());
        LessonSession start(lesson());
        start.runLine("docker network create early");
        same(s, start);
        QVERIFY(s.stepForward() && start.stepForward());
        same(s, start);
    }

    // A lab that outgrows the op log's first room (a few hundred ops), stepped back three times in a
    // row by the player (each frees the lab it replaces while the next replays): a fresh replay's log.
    void bigOpLogStepBacksAreExact() {
        const auto lesson = bigLesson(60);
        scenario::Player player(lesson);
        player.jumpTo(2);
        QVERIFY(player.lab().opLog().size() > 512);
        for (int k = 0; k < 3; ++k) {
            player.stepBack();
            player.jumpTo(2);
        }
        player.stepBack();
        scenario::Player fresh(lesson);
        fresh.jumpTo(1);
        QCOMPARE(player.lab().opLog().size(), fresh.lab().opLog().size());
        for (std::size_t i = 0; i < fresh.lab().opLog().size(); ++i)
            QCOMPARE(kernel::render(player.lab().opLog()[i].op), kernel::render(fresh.lab().opLog()[i].op));
        QVERIFY(player.lab().kernel() == fresh.lab().kernel());
        QCOMPARE(player.stepForward().transcript, fresh.stepForward().transcript);
        // The same through a session with nothing parked.
        LessonSession s(lesson);
        QVERIFY(s.stepForward() && s.stepForward());
        QVERIFY(s.stepBack());
        LessonSession one(lesson);
        QVERIFY(one.stepForward());
        same(s, one);
    }

    // Every box of every lesson at every step: the lines the canvas draws are the lines with their MAC
    // address taken off the end, as the window's regex did it.
    void drawnLinesAreTheLinesWithoutMacs() {
        const std::regex mac("\\s+([0-9a-f]{2}:){5}[0-9a-f]{2}$");
        int macs = 0;
        for (const auto& entry :
             std::filesystem::directory_iterator(std::string(VETHLAB_SOURCE_DIR) + "/scenarios")) {
            const std::string name = entry.path().filename().string();
            if (entry.path().extension() != ".md" || name == "README.md") continue;
            const auto lesson = testing::loadLesson(name);
            scenario::Player player(lesson);
            for (std::size_t step = 0; step <= player.stepCount(); ++step) {
                if (step > 0) player.jumpTo(step);
                for (const auto& n : topology::build(player.lab()).nodes) {
                    QCOMPARE(n.drawn.size(), n.lines.size());
                    for (std::size_t i = 0; i < n.lines.size(); ++i) {
                        const std::string stripped = std::regex_replace(n.lines[i], mac, "");
                        QCOMPARE(n.drawn[i], stripped);
                        macs += stripped != n.lines[i];
                    }
                }
            }
        }
        QVERIFY(macs > 100); // the lessons do have MACs to leave out
    }
};

QTEST_GUILESS_MAIN(ScaleStepBackTest)
#include "test_scale_step_back.moc"
