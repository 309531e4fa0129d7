// The canvas of a big lab, offscreen: 800 containers on one network are drawn with no box over another
// (packed, see TopologyScene::kCrowded), as are 60 (pushed apart pair by pair) and a big lab that grows
// by a few containers; the PNG export of a big lab is capped in pixels while the SVG keeps its size.
#include <QApplication>
#include <QImageReader>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "lab.h"
#include "terminal.h"
#include "topology.h"
#include "topology_scene.h"

using namespace vethlab;

namespace {

void startContainers(shell::Terminal& term, int from, int to) {
    auto quiet = [](const std::string&) {};
    for (int i = from; i < to; ++i)
        QCOMPARE(term.execute("docker run -d --network big --name c" + std::to_string(i) +
                                  " alpine sleep infinity",
                              quiet, quiet),
                 0);
}

// Every pair of boxes that overlap, found by a sweep over x (800 boxes: 320k pairs otherwise).
QStringList overlaps(const gui::TopologyScene& scene) {
    std::vector<std::pair<std::string, QRectF>> boxes;
    for (const auto& n : scene.topology().nodes)
        boxes.push_back({n.id, scene.nodeRect(n.id)});
    std::sort(boxes.begin(), boxes.end(),
              [](const auto& a, const auto& b) { return a.second.left() < b.second.left(); });
    QStringList found;
    for (std::size_t i = 0; i < boxes.size(); ++i)
        for (std::size_t k = i + 1; k < boxes.size() && boxes[k].second.left() < boxes[i].second.right(); ++k)
            if (boxes[i].second.intersects(boxes[k].second))
                found << QString::fromStdString(boxes[i].first + " overlaps " + boxes[k].first);
    return found;
}

} // namespace

class TestBigLabCanvas : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boxesDoNotOverlap_data() {
        QTest::addColumn<int>("containers");
        QTest::newRow("60: pushed apart") << 60;
        QTest::newRow("800: packed") << 800;
    }
    void boxesDoNotOverlap() {
        QFETCH(int, containers);
        Lab lab(*LabSettings::preset("default"));
        shell::Terminal term(lab);
        auto quiet = [](const std::string&) {};
        term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
        startContainers(term, 0, containers);
        gui::TopologyScene scene;
        scene.setTopology(topology::build(lab));
        QCOMPARE(static_cast<int>(scene.topology().nodes.size()), containers + 4); // host, 2 bridges, LAN
        QCOMPARE(overlaps(scene), QStringList());
        // A few more: the old boxes are pinned, the new ones find room among them.
        startContainers(term, containers, containers + 5);
        scene.setTopology(topology::build(lab));
        QCOMPARE(static_cast<int>(scene.topology().nodes.size()), containers + 9);
        QCOMPARE(overlaps(scene), QStringList());
    }

    void pngOfABigLabIsCappedSvgIsNot() {
        Lab lab(*LabSettings::preset("default"));
        shell::Terminal term(lab);
        auto quiet = [](const std::string&) {};
        term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
        startContainers(term, 0, 300);
        gui::TopologyScene scene;
        scene.setTopology(topology::build(lab));
        QTemporaryDir dir;
        const QString png = dir.filePath("big.png"), svg = dir.filePath("big.svg");
        QVERIFY(scene.exportPng(png, "big"));
        const QSize size = QImageReader(png).size();
        QCOMPARE(std::max(size.width(), size.height()), 4096); // the cap, not 2x the scene
        QVERIFY(scene.stillRect().width() * 2 > 4096 || scene.stillRect().height() * 2 > 4096);
        QVERIFY(scene.exportSvg(svg, "big"));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains(QString("width=\"%1").arg(static_cast<int>(scene.stillRect().width()))));
    }
};

QTEST_MAIN(TestBigLabCanvas)
#include "test_big_lab_canvas.moc"
