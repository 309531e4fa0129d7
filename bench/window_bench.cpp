// vethlab-bench-window: how long the window's canvas takes on a big lab, offscreen (no display needed).
//   vethlab-bench-window --containers N [--png FILE] [--svg FILE]
// Plays a one-step lesson that starts N containers on one user network, then times, as the window does
// it: the topology read from the lab, the canvas laid out and drawn (setTopology: Kamada-Kawai, boxes
// pushed apart, moved off links, labels placed), drawn again in place (a step back), and a PNG export (its
// pixel size too). Then the window itself on the same lab with a ping step after it: its longest block of
// the event loop while it prepares, in idle time, the labs a step back restores (--idle S seconds of
// idle time, 6 by default; the packets' animation stopped first), a step back from the ping (Page Up),
// the redraw and its paint included, and one full repaint of the canvas.
// Prints one JSON line. CPU seconds: the machine may be shared.
#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGraphicsView>
#include <QImageReader>
#include <QTimer>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <sys/resource.h>

#include "big_lesson.h"
#include "main_window.h"
#include "player.h"
#include "scenario.h"
#include "topology.h"
#include "topology_scene.h"

namespace {

double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double peakRssMib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct WindowFigures {
    double longestBlockMs = 0, stepBackMs = 0, stepBackCpuMs = 0, fullRepaintMs = 0;
};

// The window on the big lab and a ping: two steps forward, `idle` seconds of idle time while a 1 ms
// timer notes the longest wait between its ticks (the event loop blocked), then a step back.
WindowFigures timeWindow(int n, double idle) {
    std::string error;
    auto lesson = vethlab::scenario::parseScenario(vethlab::bench::bigLesson(n, true), "big.md", error);
    WindowFigures out;
    if (!lesson) return out;
    vethlab::gui::MainWindow window(*lesson, "en");
    window.resize(1366, 768);
    window.show();
    QApplication::processEvents();
    window.stepForward();
    window.stepForward();
    // The packets' animation repaints the whole picture many times (a full repaint is timed below):
    // stopped, so that what blocks the loop now is the idle-time preparation alone.
    window.scene()->stopAnimation();
    QElapsedTimer paint;
    paint.start();
    window.canvas()->viewport()->repaint();
    out.fullRepaintMs = static_cast<double>(paint.nsecsElapsed()) / 1e6;
    QApplication::processEvents(); // the window's other paints after the step
    QElapsedTimer tick, all;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        out.longestBlockMs = std::max(out.longestBlockMs, static_cast<double>(tick.nsecsElapsed()) / 1e6);
        tick.restart();
    });
    tick.start();
    all.start();
    probe.start();
    while (all.elapsed() < static_cast<qint64>(idle * 1000))
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    probe.stop();
    QElapsedTimer wall;
    wall.start();
    const double c0 = cpuSeconds();
    window.stepBack();
    QApplication::processEvents(); // the canvas painted
    out.stepBackMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
    out.stepBackCpuMs = (cpuSeconds() - c0) * 1000;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    int n = 800;
    double idle = 6;
    QString png = "/tmp/vethlab-bench-window.png", svg;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--containers") == 0) n = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--png") == 0) png = argv[i + 1];
        if (std::strcmp(argv[i], "--svg") == 0) svg = argv[i + 1]; // the picture, to compare two builds
        if (std::strcmp(argv[i], "--idle") == 0) idle = std::atof(argv[i + 1]);
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::string error;
    const auto lesson = vethlab::scenario::parseScenario(vethlab::bench::bigLesson(n), "big.md", error);
    if (!lesson) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    vethlab::scenario::Player player(*lesson);
    double t0 = cpuSeconds();
    player.jumpTo(1);
    const double labSeconds = cpuSeconds() - t0;

    t0 = cpuSeconds();
    const auto topology = vethlab::topology::build(player.lab());
    const double topologySeconds = cpuSeconds() - t0;

    vethlab::gui::TopologyScene scene;
    const auto& trace = player.terminal().engine().trace();
    t0 = cpuSeconds();
    scene.setTopology(topology, std::vector<vethlab::sim::TraceEvent>(trace.begin(), trace.end()));
    const double sceneSeconds = cpuSeconds() - t0;
    // The same lab drawn again, every box where it was: what a step back or an undo costs the canvas.
    t0 = cpuSeconds();
    scene.setTopology(topology, {});
    const double redrawSeconds = cpuSeconds() - t0;

    // Correctness at a glance: how many pairs of boxes overlap (a sweep over x).
    const auto boxes = scene.boxes();
    std::vector<vethlab::topology::Box> sorted;
    for (const auto& [id, b] : boxes)
        sorted.push_back(b);
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
    long overlaps = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i)
        for (std::size_t k = i + 1; k < sorted.size() && sorted[k].x < sorted[i].x + sorted[i].width; ++k)
            overlaps +=
                sorted[k].y < sorted[i].y + sorted[i].height && sorted[i].y < sorted[k].y + sorted[k].height;

    t0 = cpuSeconds();
    const bool written = scene.exportPng(png, "Big lab");
    const double pngSeconds = cpuSeconds() - t0;
    const QSize size = QImageReader(png).size();
    if (!svg.isEmpty()) scene.exportSvg(svg, "Big lab");
    const WindowFigures w = timeWindow(n, idle);
    std::printf(
        "{\"bench\":\"window\",\"containers\":%d,\"boxes\":%zu,\"overlapping_pairs\":%ld,\"lab_cpu_s\":%.3f,"
        "\"topology_cpu_s\":%.3f,\"scene_cpu_s\":%.3f,\"redraw_cpu_s\":%.3f,\"png_cpu_s\":%.3f,\"png_px\":\"%"
        "dx%d\","
        "\"png_kib\":%lld,\"idle_longest_block_ms\":%.1f,\"window_step_back_ms\":%.1f,"
        "\"window_step_back_cpu_ms\":%.1f,\"canvas_repaint_ms\":%.1f,\"peak_rss_mib\":%.1f}\n",
        n, boxes.size(), overlaps, labSeconds, topologySeconds, sceneSeconds, redrawSeconds, pngSeconds,
        size.width(), size.height(), written ? static_cast<long long>(QFileInfo(png).size() / 1024) : -1LL,
        w.longestBlockMs, w.stepBackMs, w.stepBackCpuMs, w.fullRepaintMs, peakRssMib());
    return written && overlaps == 0 ? 0 : 1;
}
