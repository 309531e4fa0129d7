// The teaching window: the topology canvas in the middle; the lesson (outline and narration), the
// console, the kernel operations of the step ("under the hood"), the engine's events and a chart in
// docks. It drives the same scenario Player and Terminal as vethlab-cli.
#pragma once

#include <QFont>
#include <QMainWindow>
#include <QTransform>
#include <QTranslator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "lesson_session.h"
#include "player.h"
#include "reachability.h"
#include "scenario.h"

class QAction;
class QComboBox;
class QTimer;
class QCustomPlot;
class QDockWidget;
class QGraphicsView;
class QLineEdit;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QTextBrowser;
class QPushButton;
class QTableView;
class QTabWidget;
class QTreeWidget;

namespace vethlab::gui {

class ActivityDock;
class ChartsDock;
class ConsoleDock;
class LessonDock;
class TextDock;
class EventsDock;
class HopDock;
class ReachabilityDock;
class AnnotationLayer;
class CanvasTools;
class CanvasLegend;
class KernelToggle;

class TopologyScene;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(scenario::Scenario lesson, QString language);
    ~MainWindow() override;

    TopologyScene* scene() const { return scene_; }
    scenario::Player& player() { return session_->player(); }
    /// The lesson-state logic the window draws (shared with the CLI and window-less tests).
    scenario::LessonSession& session() { return *session_; }
    /// File > Open lesson: a new session on `lesson` (what was typed in the old one is left behind).
    void openLesson(scenario::Scenario lesson);
    /// File > Save lab / Open lab: the `.vethlab` file (the lesson, the position, every line typed, the
    /// answers and the notes on the canvas). False, with the reason in the status bar, on failure.
    bool saveLab(const QString& file);
    bool loadLab(const QString& file);
    /// File > Export console transcript: everything the console showed, `clear` or not.
    bool exportTranscript(const QString& file);
    /// The student's activity mode: the Activity panel (goals checked live, hints) and the lessons'
    /// questions asked before their step plays.
    bool activityMode() const;
    ActivityDock* activityDock() const { return activity_; }
    /// Notes and highlights on the canvas (kept in the saved lab and in exports).
    AnnotationLayer* annotations() const { return annotations_; }
    /// The simple PDUs sent by clicking two nodes with the Ping tool: one line each, ✔ or ✘ and why.
    QListWidget* pingResults() const { return pings_; }
    /// Plays the next step (false at the end), steps back, restarts.
    bool stepForward(); // in activity mode a step with a question waits for the answer
    void stepBack();
    void restart();
    /// Runs a console line on the lab, as typed.
    void runConsoleLine(const QString& line);
    void setLanguage(const QString& language); // "en" or "zh_CN"
    /// Ctrl+Z: the lab returns exactly to the state before the last line typed in this step.
    void undo();
    void redo();
    /// Packet-level micro-steps through the next step's engine events, forward and back; the lab is
    /// exactly as it was at that event.
    void microStepForward();
    void microStepBack();
    /// Play: steps forward by itself, each step once its packets have travelled; Space toggles.
    void setPlaying(bool on);
    bool playing() const;
    void setSpeed(double speed); // packet animation and reading pauses: 0.25x to 4x
    /// Presentation mode (F11): full screen, only the canvas, the lesson and the console, larger text
    /// and canvas; leaving restores the window, its panels, fonts and zoom exactly.
    void setPresenting(bool on);
    bool presenting() const { return presented_.has_value(); }
    QGraphicsView* canvas() const { return view_; }
    QLineEdit* consoleInput() const;
    QPlainTextEdit* consoleView() const;
    /// Fits the whole topology in the canvas (F), never smaller than readable unless `anySize`.
    void fitCanvas(bool anySize = false);
    std::optional<std::size_t> microStep() const { return session_->microStep(); }
    /// Fills the reachability matrix: real probes on a twin of the lab, each failure explained.
    void probeReachability();
    /// The inspector: a node's addresses, routes, neighbours, FDB, files, NAT rules and docker inspect,
    /// as the commands a student would type print them.
    void inspect(const QString& nodeId);
    QString inspectorText() const;
    /// The event list's protocol filter (0 all, 1 ARP, 2 ICMP, 3 DNS, 4 TCP/HTTP, 5 drops) and the
    /// layer-by-layer details of the selected frame.
    void setEventFilter(int index);
    void selectEvent(int row);
    QString frameDetailsText() const;
    int visibleEvents() const;
    /// The reachability matrix (a view on a ReachabilityModel).
    QTableView* reachability() const;
    QCustomPlot* rttChart() const;
    QCustomPlot* addressChart() const;
    QString consoleText() const;
    QString eventsText() const;
    QString underTheHoodText() const;
    /// The "This hop" panel: the last micro-step's hop and the kernel's decisions for it, in words.
    QString hopText() const;

protected:
    /// LanguageChange: the window's own texts, and what it wrote in the old language.
    void changeEvent(QEvent* e) override;

private:
    void buildUi();
    void retranslate();
    void retranslateContent();
    void showStepStatus();
    void afterStep(const scenario::StepResult& result);
    void answer(bool yes); // the Activity panel's Yes / No
    void refreshActivity();
    /// The Ping and HTTP tools' two clicks: a ping, or an HTTP request to the receiver's listening port.
    void pingBetween(const QString& fromId, const QString& toId, bool http);
    void showHop(const QStringList& said); // the "This hop" panel for the micro-step shown
    QString askFileName(bool save, const QString& title, const QString& suggested, const QString& filter);
    /// A ping out of eth0 to an address the simulated internet does not hold: the status bar says so.
    void sayWhoIsNotOutThere(const std::vector<sim::TraceEvent>& recent);
    void refresh(bool animate);
    void showStepText();
    void exportTo(const QString& format);
    void applyPlaying(bool on);
    void setConsoleFont(const QFont& font); // tab stops every 8 columns, as a terminal has them
    /// After the canvas changed: new things off-screen bring a fit; otherwise the teacher's zoom stays.
    void followCanvas(const QRectF& added);
    /// After a micro-step: its hop (both boxes, the drop mark, the frame) brought on screen by panning,
    /// at the teacher's zoom; a hop bigger than the view is centred.
    void followHop();

    std::unique_ptr<scenario::LessonSession> session_;
    QString language_;
    QString contentLanguage_; // the language the canvas, event list and matrix were last written in
    QTranslator translator_;
    static QString joinLines(const std::vector<std::string>& lines);
    /// One engine event in plain words: "tomcat91 sends ICMP echo request ... out of eth0".
    static QString hopInWords(const sim::TraceEvent& e, const std::map<int, std::string>& names);

    KernelToggle* kernelToggle_ = nullptr;
    ActivityDock* activity_ = nullptr;
    AnnotationLayer* annotations_ = nullptr;
    CanvasTools* tools_ = nullptr;
    CanvasLegend* legend_ = nullptr; // pinned to the canvas's corner
    QListWidget* pings_ = nullptr;
    QDockWidget* pingDock_ = nullptr;
    QAction *noteTool_ = nullptr, *highlightTool_ = nullptr, *pingTool_ = nullptr, *httpTool_ = nullptr,
            *clearNotes_ = nullptr;
    QMenu* canvasMenu_ = nullptr;

    TopologyScene* scene_ = nullptr;
    QGraphicsView* view_ = nullptr;
    ReachabilityDock* reachDock_ = nullptr;
    TextDock* inspectorDock_ = nullptr;
    LessonDock* lessonDock_ = nullptr;
    ConsoleDock* consoleDock_ = nullptr;
    TextDock* hoodDock_ = nullptr;
    EventsDock* eventsDock_ = nullptr;
    HopDock* hopDock_ = nullptr;
    ChartsDock* chartDock_ = nullptr;
    QAction *back_ = nullptr, *forward_ = nullptr, *restart_ = nullptr, *fit_ = nullptr, *replay_ = nullptr,
            *languageAction_ = nullptr, *present_ = nullptr;
    QMenu *fileMenu_ = nullptr, *exportMenu_ = nullptr, *viewMenu_ = nullptr, *editMenu_ = nullptr;
    QAction* play_ = nullptr;
    QAction* quit_ = nullptr;
    QAction *openLesson_ = nullptr, *saveLab_ = nullptr, *openLab_ = nullptr, *exportTranscript_ = nullptr,
            *activityMode_ = nullptr;
    std::optional<scenario::ReachabilityMatrix> reachMatrix_; // the last probe, shown in either language
    QComboBox* speedBox_ = nullptr;
    QTimer* autoplay_ = nullptr;
    QTimer* prepare_ = nullptr; // idle time: the session parks the labs a step back will restore
    double speed_ = 1.0;
    bool canvasShown_ = false;
    // The zoom the last automatic fit chose: while the teacher has not zoomed since, a step that adds
    // something may fit again (to a readable zoom).
    QTransform fittedTransform_;
    struct Presented { // what presentation mode changed, to put back on leaving
        QByteArray docks;
        Qt::WindowStates state;
        QTransform canvas;
        QFont console, narration, outline, legend;
        std::vector<QDockWidget*> hidden;
    };
    std::optional<Presented> presented_;
    QAction *undo_ = nullptr, *redoAction_ = nullptr, *microBack_ = nullptr, *microForward_ = nullptr;
};

} // namespace vethlab::gui
