#include "diagram_export.h"

#include <QApplication>
#include <fstream>
#include <memory>
#include <sstream>

#include "player.h"
#include "scenario.h"
#include "topology.h"
#include "topology_scene.h"

namespace vethlab::gui {

int exportDiagram(const std::string& scenarioPath, int steps, const std::string& format,
                  const std::string& output, const std::string& language, std::string& error) {
    if (format != "svg" && format != "png" && format != "pdf" && format != "dot" && format != "graphml") {
        error = "unknown format " + format + " (svg, png, pdf, dot, graphml)";
        return 2;
    }
    std::ifstream in(scenarioPath);
    if (!in) {
        error = "cannot open " + scenarioPath;
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto lesson = scenario::parseScenario(text.str(), scenarioPath, error);
    if (!lesson) return 1;
    scenario::Player player(*lesson);
    player.jumpTo(steps < 0 ? player.stepCount() : static_cast<std::size_t>(steps));
    const auto t = topology::build(player.lab());
    if (format == "dot" || format == "graphml") {
        std::ofstream out(output);
        out << (format == "dot" ? topology::toDot(t) : topology::toGraphml(t));
        if (!out) {
            error = "cannot write " + output;
            return 1;
        }
        return 0;
    }
    // The canvas needs fonts and a paint device, not a screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QApplication> app;
    if (!QApplication::instance()) {
        static int argc = 1;
        static char name[] = "vethlab-cli";
        static char* argv[] = {name, nullptr};
        app = std::make_unique<QApplication>(argc, argv);
    }
    TopologyScene scene;
    scene.setTopology(t);
    const QString file = QString::fromStdString(output);
    const QString title = QString::fromStdString(language == "zh_CN" ? lesson->titleZh : lesson->title);
    const bool ok = format == "svg"   ? scene.exportSvg(file, title)
                    : format == "png" ? scene.exportPng(file, title)
                                      : scene.exportPdf(file, title);
    if (!ok) {
        error = "cannot write " + output;
        return 1;
    }
    return 0;
}

} // namespace vethlab::gui
