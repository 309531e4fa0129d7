// A panel that puts its own title in the language of the moment when the language changes.
#pragma once

#include <QCoreApplication>
#include <QDockWidget>
#include <QEvent>

namespace vethlab::gui {

class Dock : public QDockWidget {
public:
    /// `title` is marked with QT_TRANSLATE_NOOP in the "vethlab::gui::MainWindow" context.
    Dock(const char* title, QWidget* parent) : QDockWidget(parent), title_(title) { retitle(); }

protected:
    void changeEvent(QEvent* e) override {
        if (e->type() == QEvent::LanguageChange) retitle();
        QDockWidget::changeEvent(e);
    }

private:
    void retitle() { setWindowTitle(QCoreApplication::translate("vethlab::gui::MainWindow", title_)); }
    const char* title_;
};

} // namespace vethlab::gui
