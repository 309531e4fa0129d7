#include "diagram_export.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QTranslator>
#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "player.h"
#include "topology_scene.h"

namespace vethlab::gui {

bool isExportFormat(const std::string& format) {
    return std::find(std::begin(kExportFormats), std::end(kExportFormats), format) !=
           std::end(kExportFormats);
}

QString stepTitle(const scenario::Scenario& lesson, std::size_t position, const std::string& language) {
    const bool zh = language == "zh_CN";
    const QString title = QString::fromStdString(zh ? lesson.titleZh : lesson.title);
    if (position == 0 || position > lesson.steps.size()) return title;
    QString step = QString::fromStdString(lesson.steps[position - 1].title);
    if (const auto slash = step.indexOf(" / "); slash >= 0) // "English / 中文"
        step = zh ? step.mid(slash + 3) : step.left(slash);
    return QCoreApplication::translate("vethlab::gui::Export", "%1 — step %2 of %3: %4")
        .arg(title)
        .arg(position)
        .arg(lesson.steps.size())
        .arg(step);
}

bool writeDiagram(TopologyScene& scene, const topology::Topology& t, const std::string& format,
                  const QString& file, const QString& title) {
    if (format == "svg") return scene.exportSvg(file, title);
    if (format == "png") return scene.exportPng(file, title);
    if (format == "pdf") return scene.exportPdf(file, title);
    std::string text;
    if (format == "dot") text = topology::toDot(t);
    if (format == "graphml") text = topology::toGraphml(t);
    if (format == "drawio")
        text = topology::toDrawio(t, scene.boxes(), scene.networkColours(), title.toStdString());
    if (format == "mermaid") text = topology::toMermaid(t, scene.networkColours(), title.toStdString());
    if (text.empty()) return false;
    QFile f(file);
    return f.open(QIODevice::WriteOnly) &&
           f.write(QByteArray::fromStdString(text)) == static_cast<qint64>(text.size());
}

int exportDiagram(const std::string& scenarioPath, int steps, const std::string& format,
                  const std::string& output, const std::string& language, std::string& error) {
    if (!isExportFormat(format)) {
        error = "unknown format " + format + " (svg, png, pdf, dot, graphml, drawio, mermaid)";
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
    if (steps > static_cast<int>(player.stepCount())) {
        error = "--step " + std::to_string(steps) + " is beyond the last step: " + scenarioPath + " has " +
                std::to_string(player.stepCount()) + " steps";
        return 2;
    }
    const std::size_t target = steps < 0 ? player.stepCount() : static_cast<std::size_t>(steps);
    // The canvas needs fonts and a paint device, not a screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QApplication> app;
    if (!QApplication::instance()) {
        static int argc = 1;
        static char name[] = "vethlab-cli";
        static char* argv[] = {name, nullptr};
        app = std::make_unique<QApplication>(argc, argv);
    }
    QTranslator chinese;
    if (language == "zh_CN" && chinese.load(":/i18n/vethlab_zh_CN.qm"))
        QCoreApplication::installTranslator(&chinese);
    // Step by step, as the window draws them: boxes keep the places they had, and the last step's
    // frames decide what is drawn in full.
    TopologyScene scene;
    scene.setTopology(topology::build(player.lab()));
    while (player.position() < target) {
        const auto& trace = player.terminal().engine().trace();
        const std::size_t from = trace.size();
        player.stepForward();
        const auto& after = player.terminal().engine().trace();
        scene.setTopology(topology::build(player.lab()),
                          std::vector<sim::TraceEvent>(
                              after.begin() + static_cast<long>(std::min(from, after.size())), after.end()));
    }
    const QString file = QString::fromStdString(output);
    const bool written =
        writeDiagram(scene, scene.topology(), format, file, stepTitle(*lesson, target, language));
    QCoreApplication::removeTranslator(&chinese);
    if (!written) {
        error = "cannot write " + output;
        return 1;
    }
    return 0;
}

} // namespace vethlab::gui
