// The lesson-state logic without a window (LessonSession): typed lines with undo and redo, stepping
// back over what was typed, micro-steps, the ping RTT series from the engine's ICMP trace, inspector
// commands on a twin, the activities (goals checked live, hints, predict-then-reveal) and the saved
// `.vethlab` lab, written and read back.
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <set>

#include "lab_file.h"
#include "lesson_file.h"
#include "lesson_session.h"
#include "topology.h"

using namespace vethlab;
using scenario::LessonSession;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string networks(LessonSession& s) {
    return s.runOnTwin({"docker network ls --format '{{.Name}}'"});
}

} // namespace

class LessonSessionTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void typedLinesUndoAndRedo() {
        LessonSession s(testing::loadLesson("user-defined-network.md"));
        const std::string out = s.runLine("docker network create classroom");
        QVERIFY(contains(out, "# docker network create classroom\n"));
        QVERIFY(contains(networks(s), "classroom"));
        s.runLine("docker run -d --name web --network classroom alpine");
        QCOMPARE(s.typed()[0].size(), std::size_t(2));
        QCOMPARE(s.undo().value_or(""), std::string("docker run -d --name web --network classroom alpine"));
        QCOMPARE(s.undo().value_or(""), std::string("docker network create classroom"));
        QVERIFY(!s.undo());
        QVERIFY(!contains(networks(s), "classroom"));
        QCOMPARE(s.redo().value_or(""), std::string("docker network create classroom"));
        QVERIFY(contains(networks(s), "classroom"));
        QVERIFY(contains(s.consoleText(), "docker network create classroom"));
    }

    void clearClearsTheScreenNotTheLab() {
        LessonSession s(testing::loadLesson("user-defined-network.md"));
        s.runLine("docker network create classroom");
        s.runLine("clear");
        QCOMPARE(s.consoleText(), s.player().terminal().prompt());
        QVERIFY(contains(networks(s), "classroom"));
        QVERIFY(contains(s.transcript(), "docker network create classroom")); // the export keeps it
        QCOMPARE(s.typed()[0].size(), std::size_t(1));
    }

    void steppingBackKeepsWhatWasTypedBefore() {
        LessonSession s(testing::loadLesson("user-defined-network.md"));
        s.runLine("docker network create early");
        QVERIFY(s.stepForward());
        s.runLine("docker network create later");
        QVERIFY(s.stepBack());
        QCOMPARE(s.position(), std::size_t(0));
        const std::string nets = networks(s);
        QVERIFY(contains(nets, "early"));
        QVERIFY(!contains(nets, "later"));
        QVERIFY(!contains(nets, "tomcat_network"));
        QVERIFY(!s.stepBack());
    }

    // Stepping back, undo and micro-steps restore the labs parked in idle time (prepare): the console,
    // the lab and the engine's record are byte for byte those of a fresh replay, forward again too.
    void parkedLabsRestoreExactly() {
        auto lesson = [] { return testing::loadLesson("user-defined-network.md"); };
        // What the student does: lines typed before the first step and between the steps (a ping, so
        // the engine has ARP entries, counters and a trace to get right).
        auto play = [](LessonSession& s, std::size_t to, bool park) {
            const char* lines[] = {"docker network create early", "docker network ls",
                                   "docker exec tomcat82 ping -c 1 tomcat81", "ip neigh"};
            for (std::size_t k = 0;; ++k) {
                if (k < std::size(lines)) s.runLine(lines[k]);
                if (park)
                    while (s.prepare()) {
                    }
                if (k == to) break;
                QVERIFY(s.stepForward());
            }
        };
        auto same = [](LessonSession& a, LessonSession& b) {
            QCOMPARE(a.position(), b.position());
            QCOMPARE(a.consoleText(), b.consoleText());
            QCOMPARE(a.transcript(), b.transcript());
            QVERIFY(a.player().lab().kernel() == b.player().lab().kernel());
            QVERIFY(a.player().lab().daemon() == b.player().lab().daemon());
            auto& ea = a.player().terminal().engine();
            auto& eb = b.player().terminal().engine();
            QCOMPARE(ea.trace().size(), eb.trace().size());
            QCOMPARE(ea.eventsRun(), eb.eventsRun());
            QCOMPARE(ea.captured().size(), eb.captured().size());
            for (std::size_t i = 0; i < ea.captured().size(); ++i)
                QVERIFY(ea.captured()[i].bytes == eb.captured()[i].bytes);
            QCOMPARE(a.player().lab().now(), b.player().lab().now());
        };
        LessonSession s(lesson());
        play(s, 3, true);
        const auto parked = s.parked();
        QVERIFY(std::find(parked.begin(), parked.end(), std::size_t(2)) != parked.end());
        QVERIFY(std::find(parked.begin(), parked.end(), std::size_t(3)) != parked.end());
        QVERIFY(s.stepBack()); // from step 3 to 2: the parked lab at 2, with the lines typed after step 2
        const auto left = s.parked();
        QVERIFY(std::find(left.begin(), left.end(), std::size_t(2)) == left.end()); // it was used
        LessonSession fresh(lesson());
        play(fresh, 2, false);
        QVERIFY(fresh.parked().empty()); // a fresh replay
        same(s, fresh);
        QVERIFY(s.stepForward());
        QVERIFY(fresh.stepForward());
        same(s, fresh);
        // Undo restores the parked start of the step, then replays the lines left.
        while (s.prepare()) {
        }
        s.runLine("docker network create late");
        QVERIFY(s.undo());
        same(s, fresh);
        // A micro-step back in the middle of step 3 (a ping), on parked labs and on replays.
        QVERIFY(s.stepBack());
        QVERIFY(fresh.stepBack());
        same(s, fresh);
        while (s.prepare()) {
        }
        QVERIFY(s.microStepForward());
        QVERIFY(s.microStepForward());
        QVERIFY(s.microStepBack());
        QVERIFY(fresh.microStepForward());
        same(s, fresh);
        QVERIFY(s.stepBack()); // the step's beginning
        QVERIFY(fresh.stepBack());
        same(s, fresh);
        // Two steps back in a row: the second has nothing parked yet and replays.
        QVERIFY(s.stepBack());
        QVERIFY(s.stepBack());
        LessonSession two(lesson());
        play(two, 0, false);
        same(s, two);
    }

    // `vethlab-cli check` goes through the session: the same differences, word for word, as the player's
    // own check, for a lesson that passes, one with a changed expected line, and a bad lab setting.
    void checkLessonIsThePlayersCheck() {
        auto changed = testing::loadLesson("user-defined-network.md");
        QVERIFY(scenario::checkLesson(changed).empty());
        auto& lines = changed.steps[1].blocks[0].lines;
        lines.back().text += " (changed)";
        const auto differences = scenario::checkLesson(changed);
        QCOMPARE(differences.size(), std::size_t(1));
        QCOMPARE(differences, scenario::checkScenario(changed));
        auto badSetting = testing::loadLesson("user-defined-network.md");
        badSetting.labSettings = "no_such_setting: 1";
        QCOMPARE(scenario::checkLesson(badSetting), scenario::checkScenario(badSetting));
        QCOMPARE(scenario::checkLesson(badSetting).size(), std::size_t(1));
    }

    void microStepsWalkToTheWholeStep() {
        LessonSession s(testing::loadLesson("user-defined-network.md"));
        QVERIFY(s.stepForward());
        QVERIFY(s.microStepForward());
        QCOMPARE(s.microStep().value_or(0), std::size_t(1));
        QCOMPARE(s.shownStep(), std::size_t(2));
        const std::size_t total = s.microTotal();
        QVERIFY(total > 10);
        QVERIFY(s.microStepForward());
        QVERIFY(s.microStepBack());
        QCOMPARE(s.microStep().value_or(0), std::size_t(1));
        while (s.microStep())
            QVERIFY(s.microStepForward());
        QCOMPARE(s.position(), std::size_t(2)); // past the last event: the step played whole
        // The same state as a whole step played at once.
        LessonSession whole(testing::loadLesson("user-defined-network.md"));
        whole.stepForward();
        whole.stepForward();
        QCOMPARE(s.consoleText(), whole.consoleText());
    }

    void lastHopHasTheKernelsDecisions() {
        // port-publishing's step 2 curls the host's own address: the route, the DNAT to tomcat81, the
        // bridge's FDB and the reply's NAT come one by one, each with the hop it belongs to, and a hop
        // is the events of one moment.
        LessonSession s(testing::loadLesson("port-publishing.md"));
        QVERIFY(s.stepForward());
        QVERIFY(s.lastHop().events.empty()); // not micro-stepping: no hop
        std::set<sim::HopDecision::Kind> seen;
        bool dnat = false;
        while (s.microStepForward() && s.microStep()) {
            const auto hop = s.lastHop();
            for (const auto& d : hop.decisions) {
                seen.insert(d.kind);
                if (d.kind == sim::HopDecision::Kind::Nat && d.natKind == "DNAT") {
                    dnat = true;
                    QCOMPARE(QString::fromStdString(d.after.str()), QString("172.17.0.2"));
                    QCOMPARE(d.portAfter, std::uint16_t{8080});
                }
            }
            for (const auto& e : hop.events)
                QCOMPARE(e.time, hop.events.back().time);
        }
        QVERIFY(dnat);
        QVERIFY(seen.count(sim::HopDecision::Kind::Route));
        QVERIFY(seen.count(sim::HopDecision::Kind::FdbHit) || seen.count(sim::HopDecision::Kind::FdbFlood));
    }

    void httpRequestOnATwin() {
        LessonSession s(testing::loadLesson("port-publishing.md"));
        QVERIFY(s.stepForward());
        QCOMPARE(s.listeningPort("tomcat81"), 8080); // the image's EXPOSE
        const auto ok = s.httpOnTwin("", "172.17.0.2", 8080);
        QVERIFY2(ok.ok, ok.output.c_str());
        QCOMPARE(ok.command, std::string("curl -sS -m 2 -I http://172.17.0.2:8080/"));
        QVERIFY2(ok.output.rfind("HTTP/1.1 200", 0) == 0, ok.output.c_str());
        const auto refused = s.httpOnTwin("", "172.17.0.2", 81);
        QVERIFY(!refused.ok);
        QVERIFY2(refused.output.find("curl: (7) Failed to connect") != std::string::npos,
                 refused.output.c_str());
        QVERIFY(s.transcript().find("curl -sS") == std::string::npos); // the lesson's lab is untouched
    }

    void rttSeriesComesFromTheIcmpTrace() {
        LessonSession s(testing::loadLesson("user-defined-network.md"));
        s.stepForward();
        s.stepForward(); // ping -c 2 tomcat82
        auto series = s.rttSeries();
        QCOMPARE(series.size(), std::size_t(2));
        QCOMPARE(series[0].sequence, 1);
        QCOMPARE(series[1].sequence, 2);
        for (const auto& r : series)
            QVERIFY(r.milliseconds > 0 && r.milliseconds < 10);
        s.runLine("docker exec tomcat82 ping -c 3 tomcat81");
        series = s.rttSeries();
        QCOMPARE(series.size(), std::size_t(3));
        QCOMPARE(series[2].sequence, 3);
        s.runLine("docker exec tomcat82 ping -c 2 -W 1 172.17.0.9"); // no answer: no samples
        QVERIFY(s.rttSeries().empty());
    }

    void inspectorCommandsRunOnATwin() {
        LessonSession s(testing::loadLesson("user-defined-network.md"));
        s.stepForward();
        s.stepForward();
        const auto topo = topology::build(s.player().lab());
        const topology::Node* node = nullptr;
        for (const auto& n : topo.nodes)
            if (n.title == "tomcat81") node = &n;
        QVERIFY(node);
        const auto commands = LessonSession::inspectorCommands(*node);
        QCOMPARE(commands.front(), std::string("docker exec tomcat81 ip addr"));
        const auto ops = s.player().lab().opsRecorded();
        const std::string text = s.runOnTwin(commands);
        QVERIFY(contains(text, "nameserver 127.0.0.11"));
        QCOMPARE(s.player().lab().opsRecorded(), ops); // the lesson's lab untouched
    }

    void goalsAreCheckedLiveOnTheStudentsLab() {
        LessonSession s(testing::loadLesson("isolation.md"));
        QVERIFY(s.goals().empty()); // no step played yet
        s.stepForward();
        s.stepForward();
        auto goals = s.goals();
        QCOMPARE(goals.size(), std::size_t(1));
        QVERIFY(!goals[0].met);
        QCOMPARE(goals[0].goal.check.kind, std::string("reach"));
        QCOMPARE(s.hints().size(), std::size_t(2));
        QVERIFY(!s.hints()[0].zh.empty());
        s.runLine("docker network connect backend web");
        QVERIFY(s.goals()[0].met);
        s.undo();
        QVERIFY(!s.goals()[0].met);
    }

    void predictThenReveal() {
        LessonSession s(testing::loadLesson("isolation.md"));
        QVERIFY(!s.pendingQuestion()); // step 1 asks nothing
        s.stepForward();
        const auto* q = s.pendingQuestion();
        QVERIFY(q);
        QVERIFY(contains(q->question.en, "172.19.0.2"));
        scenario::StepResult played;
        const auto outcome = s.answerAndPlay(true, &played);
        QVERIFY(outcome);
        QCOMPARE(s.position(), std::size_t(2));
        QVERIFY(contains(played.transcript, "iptables -S DOCKER-ISOLATION-STAGE-1"));
        QCOMPARE(outcome->step, std::size_t(2));
        QVERIFY(outcome->answer);
        QVERIFY(!outcome->actual); // DOCKER-ISOLATION drops it
        QVERIFY(!outcome->correct());
        QVERIFY(!s.pendingQuestion());
        QVERIFY(!s.answerAndPlay(false));
    }

    void savedLabRoundTrips() {
        LessonSession s(testing::loadLesson("isolation.md"));
        s.runLine("docker network create early");
        s.stepForward();
        s.answerAndPlay(false);
        s.runLine("docker network connect backend web");
        s.runLine("echo \"quotes\" \\ and 中文 <tags> & tabs\t");
        std::vector<scenario::Annotation> notes = {
            {scenario::Annotation::Kind::Note, 10, -20, 0, 0, "DNS answers here\nsecond line 中文"},
            {scenario::Annotation::Kind::Highlight, 5, 6, 70, 80, ""}};
        const auto file = s.toFile(notes);
        const std::string text = scenario::writeLabFile(file);
        std::string error;
        const auto back = scenario::readLabFile(text, error);
        QVERIFY2(back, error.c_str());
        QVERIFY(*back == file);
        QCOMPARE(back->position, std::size_t(2));
        QCOMPARE(back->typed.size(), std::size_t(3));

        LessonSession restored(testing::loadLesson("isolation.md"));
        restored.restore(*back);
        QCOMPARE(restored.position(), s.position());
        QCOMPARE(restored.consoleText(), s.consoleText());
        QCOMPARE(restored.predictions().size(), std::size_t(1));
        QVERIFY(restored.goals()[0].met);
    }

    void badSavedLabsAreRefused_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << "hello"
                                  << "line 1: unexpected character";
        QTest::newRow("unclosed") << "{\"vethlab\": \"lab\""
                                  << "line 1: expected ',' or '}'";
        QTest::newRow("other file") << "{\"vethlab\": \"x\"}"
                                    << "not a saved vethlab lab";
        QTest::newRow("version") << "{\"vethlab\": \"lab\", \"version\": 9}"
                                 << "a saved lab of an unknown version";
        QTest::newRow("mismatch")
            << "{\"vethlab\":\"lab\",\"version\":1,\"lesson\":\"a\",\"position\":2,\"typed\":[[]]}"
            << "the typed lines do not match the position";
        QTest::newRow("deep") << QString(100000, '[') << "line 1: nested too deeply";
    }
    void badSavedLabsAreRefused() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        std::string why;
        QVERIFY(!scenario::readLabFile(text.toStdString(), why));
        QCOMPARE(QString::fromStdString(why), error);
    }

    void activityLinesParseOrSayWhere_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("error");
        QTest::newRow("goal without zh") << "- goal: reach a b | English"
                                         << "x.md:11: write '- goal: CHECK | English | 中文'";
        QTest::newRow("bad check") << "- goal: ping a b | e | z"
                                   << "x.md:11: unknown check 'ping' (reach, no-reach, ip)";
        QTest::newRow("hint") << "- hint: only one"
                              << "x.md:11: a hint is 'English | 中文'";
        QTest::newRow("ok") << "- predict: no-reach a b | Will a reach b? | a 能连到 b 吗？"
                            << "";
    }
    void activityLinesParseOrSayWhere() {
        QFETCH(QString, line);
        QFETCH(QString, error);
        // The activity line is line 11, inside the step.
        const std::string text =
            "---\nid: a\ntitle: t\ntitle_zh: t\n---\n## s\n<!-- en -->\ne\n<!-- zh_CN -->\nz\n" +
            line.toStdString() + "\n";
        std::string why;
        const auto s = scenario::parseScenario(text, "x.md", why);
        if (error.isEmpty()) {
            QVERIFY2(s, why.c_str());
            QVERIFY(s->steps[0].predict);
            QCOMPARE(s->steps[0].predict->question.zh, std::string("a 能连到 b 吗？"));
            return;
        }
        QVERIFY(!s);
        QCOMPARE(QString::fromStdString(why), error);
    }

    void fourLessonsHaveActivitiesInBothLanguages() {
        int withActivities = 0;
        for (const auto& entry :
             std::filesystem::directory_iterator(std::string(VETHLAB_SOURCE_DIR) + "/scenarios")) {
            if (entry.path().extension() != ".md" || entry.path().filename() == "README.md") continue;
            const auto lesson = testing::loadLesson(entry.path().filename().string());
            bool any = false;
            for (const auto& step : lesson.steps) {
                for (const auto& g : step.goals)
                    QVERIFY(!g.text.en.empty() && !g.text.zh.empty());
                for (const auto& h : step.hints)
                    QVERIFY(!h.en.empty() && !h.zh.empty());
                any = any || !step.goals.empty() || step.predict;
            }
            withActivities += any ? 1 : 0;
        }
        QVERIFY(withActivities >= 4);
    }

    void everyGoalCanBeReachedAndIsNotYet_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("solution");
        QTest::newRow("isolation") << "isolation.md" << 2 << "docker network connect backend web";
        QTest::newRow("link") << "link.md" << 1
                              << "docker run -d --name tomcat83 --link tomcat82 alex_tomcat:v4.0";
        QTest::newRow("user-defined-network")
            << "user-defined-network.md" << 2
            << "docker run -d --network tomcat_network --name tomcat83 billygoo/tomcat8-jdk8";
        QTest::newRow("network-connect")
            << "network-connect.md" << 2 << "docker network connect mynet tomcat82";
    }
    void everyGoalCanBeReachedAndIsNotYet() {
        QFETCH(QString, lesson);
        QFETCH(int, step);
        QFETCH(QString, solution);
        LessonSession s(testing::loadLesson(lesson.toStdString()));
        for (int i = 0; i < step; ++i)
            QVERIFY(s.stepForward());
        QVERIFY(!s.goals().empty());
        for (const auto& g : s.goals())
            QVERIFY(!g.met);
        s.runLine(solution.toStdString());
        for (const auto& g : s.goals())
            QVERIFY2(g.met, g.goal.text.en.c_str());
    }

    void pingFromOneNodeToAnother() {
        LessonSession s(testing::loadLesson("isolation.md"));
        s.stepForward();
        const auto blocked = s.pingOnTwin("web", "172.19.0.2");
        QVERIFY(!blocked.ok);
        QVERIFY(!blocked.drops.empty());
        QVERIFY(contains(blocked.drops.front().rule, "DOCKER-ISOLATION-STAGE-2"));
        const auto fromHost = s.pingOnTwin("", "172.19.0.2");
        QVERIFY(fromHost.ok);
        QCOMPARE(fromHost.command, std::string("ping -c 1 -W 1 172.19.0.2"));
    }
};

QTEST_GUILESS_MAIN(LessonSessionTest)
#include "test_lesson_session.moc"
