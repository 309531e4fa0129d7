// "This hop": while micro-stepping, the frame's last hop and every decision the kernel took for it, by
// layer (ARP, the bridge's FDB, the route, NAT, iptables), in plain words, as Packet Tracer's "OSI
// model" view shows a PDU at a device. It keeps the hop until the next event.
#pragma once

#include <QTextBrowser>

#include "dock.h"

namespace vethlab::gui {

class HopDock : public Dock {
public:
    explicit HopDock(QWidget* parent);
    void setHtml(const QString& html) { text_->setHtml(html); }
    QString text() const { return text_->toPlainText(); }
    QTextBrowser* browser() const { return text_; }

private:
    QTextBrowser* text_;
};

} // namespace vethlab::gui
