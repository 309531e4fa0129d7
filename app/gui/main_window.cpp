#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <utility>

#include "annotation_layer.h"
#include "canvas_legend.h"
#include "canvas_tools.h"
#include "custom_plot.h"
#include "diagram_export.h"
#include "docks/activity_dock.h"
#include "docks/charts_dock.h"
#include "docks/console_dock.h"
#include "docks/dock.h"
#include "docks/events_dock.h"
#include "docks/hop_dock.h"
#include "docks/lesson_dock.h"
#include "docks/reachability_dock.h"
#include "docks/text_dock.h"
#include "frame_layers.h"
#include "hop_words.h"
#include "kernel/kernel_op.h"
#include "kernel_toggle.h"
#include "lab_file.h"
#include "lesson_finder.h"
#include "narration_text.h"
#include "packet.h"
#include "reachability.h"
#include "topology.h"
#include "topology_scene.h"

namespace vethlab::gui {
namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// The smallest zoom at which the canvas's 11 pt labels stay at least 9 pt on screen.
constexpr double kReadableZoom = 0.85;
constexpr double kLargestFitZoom = 1.4; // three boxes should not fill a projector screen
constexpr double kPresentationZoom = 1.5;
constexpr std::size_t kCrowdedLab = 100; // boxes: more, and a fit no longer shrinks to show them all

// Wheel zooms the canvas. The first time it has a real size, the picture is fitted (a window that
// fits before it is shown gets a speck).
class CanvasView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;
    std::function<void()> firstShown;
    /// A band above the picture (the legend's): the viewport starts below it.
    void reserveTop(int pixels) {
        if (viewportMargins().top() != pixels) setViewportMargins(0, pixels, 0, 0);
    }

protected:
    void wheelEvent(QWheelEvent* e) override {
        const double f = e->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(f, f);
    }
    void resizeEvent(QResizeEvent* e) override {
        QGraphicsView::resizeEvent(e);
        if (firstShown && isVisible() && viewport()->width() > 200) std::exchange(firstShown, nullptr)();
    }
};

} // namespace

MainWindow::MainWindow(scenario::Scenario lesson, QString language)
    : session_(std::make_unique<scenario::LessonSession>(std::move(lesson))), language_(std::move(language)) {
    buildUi();
    contentLanguage_ = language_; // written below, in this language
    setLanguage(language_);
    refresh(false);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    scene_ = new TopologyScene(this);
    auto* canvas = new CanvasView(scene_, this);
    canvas->firstShown = [this] {
        canvasShown_ = true;
        fitCanvas();
    };
    view_ = canvas;
    view_->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    view_->setDragMode(QGraphicsView::ScrollHandDrag);
    // Dragging, the wheel and the arrow keys move the picture: scroll bars would only take room from it
    // (and, appearing after a fit, cut its edge).
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setCentralWidget(view_);
    // The legend is a band above the picture whatever the zoom and pan, so it never covers a box or a
    // label; the scene's is for exports.
    scene_->setLegendShown(false);
    legend_ = new CanvasLegend(view_, scene_, [canvas](int pixels) { canvas->reserveTop(pixels); });

    lessonDock_ = new LessonDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, lessonDock_);
    connect(lessonDock_, &LessonDock::stepChosen, this, [this](std::size_t target) {
        while (session_->position() > target)
            stepBack();
        while (session_->position() < target && stepForward()) {
        }
    });

    consoleDock_ = new ConsoleDock(this, [this] {
        QStringList names;
        for (const docker::Container* c : session_->player().lab().daemon().containers())
            names << q(c->name);
        for (const docker::Network* n : session_->player().lab().daemon().networks())
            names << q(n->name);
        return names;
    });
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock_);
    connect(consoleDock_, &ConsoleDock::lineEntered, this, &MainWindow::runConsoleLine);
    connect(consoleDock_, &ConsoleDock::undoRequested, this, &MainWindow::undo);
    connect(consoleDock_, &ConsoleDock::redoRequested, this, &MainWindow::redo);
    connect(consoleDock_, &ConsoleDock::completionsListed, this,
            [this](const QString& line, const QStringList& matches) {
                session_->note(session_->player().terminal().prompt() + line.toStdString() + "\n" +
                               matches.join("  ").toStdString() + "\n");
                refresh(false);
            });

    hoodDock_ = new TextDock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Under the hood"), "hood", this);
    addDockWidget(Qt::RightDockWidgetArea, hoodDock_);

    eventsDock_ = new EventsDock(
        this, [this]() -> const auto& { return session_->player().terminal().engine().captured(); });
    addDockWidget(Qt::RightDockWidgetArea, eventsDock_);

    hopDock_ = new HopDock(this);
    addDockWidget(Qt::RightDockWidgetArea, hopDock_);

    inspectorDock_ =
        new TextDock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Inspector"), "inspector", this);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock_);
    connect(scene_, &TopologyScene::nodeSelected, this, &MainWindow::inspect);

    reachDock_ = new ReachabilityDock(this);
    connect(reachDock_, &ReachabilityDock::probeRequested, this, &MainWindow::probeReachability);
    addDockWidget(Qt::RightDockWidgetArea, reachDock_);

    chartDock_ = new ChartsDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, chartDock_);
    tabifyDockWidget(hoodDock_, hopDock_);
    tabifyDockWidget(hopDock_, eventsDock_);
    tabifyDockWidget(eventsDock_, reachDock_);
    tabifyDockWidget(reachDock_, inspectorDock_);
    activity_ = new ActivityDock(this);
    addDockWidget(Qt::RightDockWidgetArea, activity_);
    tabifyDockWidget(inspectorDock_, activity_);
    activity_->hide(); // shown by the activity mode
    pings_ = new QListWidget;
    pings_->setObjectName("pings");
    pings_->setWordWrap(true);
    pingDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Simple PDUs"), this);
    pingDock_->setObjectName("pingResults");
    pingDock_->setWidget(pings_);
    addDockWidget(Qt::RightDockWidgetArea, pingDock_);
    tabifyDockWidget(activity_, pingDock_);
    connect(activity_, &ActivityDock::answered, this, &MainWindow::answer);
    hoodDock_->raise();
    splitDockWidget(consoleDock_, chartDock_, Qt::Horizontal);

    auto* bar = addToolBar("playback");
    bar->setObjectName("playback");
    restart_ = bar->addAction(QString(), this, &MainWindow::restart);
    restart_->setShortcut(Qt::Key_Home);
    back_ = bar->addAction(QString(), this, &MainWindow::stepBack);
    back_->setShortcuts({QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::ALT | Qt::Key_Left)});
    forward_ = bar->addAction(QString(), this, [this] { stepForward(); });
    forward_->setShortcuts({QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::ALT | Qt::Key_Right)});
    // Checkable: a press has already toggled it, so the handler follows the new state.
    play_ = bar->addAction(QString());
    play_->setCheckable(true);
    play_->setShortcut(Qt::Key_Space);
    connect(play_, &QAction::toggled, this, &MainWindow::applyPlaying);
    speedBox_ = new QComboBox;
    for (double v : {0.25, 0.5, 1.0, 2.0, 4.0})
        speedBox_->addItem(QString::number(v) + QString::fromUtf8("\u00d7"), v);
    speedBox_->setCurrentIndex(2);
    connect(speedBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { speed_ = speedBox_->itemData(i).toDouble(); });
    bar->addWidget(speedBox_);
    // When nothing else waits, one lesson step at a time: the labs a step back (or an undo, or a
    // micro-step) restores instead of replaying the lesson from its start. The work runs on a thread of
    // its own; the timer only looks in now and then, so the window is never blocked by it.
    prepare_ = new QTimer(this);
    prepare_->setInterval(4);
    connect(prepare_, &QTimer::timeout, this, [this] {
        if (!session_->prepare()) prepare_->stop();
    });
    // Playing: the next step once the packets of this one have travelled, and a pause to read.
    autoplay_ = new QTimer(this);
    autoplay_->setSingleShot(true);
    connect(autoplay_, &QTimer::timeout, this, [this] {
        if (!playing()) return;
        if (scene_->animating()) {
            autoplay_->start(250);
            return;
        }
        if (!stepForward()) setPlaying(false);
    });
    microBack_ = bar->addAction(QString(), this, &MainWindow::microStepBack);
    microBack_->setShortcut(Qt::Key_Comma);
    microForward_ = bar->addAction(QString(), this, &MainWindow::microStepForward);
    microForward_->setShortcut(Qt::Key_Period);
    replay_ = bar->addAction(QString(), this, [this] { refresh(true); });
    replay_->setShortcut(Qt::Key_F5);
    fit_ = bar->addAction(QString(), this, [this] { fitCanvas(true); });
    fit_->setShortcut(Qt::Key_F);
    bar->addSeparator();
    languageAction_ =
        bar->addAction(QString(), this, [this] { setLanguage(language_ == "en" ? "zh_CN" : "en"); });
    present_ = bar->addAction(QString());
    present_->setCheckable(true);
    present_->setShortcut(Qt::Key_F11);
    connect(present_, &QAction::toggled, this, &MainWindow::setPresenting);
    bar->addSeparator();
    kernelToggle_ = new KernelToggle(this, [this] { return &session_->player(); });
    bar->addAction(kernelToggle_->action());

    // Canvas tools: a note, a highlight, a ping between two clicked nodes.
    annotations_ = new AnnotationLayer(scene_);
    tools_ = new CanvasTools(view_, scene_, annotations_);
    auto toolAction = [this, bar](const char* name, QKeySequence key, CanvasTools::Tool tool) {
        QAction* a = bar->addAction(QString());
        a->setObjectName(name);
        a->setCheckable(true);
        a->setShortcut(key);
        connect(a, &QAction::toggled, this, [this, a, tool](bool on) {
            for (QAction* other : {noteTool_, highlightTool_, pingTool_, httpTool_})
                if (other && other != a && on) other->setChecked(false);
            if (on)
                tools_->setTool(tool);
            else if (tools_->tool() == tool)
                tools_->setTool(CanvasTools::Tool::Select);
            if (on && tool == CanvasTools::Tool::Ping) statusBar()->showMessage(tr("Ping: click the sender"));
            if (on && tool == CanvasTools::Tool::Http)
                statusBar()->showMessage(tr("HTTP request: click the client"));
        });
        return a;
    };
    bar->addSeparator();
    noteTool_ = toolAction("noteTool", QKeySequence(Qt::Key_N), CanvasTools::Tool::Note);
    highlightTool_ = toolAction("highlightTool", QKeySequence(Qt::Key_H), CanvasTools::Tool::Highlight);
    pingTool_ = toolAction("pingTool", QKeySequence(Qt::Key_P), CanvasTools::Tool::Ping);
    httpTool_ = toolAction("httpTool", QKeySequence(Qt::SHIFT | Qt::Key_P), CanvasTools::Tool::Http);
    connect(tools_, &CanvasTools::toolDone, this, [this] {
        for (QAction* a : {noteTool_, highlightTool_, pingTool_, httpTool_}) {
            const QSignalBlocker quiet(a);
            a->setChecked(false);
        }
    });
    connect(tools_, &CanvasTools::pingSourcePicked, this, [this](const QString& from) {
        const auto* node = scene_->topology().node(from.toStdString());
        const QString who = node ? q(node->title) : from;
        statusBar()->showMessage(tools_->tool() == CanvasTools::Tool::Http
                                     ? tr("HTTP request from %1: now click the server").arg(who)
                                     : tr("Ping from %1: now click the receiver").arg(who));
    });
    connect(tools_, &CanvasTools::pingRequested, this, &MainWindow::pingBetween);

    fileMenu_ = menuBar()->addMenu(QString());
    openLesson_ = fileMenu_->addAction(QString(), QKeySequence::Open, this, [this] {
        const QString file = askFileName(false, tr("Open a lesson"), QString(), tr("Lessons (*.md)"));
        if (file.isEmpty()) return;
        std::ifstream in(file.toStdString());
        std::stringstream text;
        text << in.rdbuf();
        std::string error;
        auto lesson = scenario::parseScenario(text.str(), file.toStdString(), error);
        if (!in || !lesson) {
            statusBar()->showMessage(tr("Could not open %1: %2").arg(file, q(in ? error : "cannot read it")));
            return;
        }
        openLesson(std::move(*lesson));
    });
    openLab_ = fileMenu_->addAction(QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
        const QString file =
            askFileName(false, tr("Open a saved lab"), QString(), tr("Saved labs (*.vethlab)"));
        if (!file.isEmpty()) loadLab(file);
    });
    saveLab_ = fileMenu_->addAction(QString(), QKeySequence::Save, this, [this] {
        const QString file = askFileName(true, tr("Save the lab"), q(session_->lesson().id) + ".vethlab",
                                         tr("Saved labs (*.vethlab)"));
        if (!file.isEmpty()) saveLab(file);
    });
    exportTranscript_ = fileMenu_->addAction(QString(), this, [this] {
        const QString file = askFileName(true, tr("Export the console transcript"),
                                         q(session_->lesson().id) + "-console.txt", tr("Text (*.txt)"));
        if (!file.isEmpty()) exportTranscript(file);
    });
    fileMenu_->addSeparator();
    exportMenu_ = fileMenu_->addMenu(QString());
    for (const char* format : kExportFormats)
        exportMenu_->addAction(QString(format).toUpper(), this, [this, format] { exportTo(format); });
    fileMenu_->addSeparator();
    quit_ = fileMenu_->addAction(QString(), QKeySequence::Quit, this, &QWidget::close);
    quit_->setObjectName("quit");
    editMenu_ = menuBar()->addMenu(QString());
    undo_ = editMenu_->addAction(QString(), this, &MainWindow::undo);
    undo_->setShortcut(QKeySequence::Undo);
    redoAction_ = editMenu_->addAction(QString(), this, &MainWindow::redo);
    redoAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    viewMenu_ = menuBar()->addMenu(QString());
    for (QDockWidget* d :
         std::initializer_list<QDockWidget*>{lessonDock_, consoleDock_, hoodDock_, hopDock_, eventsDock_,
                                             reachDock_, inspectorDock_, chartDock_})
        viewMenu_->addAction(d->toggleViewAction());
    viewMenu_->addAction(activity_->toggleViewAction());
    viewMenu_->addAction(pingDock_->toggleViewAction());
    viewMenu_->addSeparator();
    activityMode_ = viewMenu_->addAction(QString());
    activityMode_->setCheckable(true);
    activityMode_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    connect(activityMode_, &QAction::toggled, this, [this](bool on) {
        activity_->setVisible(on);
        if (on) activity_->raise();
        refreshActivity();
    });
    bar->addAction(activityMode_);
    viewMenu_->addAction(languageAction_); // the toolbar's button, also where a menu user looks
    canvasMenu_ = menuBar()->addMenu(QString());
    canvasMenu_->addAction(noteTool_);
    canvasMenu_->addAction(highlightTool_);
    canvasMenu_->addAction(pingTool_);
    canvasMenu_->addAction(httpTool_);
    clearNotes_ = canvasMenu_->addAction(QString(), this, [this] { annotations_->clear(); });
    clearNotes_->setObjectName("clearNotes");
    const std::pair<QAction*, const char*> named[] = {{restart_, "restart"},
                                                      {back_, "back"},
                                                      {forward_, "forward"},
                                                      {play_, "play"},
                                                      {microBack_, "eventBack"},
                                                      {microForward_, "nextEvent"},
                                                      {replay_, "replay"},
                                                      {fit_, "fit"},
                                                      {languageAction_, "language"},
                                                      {present_, "present"},
                                                      {undo_, "undo"},
                                                      {openLesson_, "openLesson"},
                                                      {openLab_, "openLab"},
                                                      {saveLab_, "saveLab"},
                                                      {exportTranscript_, "exportTranscript"},
                                                      {activityMode_, "activityMode"},
                                                      {redoAction_, "redo"}};
    for (const auto& [action, name] : named)
        action->setObjectName(name);
    resize(1366, 768); // main() then shows it maximised
    // The canvas gets most of the screen; the panels their reading width.
    resizeDocks({lessonDock_, hoodDock_}, {250, 330}, Qt::Horizontal);
    resizeDocks({consoleDock_}, {210}, Qt::Vertical);
}

void MainWindow::retranslate() {
    if (kernelToggle_) kernelToggle_->retranslate();
    const auto& lesson = session_->lesson();
    setWindowTitle(tr("vethlab — %1").arg(q(language_ == "zh_CN" ? lesson.titleZh : lesson.title)));
    if (inspectorDock_->text()->toPlainText().isEmpty())
        inspectorDock_->text()->setPlaceholderText(
            tr("Click a container, bridge or the host on the canvas."));
    restart_->setText(tr("Restart"));
    back_->setText(tr("Step back"));
    forward_->setText(tr("Step forward"));
    replay_->setText(tr("Replay packets"));
    play_->setText(playing() ? tr("Pause") : tr("Play"));
    speedBox_->setToolTip(tr("Packet animation speed"));
    microBack_->setText(tr("Event back"));
    microForward_->setText(tr("Next event"));
    microBack_->setToolTip(tr("Packet-level micro-step back: one engine event (,)"));
    microForward_->setToolTip(tr("Packet-level micro-step: one engine event of the next step (.)"));
    fit_->setText(tr("Fit"));
    // The other language, named in itself: whoever needs the switch can read it.
    languageAction_->setText(language_ == "en" ? QString::fromUtf8("中文") : QString("English"));
    languageAction_->setToolTip(tr("Switch the window's language"));
    present_->setText(tr("Presentation mode"));
    fileMenu_->setTitle(tr("&File"));
    quit_->setText(tr("Quit"));
    openLesson_->setText(tr("Open lesson…"));
    openLab_->setText(tr("Open saved lab…"));
    saveLab_->setText(tr("Save lab…"));
    exportTranscript_->setText(tr("Export console transcript…"));
    activityMode_->setText(tr("Activity mode"));
    canvasMenu_->setTitle(tr("&Canvas"));
    noteTool_->setText(tr("Note"));
    noteTool_->setToolTip(tr("Click the canvas and type a note (N)"));
    highlightTool_->setText(tr("Highlight"));
    highlightTool_->setToolTip(tr("Drag over the canvas to highlight a part (H)"));
    pingTool_->setText(tr("Ping"));
    pingTool_->setToolTip(
        tr("Click two nodes: a ping from the first to the second, and whether it got through (P)"));
    httpTool_->setText(tr("HTTP request"));
    httpTool_->setToolTip(tr("Click two nodes: an HTTP request (curl) from the first to the port the second "
                             "listens on, and whether it got through (Shift+P)"));
    clearNotes_->setText(tr("Remove notes and highlights"));
    activityMode_->setToolTip(
        tr("Goals to reach in your own lab, hints, and a question before some steps (Ctrl+M)"));
    findChild<QToolBar*>("playback")->setWindowTitle(tr("Lesson controls"));
    exportMenu_->setTitle(tr("Export topology"));
    viewMenu_->setTitle(tr("&View"));
    editMenu_->setTitle(tr("&Edit"));
    undo_->setText(tr("Undo the last command"));
    redoAction_->setText(tr("Redo"));
    legend_->refresh();
    showStepText();
}

void MainWindow::setLanguage(const QString& language) {
    // Every panel retranslates itself on LanguageChange (changeEvent). Qt posts that event when the
    // translator changes; it is sent here too, so that the whole window changes at once.
    language_ = language;
    QApplication::removeTranslator(&translator_);
    if (language_ == "zh_CN" && translator_.load(":/i18n/vethlab_zh_CN.qm"))
        QApplication::installTranslator(&translator_);
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(this, &change);
}

void MainWindow::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) {
        retranslate();
        if (contentLanguage_ != language_) retranslateContent();
    }
    QMainWindow::changeEvent(e);
}

void MainWindow::retranslateContent() {
    // What was written in the old language: the canvas (legend, badges, drop marks), the event list's
    // verdicts, the reachability matrix, the status bar.
    contentLanguage_ = language_;
    if (session_->microStep()) {
        refresh(true);
    } else {
        refresh(false);
        showStepStatus();
    }
    reachDock_->setMatrix(reachMatrix_); // the cells in the new language
}

void MainWindow::showStepText() {
    // While micro-stepping, the step being played is the next one: narration, outline and status agree.
    lessonDock_->showStep(session_->lesson(), session_->shownStep(), language_);
}

QString MainWindow::joinLines(const std::vector<std::string>& lines) {
    QString out;
    for (const auto& l : lines)
        out += q(l) + "\n";
    return out;
}

void MainWindow::showStepStatus() {
    statusBar()->showMessage(
        tr("Step %1 of %2").arg(session_->position()).arg(session_->player().stepCount()));
}

bool MainWindow::stepForward() {
    if (const auto* question = session_->pendingQuestion(); question && activityMode()) {
        activity_->ask(*question); // the student answers before the step plays
        return false;
    }
    auto result = session_->stepForward();
    if (!result) return false;
    afterStep(*result);
    return true;
}

void MainWindow::afterStep(const scenario::StepResult& result) {
    if (!result.differences.empty())
        statusBar()->showMessage(
            tr("This step differs from the lesson: %1").arg(q(result.differences.front())));
    else
        showStepStatus();
    refresh(true);
    if (playing()) autoplay_->start(static_cast<int>(4000 / speed_)); // time to read the narration
}

void MainWindow::inspect(const QString& id) {
    // What a student would type to look at it, run on a twin: reading must not touch the lesson's lab.
    const topology::Node* node = scene_->topology().node(id.toStdString());
    if (!node) return;
    if (node->kind == topology::Node::Kind::Outside)
        inspectorDock_->text()->setPlainText(q(node->title) + "\n" + joinLines(node->lines));
    else
        inspectorDock_->text()->setPlainText(
            q(session_->runOnTwin(scenario::LessonSession::inspectorCommands(*node))));
    inspectorDock_->raise();
}

void MainWindow::probeReachability() {
    if (kernelToggle_->isOn()) {
        // Real pings in the lab's sandbox on the kernel: they change its ARP tables and counters, and
        // their simulated twins change the model's the same way (the model follows the kernel).
        reachMatrix_ = scenario::probeReachability(session_->player().lab(), session_->player().terminal());
    } else {
        // Probes change ARP tables, counters and the clock: they run on a twin of the lab.
        reachMatrix_ = session_->probeOnTwin();
    }
    reachDock_->setMatrix(reachMatrix_);
    reachDock_->raise();
    if (kernelToggle_->isOn()) statusBar()->showMessage(tr("Reachability: real pings on the real kernel"));
}

void MainWindow::stepBack() {
    const bool fromMicro = session_->microStep().has_value();
    if (!session_->stepBack()) return;
    if (!fromMicro) showStepStatus();
    refresh(false);
}

void MainWindow::restart() {
    session_->restart();
    refresh(false);
}

void MainWindow::runConsoleLine(const QString& line) {
    const bool clearing = line.trimmed() == "clear";
    session_->runLine(line.toStdString());
    refresh(!clearing);
}

void MainWindow::setSpeed(double speed) {
    const int i = speedBox_->findData(speed);
    if (i >= 0) speedBox_->setCurrentIndex(i);
}

bool MainWindow::playing() const {
    return play_->isChecked();
}

void MainWindow::setPlaying(bool on) {
    play_->setChecked(on); // toggled() runs applyPlaying when the state changes
}

void MainWindow::applyPlaying(bool on) {
    play_->setText(on ? tr("Pause") : tr("Play"));
    if (on)
        autoplay_->start(0);
    else
        autoplay_->stop();
}

void MainWindow::setConsoleFont(const QFont& font) {
    consoleDock_->setConsoleFont(font);
}

void MainWindow::setPresenting(bool on) {
    if (on == presenting()) return;
    const QSignalBlocker quiet(present_); // the action's toggled() is how F11 gets here
    present_->setChecked(on);
    if (on) {
        Presented p{saveState(),
                    windowState(),
                    view_->transform(),
                    consoleDock_->screen()->font(),
                    lessonDock_->narration()->font(),
                    lessonDock_->outline()->font(),
                    legend_->font(),
                    {}};
        for (QDockWidget* d : std::initializer_list<QDockWidget*>{
                 hoodDock_, hopDock_, eventsDock_, reachDock_, inspectorDock_, chartDock_, pingDock_})
            if (d->isVisible()) {
                p.hidden.push_back(d);
                d->hide();
            }
        presented_ = p;
        showFullScreen();
        QFont console = p.console, narration = p.narration, outline = p.outline;
        console.setPointSizeF(p.console.pointSizeF() * 1.6);
        narration.setPointSizeF(p.narration.pointSizeF() * 1.6);
        outline.setPointSizeF(p.outline.pointSizeF() * 1.4);
        setConsoleFont(console);
        lessonDock_->narration()->setFont(narration);
        lessonDock_->outline()->setFont(outline);
        QFont legend = p.legend; // the legend, read from the back of the room as the canvas is
        legend.setPointSizeF(p.legend.pointSizeF() * kPresentationZoom);
        legend_->setFont(legend);
        legend_->refresh();
        view_->scale(kPresentationZoom, kPresentationZoom);
        // The narration, now larger, gets a fifth of the screen.
        resizeDocks({lessonDock_}, {std::max(300, width() / 5)}, Qt::Horizontal);
        return;
    }
    const Presented p = *presented_;
    presented_.reset();
    setWindowState(p.state);
    restoreState(p.docks);
    for (QDockWidget* d : p.hidden)
        d->show();
    setConsoleFont(p.console);
    lessonDock_->narration()->setFont(p.narration);
    lessonDock_->outline()->setFont(p.outline);
    legend_->setFont(p.legend);
    legend_->refresh();
    view_->setTransform(p.canvas);
}

void MainWindow::fitCanvas(bool anySize) {
    // Everything shown, with a small margin (the view has no scroll bars to make room for). Not the
    // scene's legend: the window hides it (it pins its own to the canvas's corner).
    QRectF all;
    for (const QGraphicsItem* item : scene_->items())
        if (!item->parentItem() && item->isVisible())
            all |= item->sceneBoundingRect() | item->mapRectToScene(item->childrenBoundingRect());
    if (all.isEmpty()) return;
    all.adjust(-12, -12, 12, 12);
    const double boost = presenting() ? kPresentationZoom : 1.0;
    const QRectF port = view_->viewport()->rect();
    auto fitOf = [&](const QRectF& r) {
        return std::min(port.width() / r.width(), port.height() / r.height());
    };
    const double fit = fitOf(all);
    double zoom = std::clamp(fit, anySize ? 0.05 : kReadableZoom * boost, kLargestFitZoom * boost);
    // Too big for a readable fit: the boxes the step touches must still all be on screen, smaller if
    // they need it (a box cut at the edge is worse than small text; the teacher zooms in from there).
    // A crowded lab (hundreds of boxes) is never read whole: it keeps the readable zoom, centred on the
    // boxes touched (drawn that small, its thousands of texts would take a third of a second a paint).
    QRectF focus = scene_->touchedRect();
    if (!focus.isEmpty()) focus.adjust(-12, -12, 12, 12);
    const bool crowded = scene_->topology().nodes.size() > kCrowdedLab;
    // Presenting, the room must read it: never below the readable zoom of the window (9 pt labels).
    if (zoom > fit && !focus.isEmpty() && !crowded)
        zoom = std::max({fit, std::min(zoom, fitOf(focus)), presenting() ? kReadableZoom : 0.0});
    view_->setTransform(QTransform::fromScale(zoom, zoom));
    // The middle of the picture, moved only as far as the touched boxes need to be inside.
    QPointF centre = all.center();
    if (zoom > fit && !focus.isEmpty()) {
        const QSizeF half = QSizeF(view_->viewport()->width(), view_->viewport()->height()) / (2 * zoom);
        centre.setX(std::clamp(centre.x(), std::min(focus.right() - half.width(), focus.center().x()),
                               std::max(focus.left() + half.width(), focus.center().x())));
        centre.setY(std::clamp(centre.y(), std::min(focus.bottom() - half.height(), focus.center().y()),
                               std::max(focus.top() + half.height(), focus.center().y())));
    }
    view_->centerOn(centre);
    fittedTransform_ = view_->transform();
}

void MainWindow::followCanvas(const QRectF& added) {
    if (!canvasShown_ || added.isEmpty()) return;
    const QRectF visible = view_->mapToScene(view_->viewport()->rect()).boundingRect();
    // The teacher's zoom and pan stay; a zoom the last fit chose, too small to read, is fitted again
    // for the step's boxes.
    const bool asFitted = view_->transform() == fittedTransform_;
    if (visible.contains(added) && !(asFitted && view_->transform().m11() < kReadableZoom)) return;
    fitCanvas();
}

void MainWindow::followHop() {
    if (!canvasShown_) return;
    const QRectF hop = scene_->hopRect();
    if (hop.isEmpty()) return;
    const double margin = 16 / view_->transform().m11(); // screen pixels between it and the canvas's edge
    const QRectF wanted = hop.adjusted(-margin, -margin, margin, margin);
    const QRectF visible = view_->mapToScene(view_->viewport()->rect()).boundingRect();
    if (visible.contains(wanted)) return;
    // The teacher's zoom stays: the least pan that brings it in; what is bigger than the view is centred.
    auto along = [](double centre, double half, double lo, double hi) {
        return hi - lo > 2 * half ? (lo + hi) / 2 : std::clamp(centre, hi - half, lo + half);
    };
    view_->centerOn(along(visible.center().x(), visible.width() / 2, wanted.left(), wanted.right()),
                    along(visible.center().y(), visible.height() / 2, wanted.top(), wanted.bottom()));
}

QString MainWindow::hopInWords(const sim::TraceEvent& e, const std::map<int, std::string>& names) {
    const QString who = names.count(e.namespaceId) ? q(names.at(e.namespaceId)) : tr("a namespace");
    const QString what = q(e.summary), where = q(e.device);
    if (e.direction == "tx") return tr("%1 sends %2 out of %3").arg(who, what, where);
    if (e.direction == "rx") return tr("%1 receives %2 on %3").arg(who, what, where);
    if (e.direction == "deliver") return tr("%1 hands %2 to the program waiting for it").arg(who, what);
    if (e.direction == "drop")
        return tr("%1 drops %2 at %3: %4")
            .arg(who, what, where,
                 TopologyScene::dropReason(e.reason) + (e.rule.empty() ? QString() : " (" + q(e.rule) + ")"));
    return what;
}

void MainWindow::microStepForward() {
    if (const auto* question = session_->pendingQuestion();
        question && activityMode() && !session_->microStep()) {
        activity_->ask(*question); // the answer first, whether the step plays whole or event by event
        return;
    }
    const bool wasMicro = session_->microStep().has_value();
    if (!session_->microStepForward()) return;
    (void)wasMicro;
    if (!session_->microStep()) showStepStatus(); // the last event, or none: the whole step played
    refresh(true);
}

void MainWindow::microStepBack() {
    if (!session_->microStepBack()) return;
    refresh(session_->microStep().has_value());
}

void MainWindow::undo() {
    const auto line = session_->undo();
    if (!line) {
        statusBar()->showMessage(tr("Nothing to undo in this step"));
        refresh(false);
        return;
    }
    statusBar()->showMessage(tr("Undone: %1").arg(q(*line)));
    refresh(false);
}

void MainWindow::redo() {
    const auto line = session_->redo();
    if (!line) return;
    statusBar()->showMessage(tr("Redone: %1").arg(q(*line)));
    refresh(true);
}

void MainWindow::setEventFilter(int index) {
    eventsDock_->setFilter(index);
}

void MainWindow::selectEvent(int row) {
    eventsDock_->select(row);
}

int MainWindow::visibleEvents() const {
    return eventsDock_->visibleCount();
}

QString MainWindow::frameDetailsText() const {
    return eventsDock_->detailsText();
}

QString MainWindow::consoleText() const {
    return consoleDock_->screen()->toPlainText();
}

QString MainWindow::inspectorText() const {
    return inspectorDock_->text()->toPlainText();
}

QString MainWindow::underTheHoodText() const {
    return hoodDock_->text()->toPlainText();
}

QString MainWindow::eventsText() const {
    return eventsDock_->text();
}

void MainWindow::refresh(bool animate) {
    const Lab& lab = session_->player().lab();
    const auto micro = session_->microStep();
    const std::vector<sim::TraceEvent> recent = session_->recentEvents();
    // Micro-steps keep the boxes as they are: only the frame moves.
    annotations_->takeOff(); // the topology's redraw clears the scene
    scene_->setTopology(topology::build(lab), micro ? std::vector<sim::TraceEvent>{} : recent);
    annotations_->redraw();
    legend_->refresh();
    showStepText();

    QString text = q(session_->consoleText());
    if (micro) text += tr("(running: engine event %1 of %2)").arg(*micro).arg(session_->microTotal());
    consoleDock_->setScreen(text);

    // Under the hood: this step's kernel operations, as the ip/iptables commands that do the same.
    QString hood;
    std::string cause;
    for (const auto& r : session_->recentOps()) {
        if (r.cause != cause) {
            cause = r.cause;
            hood += "# " + q(cause) + "\n";
        }
        hood += q(kernel::render(r.op)) + "\n";
    }
    hoodDock_->text()->setPlainText(hood.isEmpty() ? tr("(no kernel operations in this step)") : hood);
    if (kernelToggle_ && kernelToggle_->isOn()) kernelToggle_->refresh();

    // This step's frames: the event list, the chart, the animation.
    std::map<std::string, int> perInterface;
    std::map<int, std::string> nsNames;
    for (const docker::Container* c : lab.daemon().containers())
        if (c->isRunning()) nsNames[lab.daemon().namespaceOf(*c)] = c->name;
    nsNames[kernel::KernelState::kRootNamespace] = "host";
    for (const auto& e : recent)
        if (e.direction == "tx")
            perInterface[(nsNames.count(e.namespaceId) ? nsNames[e.namespaceId] : "ns") + ":" + e.device]++;
    eventsDock_->setEvents(recent, nsNames);
    if (!micro) sayWhoIsNotOutThere(recent);
    std::vector<std::pair<QString, double>> frames;
    for (const auto& [name, count] : perInterface)
        frames.push_back({q(name), count});

    // Addresses in use per bridge network (IPAM), labelled with the pool's size.
    std::vector<std::pair<QString, double>> used;
    for (const docker::Network* n : lab.daemon().networks())
        if (n->isBridge())
            used.push_back({QString("%1 /%2").arg(q(n->name)).arg(n->pool.subnet().length),
                            static_cast<double>(n->pool.usedCount())});
    chartDock_->setData(frames, used, session_->rttSeries());
    refreshActivity();
    followCanvas(scene_->addedRect());
    if (animate && micro) {
        // A micro-step: the frames of the last engine event only, and that event selected in the list.
        std::vector<sim::TraceEvent> last;
        for (auto it = recent.rbegin(); it != recent.rend() && it->time == recent.back().time; ++it)
            last.insert(last.begin(), *it);
        scene_->animate(last, speed_, true, recent);
        QStringList words;
        for (const auto& e : last)
            words << hopInWords(e, nsNames);
        showHop(words);
        statusBar()->showMessage(
            tr("Step %1, engine event %2 of %3")
                .arg(session_->position() + 1)
                .arg(*micro)
                .arg(session_->microTotal()) +
            (words.isEmpty() ? QString() : QString::fromUtf8(" \u2014 ") + words.join("; ")));
        followHop();
        eventsDock_->selectLast();
    } else if (animate) {
        scene_->animate(recent, speed_);
    }
    if (!micro) showHop({});
    prepare_->start();
}

void MainWindow::showHop(const QStringList& said) {
    const auto micro = session_->microStep();
    if (!micro) {
        hopDock_->setHtml("<p><i>" +
                          tr("Press . (Next event) to follow the next step's frames one event at a time: "
                             "each hop and the kernel's decisions for it show here.")
                              .toHtmlEscaped() +
                          "</i></p>");
        return;
    }
    const auto hop = session_->lastHop();
    const QString where = tr("Step %1, engine event %2 of %3")
                              .arg(session_->position() + 1)
                              .arg(*micro)
                              .arg(session_->microTotal());
    // The words for the frame's events, found again for the hop (a flood's copies, a drop).
    hopDock_->setHtml(HopWords::html(where, hop.events, said, hop.decisions));
    if (!presenting() && hopDock_->toggleViewAction()->isChecked()) hopDock_->raise();
}

QString MainWindow::hopText() const {
    return hopDock_->text();
}

void MainWindow::sayWhoIsNotOutThere(const std::vector<sim::TraceEvent>& recent) {
    // The outside world is simulated: a ping that leaves eth0 for an address it does not hold gets no
    // answer, and the window says why rather than leave it looking like broken NAT.
    const auto& settings = session_->player().lab().settings();
    const auto& frames = session_->player().terminal().engine().captured();
    QStringList unknown;
    for (const auto& e : recent) {
        if (e.direction != "tx" || e.namespaceId != kernel::KernelState::kRootNamespace ||
            e.device != settings.eth0Name || e.frame < 0 ||
            static_cast<std::size_t>(e.frame) >= frames.size())
            continue;
        const auto& bytes = frames[static_cast<std::size_t>(e.frame)].bytes;
        const auto ip = sim::decodeIpv4(bytes);
        const auto icmp = ip ? sim::decodeIcmp(bytes) : std::nullopt;
        if (!icmp || icmp->type != 8 || ip->destination == settings.gateway) continue;
        const bool known = std::any_of(settings.internetHosts.begin(), settings.internetHosts.end(),
                                       [&](const auto& h) { return h.address == ip->destination; });
        if (!known && !unknown.contains(q(ip->destination.str()))) unknown << q(ip->destination.str());
    }
    if (!unknown.isEmpty())
        statusBar()->showMessage(tr("%1 is not in the simulated internet: nothing out there answers it (the "
                                    "LAN router's box lists the hosts that do)")
                                     .arg(unknown.join(", ")));
}

void MainWindow::exportTo(const QString& format) {
    const QString file = askFileName(true, tr("Export topology"),
                                     session_->lesson().id.empty() ? "topology." + format
                                                                   : q(session_->lesson().id) + "." + format,
                                     QString());
    if (file.isEmpty()) return;
    const bool ok =
        writeDiagram(*scene_, scene_->topology(), format.toStdString(), file,
                     stepTitle(session_->lesson(), session_->position(), language_.toStdString()));
    statusBar()->showMessage(ok ? tr("Exported %1").arg(file) : tr("Could not write %1").arg(file));
}

bool MainWindow::activityMode() const {
    return activityMode_ && activityMode_->isChecked();
}

void MainWindow::refreshActivity() {
    // Goals probe a twin of the lab: only while the panel is there to show them.
    if (!activity_ || !activityMode()) return;
    activity_->setActivity(session_->goals(), session_->hints(), language_);
}

void MainWindow::answer(bool yes) {
    if (!activity_->asking()) return;
    scenario::StepResult played;
    const auto outcome = session_->answerAndPlay(yes, &played);
    if (!outcome) return;
    activity_->reveal(*outcome);
    afterStep(played);
}

QString MainWindow::askFileName(bool save, const QString& title, const QString& suggested,
                                const QString& filter) {
    // Qt's own dialog, the same on every desktop (and one a test can type a name into).
    const auto options = QFileDialog::DontUseNativeDialog;
    return save ? QFileDialog::getSaveFileName(this, title, suggested, filter, nullptr, options)
                : QFileDialog::getOpenFileName(this, title, suggested, filter, nullptr, options);
}

void MainWindow::openLesson(scenario::Scenario lesson) {
    if (kernelToggle_->isOn())
        kernelToggle_->action()->setChecked(false); // the kernel's lab was the old lesson's
    session_ = std::make_unique<scenario::LessonSession>(std::move(lesson));
    activity_->reset();
    reachMatrix_.reset();
    reachDock_->setMatrix(std::nullopt);
    retranslate();
    refresh(false);
    fitCanvas();
    showStepStatus();
}

bool MainWindow::saveLab(const QString& file) {
    std::vector<scenario::Annotation> notes = annotations_->annotations();
    std::ofstream out(file.toStdString());
    out << scenario::writeLabFile(session_->toFile(std::move(notes)));
    out.close();
    statusBar()->showMessage(out ? tr("Saved the lab to %1").arg(file) : tr("Could not write %1").arg(file));
    return static_cast<bool>(out);
}

bool MainWindow::loadLab(const QString& file) {
    std::ifstream in(file.toStdString());
    std::stringstream text;
    text << in.rdbuf();
    std::string error = "cannot read it";
    auto lab = in ? scenario::readLabFile(text.str(), error) : std::nullopt;
    auto fail = [&](const QString& why) {
        statusBar()->showMessage(tr("Could not open %1: %2").arg(file, why));
        return false;
    };
    if (!lab) return fail(q(error));
    // The lesson where it was opened from, else the installed lesson of that name.
    std::ifstream lessonIn(lab->lessonPath);
    std::string lessonPath = lab->lessonPath;
    if (!lessonIn) {
        const auto found = scenario::findLesson(lab->lessonId);
        if (!found) return fail(tr("the lesson %1 is not here").arg(q(lab->lessonId)));
        lessonPath = found->string();
        lessonIn = std::ifstream(lessonPath);
    }
    std::stringstream lessonText;
    lessonText << lessonIn.rdbuf();
    auto lesson = scenario::parseScenario(lessonText.str(), lessonPath, error);
    if (!lesson) return fail(q(error));
    if (lesson->id != lab->lessonId) return fail(tr("it was saved from the lesson %1").arg(q(lab->lessonId)));
    openLesson(std::move(*lesson));
    session_->restore(*lab);
    annotations_->setAnnotations(lab->annotations);
    refresh(false);
    statusBar()->showMessage(tr("Opened the lab %1: step %2 of %3")
                                 .arg(file)
                                 .arg(session_->position())
                                 .arg(session_->player().stepCount()));
    return true;
}

bool MainWindow::exportTranscript(const QString& file) {
    std::ofstream out(file.toStdString());
    out << session_->transcript();
    out.close();
    statusBar()->showMessage(out ? tr("Exported the console transcript to %1").arg(file)
                                 : tr("Could not write %1").arg(file));
    return static_cast<bool>(out);
}

namespace {

// The first IPv4 address a box shows (not loopback): where a ping to that node goes.
QString firstAddress(const topology::Node& node) {
    static const QRegularExpression ipv4("\\b(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\b");
    std::vector<std::string> texts = {node.title};
    texts.insert(texts.end(), node.brief.begin(), node.brief.end());
    texts.insert(texts.end(), node.lines.begin(), node.lines.end());
    for (const auto& t : texts)
        for (auto it = ipv4.globalMatch(q(t)); it.hasNext();) {
            const QString a = it.next().captured(1);
            if (!a.startsWith("127.") && !a.startsWith("0.")) return a;
        }
    return {};
}

} // namespace

void MainWindow::pingBetween(const QString& fromId, const QString& toId, bool http) {
    const topology::Node* from = scene_->topology().node(fromId.toStdString());
    const topology::Node* to = scene_->topology().node(toId.toStdString());
    if (!from || !to) return;
    // A container sends from inside itself; the host and its bridges from the host.
    std::string sender;
    if (from->kind == topology::Node::Kind::Namespace)
        sender = from->title.substr(0, from->title.find(" + "));
    const QString address = firstAddress(*to);
    const bool cannot = from->kind == topology::Node::Kind::Outside || from->title.rfind("netns ", 0) == 0 ||
                        address.isEmpty();
    // HTTP goes to the port the receiving container's server listens on (80 for the host and bridges).
    std::string receiver;
    if (to->kind == topology::Node::Kind::Namespace) receiver = to->title.substr(0, to->title.find(" + "));
    const int port = receiver.empty() ? 80 : session_->listeningPort(receiver);
    const QString target = http ? QString("http://%1:%2/").arg(address).arg(port) : address;
    const QString route = tr("%1 → %2 (%3)").arg(q(from->title), q(to->title), target);
    QString line;
    bool ok = false;
    if (cannot) {
        line = tr("%1: cannot send from there, or the receiver has no address").arg(route);
    } else {
        const auto outcome = http ? session_->httpOnTwin(sender, address.toStdString(), port)
                                  : session_->pingOnTwin(sender, address.toStdString());
        ok = outcome.ok;
        QString why;
        if (!outcome.drops.empty()) {
            const auto& d = outcome.drops.front();
            why = TopologyScene::dropReason(d.reason) + (d.rule.empty() ? QString() : " (" + q(d.rule) + ")");
        } else {
            // No frame dropped: what the program said (no route, 100% loss, refused, unknown host).
            QStringList lines = q(outcome.output).split('\n', Qt::SkipEmptyParts);
            why = lines.isEmpty() ? tr("no answer") : lines.back().trimmed();
        }
        // curl -I prints the status line first: "HTTP/1.1 200 OK".
        const QString status = q(outcome.output).section('\n', 0, 0).trimmed();
        if (http)
            line = ok ? tr("%1: success, the server answered %2").arg(route, status)
                      : tr("%1: failure: %2").arg(route, why);
        else
            line = ok ? tr("%1: success, the echo reply came back").arg(route)
                      : tr("%1: failure: %2").arg(route, why);
        line += "\n  " + q(outcome.command);
    }
    auto* item = new QListWidgetItem(
        (ok ? QString::fromUtf8("\u2714 ") : QString::fromUtf8("\u2718 ")) + line, pings_);
    item->setForeground(ok ? QColor(0x1b, 0x7a, 0x1b) : QColor(0xb0, 0x20, 0x20));
    pings_->scrollToBottom();
    pingDock_->show();
    pingDock_->raise();
    statusBar()->showMessage(line.section('\n', 0, 0));
}

QCustomPlot* MainWindow::rttChart() const {
    return chartDock_->rttChart();
}

QCustomPlot* MainWindow::addressChart() const {
    return chartDock_->addressChart();
}

QTableView* MainWindow::reachability() const {
    return reachDock_->table();
}

QLineEdit* MainWindow::consoleInput() const {
    return consoleDock_->input();
}

QPlainTextEdit* MainWindow::consoleView() const {
    return consoleDock_->screen();
}

} // namespace vethlab::gui
