// The Lesson panel: the outline of the steps (the one shown in bold; activating one goes there) and
// the narration of the step shown, in the window's language.
#pragma once

#include "dock.h"
#include "scenario.h"

class QListWidget;
class QTextBrowser;

namespace vethlab::gui {

class LessonDock : public Dock {
    Q_OBJECT
public:
    explicit LessonDock(QWidget* parent);

    /// `shownStep`: 1-based, 0 before the first step.
    void showStep(const scenario::Scenario& lesson, std::size_t shownStep, const QString& language);
    QListWidget* outline() const { return outline_; }
    QTextBrowser* narration() const { return narration_; }

Q_SIGNALS:
    void stepChosen(std::size_t step); // 1-based

private:
    QListWidget* outline_;
    QTextBrowser* narration_;
};

} // namespace vethlab::gui
