// The teaching window: the topology canvas in the middle; the lesson (outline and narration), the
// console, the kernel operations of the step ("under the hood"), the engine's events and a chart in
// docks. It drives the same scenario Player and Terminal as vethlab-cli.
#pragma once

#include <QMainWindow>
#include <QTranslator>
#include <memory>
#include <vector>

#include "player.h"
#include "scenario.h"

class QAction;
class QCustomPlot;
class QDockWidget;
class QGraphicsView;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QTextBrowser;
class QTreeWidget;

namespace vethlab::gui {

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
    QString consoleText() const;
    QString eventsText() const;
    QString underTheHoodText() const;

private:
    void buildUi();
    void retranslate();
    void refresh(bool animate);
    void showStepText();
    void exportTo(const QString& format);

    scenario::Scenario lesson_;
    std::unique_ptr<scenario::Player> player_;
    QString language_;
    QTranslator translator_;
    // Where each played step's operations and trace events begin, so a step's views show only its own.
    std::vector<std::size_t> opsMarks_, traceMarks_;
    std::vector<QString> transcripts_;
    QString typed_; // what the user typed in the console since the last step

    TopologyScene* scene_ = nullptr;
    QGraphicsView* view_ = nullptr;
    QListWidget* outline_ = nullptr;
    QTextBrowser* narration_ = nullptr;
    QPlainTextEdit* console_ = nullptr;
    QLineEdit* input_ = nullptr;
    QPlainTextEdit* hood_ = nullptr;
    QTreeWidget* events_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    QDockWidget *lessonDock_ = nullptr, *consoleDock_ = nullptr, *hoodDock_ = nullptr, *eventsDock_ = nullptr,
                *chartDock_ = nullptr;
    QAction *back_ = nullptr, *forward_ = nullptr, *restart_ = nullptr, *fit_ = nullptr, *replay_ = nullptr,
            *languageAction_ = nullptr, *present_ = nullptr;
    QMenu *fileMenu_ = nullptr, *exportMenu_ = nullptr, *viewMenu_ = nullptr;
};

} // namespace vethlab::gui
