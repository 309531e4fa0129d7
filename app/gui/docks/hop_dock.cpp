#include "hop_dock.h"

namespace vethlab::gui {

HopDock::HopDock(QWidget* parent)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "This hop"), parent), text_(new QTextBrowser) {
    setObjectName("hop");
    text_->setObjectName("hopText");
    text_->setOpenLinks(false);
    setWidget(text_);
}

} // namespace vethlab::gui
