// The window's "Real kernel" switch, pressed as a teacher presses it: the lesson so far is rebuilt on
// the real kernel, the console's tools run there, the banner says so, the Diff dock finds no
// difference, stepping back rebuilds the sandbox, and switching off removes it. Without root the
// switch says why in the banner and the simulation goes on.
#include <QAction>
#include <QApplication>
#include <QGraphicsView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QtTest>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "kernel/state_diff.h"
#include "lesson_file.h"
#include "main_window.h"
#include "netns.h"
#include "scenario.h"
#include "window_open.h"

using namespace vethlab;

namespace {

int labNamespaces() {
    int n = 0;
    for (const auto& name : kernel::listNetns())
        n += name.rfind("vethlab-", 0) == 0;
    return n;
}

} // namespace

class KernelToggleTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void switchOnStepBackSwitchOff() {
        gui::MainWindow w(testing::loadLesson("link.md"), "en");
        testing::openWindow(w);
        QTest::keyClick(w.canvas(), Qt::Key_PageDown);
        auto* action = w.findChild<QAction*>("realKernel");
        QVERIFY(action);
        QWidget* button = w.findChild<QToolBar*>("playback")->widgetForAction(action);
        QVERIFY(button && button->isVisible());
        auto* banner = w.findChild<QLabel*>("backendBanner");
        QVERIFY(banner);
        QCOMPARE(banner->text(), QString("Simulation"));
        const int before = labNamespaces();
        QTest::mouseClick(button, Qt::LeftButton);
        if (geteuid() != 0) {
            QVERIFY(!action->isChecked());
            QVERIFY2(banner->text().contains("unavailable"), qPrintable(banner->text()));
            QSKIP("the real-kernel part needs root");
        }
        QVERIFY(action->isChecked());
        QVERIFY2(banner->text().startsWith("REAL KERNEL"), qPrintable(banner->text()));
        QVERIFY(labNamespaces() > before);
        auto* diff = w.findChild<QListWidget*>("diffList");
        QVERIFY(diff && diff->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(diff->item(diff->count() - 1)->text(),
                                  QString("The kernel agrees with the simulation: 0 differences"), 5000);
        // A console line runs the real ip inside the container.
        w.consoleInput()->setFocus();
        QTest::keyClicks(w.consoleInput(), "docker exec tomcat81 ip -br link show eth0");
        QTest::keyClick(w.consoleInput(), Qt::Key_Return);
        const QString console = w.consoleView()->toPlainText();
        QVERIFY2(console.contains(QRegularExpression("eth0@if[0-9]+ +UP +02:42:ac:11:00:02")),
                 qPrintable(console.right(400)));
        // The reachability matrix on the kernel: real pings in the sandbox (they fill the real host's
        // ARP table), and their simulated twins move the model the same way; tomcat82 reaches tomcat81
        // by name through --link.
        auto hostNeighbours = [&] {
            std::string t;
            auto sink = [&](const std::string& x) { t += x; };
            w.player().terminal().execute("ip neigh", sink, sink); // the real ip, on the real host
            return t;
        };
        const std::string tomcat82 = "172.17.0.3 dev docker0 lladdr 02:42:ac:11:00:03";
        QVERIFY(hostNeighbours().find(tomcat82) == std::string::npos);
        auto modelKnows = [&] {
            const auto* docker0 = w.player().lab().kernel().root().linkByName("docker0");
            for (const auto& n : w.player().lab().kernel().root().neighbours)
                if (docker0 && n.ifindex == docker0->ifindex && n.ip.str() == "172.17.0.3") return true;
            return false;
        };
        QVERIFY(!modelKnows());
        QTest::mouseClick(w.findChild<QPushButton*>("probeButton"), Qt::LeftButton);
        QVERIFY2(hostNeighbours().find(tomcat82) != std::string::npos, hostNeighbours().c_str());
        QVERIFY(modelKnows());
        auto* matrix = w.reachability()->model();
        QCOMPARE(matrix->headerData(1, Qt::Vertical).toString(), QString("tomcat82"));
        QCOMPARE(matrix->headerData(0, Qt::Horizontal).toString(), QString("tomcat81"));
        QCOMPARE(matrix->index(1, 0).data().toString(), QString::fromUtf8("IP \u2714  name \u2714"));
        QCOMPARE(matrix->index(0, 1).data().toString(), QString::fromUtf8("IP \u2714  name \u2718"));
        QVERIFY(w.statusBar()->currentMessage().contains("real pings"));
        // Back one step: the sandbox is rebuilt to that step, still on the kernel.
        w.canvas()->setFocus();
        QTest::keyClick(w.canvas(), Qt::Key_PageUp);
        QVERIFY(banner->text().startsWith("REAL KERNEL"));
        // Off: the lab's namespaces go with the helper.
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!action->isChecked());
        QCOMPARE(banner->text(), QString("Simulation"));
        QTRY_COMPARE_WITH_TIMEOUT(labNamespaces(), before, 10000);
    }
};

QTEST_MAIN(KernelToggleTest)
#include "test_kernel_toggle.moc"
