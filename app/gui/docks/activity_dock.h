// The student's Activity panel: the goals of the step, each checked live against the student's own lab
// (met or not, and how many), the step's hints revealed one at a time, and the question a lesson asks
// before a step plays, answered Yes or No and then revealed by what the lab did.
#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "dock.h"
#include "lesson_session.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace vethlab::gui {

class ActivityDock : public Dock {
    Q_OBJECT
public:
    explicit ActivityDock(QWidget* parent);

    /// The goals and hints of the step shown, in `language`.
    void setActivity(const std::vector<scenario::GoalStatus>& goals,
                     const std::vector<scenario::Bilingual>& hints, const QString& language);
    /// Asks the next step's question; answered() follows the student's click.
    void ask(const scenario::Prediction& question);
    /// After the step played: whether the student's answer was right.
    void reveal(const scenario::PredictionOutcome& outcome);
    bool asking() const;
    /// Another lesson: no question, no answer, no hint shown.
    void reset();
    int goalsMet() const { return met_; }
    QListWidget* goalList() const { return goals_; }
    QString progressText() const;
    QString hintText() const;
    QString questionText() const;
    QString outcomeText() const;

Q_SIGNALS:
    void answered(bool yes);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void showQuestion();
    void showOutcome();
    void showHints();

    QLabel *progress_ = nullptr, *hints_ = nullptr, *question_ = nullptr, *outcome_ = nullptr;
    QListWidget* goals_ = nullptr;
    QPushButton *hintButton_ = nullptr, *yes_ = nullptr, *no_ = nullptr;
    QString language_ = "en";
    std::vector<scenario::GoalStatus> goalState_;
    std::vector<scenario::Bilingual> hintTexts_;
    std::size_t hintsShown_ = 0;
    std::optional<scenario::Prediction> asked_;
    std::optional<std::pair<scenario::Prediction, scenario::PredictionOutcome>> revealed_;
    int met_ = 0;
};

} // namespace vethlab::gui
