// The student's activity mode, driven as a student drives it (keys, clicks on the real actions,
// buttons and dialogs): the Activity panel's goals checked live as commands are typed, hints,
// predict-then-reveal before a step, saving and opening a `.vethlab` lab and a lesson through the File
// menu's dialogs, exporting the console transcript, notes and highlights on the canvas (kept in the
// saved lab and in an export), and a ping between two clicked nodes. In English and in Chinese.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolBar>
#include <QtTest>

#include "annotation_layer.h"
#include "docks/activity_dock.h"
#include "lesson_file.h"
#include "main_window.h"
#include "topology_scene.h"
#include "window_open.h"

using namespace vethlab;

namespace {

void press(gui::MainWindow& w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : w.canvas();
    QTest::keyClick(target, key, mods);
}

void type(gui::MainWindow& w, const QString& line) {
    w.consoleInput()->setFocus();
    QTest::keyClicks(w.consoleInput(), line);
    QTest::keyClick(w.consoleInput(), Qt::Key_Return);
    w.canvas()->setFocus();
}

void clickButton(gui::MainWindow& w, const char* name) {
    auto* button = w.findChild<QPushButton*>(name);
    QVERIFY2(button && button->isVisible(), name);
    QTest::mouseClick(button, Qt::LeftButton);
}

// When the File dialog opens, puts `path` into its file name box and presses Return.
void answerFileDialog(const QString& path) {
    auto* timer = new QTimer;
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, [timer, path] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog) return;
        timer->stop();
        timer->deleteLater();
        auto* name = dialog->findChild<QLineEdit*>("fileNameEdit");
        name->setFocus();
        // Pasted rather than typed: typing a path opens the box's completion popup, which takes the
        // Return (Qt's dialog, not ours, is not what these tests are about).
        name->setText(path);
        QTest::keyClick(name, Qt::Key_Return);
    });
    timer->start();
}

// Opens a menu of the menu bar with a click and clicks one of its entries.
void clickMenu(gui::MainWindow& w, QMenu* menu, QAction* action) {
    QMenuBar* bar = w.menuBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(menu->menuAction()).center());
    QTRY_VERIFY(menu->isVisible());
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
}

QPoint nodeOnScreen(gui::MainWindow& w, const std::string& title) {
    for (const auto& n : w.scene()->topology().nodes)
        if (n.title == title) return w.canvas()->mapFromScene(w.scene()->nodeRect(n.id).center());
    return {};
}

QString listText(QListWidget* list) {
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->text();
    return out.join("\n");
}

} // namespace

class ActivityModeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goalsHintsAndQuestion_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("goal");
        QTest::addColumn<QString>("none");
        QTest::addColumn<QString>("one");
        QTest::addColumn<QString>("hint");
        QTest::newRow("en") << "en"
                            << "Before the next step: Will web reach db at its address, 172.19.0.2?"
                            << "You said yes, but the lab says no. Look at the step's narration for why."
                            << "Make web reach db by name"
                            << "Goals met: 0 of 1"
                            << "Goals met: 1 of 1"
                            << "Hint 1: A container can be";
        QTest::newRow("zh_CN") << "zh_CN"
                               << QString::fromUtf8("下一步之前：web 能按 IP（172.19.0.2）连到 db 吗？")
                               << QString::fromUtf8(
                                      "你答的是“是”，实验室的结果是“否”。看看这一步的讲解，找找原因。")
                               << QString::fromUtf8("不删除任何规则，让 web 能按名字连到 db")
                               << QString::fromUtf8("已达成目标：0 / 1")
                               << QString::fromUtf8("已达成目标：1 / 1")
                               << QString::fromUtf8("提示 1：一个容器可以同时接入多个网络");
    }
    void goalsHintsAndQuestion() {
        QFETCH(QString, language);
        QFETCH(QString, question);
        QFETCH(QString, outcome);
        QFETCH(QString, goal);
        QFETCH(QString, none);
        QFETCH(QString, one);
        QFETCH(QString, hint);
        gui::MainWindow w(testing::loadLesson("isolation.md"), language);
        testing::openWindow(w);
        auto* dock = w.activityDock();
        QVERIFY(!dock->isVisible());
        press(w, Qt::Key_M, Qt::ControlModifier);
        QVERIFY(dock->isVisible());
        QVERIFY(w.findChild<QAction*>("activityMode")->isChecked());
        press(w, Qt::Key_PageDown);
        QCOMPARE(w.player().position(), std::size_t{1});
        // Step 2 asks first: '.' (event by event) and Page Down show the question and wait for the answer.
        w.canvas()->setFocus();
        press(w, Qt::Key_Period);
        QVERIFY(dock->asking());
        QVERIFY(!w.microStep());
        w.canvas()->setFocus();
        press(w, Qt::Key_PageDown);
        QCOMPARE(w.player().position(), std::size_t{1});
        QVERIFY(dock->asking());
        QCOMPARE(dock->questionText(), question);
        clickButton(w, "answerYes");
        QCOMPARE(w.player().position(), std::size_t{2});
        QVERIFY2(dock->outcomeText().endsWith(outcome), qPrintable(dock->outcomeText()));
        // The step's goal, not met yet; a hint on request; met once the student connects web.
        QCOMPARE(dock->goalList()->count(), 1);
        QVERIFY2(dock->goalList()->item(0)->text().startsWith(QString::fromUtf8("\u2610 ") + goal),
                 qPrintable(dock->goalList()->item(0)->text()));
        QCOMPARE(dock->progressText(), none);
        QVERIFY(dock->hintText().isEmpty());
        clickButton(w, "hintButton");
        QVERIFY2(dock->hintText().startsWith(hint), qPrintable(dock->hintText()));
        type(w, "docker network connect backend web");
        QVERIFY(dock->goalList()->item(0)->text().startsWith(QString::fromUtf8("\u2714 ")));
        QCOMPARE(dock->progressText(), one);
        // Ctrl+Z on the empty console line undoes it: the goal is open again.
        w.consoleInput()->setFocus();
        QTest::keyClick(w.consoleInput(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(dock->progressText(), none);
        // The activity mode off: the panel goes, and steps no longer wait for answers.
        w.canvas()->setFocus();
        press(w, Qt::Key_M, Qt::ControlModifier);
        QVERIFY(!dock->isVisible());
    }

    void languageSwitchRetranslatesTheActivity() {
        gui::MainWindow w(testing::loadLesson("isolation.md"), "en");
        testing::openWindow(w);
        press(w, Qt::Key_M, Qt::ControlModifier);
        press(w, Qt::Key_PageDown);
        press(w, Qt::Key_PageDown);
        clickButton(w, "answerNo");
        QVERIFY(w.activityDock()->outcomeText().endsWith("You said no, and the lab says no: right."));
        auto* bar = w.findChild<QToolBar*>("playback");
        QTest::mouseClick(bar->widgetForAction(w.findChild<QAction*>("language")), Qt::LeftButton);
        QCOMPARE(w.activityDock()->windowTitle(), QString::fromUtf8("练习"));
        QCOMPARE(w.activityDock()->progressText(), QString::fromUtf8("已达成目标：0 / 1"));
        QVERIFY(w.activityDock()->outcomeText().endsWith(
            QString::fromUtf8("你答的是“否”，实验室的结果是“否”：答对了。")));
    }

    void saveAndOpenALab() {
        QTemporaryDir dir;
        const QString file = dir.filePath("student.vethlab");
        {
            gui::MainWindow w(testing::loadLesson("isolation.md"), "en");
            testing::openWindow(w);
            press(w, Qt::Key_PageDown);
            type(w, "docker network connect backend web");
            answerFileDialog(file);
            press(w, Qt::Key_S, Qt::ControlModifier);
            QTRY_VERIFY(QFile::exists(file));
            QVERIFY(w.statusBar()->currentMessage().startsWith("Saved the lab to "));
        }
        QFile saved(file);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QString json = saved.readAll();
        QVERIFY(json.contains("\"lesson\": \"isolation\""));
        QVERIFY(json.contains("\"docker network connect backend web\""));

        gui::MainWindow w(testing::loadLesson("tour.md"), "en");
        testing::openWindow(w);
        answerFileDialog(file);
        press(w, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(w.session().lesson().id, std::string("isolation"));
        QCOMPARE(w.player().position(), std::size_t{1});
        QVERIFY(w.consoleText().contains("docker network connect backend web"));
        QVERIFY(w.windowTitle().contains("isolat"));
        // And its lab is the student's: web is on backend now.
        type(w, "docker exec web ping -c 1 db");
        QVERIFY(w.consoleText().contains("1 packets received"));
    }

    void openALessonAndExportTheTranscript() {
        QTemporaryDir dir;
        gui::MainWindow w(testing::loadLesson("tour.md"), "en");
        testing::openWindow(w);
        answerFileDialog(QString(VETHLAB_SOURCE_DIR) + "/scenarios/link.md");
        press(w, Qt::Key_O, Qt::ControlModifier);
        QTRY_COMPARE(w.session().lesson().id, std::string("link"));
        QCOMPARE(w.player().position(), std::size_t{0});
        testing::openWindow(w); // the dialog closed: the window active again, as a window manager leaves it
        press(w, Qt::Key_PageDown);
        QCOMPARE(w.player().position(), std::size_t{1});
        type(w, "docker ps");
        type(w, "clear");
        QVERIFY(!w.consoleText().contains("docker ps"));
        const QString file = dir.filePath("console.txt");
        answerFileDialog(file);
        QMenu* fileMenu = w.menuBar()->findChildren<QMenu*>().front();
        clickMenu(w, fileMenu, w.findChild<QAction*>("exportTranscript"));
        QTRY_VERIFY(QFile::exists(file));
        QFile out(file);
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QString text = out.readAll();
        QVERIFY2(text.contains("--link tomcat81"), qPrintable(text));
        QVERIFY(text.contains("# docker ps\n")); // cleared from the screen, kept in the transcript
    }

    void notesAndHighlightsAreKept() {
        QTemporaryDir dir;
        gui::MainWindow w(testing::loadLesson("link.md"), "en");
        testing::openWindow(w);
        press(w, Qt::Key_PageDown);
        press(w, Qt::Key_F);
        // N, click the canvas, type: a note.
        press(w, Qt::Key_N);
        QVERIFY(w.findChild<QAction*>("noteTool")->isChecked());
        const QPoint spot = w.canvas()->viewport()->rect().center() + QPoint(0, 120);
        QTest::mouseClick(w.canvas()->viewport(), Qt::LeftButton, {}, spot);
        QVERIFY(!w.findChild<QAction*>("noteTool")->isChecked());
        QTest::keyClicks(w.canvas()->viewport(), "Hosts file here");
        QTest::keyClick(w.canvas()->viewport(), Qt::Key_Escape);
        // H, drag: a highlight.
        w.canvas()->setFocus();
        press(w, Qt::Key_H);
        QTest::mousePress(w.canvas()->viewport(), Qt::LeftButton, {}, QPoint(40, 40));
        QTest::mouseMove(w.canvas()->viewport(), QPoint(120, 100));
        QTest::mouseRelease(w.canvas()->viewport(), Qt::LeftButton, {}, QPoint(160, 130));
        auto notes = w.annotations()->annotations();
        QCOMPARE(notes.size(), std::size_t{2});
        QCOMPARE(notes[0].text, std::string("Hosts file here"));
        QCOMPARE(notes[1].kind, scenario::Annotation::Kind::Highlight);
        QVERIFY(notes[1].width > 50);
        // They survive the canvas redrawing on a typed command, and go into the saved lab.
        type(w, "docker ps");
        QCOMPARE(w.annotations()->annotations().size(), std::size_t{2});
        const QString lab = dir.filePath("notes.vethlab");
        answerFileDialog(lab);
        press(w, Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY(QFile::exists(lab));
        // ... and into an exported picture.
        const QString svg = dir.filePath("notes.svg");
        answerFileDialog(svg);
        QMenu* fileMenu = w.menuBar()->findChildren<QMenu*>().front();
        QMenu* exportMenu = fileMenu->findChildren<QMenu*>().front();
        QMenuBar* bar = w.menuBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(fileMenu->menuAction()).center());
        QTRY_VERIFY(fileMenu->isVisible());
        QTest::mouseClick(fileMenu, Qt::LeftButton, {},
                          fileMenu->actionGeometry(exportMenu->menuAction()).center());
        QTRY_VERIFY(exportMenu->isVisible());
        QAction* svgAction = nullptr;
        for (QAction* a : exportMenu->actions())
            if (a->text() == "SVG") svgAction = a;
        QTest::mouseClick(exportMenu, Qt::LeftButton, {}, exportMenu->actionGeometry(svgAction).center());
        QTRY_VERIFY(QFile::exists(svg));
        QFile picture(svg);
        QVERIFY(picture.open(QIODevice::ReadOnly));
        QVERIFY(QString(picture.readAll()).contains("Hosts file here"));
        // Opened again: the notes are back on the canvas.
        gui::MainWindow again(testing::loadLesson("tour.md"), "en");
        testing::openWindow(again);
        answerFileDialog(lab);
        press(again, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(again.annotations()->annotations().size(), std::size_t{2});
        bool drawn = false;
        for (auto* item : again.scene()->items())
            if (auto* t = dynamic_cast<QGraphicsTextItem*>(item))
                drawn = drawn || t->toPlainText() == "Hosts file here";
        QVERIFY(drawn);
    }

    void pingBetweenTwoClickedNodes_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("failure");
        QTest::addColumn<QString>("success");
        QTest::newRow("en") << "en"
                            << "failure: dropped by a netfilter rule (-A DOCKER-ISOLATION-STAGE-2"
                            << "success, the echo reply came back";
        QTest::newRow("zh_CN") << "zh_CN" << QString::fromUtf8("失败：") << QString::fromUtf8("成功");
    }
    void pingBetweenTwoClickedNodes() {
        QFETCH(QString, language);
        QFETCH(QString, failure);
        QFETCH(QString, success);
        gui::MainWindow w(testing::loadLesson("isolation.md"), language);
        testing::openWindow(w);
        press(w, Qt::Key_PageDown);
        press(w, Qt::Key_F);
        auto* viewport = w.canvas()->viewport();
        // P, then the sender and the receiver.
        press(w, Qt::Key_P);
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, "web"));
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, "db"));
        QCOMPARE(w.pingResults()->count(), 1);
        QVERIFY2(w.pingResults()->item(0)->text().startsWith(
                     QString::fromUtf8("\u2718 web \u2192 db (172.19.0.2): ")),
                 qPrintable(listText(w.pingResults())));
        QVERIFY2(w.pingResults()->item(0)->text().contains(failure), qPrintable(listText(w.pingResults())));
        QVERIFY(!w.findChild<QAction*>("pingTool")->isChecked());
        // From the host the bridges are reached directly.
        w.canvas()->setFocus();
        press(w, Qt::Key_P);
        QString host;
        for (const auto& n : w.scene()->topology().nodes)
            if (n.kind == topology::Node::Kind::Host) host = QString::fromStdString(n.title);
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, host.toStdString()));
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, "db"));
        QCOMPARE(w.pingResults()->count(), 2);
        QVERIFY2(w.pingResults()->item(1)->text().startsWith(QString::fromUtf8("\u2714 ")),
                 qPrintable(listText(w.pingResults())));
        QVERIFY(w.pingResults()->item(1)->text().contains(success));
        // The lesson's own lab is untouched: the pings ran on a twin.
        QVERIFY(!w.consoleText().contains("ping -c 1 -W 1"));
    }

    void httpRequestBetweenTwoClickedNodes_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("failure");
        QTest::addColumn<QString>("success");
        QTest::newRow("en") << "en"
                            << "failure: dropped by a netfilter rule (-A DOCKER-ISOLATION-STAGE-2"
                            << "success, the server answered HTTP/1.1 200";
        QTest::newRow("zh_CN") << "zh_CN" << QString::fromUtf8("失败：")
                               << QString::fromUtf8("成功，服务器回答 HTTP/1.1 200");
    }
    void httpRequestBetweenTwoClickedNodes() {
        // Shift+P, then the client and the server: curl to the port the server listens on (tomcat's
        // 8080, from its image), listed with success or failure and why.
        QFETCH(QString, language);
        QFETCH(QString, failure);
        QFETCH(QString, success);
        gui::MainWindow w(testing::loadLesson("port-publishing.md"), language);
        testing::openWindow(w);
        for (std::size_t i = 0; i < w.player().stepCount(); ++i)
            press(w, Qt::Key_PageDown);
        press(w, Qt::Key_F);
        auto* viewport = w.canvas()->viewport();
        press(w, Qt::Key_P, Qt::ShiftModifier);
        QVERIFY(w.findChild<QAction*>("httpTool")->isChecked());
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, "client"));
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, "tomcat81"));
        QCOMPARE(w.pingResults()->count(), 1);
        QVERIFY2(w.pingResults()->item(0)->text().startsWith(
                     QString::fromUtf8("\u2718 client \u2192 tomcat81 (http://172.17.0.2:8080/): ")),
                 qPrintable(listText(w.pingResults())));
        QVERIFY2(w.pingResults()->item(0)->text().contains(failure), qPrintable(listText(w.pingResults())));
        QVERIFY(w.pingResults()->item(0)->text().contains("docker exec client curl -sS -m 2 -I "
                                                          "http://172.17.0.2:8080/"));
        QVERIFY(!w.findChild<QAction*>("httpTool")->isChecked());
        // From the host, the container's port is reached directly.
        w.canvas()->setFocus();
        press(w, Qt::Key_P, Qt::ShiftModifier);
        QString host;
        for (const auto& n : w.scene()->topology().nodes)
            if (n.kind == topology::Node::Kind::Host) host = QString::fromStdString(n.title);
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, host.toStdString()));
        QTest::mouseClick(viewport, Qt::LeftButton, {}, nodeOnScreen(w, "tomcat81"));
        QCOMPARE(w.pingResults()->count(), 2);
        QVERIFY2(w.pingResults()->item(1)->text().startsWith(QString::fromUtf8("\u2714 ")),
                 qPrintable(listText(w.pingResults())));
        QVERIFY2(w.pingResults()->item(1)->text().contains(success), qPrintable(listText(w.pingResults())));
        QVERIFY(!w.consoleText().contains("curl -sS")); // on a twin
    }
};

QTEST_MAIN(ActivityModeTest)
#include "test_activity_mode.moc"
