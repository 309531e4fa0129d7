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
class QTableWidget;
class QTabWidget;
class QTreeWidget;

namespace vethlab::gui {

class KernelToggle;

class TopologyScene;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(scenario::Scenario lesson, QString language);
    ~MainWindow() override;

    TopologyScene* scene() const { return scene_; }
    scenario::Player& player() { return *player_; }
    /// Plays the next step (false at the end), steps back, restarts.
    bool stepForward();
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
    QLineEdit* consoleInput() const { return input_; }
    QPlainTextEdit* consoleView() const { return console_; }
    /// Fits the whole topology in the canvas (F), never smaller than readable unless `anySize`.
    void fitCanvas(bool anySize = false);
    std::optional<std::size_t> microStep() const { return micro_; }
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
    QTableWidget* reachability() const { return reach_; }
    QCustomPlot* rttChart() const { return rttChart_; }
    QCustomPlot* addressChart() const { return addressChart_; }
    QString consoleText() const;
    QString eventsText() const;
    QString underTheHoodText() const;

protected:
    /// LanguageChange: the window's own texts, and what it wrote in the old language.
    void changeEvent(QEvent* e) override;
    // Console history, Tab completion, and Ctrl+Z / Ctrl+Shift+Z on an empty input line.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    void retranslate();
    void retranslateContent();
    void showReachability();
    /// A ping out of eth0 to an address the simulated internet does not hold: the status bar says so.
    void sayWhoIsNotOutThere(const std::vector<sim::TraceEvent>& recent);
    void refresh(bool animate);
    void showStepText();
    void exportTo(const QString& format);
    void applyPlaying(bool on);
    void setConsoleFont(const QFont& font); // tab stops every 8 columns, as a terminal has them
    /// After the canvas changed: new things off-screen bring a fit; otherwise the teacher's zoom stays.
    void followCanvas(const QRectF& added);
    QString consoleHistoryText() const;

    scenario::Scenario lesson_;
    std::unique_ptr<scenario::Player> player_;
    QString language_;
    QString contentLanguage_; // the language the canvas, event list and matrix were last written in
    QTranslator translator_;
    QString execute(const QString& line); // runs a line on the lab; returns prompt, line and output
    void rebuild();                       // replays steps and typed lines up to the current position
    /// Replays the lesson up to the current position, with the lines typed, into `player`.
    void replay(scenario::Player& player, std::vector<QString>* printed);
    void markNow(); // the views show what happens from now on
    void completeInput();
    void applyFilter();
    void showFrame(long long index);
    void showMicroStep();
    void leaveMicroStep();
    static QString joinLines(const std::vector<std::string>& lines);
    /// One engine event in plain words: "tomcat91 sends ICMP echo request ... out of eth0".
    static QString hopInWords(const sim::TraceEvent& e, const std::map<int, std::string>& names);
    static void barChart(QCustomPlot* plot, const std::vector<std::pair<QString, double>>& bars,
                         const QColor& colour);

    std::vector<QString> stepText_;               // each played step's transcript
    std::vector<std::vector<QString>> typed_{{}}; // lines typed at each position (before the next step)
    std::vector<QString> typedText_{{}};          // and what they printed
    std::vector<QString> redo_, history_;
    std::size_t historyAt_ = 0;
    std::optional<std::size_t> micro_; // events of the next step played, while micro-stepping
    std::size_t microTotal_ = 0;
    QString microText_;
    std::uint64_t opsFrom_ = 0; // where the last action's kernel ops begin (Lab::opsRecorded)
    std::size_t traceFrom_ = 0; // and its frames
    KernelToggle* kernelToggle_ = nullptr;

    TopologyScene* scene_ = nullptr;
    QGraphicsView* view_ = nullptr;
    QListWidget* outline_ = nullptr;
    QTextBrowser* narration_ = nullptr;
    QPlainTextEdit* console_ = nullptr;
    QLineEdit* input_ = nullptr;
    QPlainTextEdit* hood_ = nullptr;
    QTreeWidget *events_ = nullptr, *details_ = nullptr;
    QComboBox* filter_ = nullptr;
    QCustomPlot *chart_ = nullptr, *rttChart_ = nullptr, *addressChart_ = nullptr;
    QTabWidget* charts_ = nullptr;
    QTableWidget* reach_ = nullptr;
    QPushButton* probe_ = nullptr;
    QDockWidget* reachDock_ = nullptr;
    QPlainTextEdit* inspector_ = nullptr;
    QDockWidget* inspectorDock_ = nullptr;
    QDockWidget *lessonDock_ = nullptr, *consoleDock_ = nullptr, *hoodDock_ = nullptr, *eventsDock_ = nullptr,
                *chartDock_ = nullptr;
    QAction *back_ = nullptr, *forward_ = nullptr, *restart_ = nullptr, *fit_ = nullptr, *replay_ = nullptr,
            *languageAction_ = nullptr, *present_ = nullptr;
    QMenu *fileMenu_ = nullptr, *exportMenu_ = nullptr, *viewMenu_ = nullptr, *editMenu_ = nullptr;
    QAction* play_ = nullptr;
    QAction* quit_ = nullptr;
    std::optional<scenario::ReachabilityMatrix> reachMatrix_; // the last probe, shown in either language
    QComboBox* speedBox_ = nullptr;
    QTimer* autoplay_ = nullptr;
    double speed_ = 1.0;
    int consoleFrom_ = 0; // where the console starts showing text (after `clear`)
    bool canvasShown_ = false;
    struct Presented { // what presentation mode changed, to put back on leaving
        QByteArray docks;
        Qt::WindowStates state;
        QTransform canvas;
        QFont console, narration, outline;
        std::vector<QDockWidget*> hidden;
    };
    std::optional<Presented> presented_;
    QAction *undo_ = nullptr, *redoAction_ = nullptr, *microBack_ = nullptr, *microForward_ = nullptr;
};

} // namespace vethlab::gui
