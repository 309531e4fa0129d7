// vethlab: the teaching window. `vethlab [SCENARIO] [--lang en|zh_CN]` opens the lesson (a path or an
// installed lesson's name; the tour by default). `--steps N --screenshot FILE [--after MS]` plays N steps,
// waits MS milliseconds of the packet animation, saves the window as a PNG and quits (how docs/ screenshots
// are made); --probe fills the reachability matrix first; --events K micro-steps K engine events into the
// next step; --present opens in presentation mode (F11); --backend kernel presses the Real kernel switch;
// --type LINE runs a console line after the steps; --activity turns the activity mode on (Ctrl+M) and
// --answer yes|no answers the questions the steps ask; --hints N reveals N hints.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QPushButton>
#include <QScreen>
#include <QTimer>
#include <fstream>
#include <iostream>
#include <sstream>

#include "lesson_finder.h"
#include "main_window.h"
#include "scenario.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("vethlab");
    QString path = QStringLiteral("tour"), language = "en", screenshot;
    int steps = 0, after = 0, events = 0;
    bool probe = false, present = false, kernel = false, activity = false;
    QString answer = "yes";
    int hints = 0;
    QString dock;
    QStringList typed;
    const QStringList args = QApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&]() { return i + 1 < args.size() ? args[++i] : QString(); };
        if (a == "--lang")
            language = value();
        else if (a == "--steps")
            steps = value().toInt();
        else if (a == "--screenshot")
            screenshot = value();
        else if (a == "--events")
            events = value().toInt();
        else if (a == "--dock")
            dock = value();
        else if (a == "--probe")
            probe = true;
        else if (a == "--activity")
            activity = true;
        else if (a == "--answer")
            answer = value();
        else if (a == "--hints")
            hints = value().toInt();
        else if (a == "--present")
            present = true;
        else if (a == "--backend")
            kernel = value() == "kernel";
        else if (a == "--type")
            typed << value();
        else if (a == "--after")
            after = value().toInt();
        else if (a == "--version") {
            std::cout << "vethlab " VETHLAB_VERSION "\n";
            return 0;
        } else if (a == "--help" || a == "-h") {
            std::cout << "Usage: vethlab [SCENARIO] [--lang en|zh_CN] [--present] [--backend sim|kernel] "
                         "[--activity [--answer yes|no] [--hints N]] [--steps N [--events K] [--type "
                         "LINE]... [--probe] "
                         "[--dock lesson|console|hood|hop|events|reachability|inspector|chart] "
                         "--screenshot FILE [--after MS]]\n";
            return 0;
        } else
            path = a;
    }
    // A path, or a lesson's name looked up where the lessons are installed (the tour by default).
    if (auto found = vethlab::scenario::findLesson(path.toStdString()))
        path = QString::fromStdString(found->string());
    std::ifstream in(path.toStdString());
    if (!in) {
        std::cerr << "vethlab: cannot open " << path.toStdString() << "\n";
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    auto lesson = vethlab::scenario::parseScenario(text.str(), path.toStdString(), error);
    if (!lesson) {
        std::cerr << error << "\n";
        return 1;
    }
    vethlab::gui::MainWindow window(*lesson, language == "zh_CN" ? "zh_CN" : "en");
    // Maximised; without a window manager to honour that, the screen's size.
    if (const QScreen* screen = QApplication::primaryScreen())
        window.setGeometry(screen->availableGeometry());
    window.showMaximized();
    if (present) window.setPresenting(true);
    // The Real kernel switch, pressed at start (its toolbar action; it says why if it cannot).
    if (kernel)
        if (auto* action = window.findChild<QAction*>("realKernel")) action->setChecked(true);
    if (activity)
        if (auto* action = window.findChild<QAction*>("activityMode")) action->setChecked(true);
    for (int i = 0; i < steps; ++i)
        if (!window.stepForward()) // a question first: the Activity panel's answer button
            if (auto* button = window.findChild<QPushButton*>(answer == "no" ? "answerNo" : "answerYes");
                button && button->isVisible())
                button->click();
    for (const QString& line : typed)
        window.runConsoleLine(line);
    for (int i = 0; i < events; ++i)
        window.microStepForward();
    for (int i = 0; i < hints; ++i)
        if (auto* button = window.findChild<QPushButton*>("hintButton")) button->click();
    if (probe) window.probeReachability();
    if (!dock.isEmpty())
        if (auto* d = window.findChild<QDockWidget*>(dock)) d->raise();
    if (!screenshot.isEmpty()) {
        QTimer::singleShot(after + 300, &window, [&] {
            window.grab().save(screenshot, "PNG");
            QApplication::quit();
        });
    }
    return QApplication::exec();
}
