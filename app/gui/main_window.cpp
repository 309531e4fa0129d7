#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFontMetricsF>
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
#include <functional>
#include <map>
#include <utility>

#include "custom_plot.h"
#include "diagram_export.h"
#include "frame_layers.h"
#include "kernel/kernel_op.h"
#include "kernel_toggle.h"
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

// Wheel zooms the canvas. The first time it has a real size, the picture is fitted (a window that
// fits before it is shown gets a speck).
class CanvasView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;
    std::function<void()> firstShown;

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

// A panel that puts its own title in the language of the moment when the language changes.
class Dock : public QDockWidget {
public:
    Dock(const char* title, QWidget* parent) : QDockWidget(parent), title_(title) { retitle(); }

protected:
    void changeEvent(QEvent* e) override {
        if (e->type() == QEvent::LanguageChange) retitle();
        QDockWidget::changeEvent(e);
    }

private:
    void retitle() { setWindowTitle(QCoreApplication::translate("vethlab::gui::MainWindow", title_)); }
    const char* title_;
};

} // namespace

MainWindow::MainWindow(scenario::Scenario lesson, QString language)
    : lesson_(std::move(lesson)), player_(std::make_unique<scenario::Player>(lesson_)),
      language_(std::move(language)) {
    buildUi();
    contentLanguage_ = language_; // written below, in this language
    setLanguage(language_);
    markNow();
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
    setCentralWidget(view_);

    outline_ = new QListWidget;
    narration_ = new QTextBrowser;
    narration_->setOpenExternalLinks(true);
    auto* lessonPane = new QWidget;
    auto* lessonLayout = new QVBoxLayout(lessonPane);
    lessonLayout->setContentsMargins(2, 2, 2, 2);
    lessonLayout->addWidget(outline_, 1);
    lessonLayout->addWidget(narration_, 3);
    lessonDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Lesson"), this);
    lessonDock_->setObjectName("lesson");
    lessonDock_->setWidget(lessonPane);
    addDockWidget(Qt::LeftDockWidgetArea, lessonDock_);
    connect(outline_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const auto target = static_cast<std::size_t>(outline_->row(item)) + 1;
        while (player_->position() > target)
            stepBack();
        while (player_->position() < target && stepForward()) {
        }
    });

    auto* consolePane = new QWidget;
    auto* consoleLayout = new QVBoxLayout(consolePane);
    consoleLayout->setContentsMargins(2, 2, 2, 2);
    console_ = new QPlainTextEdit;
    console_->setReadOnly(true);
    console_->setStyleSheet("QPlainTextEdit { background: #1e1e1e; color: #e6e6e6; }");
    input_ = new QLineEdit;
    setConsoleFont(QFont("DejaVu Sans Mono", 10));
    consoleLayout->addWidget(console_);
    consoleLayout->addWidget(input_);
    consoleDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Console"), this);
    consoleDock_->setObjectName("console");
    consoleDock_->setWidget(consolePane);
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock_);
    connect(input_, &QLineEdit::returnPressed, this, [this] {
        const QString line = input_->text();
        input_->setText(QString()); // not clear(): its text undo would catch the next Ctrl+Z
        runConsoleLine(line);
    });

    hood_ = new QPlainTextEdit;
    hood_->setReadOnly(true);
    hood_->setFont(QFont("DejaVu Sans Mono", 9));
    hoodDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Under the hood"), this);
    hoodDock_->setObjectName("hood");
    hoodDock_->setWidget(hood_);
    addDockWidget(Qt::RightDockWidgetArea, hoodDock_);

    auto* eventsPane = new QWidget;
    auto* eventsLayout = new QVBoxLayout(eventsPane);
    eventsLayout->setContentsMargins(2, 2, 2, 2);
    filter_ = new QComboBox;
    filter_->setObjectName("eventFilter");
    for (const char* f : {"", "ARP", "ICMP", "DNS", "TCP", "drop"})
        filter_->addItem(QString(), QString(f));
    events_ = new QTreeWidget;
    events_->setObjectName("events");
    events_->setColumnCount(4);
    events_->setRootIsDecorated(false);
    events_->setFont(QFont("DejaVu Sans Mono", 9));
    details_ = new QTreeWidget;
    details_->setColumnCount(2);
    details_->setFont(QFont("DejaVu Sans Mono", 9));
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(events_);
    split->addWidget(details_);
    eventsLayout->addWidget(filter_);
    eventsLayout->addWidget(split);
    eventsDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Events"), this);
    eventsDock_->setObjectName("events");
    eventsDock_->setWidget(eventsPane);
    connect(filter_, &QComboBox::currentIndexChanged, this, [this] { applyFilter(); });
    connect(events_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        showFrame(item ? item->data(0, Qt::UserRole).toLongLong() : -1);
    });
    addDockWidget(Qt::RightDockWidgetArea, eventsDock_);

    inspector_ = new QPlainTextEdit;
    inspector_->setReadOnly(true);
    inspector_->setFont(QFont("DejaVu Sans Mono", 9));
    inspectorDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Inspector"), this);
    inspectorDock_->setObjectName("inspector");
    inspectorDock_->setWidget(inspector_);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock_);
    connect(scene_, &TopologyScene::nodeSelected, this, &MainWindow::inspect);

    auto* reachPane = new QWidget;
    auto* reachLayout = new QVBoxLayout(reachPane);
    reachLayout->setContentsMargins(2, 2, 2, 2);
    probe_ = new QPushButton;
    probe_->setObjectName("probeButton");
    connect(probe_, &QPushButton::clicked, this, &MainWindow::probeReachability);
    reach_ = new QTableWidget;
    reach_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    reachLayout->addWidget(probe_);
    reachLayout->addWidget(reach_);
    reachDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Reachability"), this);
    reachDock_->setObjectName("reachability");
    reachDock_->setWidget(reachPane);
    addDockWidget(Qt::RightDockWidgetArea, reachDock_);

    chart_ = new QCustomPlot;
    chart_->setMinimumHeight(140);
    rttChart_ = new QCustomPlot;
    addressChart_ = new QCustomPlot;
    charts_ = new QTabWidget;
    charts_->addTab(chart_, QString());
    charts_->addTab(rttChart_, QString());
    charts_->addTab(addressChart_, QString());
    chartDock_ = new Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Charts"), this);
    chartDock_->setObjectName("chart");
    chartDock_->setWidget(charts_);
    addDockWidget(Qt::BottomDockWidgetArea, chartDock_);
    tabifyDockWidget(hoodDock_, eventsDock_);
    tabifyDockWidget(eventsDock_, reachDock_);
    tabifyDockWidget(reachDock_, inspectorDock_);
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
    kernelToggle_ = new KernelToggle(this, [this] { return player_.get(); });
    bar->addAction(kernelToggle_->action());

    fileMenu_ = menuBar()->addMenu(QString());
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
    input_->installEventFilter(this);
    viewMenu_ = menuBar()->addMenu(QString());
    for (QDockWidget* d :
         {lessonDock_, consoleDock_, hoodDock_, eventsDock_, reachDock_, inspectorDock_, chartDock_})
        viewMenu_->addAction(d->toggleViewAction());
    viewMenu_->addSeparator();
    viewMenu_->addAction(languageAction_); // the toolbar's button, also where a menu user looks
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
    setWindowTitle(tr("vethlab — %1").arg(q(language_ == "zh_CN" ? lesson_.titleZh : lesson_.title)));
    if (inspector_->toPlainText().isEmpty())
        inspector_->setPlaceholderText(tr("Click a container, bridge or the host on the canvas."));
    probe_->setText(tr("Probe who reaches whom (by IP and by name)"));
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
    findChild<QToolBar*>("playback")->setWindowTitle(tr("Lesson controls"));
    exportMenu_->setTitle(tr("Export topology"));
    viewMenu_->setTitle(tr("&View"));
    editMenu_->setTitle(tr("&Edit"));
    undo_->setText(tr("Undo the last command"));
    redoAction_->setText(tr("Redo"));
    input_->setPlaceholderText(tr("Type a command, e.g. docker network ls"));
    events_->setHeaderLabels({tr("Time (ms)"), tr("Where"), tr("What"), tr("Verdict")});
    details_->setHeaderLabels({tr("Field"), tr("Value")});
    const QStringList filters = {tr("All frames"), "ARP", "ICMP", "DNS", "TCP / HTTP", tr("Drops")};
    for (int i = 0; i < filters.size(); ++i)
        filter_->setItemText(i, filters[i]);
    chart_->xAxis->setLabel(tr("interface"));
    chart_->yAxis->setLabel(tr("frames"));
    rttChart_->xAxis->setLabel(tr("sequence number"));
    rttChart_->yAxis->setLabel(tr("RTT (ms)"));
    addressChart_->xAxis->setLabel(tr("network"));
    addressChart_->yAxis->setLabel(tr("addresses in use"));
    charts_->setTabText(0, tr("Frames per interface"));
    charts_->setTabText(1, tr("Ping RTT"));
    charts_->setTabText(2, tr("Addresses per network"));
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
    if (micro_) {
        showMicroStep();
    } else {
        refresh(false);
        statusBar()->showMessage(tr("Step %1 of %2").arg(player_->position()).arg(player_->stepCount()));
    }
    if (reachMatrix_) showReachability();
}

void MainWindow::showStepText() {
    // While micro-stepping, the step being played is the next one: narration, outline and status agree.
    const std::size_t shownStep = player_->position() + (micro_ ? 1 : 0);
    outline_->clear();
    for (std::size_t i = 0; i < lesson_.steps.size(); ++i) {
        QString title = q(lesson_.steps[i].title);
        // "English / 中文": each language shows its own half.
        if (auto slash = title.indexOf(" / "); slash >= 0)
            title = language_ == "zh_CN" ? title.mid(slash + 3) : title.left(slash);
        auto* item = new QListWidgetItem(QString("%1. %2").arg(i + 1).arg(title), outline_);
        if (i + 1 == shownStep) {
            item->setSelected(true);
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
    }
    const std::size_t at = shownStep;
    if (at == 0) {
        narration_->setMarkdown(tr("# %1\n\nPress **Step forward** (Page Down) to play the first step.")
                                    .arg(q(language_ == "zh_CN" ? lesson_.titleZh : lesson_.title)));
        return;
    }
    const auto& step = lesson_.steps[at - 1];
    narration_->setMarkdown(joinCjkLineBreaks("## " + outline_->item(static_cast<int>(at - 1))->text() +
                                              "\n\n" +
                                              q(language_ == "zh_CN" ? step.narrationZh : step.narrationEn)));
}

QString MainWindow::joinLines(const std::vector<std::string>& lines) {
    QString out;
    for (const auto& l : lines)
        out += q(l) + "\n";
    return out;
}

void MainWindow::barChart(QCustomPlot* plot, const std::vector<std::pair<QString, double>>& bars,
                          const QColor& colour) {
    plot->clearPlottables();
    if (!bars.empty()) {
        auto* b = new QCPBars(plot->xAxis, plot->yAxis);
        QVector<double> ticks, values;
        QVector<QString> labels;
        for (const auto& [label, value] : bars) {
            ticks << static_cast<double>(ticks.size() + 1);
            values << value;
            labels << label;
        }
        b->setData(ticks, values);
        b->setBrush(colour);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->addTicks(ticks, labels);
        plot->xAxis->setTicker(ticker);
        plot->xAxis->setTickLabelRotation(40);
        plot->xAxis->setRange(0, static_cast<double>(ticks.size() + 1));
        plot->yAxis->setRange(0, *std::max_element(values.begin(), values.end()) * 1.15 + 1);
    }
    plot->replot();
}

QString MainWindow::consoleHistoryText() const {
    QString text = typedText_[0];
    for (std::size_t k = 0; k < stepText_.size(); ++k)
        text += stepText_[k] + typedText_[k + 1];
    return text;
}

void MainWindow::markNow() {
    opsFrom_ = player_->lab().opsRecorded();
    traceFrom_ = player_->terminal().engine().trace().size();
}

bool MainWindow::stepForward() {
    if (player_->position() >= player_->stepCount()) return false;
    leaveMicroStep();
    markNow();
    auto result = player_->stepForward();
    stepText_.push_back(q(result.transcript));
    typed_.emplace_back();
    typedText_.emplace_back();
    redo_.clear();
    if (!result.differences.empty())
        statusBar()->showMessage(
            tr("This step differs from the lesson: %1").arg(q(result.differences.front())));
    else
        statusBar()->showMessage(tr("Step %1 of %2").arg(player_->position()).arg(player_->stepCount()));
    refresh(true);
    if (playing()) autoplay_->start(static_cast<int>(4000 / speed_)); // time to read the narration
    return true;
}

QString MainWindow::execute(const QString& line) {
    QString out = q(player_->terminal().prompt()) + line + "\n";
    auto sink = [&](const std::string& s) { out += q(s); };
    player_->terminal().execute(line.toStdString(), sink, sink);
    return out;
}

void MainWindow::replay(scenario::Player& player, std::vector<QString>* printed) {
    // The lab is deterministic: replaying the lesson's steps and the lines typed between them gives
    // exactly the state they left.
    const std::size_t at = player_->position();
    player.restart();
    for (std::size_t k = 0; k <= at; ++k) {
        QString text;
        for (const auto& line : typed_[k]) {
            text += q(player.terminal().prompt()) + line + "\n";
            auto sink = [&](const std::string& s) { text += q(s); };
            player.terminal().execute(line.toStdString(), sink, sink);
        }
        if (printed) (*printed)[k] = text;
        if (k < at) player.jumpTo(k + 1);
    }
}

void MainWindow::rebuild() {
    replay(*player_, &typedText_);
    markNow();
}

void MainWindow::inspect(const QString& id) {
    // What a student would type to look at it, run on a twin: reading must not touch the lesson's lab.
    const topology::Node* node = scene_->topology().node(id.toStdString());
    if (!node) return;
    std::vector<std::string> commands;
    switch (node->kind) {
    case topology::Node::Kind::Namespace: {
        const std::string first = node->title.substr(0, node->title.find(" + "));
        if (node->title.rfind("netns ", 0) == 0) break;
        for (const char* c : {"ip addr", "ip route", "ip neigh", "cat /etc/hosts", "cat /etc/resolv.conf"})
            commands.push_back("docker exec " + first + " " + c);
        commands.push_back("docker inspect " + first);
        break;
    }
    case topology::Node::Kind::Bridge: {
        const std::string name = node->id.substr(3);
        commands = {"ip addr show " + name, "bridge fdb show br " + name, "brctl show " + name};
        if (!node->network.empty()) commands.push_back("docker network inspect " + node->network);
        break;
    }
    case topology::Node::Kind::Host:
        commands = {"ip route", "ip neigh", "iptables -t nat -S", "iptables -S", "cat /etc/resolv.conf"};
        break;
    case topology::Node::Kind::Outside:
        inspector_->setPlainText(q(node->title) + "\n" + joinLines(node->lines));
        inspectorDock_->raise();
        return;
    }
    scenario::Player twin(lesson_);
    replay(twin, nullptr);
    QString text;
    for (const auto& c : commands) {
        text += q(twin.terminal().prompt()) + q(c) + "\n";
        auto sink = [&](const std::string& out) { text += q(out); };
        twin.terminal().execute(c, sink, sink);
    }
    inspector_->setPlainText(text);
    inspectorDock_->raise();
}

void MainWindow::probeReachability() {
    if (kernelToggle_->isOn()) {
        // Real pings in the lab's sandbox on the kernel: they change only the kernel's ARP tables and
        // counters, never the model's.
        reachMatrix_ = scenario::probeReachability(player_->lab(), player_->terminal());
    } else {
        // Probes change ARP tables, counters and the clock: they run on a twin of the lab.
        scenario::Player twin(lesson_);
        replay(twin, nullptr);
        reachMatrix_ = scenario::probeReachability(twin.lab(), twin.terminal());
    }
    showReachability();
    reachDock_->raise();
    if (kernelToggle_->isOn()) statusBar()->showMessage(tr("Reachability: real pings on the real kernel"));
}

void MainWindow::showReachability() {
    const auto& m = *reachMatrix_;
    reach_->clear();
    reach_->setRowCount(static_cast<int>(m.sources.size()));
    reach_->setColumnCount(static_cast<int>(m.targets.size()));
    QStringList rows, columns;
    for (const auto& s : m.sources)
        rows << q(s);
    for (const auto& t : m.targets)
        columns << q(t);
    reach_->setVerticalHeaderLabels(rows);
    reach_->setHorizontalHeaderLabels(columns);
    for (std::size_t i = 0; i < m.sources.size(); ++i)
        for (std::size_t k = 0; k < m.targets.size(); ++k) {
            const auto& ip = m.byIp[i][k];
            const auto& name = m.byName[i][k];
            auto mark = [](const scenario::Reach& r) {
                return !r.applicable ? QString("-")
                       : r.ok        ? QString::fromUtf8("\u2714")
                                     : QString::fromUtf8("\u2718");
            };
            auto* cell = new QTableWidgetItem(tr("IP %1  name %2").arg(mark(ip), mark(name)));
            QStringList why;
            if (ip.applicable && !ip.ok) why << tr("by IP: %1").arg(q(ip.why));
            if (name.applicable && !name.ok) why << tr("by name: %1").arg(q(name.why));
            cell->setToolTip(why.isEmpty() ? tr("reachable") : why.join("\n"));
            const bool none = !ip.applicable && !name.applicable;
            const bool all = (!ip.applicable || ip.ok) && (!name.applicable || name.ok);
            const bool some = (ip.applicable && ip.ok) || (name.applicable && name.ok);
            cell->setBackground(none   ? QColor(0xee, 0xee, 0xee)
                                : all  ? QColor(0xc8, 0xf0, 0xc8)
                                : some ? QColor(0xff, 0xec, 0xb3)
                                       : QColor(0xf6, 0xc6, 0xc6));
            reach_->setItem(static_cast<int>(i), static_cast<int>(k), cell);
        }
    reach_->resizeColumnsToContents();
}

void MainWindow::stepBack() {
    if (micro_) { // back from the middle of a step: its beginning
        leaveMicroStep();
        refresh(false);
        return;
    }
    if (player_->position() == 0) return;
    player_->stepBack();
    stepText_.pop_back();
    typed_.pop_back();
    typedText_.pop_back();
    redo_.clear();
    rebuild(); // the state before the step, with what was typed before it
    statusBar()->showMessage(tr("Step %1 of %2").arg(player_->position()).arg(player_->stepCount()));
    refresh(false);
}

void MainWindow::restart() {
    micro_.reset();
    microText_.clear();
    player_->restart();
    stepText_.clear();
    typed_ = {{}};
    typedText_ = {{}};
    redo_.clear();
    markNow();
    refresh(false);
}

void MainWindow::runConsoleLine(const QString& line) {
    if (line.trimmed() == "clear") { // the screen, not the lab: a terminal's clear
        history_.push_back(line);
        historyAt_ = history_.size();
        consoleFrom_ = static_cast<int>(consoleHistoryText().size());
        refresh(false);
        return;
    }
    leaveMicroStep();
    markNow();
    typedText_.back() += execute(line);
    typed_.back().push_back(line);
    if (!line.trimmed().isEmpty()) history_.push_back(line);
    historyAt_ = history_.size();
    refresh(true);
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
    console_->setFont(font);
    input_->setFont(font);
    console_->setTabStopDistance(8 * QFontMetricsF(font).horizontalAdvance(QLatin1Char(' ')));
}

void MainWindow::setPresenting(bool on) {
    if (on == presenting()) return;
    const QSignalBlocker quiet(present_); // the action's toggled() is how F11 gets here
    present_->setChecked(on);
    if (on) {
        Presented p{saveState(),
                    windowState(),
                    view_->transform(),
                    console_->font(),
                    narration_->font(),
                    outline_->font(),
                    {}};
        for (QDockWidget* d : {hoodDock_, eventsDock_, reachDock_, inspectorDock_, chartDock_})
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
        narration_->setFont(narration);
        outline_->setFont(outline);
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
    narration_->setFont(p.narration);
    outline_->setFont(p.outline);
    view_->setTransform(p.canvas);
}

void MainWindow::fitCanvas(bool anySize) {
    // The whole scene rectangle: fitted to less, the view would need scroll bars, which take room
    // from the picture it just fitted.
    const QRectF all = scene_->itemsBoundingRect().adjusted(-10, -10, 10, 10).united(scene_->sceneRect());
    if (all.isEmpty()) return;
    const double boost = presenting() ? kPresentationZoom : 1.0;
    const QRectF port = view_->viewport()->rect();
    const double fit = std::min(port.width() / all.width(), port.height() / all.height());
    const double zoom = std::clamp(fit, anySize ? 0.05 : kReadableZoom * boost, kLargestFitZoom * boost);
    view_->setTransform(QTransform::fromScale(zoom, zoom));
    // Too big for a readable fit: what the step is about goes in the middle.
    const QRectF focus = scene_->focusRect();
    view_->centerOn(zoom > fit && !focus.isEmpty() ? focus.center() : all.center());
}

void MainWindow::followCanvas(const QRectF& added) {
    if (!canvasShown_ || added.isEmpty()) return;
    const QRectF visible = view_->mapToScene(view_->viewport()->rect()).boundingRect();
    if (visible.contains(added)) return; // the teacher's zoom and pan stay
    fitCanvas();
    // Too big to fit at a readable size: the new part is what the step is about.
    if (!view_->mapToScene(view_->viewport()->rect()).boundingRect().contains(added))
        view_->centerOn(added.center());
}

void MainWindow::leaveMicroStep() {
    if (!micro_) return;
    micro_.reset();
    microText_.clear();
    rebuild(); // the whole-step state at this position, with what was typed
}

void MainWindow::showMicroStep() {
    rebuild();
    const auto result = player_->playPartial(*micro_);
    microText_ = q(result.transcript) + tr("(running: engine event %1 of %2)").arg(*micro_).arg(microTotal_);
    refresh(true); // the status bar says which event, and what it did, in words
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
    if (player_->position() >= player_->stepCount()) return;
    if (!micro_) {
        microTotal_ = player_->eventsOfNextStep();
        if (microTotal_ == 0) {
            stepForward(); // nothing moves on the wire in this step
            return;
        }
        micro_ = 0;
    }
    if (++*micro_ >= microTotal_) {
        leaveMicroStep();
        stepForward();
        return;
    }
    showMicroStep();
}

void MainWindow::microStepBack() {
    if (!micro_) return;
    if (*micro_ == 0) {
        leaveMicroStep();
        refresh(false);
        return;
    }
    --*micro_;
    showMicroStep();
}

void MainWindow::undo() {
    leaveMicroStep();
    if (typed_.back().empty()) {
        statusBar()->showMessage(tr("Nothing to undo in this step"));
        return;
    }
    redo_.push_back(typed_.back().back());
    typed_.back().pop_back();
    rebuild();
    statusBar()->showMessage(tr("Undone: %1").arg(redo_.back()));
    refresh(false);
}

void MainWindow::redo() {
    if (redo_.empty()) return;
    leaveMicroStep();
    const QString line = redo_.back();
    redo_.pop_back();
    markNow();
    typedText_.back() += execute(line);
    typed_.back().push_back(line);
    statusBar()->showMessage(tr("Redone: %1").arg(line));
    refresh(true);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    const bool override = event->type() == QEvent::ShortcutOverride;
    if (watched != input_ || (event->type() != QEvent::KeyPress && !override))
        return QMainWindow::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    // On an empty line Ctrl+Z and Ctrl+Shift+Z undo and redo commands (the line edit would take them
    // for its own text); while a line is being edited they edit the line.
    const bool isRedo = key->matches(QKeySequence::Redo) ||
                        key->keyCombination() == QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_Z);
    const bool isUndo = !isRedo && key->matches(QKeySequence::Undo);
    if ((isUndo || isRedo) && input_->text().isEmpty()) {
        if (override) {
            event->ignore(); // let the Edit menu's shortcut have it
            return true;
        }
        isUndo ? undo() : redo();
        return true;
    }
    if (override) return QMainWindow::eventFilter(watched, event);
    if (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) {
        // History, as a shell's Up and Down arrows walk it.
        if (key->key() == Qt::Key_Up && historyAt_ > 0) --historyAt_;
        if (key->key() == Qt::Key_Down && historyAt_ < history_.size()) ++historyAt_;
        input_->setText(historyAt_ < history_.size() ? history_[historyAt_] : QString());
        return true;
    }
    if (key->key() == Qt::Key_Tab) {
        completeInput();
        return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::completeInput() {
    // The last word, completed from commands, docker subcommands, containers and networks; several
    // matches complete to their common prefix and are listed, as bash lists them.
    const QString text = input_->text();
    const int start = static_cast<int>(text.lastIndexOf(' ')) + 1;
    const QString word = text.mid(start);
    QStringList words = {"docker",    "network", "run",        "exec",
                         "inspect",   "ps",      "stop",       "start",
                         "rm",        "connect", "disconnect", "create",
                         "prune",     "ls",      "port",       "ping",
                         "curl",      "wget",    "ip",         "addr",
                         "route",     "neigh",   "link",       "ifconfig",
                         "brctl",     "bridge",  "iptables",   "getent",
                         "nslookup",  "cat",     "/etc/hosts", "/etc/resolv.conf",
                         "--network", "--name",  "--link",     "--network-alias"};
    for (const docker::Container* c : player_->lab().daemon().containers())
        words << q(c->name);
    for (const docker::Network* n : player_->lab().daemon().networks())
        words << q(n->name);
    QStringList matches;
    for (const auto& w : words)
        if (w.startsWith(word) && !matches.contains(w)) matches << w;
    if (matches.isEmpty()) return;
    QString common = matches.front();
    for (const auto& m : matches)
        while (!m.startsWith(common))
            common.chop(1);
    input_->setText(text.left(start) + common + (matches.size() == 1 ? " " : ""));
    if (matches.size() > 1) {
        matches.sort();
        typedText_.back() += q(player_->terminal().prompt()) + text + "\n" + matches.join("  ") + "\n";
        refresh(false);
    }
}

void MainWindow::applyFilter() {
    // Protocol filters: a summary starts with its protocol (HTTP rides on TCP); drops by direction.
    const QString want = filter_->currentData().toString();
    for (int i = 0; i < events_->topLevelItemCount(); ++i) {
        auto* item = events_->topLevelItem(i);
        const QString what = item->text(2);
        const bool shown =
            want.isEmpty() ||
            (want == "drop" ? item->text(1).endsWith(" drop")
                            : what.startsWith(want) || (want == "TCP" && what.startsWith("HTTP")));
        item->setHidden(!shown);
    }
}

void MainWindow::showFrame(long long index) {
    details_->clear();
    const auto& frames = player_->terminal().engine().captured();
    if (index < 0 || static_cast<std::size_t>(index) >= frames.size()) return;
    for (const auto& layer : sim::dissect(frames[static_cast<std::size_t>(index)].bytes)) {
        auto* top = new QTreeWidgetItem(details_, {q(layer.name)});
        for (const auto& [field, value] : layer.fields)
            new QTreeWidgetItem(top, {q(field), q(value)});
        top->setExpanded(true);
    }
    details_->resizeColumnToContents(0);
}

void MainWindow::setEventFilter(int index) {
    filter_->setCurrentIndex(index);
}

void MainWindow::selectEvent(int row) {
    events_->setCurrentItem(events_->topLevelItem(row));
}

int MainWindow::visibleEvents() const {
    int n = 0;
    for (int i = 0; i < events_->topLevelItemCount(); ++i)
        n += events_->topLevelItem(i)->isHidden() ? 0 : 1;
    return n;
}

QString MainWindow::frameDetailsText() const {
    QString s;
    for (int i = 0; i < details_->topLevelItemCount(); ++i) {
        auto* layer = details_->topLevelItem(i);
        s += layer->text(0) + "\n";
        for (int k = 0; k < layer->childCount(); ++k)
            s += "  " + layer->child(k)->text(0) + ": " + layer->child(k)->text(1) + "\n";
    }
    return s;
}

QString MainWindow::consoleText() const {
    return console_->toPlainText();
}

QString MainWindow::inspectorText() const {
    return inspector_->toPlainText();
}

QString MainWindow::underTheHoodText() const {
    return hood_->toPlainText();
}

QString MainWindow::eventsText() const {
    QString s;
    for (int i = 0; i < events_->topLevelItemCount(); ++i) {
        auto* it = events_->topLevelItem(i);
        s += it->text(0) + " " + it->text(1) + " " + it->text(2) + " " + it->text(3) + "\n";
    }
    return s;
}

void MainWindow::refresh(bool animate) {
    const Lab& lab = player_->lab();
    const auto& trace = player_->terminal().engine().trace();
    const std::size_t from = std::min(traceFrom_, trace.size());
    const std::vector<sim::TraceEvent> recent(trace.begin() + static_cast<long>(from), trace.end());
    // Micro-steps keep the boxes as they are: only the frame moves.
    scene_->setTopology(topology::build(lab), micro_ ? std::vector<sim::TraceEvent>{} : recent);
    showStepText();

    QString text = consoleHistoryText();
    if (consoleFrom_ > text.size()) consoleFrom_ = 0; // undone or stepped back past the `clear`
    text = text.mid(consoleFrom_) + (micro_ ? microText_ : q(player_->terminal().prompt()));
    console_->setPlainText(text);
    console_->moveCursor(QTextCursor::End);

    // Under the hood: this step's kernel operations, as the ip/iptables commands that do the same.
    QString hood;
    std::string cause;
    for (const auto& r : lab.opsSince(opsFrom_)) {
        if (r.cause != cause) {
            cause = r.cause;
            hood += "# " + q(cause) + "\n";
        }
        hood += q(kernel::render(r.op)) + "\n";
    }
    hood_->setPlainText(hood.isEmpty() ? tr("(no kernel operations in this step)") : hood);
    if (kernelToggle_ && kernelToggle_->isOn()) kernelToggle_->refresh();

    // This step's frames: the event list, the chart, the animation.
    events_->clear();
    std::map<std::string, int> perInterface;
    std::map<int, std::string> nsNames;
    for (const docker::Container* c : lab.daemon().containers())
        if (c->isRunning()) nsNames[lab.daemon().namespaceOf(*c)] = c->name;
    nsNames[kernel::KernelState::kRootNamespace] = "host";
    for (const auto& e : recent) {
        const std::string where =
            (nsNames.count(e.namespaceId) ? nsNames[e.namespaceId] : "ns") + ":" + e.device;
        auto* item = new QTreeWidgetItem(events_);
        // Milliseconds since the first frame of the step: what a student compares.
        item->setText(0, QString::number(static_cast<double>(e.time - recent.front().time) / 1e6, 'f', 3));
        item->setText(1, q(where) + " " + q(e.direction));
        item->setText(2, q(e.summary));
        item->setText(3, e.direction == "drop" ? TopologyScene::dropReason(e.reason) +
                                                     (e.rule.empty() ? QString() : ": " + q(e.rule))
                                               : QString());
        item->setForeground(2, TopologyScene::protocolColour(q(e.summary)));
        item->setData(0, Qt::UserRole, static_cast<qlonglong>(e.frame));
        if (e.direction == "tx") perInterface[where]++;
    }
    applyFilter();
    if (!micro_) sayWhoIsNotOutThere(recent);
    details_->clear();
    if (events_->topLevelItemCount() > 0) events_->setCurrentItem(events_->topLevelItem(0));
    std::vector<std::pair<QString, double>> frames;
    for (const auto& [name, count] : perInterface)
        frames.push_back({q(name), count});
    barChart(chart_, frames, QColor(0x1f, 0x77, 0xb4, 170));

    // Addresses in use per bridge network (IPAM), labelled with the pool's size.
    std::vector<std::pair<QString, double>> used;
    for (const docker::Network* n : lab.daemon().networks())
        if (n->isBridge())
            used.push_back({QString("%1 /%2").arg(q(n->name)).arg(n->pool.subnet().length),
                            static_cast<double>(n->pool.usedCount())});
    barChart(addressChart_, used, QColor(0x2c, 0xa0, 0x2c, 170));

    // RTT per sequence number of the last ping, as ping printed it (iputils icmp_seq=, busybox seq=).
    const QString lastOutput = !typedText_.back().isEmpty() ? typedText_.back()
                               : stepText_.empty()          ? QString()
                                                            : stepText_.back();
    static const QRegularExpression rttLine("seq=(\\d+) ttl=\\d+ time=([0-9.]+) ms");
    QVector<double> seqs, rtts;
    for (auto it = rttLine.globalMatch(lastOutput); it.hasNext();) {
        const auto m = it.next();
        seqs << m.captured(1).toDouble();
        rtts << m.captured(2).toDouble();
    }
    rttChart_->clearGraphs();
    if (!seqs.isEmpty()) {
        auto* g = rttChart_->addGraph();
        g->setData(seqs, rtts);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        g->setPen(QPen(QColor(0x1e, 0x90, 0xff), 2));
        rttChart_->xAxis->setRange(*std::min_element(seqs.begin(), seqs.end()) - 0.5,
                                   *std::max_element(seqs.begin(), seqs.end()) + 0.5);
        rttChart_->yAxis->setRange(0, *std::max_element(rtts.begin(), rtts.end()) * 1.2);
    }
    rttChart_->replot();
    followCanvas(scene_->addedRect());
    if (animate && micro_) {
        // A micro-step: the frames of the last engine event only, and that event selected in the list.
        std::vector<sim::TraceEvent> last;
        for (auto it = recent.rbegin(); it != recent.rend() && it->time == recent.back().time; ++it)
            last.insert(last.begin(), *it);
        scene_->animate(last, speed_, true);
        QStringList words;
        for (const auto& e : last)
            words << hopInWords(e, nsNames);
        statusBar()->showMessage(
            tr("Step %1, engine event %2 of %3").arg(player_->position() + 1).arg(*micro_).arg(microTotal_) +
            (words.isEmpty() ? QString() : QString::fromUtf8(" \u2014 ") + words.join("; ")));
        if (canvasShown_) view_->ensureVisible(scene_->marksRect(), 40, 40); // follow the frame
        if (events_->topLevelItemCount() > 0) {
            events_->setCurrentItem(events_->topLevelItem(events_->topLevelItemCount() - 1));
            events_->scrollToBottom();
        }
    } else if (animate) {
        scene_->animate(recent, speed_);
    }
}

void MainWindow::sayWhoIsNotOutThere(const std::vector<sim::TraceEvent>& recent) {
    // The outside world is simulated: a ping that leaves eth0 for an address it does not hold gets no
    // answer, and the window says why rather than leave it looking like broken NAT.
    const auto& settings = player_->lab().settings();
    const auto& frames = player_->terminal().engine().captured();
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
    const QString file = QFileDialog::getSaveFileName(this, tr("Export topology"),
                                                      lesson_.id.empty() ? "topology." + format
                                                                         : q(lesson_.id) + "." + format);
    if (file.isEmpty()) return;
    const bool ok = writeDiagram(*scene_, scene_->topology(), format.toStdString(), file,
                                 stepTitle(lesson_, player_->position(), language_.toStdString()));
    statusBar()->showMessage(ok ? tr("Exported %1").arg(file) : tr("Could not write %1").arg(file));
}

} // namespace vethlab::gui
