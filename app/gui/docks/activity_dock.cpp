#include "activity_dock.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace vethlab::gui {
namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QLabel* wrapping(const char* name) {
    auto* l = new QLabel;
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

} // namespace

ActivityDock::ActivityDock(QWidget* parent)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Activity"), parent) {
    setObjectName("activity");
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(4, 4, 4, 4);
    progress_ = wrapping("goalProgress");
    goals_ = new QListWidget;
    goals_->setObjectName("goals");
    goals_->setWordWrap(true);
    hintButton_ = new QPushButton;
    hintButton_->setObjectName("hintButton");
    hints_ = wrapping("hints");
    question_ = wrapping("question");
    QFont bold = question_->font();
    bold.setBold(true);
    question_->setFont(bold);
    yes_ = new QPushButton;
    yes_->setObjectName("answerYes");
    no_ = new QPushButton;
    no_->setObjectName("answerNo");
    auto* answers = new QHBoxLayout;
    answers->addWidget(yes_);
    answers->addWidget(no_);
    outcome_ = wrapping("outcome");
    layout->addWidget(progress_);
    layout->addWidget(goals_);
    layout->addWidget(hintButton_);
    layout->addWidget(hints_);
    layout->addWidget(question_);
    layout->addLayout(answers);
    layout->addWidget(outcome_);
    layout->addStretch(1); // the goals as tall as they are, the rest of the panel below them
    setWidget(pane);
    connect(hintButton_, &QPushButton::clicked, this, [this] {
        if (hintsShown_ < hintTexts_.size()) ++hintsShown_;
        showHints();
    });
    connect(yes_, &QPushButton::clicked, this, [this] { Q_EMIT answered(true); });
    connect(no_, &QPushButton::clicked, this, [this] { Q_EMIT answered(false); });
    retranslate();
    showQuestion();
}

void ActivityDock::setActivity(const std::vector<scenario::GoalStatus>& goals,
                               const std::vector<scenario::Bilingual>& hints, const QString& language) {
    const bool sameHints = hints.size() == hintTexts_.size() &&
                           std::equal(hints.begin(), hints.end(), hintTexts_.begin(),
                                      [](const auto& a, const auto& b) { return a.en == b.en; });
    if (!sameHints) hintsShown_ = 0; // another step's hints: hidden until asked for
    goalState_ = goals;
    hintTexts_ = hints;
    language_ = language;
    retranslate();
}

void ActivityDock::ask(const scenario::Prediction& question) {
    asked_ = question;
    revealed_.reset();
    showQuestion();
    showOutcome();
    raise();
    yes_->setFocus();
}

void ActivityDock::reveal(const scenario::PredictionOutcome& outcome) {
    if (asked_) revealed_.emplace(*asked_, outcome);
    asked_.reset();
    showQuestion();
    showOutcome();
}

void ActivityDock::reset() {
    asked_.reset();
    revealed_.reset();
    hintsShown_ = 0;
    goalState_.clear();
    hintTexts_.clear();
    retranslate();
}

bool ActivityDock::asking() const {
    return asked_.has_value();
}

void ActivityDock::changeEvent(QEvent* e) {
    Dock::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
}

void ActivityDock::retranslate() {
    goals_->clear();
    met_ = 0;
    for (const auto& g : goalState_) {
        // A mark as well as a colour: the projector's colours are not to be relied on.
        auto* item =
            new QListWidgetItem((g.met ? QString::fromUtf8("\u2714 ") : QString::fromUtf8("\u2610 ")) +
                                    q(g.goal.text.in(language_.toStdString())),
                                goals_);
        item->setForeground(g.met ? QColor(0x1b, 0x7a, 0x1b) : palette().color(QPalette::Text));
        met_ += g.met ? 1 : 0;
    }
    // As tall as the goals: one line each (two when wrapped), not the whole panel.
    int height = 2 * goals_->frameWidth() + 4;
    for (int i = 0; i < goals_->count(); ++i)
        height += std::max(goals_->sizeHintForRow(i), 2 * goals_->fontMetrics().height() + 4);
    goals_->setFixedHeight(std::max(height, goals_->fontMetrics().height() + 8));
    progress_->setText(goalState_.empty()
                           ? tr("No goals in this step. Step forward, or explore the lab in the console.")
                           : tr("Goals met: %1 of %2").arg(met_).arg(goalState_.size()));
    hintButton_->setText(tr("Show a hint"));
    yes_->setText(tr("Yes"));
    no_->setText(tr("No"));
    showHints();
    showQuestion();
    showOutcome();
}

void ActivityDock::showHints() {
    hintButton_->setEnabled(hintsShown_ < hintTexts_.size());
    hintButton_->setVisible(!hintTexts_.empty());
    QStringList shown;
    for (std::size_t i = 0; i < hintsShown_ && i < hintTexts_.size(); ++i)
        shown << tr("Hint %1: %2").arg(i + 1).arg(q(hintTexts_[i].in(language_.toStdString())));
    hints_->setText(shown.join("\n"));
    hints_->setVisible(!shown.isEmpty());
}

void ActivityDock::showQuestion() {
    question_->setVisible(asked_.has_value());
    yes_->setVisible(asked_.has_value());
    no_->setVisible(asked_.has_value());
    if (asked_)
        question_->setText(
            tr("Before the next step: %1").arg(q(asked_->question.in(language_.toStdString()))));
}

void ActivityDock::showOutcome() {
    outcome_->setVisible(revealed_.has_value());
    if (!revealed_) return;
    const auto& [question, o] = *revealed_;
    const QString said = o.answer ? tr("yes") : tr("no");
    const QString did = o.actual ? tr("yes") : tr("no");
    outcome_->setText(
        q(question.question.in(language_.toStdString())) + "\n" +
        (o.correct()
             ? tr("You said %1, and the lab says %2: right.").arg(said, did)
             : tr("You said %1, but the lab says %2. Look at the step's narration for why.").arg(said, did)));
}

QString ActivityDock::progressText() const {
    return progress_->text();
}

QString ActivityDock::hintText() const {
    return hints_->text();
}

QString ActivityDock::questionText() const {
    return asked_ ? question_->text() : QString();
}

QString ActivityDock::outcomeText() const {
    return revealed_ ? outcome_->text() : QString();
}

} // namespace vethlab::gui
