// The teaching window driven as a teacher drives it: key presses and clicks on the real toolbar
// buttons and widgets (never the slots), so a broken button or shortcut fails here. Every key of the
// README's "Keys" line, the canvas (readable on launch, the teacher's zoom kept, labels apart from
// each other and from boxes, no link under a box), presentation mode, the console, and micro-steps
// that keep the frame and its hop on the canvas.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolBar>
#include <QtTest>
#include <fstream>
#include <limits>
#include <sstream>

#include "custom_plot.h"
#include "lesson_file.h"
#include "main_window.h"
#include "narration_text.h"
#include "player.h"
#include "topology.h"
#include "topology_scene.h"
#include "window_open.h"

using namespace vethlab;

namespace {

scenario::Scenario tour() {
    return testing::loadLesson("tour.md");
}

void open(gui::MainWindow& w) {
    testing::openWindow(w);
}

void press(gui::MainWindow& w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : w.canvas();
    QTest::keyClick(target, key, mods);
}

// Clicks the toolbar button of the action named `name`.
void click(gui::MainWindow& w, const char* name) {
    auto* action = w.findChild<QAction*>(name);
    QVERIFY2(action, name);
    auto* bar = w.findChild<QToolBar*>("playback");
    QWidget* button = bar->widgetForAction(action);
    QVERIFY2(button && button->isVisible(), name);
    QTest::mouseClick(button, Qt::LeftButton);
}

void pageDown(gui::MainWindow& w, int times) {
    for (int i = 0; i < times; ++i)
        press(w, Qt::Key_PageDown);
}

void wheel(QGraphicsView* view, int delta) {
    const QPointF at = view->viewport()->rect().center();
    QWheelEvent e(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                  Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &e);
}

// A drop mark with its rule, like a link's label, must cover no label, no box and no other mark.
QString dropMarkCovers(const gui::MainWindow& w) {
    const auto marks = w.scene()->marks("drop");
    std::vector<QRectF> drawn;
    for (const QGraphicsItem* mark : marks)
        drawn.push_back(mark->mapRectToScene(mark->boundingRect() | mark->childrenBoundingRect()));
    for (std::size_t i = 0; i < drawn.size(); ++i) {
        for (const QRectF& label : w.scene()->labelRects())
            if (drawn[i].intersects(label)) return "a label";
        for (const auto& n : w.scene()->topology().nodes)
            if (drawn[i].intersects(w.scene()->nodeRect(n.id))) return QString::fromStdString(n.id);
        for (std::size_t k = i + 1; k < drawn.size(); ++k)
            if (drawn[i].intersects(drawn[k])) return "another drop mark";
    }
    return {};
}

double zoom(const gui::MainWindow& w) {
    return w.canvas()->transform().m11();
}

} // namespace

// The keys and buttons are tried in both languages: they must not depend on their text.
void languages() {
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << "en";
    QTest::newRow("zh_CN") << "zh_CN";
}

// A word of the window in the language shown.
QString said(const QString& language, const char* english, const char* chinese) {
    return language == "en" ? QString(english) : QString::fromUtf8(chinese);
}

class ClassroomTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepKeys_data() { languages(); }
    void stepKeys() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        press(w, Qt::Key_PageDown);
        QCOMPARE(w.player().position(), std::size_t{1});
        press(w, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(w.player().position(), std::size_t{2});
        press(w, Qt::Key_PageUp);
        QCOMPARE(w.player().position(), std::size_t{1});
        press(w, Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(w.player().position(), std::size_t{0});
        pageDown(w, 3);
        QCOMPARE(w.player().position(), std::size_t{3});
        press(w, Qt::Key_Home);
        QCOMPARE(w.player().position(), std::size_t{0});
    }

    void spacePlaysAndPauses_data() { languages(); }
    void spacePlaysAndPauses() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        w.setSpeed(4.0);
        press(w, Qt::Key_Space);
        QVERIFY(w.playing());
        QTRY_VERIFY_WITH_TIMEOUT(w.player().position() >= 2, 20000);
        press(w, Qt::Key_Space);
        QVERIFY(!w.playing());
        const std::size_t at = w.player().position();
        QTest::qWait(1500);
        QCOMPARE(w.player().position(), at); // paused: it stays
    }

    void playButtonPlays_data() { languages(); }
    void playButtonPlays() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        // The speed box, as a teacher sets it: End picks the fastest, 4x.
        auto* speed = w.findChild<QToolBar*>("playback")->findChild<QComboBox*>();
        QVERIFY(speed && speed->isVisible());
        speed->setFocus();
        QTest::keyClick(speed, Qt::Key_End);
        QCOMPARE(speed->currentText(), QString::fromUtf8("4\u00d7"));
        click(w, "play");
        QVERIFY(w.playing());
        QCOMPARE(w.findChild<QAction*>("play")->text(), said(language, "Pause", "暂停"));
        QTRY_VERIFY_WITH_TIMEOUT(w.player().position() >= 1, 20000);
        click(w, "play");
        QVERIFY(!w.playing());
        QCOMPARE(w.findChild<QAction*>("play")->text(), said(language, "Play", "播放"));
    }

    void toolbarButtons_data() { languages(); }
    void toolbarButtons() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        click(w, "forward");
        click(w, "forward");
        QCOMPARE(w.player().position(), std::size_t{2});
        click(w, "back");
        QCOMPARE(w.player().position(), std::size_t{1});
        click(w, "restart");
        QCOMPARE(w.player().position(), std::size_t{0});
        for (int i = 0; i < 7; ++i)
            click(w, "forward");
        click(w, "nextEvent");
        click(w, "nextEvent");
        QCOMPARE(w.microStep(), std::optional<std::size_t>{2});
        click(w, "eventBack");
        QCOMPARE(w.microStep(), std::optional<std::size_t>{1});
        click(w, "forward");
        QCOMPARE(w.player().position(), std::size_t{8});
        QVERIFY(!w.microStep());
        w.scene()->stopAnimation();
        click(w, "replay");
        QVERIFY(w.scene()->animating());
        wheel(w.canvas(), 120);
        wheel(w.canvas(), 120);
        const double zoomed = zoom(w);
        click(w, "fit");
        QVERIFY(zoom(w) < zoomed);
        QVERIFY(w.canvas()
                    ->mapToScene(w.canvas()->viewport()->rect())
                    .boundingRect()
                    .contains(w.scene()->nodeRect("host")));
        click(w, "language");
        QCOMPARE(w.findChild<QAction*>("forward")->text(),
                 language == "en" ? QString::fromUtf8("下一步") : QString("Step forward"));
        click(w, "present");
        QVERIFY(w.presenting());
        QVERIFY(w.isFullScreen());
        click(w, "present");
        QVERIFY(!w.presenting());
    }

    void eventKeysAndReplayAndFit_data() { languages(); }
    void eventKeysAndReplayAndFit() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        pageDown(w, 7);
        press(w, Qt::Key_Period);
        press(w, Qt::Key_Period);
        press(w, Qt::Key_Period);
        QCOMPARE(w.microStep(), std::optional<std::size_t>{3});
        press(w, Qt::Key_Comma);
        QCOMPARE(w.microStep(), std::optional<std::size_t>{2});
        press(w, Qt::Key_PageDown); // the rest of the step at once
        QCOMPARE(w.player().position(), std::size_t{8});
        w.scene()->stopAnimation();
        press(w, Qt::Key_F5);
        QVERIFY(w.scene()->animating());
        wheel(w.canvas(), 120);
        wheel(w.canvas(), 120);
        wheel(w.canvas(), 120);
        const double zoomed = zoom(w);
        press(w, Qt::Key_F);
        QVERIFY(zoom(w) < zoomed);
        const QRectF shown = w.canvas()->mapToScene(w.canvas()->viewport()->rect()).boundingRect();
        for (const auto& n : w.scene()->topology().nodes)
            QVERIFY2(shown.contains(w.scene()->nodeRect(n.id)), n.id.c_str());
    }

    void consoleKeys_data() { languages(); }
    void consoleKeys() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        pageDown(w, 2);
        QLineEdit* input = w.consoleInput();
        input->setFocus();
        QTest::keyClicks(input, "docker network create classroom");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        QVERIFY(input->text().isEmpty());
        QTest::keyClicks(input, "docker run -d --name web --network classroom alpine");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(w.player().lab().daemon().findContainer("web"));
        // Ctrl+Z on the empty line undoes the last command, twice the two; Ctrl+Shift+Z redoes.
        QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!w.player().lab().daemon().findContainer("web"));
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!w.player().lab().daemon().findNetwork("classroom"));
        QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        // While a line is being typed, Ctrl+Z edits the line and leaves the lab alone.
        QTest::keyClicks(input, "docker ps");
        QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        input->setText(QString());
        // Up and Down walk the history; Tab completes.
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QString("docker run -d --name web --network classroom alpine"));
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QString("docker network create classroom"));
        QTest::keyClick(input, Qt::Key_Down);
        QTest::keyClick(input, Qt::Key_Down);
        QCOMPARE(input->text(), QString());
        QTest::keyClicks(input, "docker netw");
        QTest::keyClick(input, Qt::Key_Tab);
        QCOMPARE(input->text(), QString("docker network "));
        input->setText(QString());
        // Tab stops every 8 columns: /etc/hosts lines up as in a terminal.
        QTest::keyClicks(input, "docker exec tomcat81 cat /etc/hosts");
        QTest::keyClick(input, Qt::Key_Return);
        QPlainTextEdit* console = w.consoleView();
        const QTextBlock line = console->document()->find("172.17.0.2\t").block();
        QVERIFY(line.isValid());
        QTextCursor afterTab(line);
        afterTab.setPosition(line.position() + static_cast<int>(QString("172.17.0.2\t").size()));
        QTextCursor start(line);
        const double column = QFontMetricsF(console->font()).horizontalAdvance(QLatin1Char(' '));
        QCOMPARE(qRound((console->cursorRect(afterTab).left() - console->cursorRect(start).left()) / column),
                 16);
        // clear: the console shows only a fresh prompt; the lab is untouched.
        QTest::keyClicks(input, "clear");
        QTest::keyClick(input, Qt::Key_Return);
        QCOMPARE(w.consoleText(), QString("[root@localhost ~]# "));
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        QTest::keyClicks(input, "docker network ls");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(w.consoleText().startsWith("[root@localhost ~]# docker network ls\nNETWORK ID"));
    }

    void readableOnLaunchAndZoomKept() {
        gui::MainWindow w(tour(), "en");
        open(w);
        // Not a speck: the host's box is drawn at a readable size.
        QTRY_VERIFY2(zoom(w) >= 0.85, qPrintable(QString::number(zoom(w))));
        QVERIFY(w.canvas()->mapFromScene(w.scene()->nodeRect("host")).boundingRect().width() > 150);
        // The teacher zooms in; a step with nothing new keeps that zoom and pan.
        wheel(w.canvas(), 120);
        const QTransform mine = w.canvas()->transform();
        const int h = w.canvas()->horizontalScrollBar()->value(),
                  v = w.canvas()->verticalScrollBar()->value();
        press(w, Qt::Key_PageDown); // docker network ls: nothing new on the canvas
        QCOMPARE(w.canvas()->transform(), mine);
        QCOMPARE(w.canvas()->horizontalScrollBar()->value(), h);
        QCOMPARE(w.canvas()->verticalScrollBar()->value(), v);
        // Something new off-screen: the view moves to show it whole, with every box the step touched,
        // at a zoom where the 11 pt text stays above 9 pt (the two containers hang under docker0, the
        // host with its ports above it).
        press(w, Qt::Key_PageDown);
        QVERIFY2(zoom(w) >= 0.85, qPrintable(QString::number(zoom(w))));
        const QRectF shown = w.canvas()->mapToScene(w.canvas()->viewport()->rect()).boundingRect();
        const auto* c = w.player().lab().daemon().findContainer("tomcat81");
        QVERIFY(shown.contains(w.scene()->nodeRect("ns:" + c->sandboxId.substr(0, 12))));
        for (const auto& n : w.scene()->topology().nodes)
            if (w.scene()->isExpanded(n.id))
                QVERIFY2(shown.contains(w.scene()->nodeRect(n.id)), n.id.c_str());
    }

    void labelsApartAndLinksClearOfBoxes() {
        gui::MainWindow w(tour(), "en");
        open(w);
        for (int step = 1; step <= 10; ++step) {
            press(w, Qt::Key_PageDown);
            const auto labels = w.scene()->labelRects();
            std::vector<QRectF> boxes;
            for (const auto& n : w.scene()->topology().nodes)
                boxes.push_back(w.scene()->nodeRect(n.id));
            for (std::size_t i = 0; i < labels.size(); ++i) {
                for (std::size_t k = i + 1; k < labels.size(); ++k)
                    QVERIFY2(
                        !labels[i].intersects(labels[k]),
                        qPrintable(QString("step %1: labels %2 and %3 overlap").arg(step).arg(i).arg(k)));
                for (std::size_t k = 0; k < boxes.size(); ++k)
                    QVERIFY2(!labels[i].intersects(boxes[k]),
                             qPrintable(QString("step %1: label %2 on box %3")
                                            .arg(step)
                                            .arg(i)
                                            .arg(QString::fromStdString(w.scene()->topology().nodes[k].id))));
            }
            // No link runs under a box that is not one of its ends.
            for (const auto& e : w.scene()->topology().edges) {
                if (topology::isStructural(e)) continue;
                const QLineF link(w.scene()->nodeRect(e.from).center(), w.scene()->nodeRect(e.to).center());
                for (const auto& n : w.scene()->topology().nodes) {
                    if (n.id == e.from || n.id == e.to) continue;
                    const QRectF r = w.scene()->nodeRect(n.id);
                    const QLineF sides[] = {{r.topLeft(), r.topRight()},
                                            {r.topRight(), r.bottomRight()},
                                            {r.bottomRight(), r.bottomLeft()},
                                            {r.bottomLeft(), r.topLeft()}};
                    for (const auto& side : sides)
                        QVERIFY2(
                            link.intersects(side, nullptr) != QLineF::BoundedIntersection,
                            qPrintable(QString("step %1: %2-%3 under %4")
                                           .arg(step)
                                           .arg(QString::fromStdString(e.from), QString::fromStdString(e.to),
                                                QString::fromStdString(n.id))));
                }
            }
        }
        QCOMPARE(w.player().position(), w.player().stepCount());
    }

    void everyLessonsLabelsApart() {
        // Every shipped lesson, step by step as the window draws it: no label on a label or on a box.
        const QDir dir(VETHLAB_SOURCE_DIR "/scenarios");
        int checked = 0;
        for (const QString& name : dir.entryList({"*.md"})) {
            if (name == "README.md") continue;
            std::ifstream in(dir.filePath(name).toStdString());
            std::stringstream text;
            text << in.rdbuf();
            std::string error;
            auto lesson = scenario::parseScenario(text.str(), name.toStdString(), error);
            QVERIFY2(lesson, error.c_str());
            scenario::Player player(*lesson);
            gui::TopologyScene scene;
            scene.setTopology(topology::build(player.lab()));
            while (player.position() < player.stepCount()) {
                const std::size_t from = player.terminal().engine().trace().size();
                player.stepForward();
                const auto& trace = player.terminal().engine().trace();
                scene.setTopology(
                    topology::build(player.lab()),
                    {trace.begin() + static_cast<long>(std::min(from, trace.size())), trace.end()});
                const auto labels = scene.labelRects();
                for (std::size_t i = 0; i < labels.size(); ++i) {
                    for (std::size_t k = i + 1; k < labels.size(); ++k)
                        QVERIFY2(
                            !labels[i].intersects(labels[k]),
                            qPrintable(name + QString(" step %1: labels overlap").arg(player.position())));
                    for (const auto& n : scene.topology().nodes)
                        QVERIFY2(!labels[i].intersects(scene.nodeRect(n.id)),
                                 qPrintable(name + QString(" step %1: a label on %2")
                                                       .arg(player.position())
                                                       .arg(QString::fromStdString(n.id))));
                }
                // Badges (subnet, ports, embedded DNS) inside their own box, one under the other (a
                // chip has them in its tooltip).
                for (const auto& n : scene.topology().nodes) {
                    if (scene.isChip(n.id)) continue;
                    const auto badges = scene.badges(n.id);
                    QCOMPARE(badges.size(), n.badges.size());
                    for (std::size_t i = 0; i < badges.size(); ++i) {
                        QVERIFY2(scene.nodeRect(n.id).contains(badges[i].second),
                                 qPrintable(name + ": " + badges[i].first + " outside its box"));
                        for (std::size_t k = i + 1; k < badges.size(); ++k)
                            QVERIFY(!badges[i].second.intersects(badges[k].second));
                    }
                }
            }
            ++checked;
        }
        QCOMPARE(checked, static_cast<int>(dir.entryList({"*.md"}).size()) - 1); // all but the README
    }

    void conceptsAreDrawn() {
        // What Docker set up that is not a cable is drawn, not only told: the subnet on its bridge, a
        // published port on the host and on its container, the embedded DNS, a --link as an arrow.
        gui::MainWindow w(tour(), "en");
        open(w);
        pageDown(w, 2); // bridge mode: tomcat81 and tomcat82 with -p 8081:8080 and -p 8082:8080
        const auto& lab = w.player().lab();
        auto box = [&](const char* name) {
            return "ns:" + lab.daemon().findContainer(name)->sandboxId.substr(0, 12);
        };
        auto texts = [&](const std::string& id) {
            QStringList out;
            for (const auto& [text, rect] : w.scene()->badges(id))
                out << text;
            return out;
        };
        QCOMPARE(texts("br:docker0"), QStringList{"subnet 172.17.0.0/16  gateway 172.17.0.1"});
        QCOMPARE(texts("host"),
                 (QStringList{QString::fromUtf8("0.0.0.0:8081 \u2192 tomcat81:8080  (DNAT, docker-proxy)"),
                              QString::fromUtf8("0.0.0.0:8082 \u2192 tomcat82:8080  (DNAT, docker-proxy)")}));
        QCOMPARE(texts(box("tomcat81")), QStringList{QString::fromUtf8("published 8080 \u2190 host :8081")});
        QVERIFY(texts(box("tomcat81")).filter("DNS").isEmpty()); // the default bridge has no embedded DNS
        pageDown(w, 6); // step 7 --link, step 8 a user-defined network
        QCOMPARE(w.player().position(), std::size_t{8});
        QVERIFY(texts(box("tomcat91")).contains("DNS 127.0.0.11 (embedded)"));
        QVERIFY(texts("br:" + lab.daemon().findNetwork("tomcat_network")->bridgeName)
                    .contains("subnet 172.18.0.0/16  gateway 172.18.0.1"));
        // tomcat87 --link tomcat81: one arrow, from the recipient to the target, on their borders.
        const auto relations = w.scene()->relations();
        QCOMPARE(relations.size(), std::size_t{1});
        const auto& link = relations.front();
        QCOMPARE(link.label, QString("--link tomcat81:tomcat81"));
        QCOMPARE(link.relation.from, box("tomcat87"));
        QCOMPARE(link.relation.to, box("tomcat81"));
        auto onBorder = [](const QRectF& r, QPointF p) {
            return r.adjusted(-1, -1, 1, 1).contains(p) && !r.adjusted(1, 1, -1, -1).contains(p);
        };
        QVERIFY(onBorder(w.scene()->nodeRect(box("tomcat87")), link.line.p1()));
        QVERIFY(onBorder(w.scene()->nodeRect(box("tomcat81")), link.line.p2()));
        QVERIFY(w.scene()->labelRects().back() == link.labelRect); // checked apart with the others
        // The exports carry them too.
        const auto t = topology::build(lab);
        const std::string mermaid = topology::toMermaid(t, w.scene()->networkColours(), "t");
        QVERIFY(mermaid.find(" -.->|\"--link tomcat81:tomcat81\"| ") != std::string::npos);
        QVERIFY(mermaid.find("DNS 127.0.0.11 (embedded)") != std::string::npos);
        const std::string drawio =
            topology::toDrawio(t, w.scene()->boxes(), w.scene()->networkColours(), "t");
        QVERIFY(drawio.find("value=\"--link tomcat81:tomcat81\" style=\"dashed=1;endArrow=classic;") !=
                std::string::npos);
        QVERIFY(drawio.find("0.0.0.0:8081 \u2192 tomcat81:8080") != std::string::npos);
        QVERIFY(topology::toDot(t).find("style=dashed") != std::string::npos);
        QTemporaryDir dir;
        QVERIFY(w.scene()->exportSvg(dir.filePath("t.svg"), "t"));
        QFile svg(dir.filePath("t.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QString drawn = QString::fromUtf8(svg.readAll());
        for (const char* text : {"--link tomcat81:tomcat81", "subnet 172.18.0.0/16", "DNS 127.0.0.11"})
            QVERIFY2(drawn.contains(text), text);
    }

    void languageSwitchRetranslatesEveryPanel() {
        // The teacher presses 中文 on the toolbar: every panel, action, placeholder, the canvas, the
        // matrix and the narration change at once; View > English brings every text back.
        gui::MainWindow w(testing::loadLesson("link.md"), "en");
        open(w);
        press(w, Qt::Key_PageDown);
        auto* reachDock = w.findChild<QDockWidget*>("reachability");
        reachDock->raise();
        QTest::mouseClick(reachDock->findChild<QPushButton*>(), Qt::LeftButton);
        auto texts = [&] {
            std::map<QString, QString> out;
            for (auto* d : w.findChildren<QDockWidget*>())
                out["dock " + d->objectName()] = d->windowTitle();
            for (auto* a : w.findChildren<QAction*>())
                if (!a->text().isEmpty() &&
                    !QRegularExpression("^[A-Z]+$").match(a->text()).hasMatch()) // not SVG, PNG...
                    out["action " + a->objectName() + " " + QString::number(reinterpret_cast<quintptr>(a))] =
                        a->text();
            for (auto* m : w.menuBar()->findChildren<QMenu*>())
                if (!m->title().isEmpty())
                    out["menu " + QString::number(reinterpret_cast<quintptr>(m))] = m->title();
            out["placeholder"] = w.consoleInput()->placeholderText();
            out["status"] = w.statusBar()->currentMessage();
            out["matrix"] = w.reachability()->model()->index(0, 0).data().toString();
            out["narration"] = w.findChild<QTextBrowser*>()->toPlainText();
            for (auto* item : w.scene()->items())
                if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item); t && t->text() == "Networks")
                    out["legend"] = t->text();
            for (const auto& [text, rect] : w.scene()->badges("br:docker0"))
                out["badge"] = text;
            return out;
        };
        const auto english = texts();
        QVERIFY(english.size() > 30);
        QVERIFY(english.count("legend") && english.count("badge"));
        click(w, "language");
        const auto chinese = texts(); // no event loop in between: at once
        for (const auto& [where, text] : english) {
            if (where == "legend") continue; // looked for by its English text: checked below
            QVERIFY2(chinese.count(where), qPrintable(where));
            QVERIFY2(chinese.at(where) != text, qPrintable(where + ": still " + text));
        }
        QVERIFY(!chinese.count("legend")); // the canvas was redrawn in Chinese
        QCOMPARE(w.findChild<QDockWidget*>("console")->windowTitle(), QString::fromUtf8("终端"));
        // A line break inside a Chinese paragraph is not a space.
        const QString narration = w.findChild<QTextBrowser*>()->toPlainText();
        QVERIFY2(narration.contains(QString::fromUtf8("（外加一些环境变量）")), qPrintable(narration));
        // Back through the View menu (Alt+V, then a click on the item), as a menu user would.
        auto* view = w.menuBar()->actions().at(2)->menu();
        QTest::keyClick(&w, Qt::Key_V, Qt::AltModifier);
        QTRY_VERIFY(view->isVisible());
        auto* language = w.findChild<QAction*>("language");
        QTest::mouseClick(view, Qt::LeftButton, {}, view->actionGeometry(language).center());
        QTRY_VERIFY(!view->isVisible());
        const auto back = texts();
        for (const auto& [where, text] : english)
            QVERIFY2(back.at(where) == text, qPrintable(where + ": " + back.at(where) + " for " + text));
    }

    void cjkLineBreaksJoin() {
        using gui::joinCjkLineBreaks;
        QCOMPARE(joinCjkLineBreaks(QString::fromUtf8("外加一些\n环境变量")),
                 QString::fromUtf8("外加一些环境变量"));
        QCOMPARE(joinCjkLineBreaks(QString::fromUtf8("一行，\n  下一行")), QString::fromUtf8("一行，下一行"));
        // Next to a Latin character, a hard break, a heading, code: the break stays.
        for (const char* kept :
             {"用 docker\n网络", "中文\nDocker", "中文  \n中文", "中文\\\n中文", "## 标题\n正文",
              "```\n中文\n中文\n```", "    中文\n    代码", "中文\n\n中文"})
            QCOMPARE(joinCjkLineBreaks(QString::fromUtf8(kept)), QString::fromUtf8(kept));
        QCOMPARE(joinCjkLineBreaks(QString::fromUtf8("```\n代码\n```\n正文\n继续")),
                 QString::fromUtf8("```\n代码\n```\n正文继续"));
    }

    void outsideWorldIsSimulatedAndSaysSo() {
        // 8.8.8.8 is one of the simulated internet's hosts and answers; an address that is not gets
        // no answer, and the window says why instead of leaving it to look like broken NAT.
        gui::MainWindow w(tour(), "en");
        open(w);
        pageDown(w, 2);
        QVERIFY(w.scene()->badges("lan").front().first == "simulated internet: only these hosts answer");
        QLineEdit* input = w.consoleInput();
        input->setFocus();
        QTest::keyClicks(input, "docker exec tomcat81 ping -c 1 8.8.8.8");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY2(w.consoleText().contains("1 packets transmitted, 1 received, 0% packet loss"),
                 qPrintable(w.consoleText()));
        QVERIFY(!w.statusBar()->currentMessage().contains("simulated"));
        QTest::keyClicks(input, "docker exec tomcat81 ping -c 1 -W 1 203.0.113.9");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(w.consoleText().contains("1 packets transmitted, 0 received, 100% packet loss"));
        QVERIFY2(w.statusBar()->currentMessage().startsWith("203.0.113.9 is not in the simulated internet"),
                 qPrintable(w.statusBar()->currentMessage()));
    }

    void presentationRestoresExactly_data() { languages(); }
    void presentationRestoresExactly() {
        QFETCH(QString, language);
        gui::MainWindow w(tour(), language);
        open(w);
        pageDown(w, 2);
        auto* hood = w.findChild<QDockWidget*>("hood");
        auto* chart = w.findChild<QDockWidget*>("chart");
        auto* lesson = w.findChild<QDockWidget*>("lesson");
        const Qt::WindowStates state = w.windowState();
        const QFont console = w.consoleView()->font();
        const QTransform canvas = w.canvas()->transform();
        const double tabs = w.consoleView()->tabStopDistance();
        auto* legend = w.canvas()->findChild<QWidget*>("canvasLegend");
        const QFont legendFont = legend->font();
        press(w, Qt::Key_F11);
        QVERIFY(w.presenting());
        QVERIFY(w.isFullScreen());
        QVERIFY(hood->isHidden());
        QVERIFY(chart->isHidden());
        QVERIFY(!lesson->isHidden());
        QVERIFY(w.consoleView()->font().pointSizeF() >= console.pointSizeF() * 1.5);
        QVERIFY(w.consoleView()->tabStopDistance() > tabs * 1.5); // still 8 columns of the larger font
        QCOMPARE(w.canvas()->transform().m11(), canvas.m11() * 1.5);
        QVERIFY(w.findChild<QDockWidget*>("pingResults")->isHidden());
        QCOMPARE(legend->font().pointSizeF(),
                 legendFont.pointSizeF() * 1.5); // the legend grows with the canvas
        press(w, Qt::Key_F11);
        QVERIFY(!w.presenting());
        QCOMPARE(w.windowState(), state);
        QVERIFY(!hood->isHidden());
        QVERIFY(!chart->isHidden());
        QCOMPARE(w.consoleView()->font(), console);
        QCOMPARE(w.consoleView()->tabStopDistance(), tabs);
        QCOMPARE(w.canvas()->transform(), canvas);
        QCOMPARE(legend->font(), legendFont);
    }

    void microStepsKeepTheFrameAndMarkDrops() {
        gui::MainWindow w(tour(), "en");
        open(w);
        pageDown(w, 7);
        // '.' until a frame moves; once its animation ends, the frame and its hop stay on the canvas.
        for (int i = 0; i < 12 && w.scene()->marks("hop").empty(); ++i)
            press(w, Qt::Key_Period);
        QVERIFY(!w.scene()->marks("hop").empty());
        QTRY_VERIFY(!w.scene()->animating());
        QVERIFY(!w.scene()->marks("frame").empty());
        QVERIFY(!w.scene()->marks("hop").empty());
        // The frame is drawn under the links' labels and off the boxes, so every text stays readable.
        for (QGraphicsItem* dot : w.scene()->marks("frame")) {
            for (const auto& node : w.scene()->topology().nodes)
                QVERIFY2(!w.scene()->nodeRect(node.id).intersects(dot->sceneBoundingRect()), node.id.c_str());
            for (QGraphicsItem* item : w.scene()->items())
                if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item); t && !t->parentItem())
                    QVERIFY2(dot->zValue() < t->zValue() ||
                                 !t->sceneBoundingRect().intersects(dot->sceneBoundingRect()),
                             qPrintable(t->text()));
        }
        // "This hop" is in front and tells the frame's hop in words.
        auto* hopDock = w.findChild<QDockWidget*>("hop");
        QVERIFY(hopDock->isVisible() && !hopDock->visibleRegion().isEmpty());
        QVERIFY2(w.hopText().startsWith("Step 8, engine event"), qPrintable(w.hopText()));
        // The narration is the step being played, as the status bar says.
        auto* narration = w.findChild<QTextBrowser*>();
        QVERIFY(narration->toPlainText().startsWith("8. A user-defined network"));
        QVERIFY(w.statusBar()->currentMessage().startsWith("Step 8, engine event"));
        // ... and says what the event did, in words.
        QVERIFY(QRegularExpression(" \u2014 \\S+ (sends|receives) .* (out of|on) \\S+")
                    .match(w.statusBar()->currentMessage())
                    .hasMatch());
        // Further on, tomcat91 pings docker0's tomcat81: the drop is marked on the canvas with the rule.
        for (int i = 0; i < 80 && w.microStep() && w.scene()->marks("drop").empty(); ++i) {
            press(w, Qt::Key_Period);
            QTRY_VERIFY(!w.scene()->animating());
        }
        QCOMPARE(w.scene()->marks("drop").size(), std::size_t{1});
        QVERIFY2(dropMarkCovers(w).isEmpty(), qPrintable("the drop mark covers " + dropMarkCovers(w)));
        // The hop panel says which chain and rule dropped it.
        QVERIFY2(w.hopText().contains("Chain FORWARD -i br-"), qPrintable(w.hopText()));
        QVERIFY2(w.hopText().contains(
                     "the rule -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP matched and drops it."),
                 qPrintable(w.hopText()));
        QVERIFY2(w.hopText().contains("Dropped\ndropped by a netfilter rule: -A DOCKER-ISOLATION-STAGE-2"),
                 qPrintable(w.hopText()));
        auto* held = dynamic_cast<QGraphicsSimpleTextItem*>(w.scene()->marks("drop").front());
        QVERIFY(held->text().endsWith("\n-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP"));
        QVERIFY2(w.statusBar()->currentMessage().contains(
                     "host drops ICMP echo request 172.18.0.2 > 172.17.0.2 id "),
                 qPrintable(w.statusBar()->currentMessage()));
        // Routed before FORWARD, so one hop less than the 64 tomcat91 sent, as Linux logs it there.
        QVERIFY2(w.statusBar()->currentMessage().endsWith(
                     " ttl 63 at br-" +
                     QString::fromStdString(
                         w.player().lab().daemon().findNetwork("tomcat_network")->bridgeName.substr(3)) +
                     ": dropped by a netfilter rule (-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP)"),
                 qPrintable(w.statusBar()->currentMessage()));
        // The drop stays on the canvas until the next event.
        QTest::qWait(300);
        QCOMPARE(w.scene()->marks("drop").size(), std::size_t{1});
        // A drop in a typed command's frames is marked too.
        press(w, Qt::Key_PageDown);
        QLineEdit* input = w.consoleInput();
        input->setFocus();
        QTest::keyClicks(input, "docker exec tomcat91 ping -c 1 -W 1 172.17.0.2");
        QTest::keyClick(input, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!w.scene()->marks("drop").empty(), 10000);
        auto* mark = dynamic_cast<QGraphicsSimpleTextItem*>(w.scene()->marks("drop").front());
        QVERIFY(mark);
        QVERIFY(mark->text().contains("-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP"));
        QVERIFY2(dropMarkCovers(w).isEmpty(), qPrintable("the drop mark covers " + dropMarkCovers(w)));
    }

    // Issue 11: at 1366x768, the micro-step at the tour's drop (step 8: tomcat91 pings docker0's
    // tomcat81, DOCKER-ISOLATION-STAGE-2 drops it in tomcat_network's bridge) shows the drop mark with
    // its rule and both boxes of the hop the frame took, which stays lit; the teacher's zoom stays.
    void dropAndItsHopInView() {
        gui::MainWindow w(tour(), "en");
        open(w);
        QTRY_COMPARE(w.size(), QSize(1366, 768));
        pageDown(w, 7);
        double zoomed = 0; // before the last '.': the drop adds no box, so nothing is fitted again
        for (int i = 0; i < 120 && w.scene()->marks("drop").empty(); ++i) {
            zoomed = zoom(w);
            press(w, Qt::Key_Period);
            QTRY_VERIFY(!w.scene()->animating());
        }
        QVERIFY(w.microStep());
        QCOMPARE(w.scene()->marks("drop").size(), std::size_t{1});
        QCOMPARE(zoom(w), zoomed);
        const QRectF visible = w.canvas()->mapToScene(w.canvas()->viewport()->rect()).boundingRect();
        auto where = [](const QRectF& r) {
            return QString("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
        };
        QGraphicsItem* mark = w.scene()->marks("drop").front();
        const QRectF drawn = mark->mapRectToScene(mark->boundingRect() | mark->childrenBoundingRect());
        QVERIFY(dynamic_cast<QGraphicsSimpleTextItem*>(mark)->text().contains("DOCKER-ISOLATION-STAGE-2"));
        QVERIFY2(visible.contains(drawn),
                 qPrintable("drop mark at " + where(drawn) + " in " + where(visible)));
        // The frame's hop: from tomcat91's box to the bridge's, both on screen, and lit.
        const std::string tomcat91 =
            "ns:" + w.player().lab().daemon().findContainer("tomcat91")->sandboxId.substr(0, 12);
        const std::string bridge =
            "br:" + w.player().lab().daemon().findNetwork("tomcat_network")->bridgeName;
        for (const auto& id : {tomcat91, bridge}) {
            const QRectF box = w.scene()->nodeRect(id);
            QVERIFY2(visible.contains(box),
                     qPrintable(QString::fromStdString(id) + " at " + where(box) + " in " + where(visible)));
        }
        const auto hops = w.scene()->marks("hop");
        QVERIFY2(!hops.empty(), "no hop lit at the drop");
        QStringList ends; // the boxes at the lit links' ends
        for (QGraphicsItem* hop : hops) {
            const QLineF line = dynamic_cast<QGraphicsLineItem*>(hop)->line();
            for (const auto& n : w.scene()->topology().nodes)
                for (const QPointF end : {line.p1(), line.p2()})
                    if (w.scene()->nodeRect(n.id).contains(end)) ends << QString::fromStdString(n.id);
        }
        ends.sort();
        ends.removeDuplicates();
        QCOMPARE(ends, (QStringList{QString::fromStdString(bridge), QString::fromStdString(tomcat91)}));
    }

    void microStepsTellEachHopsDecisions_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("en") << "en"
                            << QStringList{
                                   "Route to 172.17.0.2: on a directly connected network, out of docker0.",
                                   "DNAT (a published port): the destination 192.168.1.10:8081 becomes "
                                   "172.17.0.2:8080, the container.",
                                   "Layer 2: the bridge's forwarding table (FDB)",
                                   "Bridge docker0 ",
                                   "does not know the MAC address of 172.17.0.2 yet",
                                   "The answer to a rewritten connection: the source 172.17.0.2:8080 "
                                   "becomes 192.168.1.10:8081 again"};
        QTest::newRow("zh_CN") << "zh_CN"
                               << QStringList{
                                      QString::fromUtf8("去 172.17.0.2 的路由"),
                                      QString::fromUtf8("DNAT（发布的端口）：目的地址 192.168.1.10:8081 "
                                                        "改写成 172.17.0.2:8080，也就是容器。"),
                                      QString::fromUtf8("第 2 层：网桥的转发表（FDB）"),
                                      QString::fromUtf8("网桥 docker0 "),
                                      QString::fromUtf8("还不知道 172.17.0.2 的 MAC 地址")};
    }
    void microStepsTellEachHopsDecisions() {
        // port-publishing's step 2: `curl 192.168.1.10:8081` on the host, event by event with '.'; the
        // "This hop" panel says, for each hop, the route, the DNAT, the bridge's FDB, the reply's NAT
        // and ARP, in the window's language.
        QFETCH(QString, language);
        QFETCH(QStringList, expected);
        gui::MainWindow w(testing::loadLesson("port-publishing.md"), language);
        open(w);
        press(w, Qt::Key_PageDown);
        QString all;
        press(w, Qt::Key_Period);
        for (int i = 0; i < 400 && w.microStep(); ++i) {
            QVERIFY(w.findChild<QDockWidget*>("hop")->isVisible());
            all += w.hopText() + "\n";
            press(w, Qt::Key_Period);
        }
        QCOMPARE(w.player().position(), std::size_t{2}); // the last '.' played the step whole
        for (const auto& words : expected)
            QVERIFY2(all.contains(words), qPrintable(words + "\n---\n" + all.left(3000)));
        // Played whole: the panel says how to follow the frames again.
        QVERIFY2(w.hopText().contains(language == "en" ? "Press . (Next event)" : QString::fromUtf8("按 .")),
                 qPrintable(w.hopText()));
    }

    void legendStaysOnScreen() {
        // The tour's busiest step at 1366x768: the view cannot show the whole picture at a readable size,
        // yet the legend is on screen, a band across the top of the canvas, and stays there when the
        // teacher zooms and pans.
        gui::MainWindow w(tour(), "en");
        open(w);
        pageDown(w, 9);
        auto* legend = w.canvas()->findChild<QWidget*>("canvasLegend");
        QVERIFY(legend);
        auto onScreen = [&] {
            const QRect drawn(w.canvas()->mapFromGlobal(legend->mapToGlobal(QPoint(0, 0))), legend->size());
            return legend->isVisible() && w.canvas()->rect().contains(drawn) && legend->height() > 10;
        };
        QVERIFY2(onScreen(), qPrintable(QString("legend %1,%2 %3x%4 in %5x%6")
                                            .arg(legend->x())
                                            .arg(legend->y())
                                            .arg(legend->width())
                                            .arg(legend->height())
                                            .arg(w.canvas()->width())
                                            .arg(w.canvas()->height())));
        auto* text = legend->findChild<QLabel*>();
        for (const auto& network : w.scene()->topology().networks)
            QVERIFY2(text->text().contains(QString::fromStdString(network)), network.c_str());
        QVERIFY(text->text().contains("ICMP"));
        wheel(w.canvas(), 120);
        wheel(w.canvas(), 120);
        for (int i = 0; i < 20; ++i) { // the arrow keys pan the canvas
            press(w, Qt::Key_Right);
            press(w, Qt::Key_Down);
        }
        QVERIFY(onScreen());
        press(w, Qt::Key_F);
        QVERIFY(onScreen());
        click(w, "language");
        QVERIFY(text->text().contains(QString::fromUtf8("网络")));
    }

    // No legend pixel on a box or a label: the legend's rectangle, where it is over the picture, mapped
    // into the scene meets no box and no label, after the steps, a fit (F), zooming in and panning, and in
    // presentation mode. tcpdump.md's step 2 had the legend on box1's title; the tour's step 9 is the
    // busiest.
    void legendCoversNoBoxOrLabel_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<int>("steps");
        QTest::addColumn<QSize>("size");
        for (const QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
            const QString at = QString("%1x%2").arg(size.width()).arg(size.height());
            QTest::newRow(qPrintable("tcpdump step 2 " + at)) << "tcpdump.md" << 2 << size;
            QTest::newRow(qPrintable("tour step 9 " + at)) << "tour.md" << 9 << size;
        }
    }
    void legendCoversNoBoxOrLabel() {
        QFETCH(QString, lesson);
        QFETCH(int, steps);
        QFETCH(QSize, size);
        gui::MainWindow w(testing::loadLesson(lesson.toStdString()), "en");
        open(w);
        w.resize(size);
        QTRY_COMPARE(w.size(), size);
        pageDown(w, steps);
        QCOMPARE(w.player().position(), std::size_t(steps));
        auto* legend = w.canvas()->findChild<QWidget*>("canvasLegend");
        QVERIFY(legend && legend->isVisible());
        auto* viewport = w.canvas()->viewport();
        auto check = [&](const char* when) {
            const QRect drawn(viewport->mapFromGlobal(legend->mapToGlobal(QPoint(0, 0))), legend->size());
            const QRect over = drawn.intersected(viewport->rect()); // the part over the picture
            if (over.isEmpty()) return; // a band above it, as it is meant to be: nothing under it
            const QRectF covered = w.canvas()->mapToScene(over).boundingRect();
            for (const auto& n : w.scene()->topology().nodes)
                QVERIFY2(!covered.intersects(w.scene()->nodeRect(n.id)),
                         qPrintable(QString("%1: the legend on %2").arg(when, QString::fromStdString(n.id))));
            for (const auto& label : w.scene()->labelRects())
                QVERIFY2(!covered.intersects(label),
                         qPrintable(QString("%1: the legend on a label").arg(when)));
        };
        check("after the steps");
        QVERIFY(!QTest::currentTestFailed());
        press(w, Qt::Key_F);
        check("after F");
        wheel(w.canvas(), 120);
        for (int i = 0; i < 10; ++i) {
            press(w, Qt::Key_Left);
            press(w, Qt::Key_Up);
        }
        check("zoomed in, panned to the top left");
        press(w, Qt::Key_F11);
        QTRY_VERIFY(w.isFullScreen());
        check("presenting");
        press(w, Qt::Key_F11);
        check("after presenting");
        // The legend's entries are there to read: the lesson's networks and the frames' colours.
        auto* text = legend->findChild<QLabel*>();
        for (const auto& network : w.scene()->topology().networks)
            QVERIFY2(text->text().contains(QString::fromStdString(network)), network.c_str());
        QVERIFY(QFontInfo(legend->font()).pointSizeF() >= 9);
    }

    // On launch the whole picture is on the canvas; after Page Down to a lesson's busiest step, every box
    // the step touches (drawn in full) is, and every box when the picture fits at a readable zoom.
    // tcpdump.md's step 2 at 1366x768 had box1's left side outside the view; the tour's step 9 at
    // 1920x1080 had docker0 and the host cut off.
    void canvasShowsTheStepsBoxes_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<int>("steps");
        QTest::addColumn<QSize>("size");
        for (const QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
            const QString at = QString("%1x%2").arg(size.width()).arg(size.height());
            QTest::newRow(qPrintable("tcpdump step 2 " + at)) << "tcpdump.md" << 2 << size;
            QTest::newRow(qPrintable("tcpdump step 5 " + at)) << "tcpdump.md" << 5 << size;
            QTest::newRow(qPrintable("tour step 9 " + at)) << "tour.md" << 9 << size;
        }
    }
    void canvasShowsTheStepsBoxes() {
        QFETCH(QString, lesson);
        QFETCH(int, steps);
        QFETCH(QSize, size);
        gui::MainWindow w(testing::loadLesson(lesson.toStdString()), "en");
        w.resize(size);
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTRY_COMPARE(w.size(), size);
        w.canvas()->setFocus();
        const QRect port = w.canvas()->viewport()->rect();
        auto outside = [&](bool touchedOnly) {
            QStringList out;
            for (const auto& n : w.scene()->topology().nodes) {
                if (touchedOnly && !w.scene()->isExpanded(n.id)) continue;
                const QRect drawn = w.canvas()->mapFromScene(w.scene()->nodeRect(n.id)).boundingRect();
                if (!port.contains(drawn))
                    out << QString("%1 at %2,%3 %4x%5 in %6x%7")
                               .arg(QString::fromStdString(n.id))
                               .arg(drawn.x())
                               .arg(drawn.y())
                               .arg(drawn.width())
                               .arg(drawn.height())
                               .arg(port.width())
                               .arg(port.height());
            }
            return out.join("; ");
        };
        QTRY_VERIFY2(outside(false).isEmpty(), qPrintable("on launch: " + outside(false)));
        pageDown(w, steps);
        QCOMPARE(w.player().position(), std::size_t(steps));
        QVERIFY2(outside(true).isEmpty(), qPrintable(QString("step %1: ").arg(steps) + outside(true)));
        QRectF picture;
        for (const auto& n : w.scene()->topology().nodes)
            picture |= w.scene()->nodeRect(n.id);
        if (picture.width() * 0.85 <= port.width() && picture.height() * 0.85 <= port.height())
            QVERIFY2(outside(false).isEmpty(), qPrintable(QString("step %1: ").arg(steps) + outside(false)));
    }

    // At 1366x768, on each lesson's busiest step (the most boxes), the window shows every text of the
    // boxes the step touches, and the labels on their links, whole, at 9 pt or more (11 pt text drawn at
    // a zoom that keeps it >= 12 px at 96 dpi), apart from each other and from every box.
    void busiestStepsReadable_data() {
        QTest::addColumn<QString>("lesson");
        for (const QString& name : QDir(VETHLAB_SOURCE_DIR "/scenarios").entryList({"*.md"}))
            if (name != "README.md") QTest::newRow(qPrintable(name)) << name;
    }
    void busiestStepsReadable() {
        QFETCH(QString, lesson);
        const auto loaded = testing::loadLesson(lesson.toStdString());
        std::size_t busiest = 0, most = 0;
        {
            scenario::Player player(loaded);
            while (player.position() < player.stepCount()) {
                player.stepForward();
                const std::size_t boxes = topology::build(player.lab()).nodes.size();
                if (boxes > most) std::tie(most, busiest) = std::pair(boxes, player.position());
            }
        }
        gui::MainWindow w(loaded, "en");
        open(w);
        pageDown(w, static_cast<int>(busiest));
        QCOMPARE(w.player().position(), busiest);
        const QRectF shown = w.canvas()->mapToScene(w.canvas()->viewport()->rect()).boundingRect();
        // Every text of the canvas, on screen: the smallest, in pixels at 96 dpi.
        double smallest = std::numeric_limits<double>::max();
        QString which;
        for (const auto* item : w.scene()->items())
            if (auto* t = dynamic_cast<const QGraphicsSimpleTextItem*>(item); t && t->isVisible()) {
                const double pixels = t->font().pointSizeF() * 96.0 / 72.0 * zoom(w);
                if (pixels < smallest) std::tie(smallest, which) = std::pair(pixels, t->text());
            }
        std::vector<QRectF> boxes;
        for (const auto& n : w.scene()->topology().nodes) {
            boxes.push_back(w.scene()->nodeRect(n.id));
            if (w.scene()->isExpanded(n.id))
                QVERIFY2(shown.contains(boxes.back()),
                         qPrintable(lesson + ": " + QString::fromStdString(n.id)));
        }
        const auto labels = w.scene()->labelRects();
        const QRectF touched = w.scene()->touchedRect();
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (touched.contains(labels[i]))
                QVERIFY2(shown.contains(labels[i]), qPrintable(lesson + ": a label off screen"));
            for (std::size_t k = i + 1; k < labels.size(); ++k)
                QVERIFY2(!labels[i].intersects(labels[k]), qPrintable(lesson + ": labels overlap"));
            for (const QRectF& b : boxes)
                QVERIFY2(!labels[i].intersects(b), qPrintable(lesson + ": a label on a box"));
        }
        // Not reached yet: network-connect's busiest step (two bridges, four containers, all new) is
        // wider than a 1366x768 canvas shows at 9 pt (the fit keeps it on screen, smaller). An
        // unexpected pass fails.
        if (lesson == "network-connect.md")
            QEXPECT_FAIL("", "the step's boxes spread too wide for 9 pt", Continue);
        QVERIFY2(smallest >= 12, qPrintable(QString("%1: \"%2\" at %3 px").arg(lesson, which).arg(smallest)));
    }

    void chipOpensOnClickAndStaysOpen() {
        // The tour's step 9 is busy: boxes the step does not touch are chips. A click opens one in full;
        // it stays open on the next step and closes on another click.
        gui::MainWindow w(tour(), "en");
        open(w);
        pageDown(w, 9);
        press(w, Qt::Key_F); // the whole picture
        std::string chip;
        for (const auto& n : w.scene()->topology().nodes)
            if (w.scene()->isChip(n.id) && w.canvas()->viewport()->rect().contains(w.canvas()->mapFromScene(
                                               w.scene()->nodeRect(n.id).center()))) {
                chip = n.id;
                break;
            }
        QVERIFY(!chip.empty());
        const QRectF small = w.scene()->nodeRect(chip);
        auto clickOn = [&] {
            QTest::mouseClick(w.canvas()->viewport(), Qt::LeftButton, {},
                              w.canvas()->mapFromScene(w.scene()->nodeRect(chip).center()));
        };
        clickOn();
        QTRY_VERIFY(w.scene()->isExpanded(chip));
        QVERIFY(!w.scene()->isChip(chip));
        QVERIFY(w.scene()->nodeRect(chip).height() > small.height());
        press(w, Qt::Key_PageDown);
        QCOMPARE(w.player().position(), std::size_t{10});
        QVERIFY(w.scene()->isExpanded(chip));
        QVERIFY(w.scene()->opened().count(chip));
        clickOn();
        QTRY_VERIFY(!w.scene()->opened().count(chip));
    }

    void framesChartIsReadable() {
        // At 1366x768 the frames per interface chart has room for its bars, not only its axis labels.
        gui::MainWindow w(tour(), "en");
        open(w);
        pageDown(w, 9);
        auto* chart = w.findChild<QDockWidget*>("chart");
        chart->raise();
        auto* plot = chart->findChild<QCustomPlot*>("framesChart");
        QVERIFY(plot);
        QTRY_VERIFY(plot->isVisible());
        plot->replot();
        QVERIFY2(plot->axisRect()->height() >= 90, qPrintable(QString("plot %1 px high, its bars %2 px")
                                                                  .arg(plot->height())
                                                                  .arg(plot->axisRect()->height())));
    }
};

QTEST_MAIN(ClassroomTest)
#include "test_classroom.moc"
