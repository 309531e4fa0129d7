// The Console panel: the terminal's screen and its input line, with a shell's Up/Down history and Tab
// completion; Ctrl+Z and Ctrl+Shift+Z on an empty line ask to undo and redo the last command.
#pragma once

#include <QStringList>
#include <functional>
#include <vector>

#include "dock.h"

class QLineEdit;
class QPlainTextEdit;

namespace vethlab::gui {

class ConsoleDock : public Dock {
    Q_OBJECT
public:
    /// `words` gives what Tab completes besides the commands (the lab's containers and networks).
    ConsoleDock(QWidget* parent, std::function<QStringList()> words);

    QPlainTextEdit* screen() const { return screen_; }
    QLineEdit* input() const { return input_; }
    void setScreen(const QString& text);    // and scrolls to its end
    void setConsoleFont(const QFont& font); // tab stops every 8 columns, as a terminal has them

Q_SIGNALS:
    void lineEntered(const QString& line);
    void undoRequested();
    void redoRequested();
    /// Several completions: bash lists them under the line.
    void completionsListed(const QString& line, const QStringList& matches);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* e) override;

private:
    void complete();

    std::function<QStringList()> words_;
    QPlainTextEdit* screen_;
    QLineEdit* input_;
    std::vector<QString> history_;
    std::size_t historyAt_ = 0;
};

} // namespace vethlab::gui
