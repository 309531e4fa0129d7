// The teaching window, offscreen: the tour opens, steps forward and back, the canvas holds an item for
// each namespace, bridge and veth end (labelled as `ip addr` names them), the animation follows the
// engine's trace, exports give valid files, and the Chinese translation loads.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDomDocument>
#include <QFile>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QXmlStreamReader>
#include <QtTest>
#include <fstream>
#include <sstream>

#include "custom_plot.h"
#include "diagram_export.h"
#include "lesson_file.h"
#include "main_window.h"
#include "topology.h"
#include "topology_scene.h"
#include "window_open.h"

using namespace vethlab;

namespace {

scenario::Scenario tour() {
    return testing::loadLesson("tour.md");
}

QStringList texts(QGraphicsScene* scene) {
    QStringList out;
    for (auto* item : scene->items())
        if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item)) out << t->text();
    return out;
}

bool has(const QStringList& list, const QRegularExpression& re) {
    for (const auto& s : list)
        if (re.match(s).hasMatch()) return true;
    return false;
}

void open(gui::MainWindow& w) {
    testing::openWindow(w);
}

void key(gui::MainWindow& w, Qt::Key k, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QTest::keyClick(w.canvas(), k, mods);
}

bool forward(gui::MainWindow& w) {
    const std::size_t at = w.player().position();
    key(w, Qt::Key_PageDown);
    return w.player().position() == at + 1;
}

void type(gui::MainWindow& w, const QString& line) {
    w.consoleInput()->setFocus();
    QTest::keyClicks(w.consoleInput(), line);
    QTest::keyClick(w.consoleInput(), Qt::Key_Return);
    w.canvas()->setFocus();
}

void consoleKey(gui::MainWindow& w, Qt::KeyboardModifiers mods) {
    w.consoleInput()->setFocus();
    QTest::keyClick(w.consoleInput(), Qt::Key_Z, mods);
    w.canvas()->setFocus();
}

// Clicks the tab of a tabified panel, as a person brings it to the front.
void showPanel(gui::MainWindow& w, const QString& title) {
    for (auto* bar : w.findChildren<QTabBar*>())
        for (int i = 0; i < bar->count(); ++i)
            if (bar->tabText(i) == title)
                QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(i).center());
}

// Clicks a node's box on the canvas (scrolling to it first).
void clickNode(gui::MainWindow& w, const std::string& id) {
    const QRectF box = w.scene()->nodeRect(id);
    QVERIFY(!box.isEmpty());
    w.canvas()->centerOn(box.center());
    const QPointF corner = box.topLeft() + QPointF(4, 4); // on the box, clear of its text
    QTest::mouseClick(w.canvas()->viewport(), Qt::LeftButton, {}, w.canvas()->mapFromScene(corner));
}

void chooseFilter(gui::MainWindow& w, int index) {
    auto* combo = w.findChild<QComboBox*>("eventFilter");
    showPanel(w, "Events");
    combo->setFocus();
    for (int i = 0; i < combo->count(); ++i) // to the top (Home is the window's Restart)
        QTest::keyClick(combo, Qt::Key_Up);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    w.canvas()->setFocus();
}

void clickEvent(gui::MainWindow& w, int row) {
    auto* tree = w.findChild<QTreeView*>("events");
    const QModelIndex item = tree->model()->index(row, 0);
    tree->scrollTo(item);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(item).center());
}

} // namespace

class GuiTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void canvasFollowsTheSteps() {
        gui::MainWindow w(tour(), "en");
        open(w);
        // Before any step: the host, docker0 and the LAN; no container namespace.
        auto before = texts(w.scene());
        QVERIFY(has(before, QRegularExpression("^docker0 172\\.17\\.0\\.1/16$")));
        QVERIFY(!before.contains("tomcat81"));
        QVERIFY(forward(w));
        QVERIFY(forward(w)); // the bridge lesson: tomcat81 and tomcat82 on docker0
        auto bridge = texts(w.scene());
        QVERIFY(bridge.contains("tomcat81"));
        QVERIFY(bridge.contains("tomcat82"));
        QVERIFY(bridge.contains("17: eth0@if18"));                              // container end
        QVERIFY(has(bridge, QRegularExpression("^18: veth[0-9a-f]{7}@if17$"))); // host end
        QVERIFY(has(bridge, QRegularExpression("^19: eth0@if20")));
        // The lesson's own output is in the console, and the step's kernel operations under the hood.
        QVERIFY(w.consoleText().contains("docker run -d -p 8081:8080 --name tomcat81"));
        QVERIFY(w.underTheHoodText().contains("ip link add veth"));
        key(w, Qt::Key_PageUp);
        auto back = texts(w.scene());
        QVERIFY(!back.contains("tomcat81"));
        QCOMPARE(w.player().position(), std::size_t{1});
        QVERIFY(forward(w));
        QCOMPARE(texts(w.scene()).filter("eth0@if").size(), bridge.filter("eth0@if").size());
    }

    void undoRestoresTheLab() {
        gui::MainWindow w(tour(), "en");
        open(w);
        QVERIFY(forward(w));
        QVERIFY(forward(w));
        const auto kernelBefore = w.player().lab().kernel();
        const auto daemonBefore = w.player().lab().daemon();
        const QString consoleBefore = w.consoleText();
        type(w, "docker network create classroom");
        type(w, "docker run -d --name web --network classroom alpine httpd -f -p 80");
        QVERIFY(w.consoleText().contains("docker network create classroom"));
        QVERIFY(w.scene()->topology().node(
            "ns:" + w.player().lab().daemon().findContainer("web")->sandboxId.substr(0, 12)));
        consoleKey(w, Qt::ControlModifier);
        consoleKey(w, Qt::ControlModifier);
        QVERIFY(w.player().lab().kernel() == kernelBefore);
        QVERIFY(w.player().lab().daemon() == daemonBefore);
        QCOMPARE(w.consoleText(), consoleBefore);
        consoleKey(w, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        QVERIFY(!w.player().lab().daemon().findContainer("web"));
        // Stepping back keeps what was typed before the step; the step itself is undone.
        QVERIFY(forward(w));
        key(w, Qt::Key_PageUp);
        QVERIFY(w.player().lab().daemon().findNetwork("classroom"));
        QCOMPARE(w.player().position(), std::size_t{2});
    }

    void animationFollowsTheTrace() {
        gui::MainWindow w(tour(), "en");
        open(w);
        for (int i = 0; i < 8; ++i)
            QVERIFY(forward(w)); // the user-defined network: pings by name
        const auto& trace = w.player().terminal().engine().trace();
        QVERIFY(!trace.empty());
        std::vector<sim::TraceEvent> events(
            trace.end() - std::min<long>(200, static_cast<long>(trace.size())), trace.end());
        const int frames = w.scene()->animate(events);
        QVERIFY(frames > 0);
        QVERIFY(w.scene()->animating());
        // Every animated frame is a transmission or a drop of the trace, in the trace's order.
        const auto& order = w.scene()->animatedEvents();
        QCOMPARE(static_cast<int>(order.size()), frames);
        for (std::size_t k = 0; k < order.size(); ++k) {
            QVERIFY(events[order[k]].direction == "tx" || events[order[k]].direction == "drop");
            if (k) QVERIFY(order[k] > order[k - 1]);
        }
        QVERIFY(w.eventsText().contains("ICMP echo request"));
        // Protocol filters and the selected frame's layers.
        const int all = w.visibleEvents();
        chooseFilter(w, 1); // ARP
        const int arp = w.visibleEvents();
        QVERIFY(arp > 0 && arp < all);
        chooseFilter(w, 2); // ICMP
        QVERIFY(w.visibleEvents() > 0 && w.visibleEvents() + arp <= all);
        chooseFilter(w, 0);
        QCOMPARE(w.visibleEvents(), all);
        for (int row = 0; row < all; ++row) {
            clickEvent(w, row);
            if (w.frameDetailsText().contains("ICMP\n")) break;
        }
        const QString details = w.frameDetailsText();
        QVERIFY(details.startsWith("Ethernet II\n  Destination: "));
        QVERIFY(details.contains("IPv4\n"));
        QVERIFY(details.contains("  Type: 8 (echo request)") || details.contains("  Type: 0 (echo reply)"));
        // The step's ping: one RTT point per reply, as ping printed them; addresses per bridge network.
        QCOMPARE(w.rttChart()->graphCount(), 1);
        QCOMPARE(w.rttChart()->graph(0)->dataCount(), 3); // ping -c 3 tomcat92
        for (int i = 0; i < 3; ++i)
            QVERIFY(w.rttChart()->graph(0)->data()->at(i)->value > 0);
        auto* used = qobject_cast<QCPBars*>(w.addressChart()->plottable(0));
        QVERIFY(used);
        QCOMPARE(used->dataCount(), 2); // bridge and tomcat_network
        // Eleven boxes, none on top of another, and the same picture for the same lab.
        const auto& nodes = w.scene()->topology().nodes;
        QVERIFY(nodes.size() > 10);
        for (std::size_t i = 0; i < nodes.size(); ++i)
            for (std::size_t k = i + 1; k < nodes.size(); ++k)
                QVERIFY2(!w.scene()->nodeRect(nodes[i].id).intersects(w.scene()->nodeRect(nodes[k].id)),
                         (nodes[i].id + " overlaps " + nodes[k].id).c_str());
        gui::MainWindow again(tour(), "en");
        open(again);
        for (int i = 0; i < 8; ++i)
            QVERIFY(forward(again));
        for (const auto& n : nodes)
            QCOMPARE(again.scene()->nodeRect(n.id), w.scene()->nodeRect(n.id));
    }

    void microStepsShowOneEventAtATime() {
        gui::MainWindow w(tour(), "en");
        open(w);
        for (int i = 0; i < 7; ++i)
            QVERIFY(forward(w)); // the next step pings by name on tomcat_network
        const std::size_t total = w.player().eventsOfNextStep();
        QVERIFY(total > 20);
        // Events 1-11 ask the embedded DNS over lo for the name (A and AAAA; lo is not drawn); event 12
        // puts the first frame on the wire (the engine cancels resolved entries' ARP timers, so no stale
        // timer of an earlier step runs first).
        for (int i = 0; i < 12; ++i)
            key(w, Qt::Key_Period);
        QCOMPARE(w.microStep(), std::optional<std::size_t>{12});
        QVERIFY(w.player().partial());
        const auto lesson = tour(); // a Player keeps a reference to its scenario
        QCOMPARE(
            w.player().terminal().engine().eventsRun() -
                [&] {
                    scenario::Player start(lesson);
                    start.jumpTo(7);
                    return start.terminal().engine().eventsRun();
                }(),
            std::uint64_t{12});
        QVERIFY(!w.scene()->animatedEvents().empty()); // the frames of event 12 travel
        key(w, Qt::Key_Comma);
        QCOMPARE(w.microStep(), std::optional<std::size_t>{11});
        scenario::Player at11(lesson);
        at11.jumpTo(7);
        at11.playPartial(11);
        QVERIFY(w.player().lab().kernel() == at11.lab().kernel());
        QVERIFY(forward(w)); // a whole step from the middle of one
        QCOMPARE(w.player().position(), std::size_t{8});
        QVERIFY(!w.player().partial());
        scenario::Player whole(lesson);
        whole.jumpTo(8);
        QVERIFY(w.player().lab().kernel() == whole.lab().kernel());
    }

    void reachabilityMatrix() {
        gui::MainWindow w(tour(), "en");
        open(w);
        for (int i = 0; i < 8; ++i)
            QVERIFY(forward(w)); // docker0 containers, tomcat84 (none), tomcat91/92 on tomcat_network
        const auto kernelBefore = w.player().lab().kernel();
        showPanel(w, "Reachability");
        QTest::mouseClick(w.findChild<QPushButton*>("probeButton"), Qt::LeftButton);
        QVERIFY(w.player().lab().kernel() == kernelBefore); // the probes ran on a twin
        auto* t = w.reachability()->model();
        QAbstractItemModelTester check(t, QAbstractItemModelTester::FailureReportingMode::QtTest);
        struct Cell {
            QModelIndex at;
            QString text() const { return at.data().toString(); }
            QString toolTip() const { return at.data(Qt::ToolTipRole).toString(); }
            const Cell* operator->() const { return this; }
        };
        auto cell = [&](const QString& from, const QString& to) {
            int r = -1, c = -1;
            for (int i = 0; i < t->rowCount(); ++i)
                if (t->headerData(i, Qt::Vertical).toString() == from) r = i;
            for (int i = 0; i < t->columnCount(); ++i)
                if (t->headerData(i, Qt::Horizontal).toString() == to) c = i;
            return Cell{t->index(r, c)};
        };
        const QString yes = QString::fromUtf8("\u2714"), no = QString::fromUtf8("\u2718");
        QCOMPARE(cell("tomcat91", "tomcat92")->text(), "IP " + yes + "  name " + yes);
        QCOMPARE(cell("tomcat81", "tomcat82")->text(), "IP " + yes + "  name " + no); // docker0: no DNS
        QVERIFY(cell("tomcat81", "tomcat82")->toolTip().contains("the name does not resolve here"));
        QCOMPARE(cell("tomcat91", "tomcat81")->text(), "IP " + no + "  name " + no);
        QVERIFY(cell("tomcat91", "tomcat81")->toolTip().contains("dropped by -A DOCKER-ISOLATION-STAGE-2"));
        QVERIFY(cell("tomcat84", "tomcat81")->toolTip().contains("no route"));
        QVERIFY(cell("host", "tomcat91")->text().startsWith("IP " + yes));
        QVERIFY(cell("tomcat81", "google.com")->text().startsWith("IP " + yes)); // through MASQUERADE
        QCOMPARE(cell("tomcat81", "tomcat81")->text(), QString("IP -  name -"));
    }

    void inspectorShowsWhatTheCommandsPrint() {
        gui::MainWindow w(tour(), "en");
        open(w);
        QVERIFY(forward(w));
        QVERIFY(forward(w));
        const auto* c = w.player().lab().daemon().findContainer("tomcat81");
        QVERIFY(c);
        const auto kernelBefore = w.player().lab().kernel();
        clickNode(w, "ns:" + c->sandboxId.substr(0, 12));
        const QString text = w.inspectorText();
        QVERIFY(text.contains("docker exec tomcat81 ip addr\n"));
        QVERIFY(text.contains("17: eth0@if18: <BROADCAST,MULTICAST,UP,LOWER_UP>"));
        QVERIFY(text.contains("default via 172.17.0.1 dev eth0"));
        QVERIFY(text.contains("nameserver "));
        QVERIFY(text.contains("\"IPAddress\": \"172.17.0.2\""));
        clickNode(w, "br:docker0");
        QVERIFY(w.inspectorText().contains("docker network inspect bridge"));
        clickNode(w, "host");
        QVERIFY(w.inspectorText().contains("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"));
        QVERIFY(w.player().lab().kernel() == kernelBefore); // the commands ran on a twin
    }

    void exportsAreValid() {
        gui::MainWindow w(tour(), "en");
        open(w);
        QVERIFY(forward(w));
        QVERIFY(forward(w));
        QTemporaryDir dir;
        const QString svg = dir.filePath("t.svg"), png = dir.filePath("t.png"), pdf = dir.filePath("t.pdf");
        QVERIFY(w.scene()->exportSvg(svg, "Bridge mode"));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        int textNodes = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("text")) ++textNodes;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(textNodes > 5);
        QVERIFY(w.scene()->exportPng(png, "Bridge mode", 2));
        QImage image(png);
        QVERIFY(!image.isNull());
        const QRectF bounds = w.scene()->stillRect();
        QCOMPARE(image.width(), static_cast<int>(bounds.width() * 2));
        QCOMPARE(image.height(), static_cast<int>((bounds.height() + gui::TopologyScene::kTitleHeight) * 2));
        QVERIFY(w.scene()->exportPdf(pdf, "Bridge mode"));
        QFile p(pdf);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QVERIFY(p.read(5) == "%PDF-");

        const auto t = topology::build(w.player().lab());
        const std::string graphml = topology::toGraphml(t);
        QDomDocument doc;
        QVERIFY(doc.setContent(QByteArray::fromStdString(graphml)));
        QCOMPARE(doc.elementsByTagName("node").size(), static_cast<int>(t.nodes.size()));
        QCOMPARE(doc.elementsByTagName("edge").size(), static_cast<int>(t.edges.size()));
        // draw.io: one vertex per node where the canvas draws its box, one edge per drawn link.
        QDomDocument drawio;
        QVERIFY(drawio.setContent(QByteArray::fromStdString(
            topology::toDrawio(t, w.scene()->boxes(), w.scene()->networkColours(), "Bridge mode"))));
        const auto cells = drawio.elementsByTagName("mxCell");
        int vertices = 0, links = 0;
        for (int i = 0; i < cells.size(); ++i) {
            const auto cell = cells.at(i).toElement();
            if (cell.attribute("vertex") == "1" && cell.attribute("parent") == "1") {
                ++vertices;
                const auto geometry = cell.firstChildElement("mxGeometry");
                const QString id = cell.attribute("id");
                const auto& node = t.nodes[static_cast<std::size_t>(id.mid(1).toInt())];
                const QRectF box = w.scene()->nodeRect(node.id);
                QCOMPARE(geometry.attribute("x").toInt(), qRound(box.x()));
                QCOMPARE(geometry.attribute("width").toInt(), qRound(box.width()));
            }
            if (cell.attribute("edge") == "1") ++links;
        }
        QCOMPARE(vertices, static_cast<int>(t.nodes.size()));
        QCOMPARE(links, static_cast<int>(t.edges.size()));
        const std::string mermaid = topology::toMermaid(t, w.scene()->networkColours(), "Bridge mode");
        QVERIFY(mermaid.rfind("---\ntitle: Bridge mode\n---\nflowchart LR\n", 0) == 0);
        QVERIFY(mermaid.find("|\"17: eth0@if18 \u2194 18: veth") != std::string::npos);
        const std::string dot = topology::toDot(t);
        QVERIFY(dot.find("17: eth0@if18") != std::string::npos);
        const QString dotTool = QStandardPaths::findExecutable("dot");
        if (dotTool.isEmpty()) QSKIP("graphviz is not installed: DOT not parsed");
        QProcess run;
        run.start(dotTool, {"-Tsvg"});
        run.write(QByteArray::fromStdString(dot));
        run.closeWriteChannel();
        QVERIFY(run.waitForFinished(20000));
        QCOMPARE(run.exitCode(), 0);
        QVERIFY(run.readAllStandardOutput().contains("<svg"));
    }

    void exportDrawsTheWindowsLayout() {
        // vethlab-cli export lays the lesson out step by step as the window does: same boxes, same places.
        gui::MainWindow w(tour(), "en");
        open(w);
        for (int i = 0; i < 9; ++i)
            QVERIFY(forward(w));
        QTemporaryDir dir;
        const QString file = dir.filePath("step9.drawio");
        std::string error;
        QCOMPARE(gui::exportDiagram(VETHLAB_SOURCE_DIR "/scenarios/tour.md", 9, "drawio", file.toStdString(),
                                    "en", error),
                 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QDomDocument doc;
        QVERIFY(doc.setContent(&f));
        const auto& nodes = w.scene()->topology().nodes;
        int compared = 0;
        const auto cells = doc.elementsByTagName("mxCell");
        for (int i = 0; i < cells.size(); ++i) {
            const auto cell = cells.at(i).toElement();
            if (cell.attribute("vertex") != "1" || cell.attribute("parent") != "1") continue;
            const auto& node = nodes[static_cast<std::size_t>(cell.attribute("id").mid(1).toInt())];
            const QRectF box = w.scene()->nodeRect(node.id);
            const auto g = cell.firstChildElement("mxGeometry");
            QCOMPARE(QRect(g.attribute("x").toInt(), g.attribute("y").toInt(), g.attribute("width").toInt(),
                           g.attribute("height").toInt()),
                     QRect(qRound(box.x()), qRound(box.y()), qRound(box.width()), qRound(box.height())));
            ++compared;
        }
        QCOMPARE(compared, static_cast<int>(nodes.size()));
        QCOMPARE(gui::exportDiagram(VETHLAB_SOURCE_DIR "/scenarios/tour.md", 11, "drawio", file.toStdString(),
                                    "en", error),
                 2);
        QVERIFY(QString::fromStdString(error).contains("beyond the last step"));
    }

    void chineseTranslationLoads() {
        gui::MainWindow w(tour(), "zh_CN");
        open(w);
        QCOMPARE(w.windowTitle(), QString::fromUtf8("vethlab — ") + QString::fromStdString(tour().titleZh));
        QTranslator t;
        QVERIFY(t.load(":/i18n/vethlab_zh_CN.qm"));
        QCOMPARE(t.translate("vethlab::gui::MainWindow", "Step forward"), QString::fromUtf8("下一步"));
        // Drops are explained in the window's language, on the canvas and in the event list.
        QCOMPARE(gui::TopologyScene::dropReason(sim::DropReason::FilterRule),
                 QString::fromUtf8("被一条 netfilter 规则丢弃"));
        // An export's title names the step in the window's language.
        QCOMPARE(gui::stepTitle(tour(), 2, "zh_CN"),
                 QString::fromUtf8("Docker 网络导览（源自原文） — 第 2 步（共 10 步）：bridge 模式"));
        w.setLanguage("en");
        QVERIFY(!w.windowTitle().contains(QString::fromStdString(tour().titleZh)));
        QCOMPARE(gui::TopologyScene::dropReason(sim::DropReason::FilterRule),
                 QString("dropped by a netfilter rule"));
    }
};

QTEST_MAIN(GuiTest)
#include "test_gui.moc"
