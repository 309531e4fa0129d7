#include "console_dock.h"

#include <QFontMetricsF>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace vethlab::gui {

ConsoleDock::ConsoleDock(QWidget* parent, std::function<QStringList()> words)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Console"), parent), words_(std::move(words)),
      screen_(new QPlainTextEdit), input_(new QLineEdit) {
    setObjectName("console");
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(2, 2, 2, 2);
    screen_->setReadOnly(true);
    screen_->setStyleSheet("QPlainTextEdit { background: #1e1e1e; color: #e6e6e6; }");
    setConsoleFont(QFont("DejaVu Sans Mono", 10));
    layout->addWidget(screen_);
    layout->addWidget(input_);
    setWidget(pane);
    input_->installEventFilter(this);
    connect(input_, &QLineEdit::returnPressed, this, [this] {
        const QString line = input_->text();
        input_->setText(QString()); // not clear(): its text undo would catch the next Ctrl+Z
        if (!line.trimmed().isEmpty()) history_.push_back(line);
        historyAt_ = history_.size();
        Q_EMIT lineEntered(line);
    });
    input_->setPlaceholderText(tr("Type a command, e.g. docker network ls"));
}

void ConsoleDock::changeEvent(QEvent* e) {
    Dock::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        input_->setPlaceholderText(tr("Type a command, e.g. docker network ls"));
}

void ConsoleDock::setScreen(const QString& text) {
    screen_->setPlainText(text);
    screen_->moveCursor(QTextCursor::End);
}

void ConsoleDock::setConsoleFont(const QFont& font) {
    screen_->setFont(font);
    input_->setFont(font);
    screen_->setTabStopDistance(8 * QFontMetricsF(font).horizontalAdvance(QLatin1Char(' ')));
}

bool ConsoleDock::eventFilter(QObject* watched, QEvent* event) {
    const bool override = event->type() == QEvent::ShortcutOverride;
    if (watched != input_ || (event->type() != QEvent::KeyPress && !override))
        return Dock::eventFilter(watched, event);
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
        isUndo ? Q_EMIT undoRequested() : Q_EMIT redoRequested();
        return true;
    }
    if (override) return Dock::eventFilter(watched, event);
    if (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) {
        // History, as a shell's Up and Down arrows walk it.
        if (key->key() == Qt::Key_Up && historyAt_ > 0) --historyAt_;
        if (key->key() == Qt::Key_Down && historyAt_ < history_.size()) ++historyAt_;
        input_->setText(historyAt_ < history_.size() ? history_[historyAt_] : QString());
        return true;
    }
    if (key->key() == Qt::Key_Tab) {
        complete();
        return true;
    }
    return Dock::eventFilter(watched, event);
}

void ConsoleDock::complete() {
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
    words << words_();
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
        Q_EMIT completionsListed(text, matches);
    }
}

} // namespace vethlab::gui
