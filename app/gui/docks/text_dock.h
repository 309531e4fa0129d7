// A read-only, monospace text panel: "Under the hood" (the step's kernel operations as ip/iptables
// commands) and the Inspector (what the commands a student would type print about a node).
#pragma once

#include <QPlainTextEdit>

#include "dock.h"

namespace vethlab::gui {

class TextDock : public Dock {
public:
    /// `title` as for Dock: marked with QT_TRANSLATE_NOOP in the window's context.
    TextDock(const char* title, const char* name, QWidget* parent)
        : Dock(title, parent), text_(new QPlainTextEdit) {
        setObjectName(name);
        text_->setReadOnly(true);
        text_->setFont(QFont("DejaVu Sans Mono", 9));
        setWidget(text_);
    }
    QPlainTextEdit* text() const { return text_; }

private:
    QPlainTextEdit* text_;
};

} // namespace vethlab::gui
