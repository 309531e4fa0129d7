#include "lesson_dock.h"

#include <QListWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "narration_text.h"

namespace vethlab::gui {

LessonDock::LessonDock(QWidget* parent)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Lesson"), parent), outline_(new QListWidget),
      narration_(new QTextBrowser) {
    setObjectName("lesson");
    narration_->setOpenExternalLinks(true);
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(outline_, 1);
    layout->addWidget(narration_, 3);
    setWidget(pane);
    connect(outline_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT stepChosen(static_cast<std::size_t>(outline_->row(item)) + 1);
    });
}

void LessonDock::showStep(const scenario::Scenario& lesson, std::size_t shownStep, const QString& language) {
    const bool zh = language == "zh_CN";
    outline_->clear();
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        QString title = QString::fromStdString(lesson.steps[i].title);
        // "English / 中文": each language shows its own half.
        if (auto slash = title.indexOf(" / "); slash >= 0)
            title = zh ? title.mid(slash + 3) : title.left(slash);
        auto* item = new QListWidgetItem(QString("%1. %2").arg(i + 1).arg(title), outline_);
        if (i + 1 == shownStep) {
            item->setSelected(true);
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
    }
    if (shownStep == 0 || shownStep > lesson.steps.size()) {
        narration_->setMarkdown(
            QCoreApplication::translate("vethlab::gui::MainWindow",
                                        "# %1\n\nPress **Step forward** (Page Down) to play the first step.")
                .arg(QString::fromStdString(zh ? lesson.titleZh : lesson.title)));
        return;
    }
    const auto& step = lesson.steps[shownStep - 1];
    narration_->setMarkdown(
        joinCjkLineBreaks("## " + outline_->item(static_cast<int>(shownStep - 1))->text() + "\n\n" +
                          QString::fromStdString(zh ? step.narrationZh : step.narrationEn)));
}

} // namespace vethlab::gui
