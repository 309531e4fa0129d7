#include "canvas_legend.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include "topology_scene.h"

namespace vethlab::gui {
namespace {

QString row(const QColor& colour, const QString& name, bool dot) {
    // A coloured mark and the name: a bar for a network's links, a dot for a frame's protocol.
    const QString mark = dot ? QString::fromUtf8("\u25cf") : QString::fromUtf8("\u25ac");
    return QString("<tr><td style=\"color:%1\">%2</td><td>&nbsp;%3</td></tr>")
        .arg(colour.name(), mark, name.toHtmlEscaped());
}

} // namespace

CanvasLegend::CanvasLegend(QAbstractScrollArea* view, const TopologyScene* scene)
    : QFrame(view), view_(view), scene_(scene), text_(new QLabel(this)) {
    setObjectName("canvasLegend");
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(255, 255, 255, 235));
    setPalette(p);
    text_->setTextFormat(Qt::RichText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(text_);
    setAttribute(Qt::WA_TransparentForMouseEvents); // the canvas under it still pans and clicks
    view->viewport()->installEventFilter(this);
    refresh();
}

void CanvasLegend::refresh() {
    // The scene's words, translated where the scene's legend was.
    auto tx = [](const char* s) { return QCoreApplication::translate("vethlab::gui::TopologyScene", s); };
    const auto& networks = scene_->topology().networks;
    QString html = "<b>" + tx("Networks").toHtmlEscaped() + "</b><table cellspacing=0 cellpadding=0>";
    for (std::size_t i = 0; i < networks.size(); ++i)
        html += row(TopologyScene::networkColour(static_cast<int>(i)), QString::fromStdString(networks[i]),
                    false);
    html += "</table><b>" + tx("Frames").toHtmlEscaped() + "</b><table cellspacing=0 cellpadding=0>";
    for (const char* proto : {"ARP", "ICMP", "DNS", "TCP", "HTTP"})
        html += row(TopologyScene::protocolColour(proto), proto, true);
    html += "</table>";
    text_->setText(html);
    adjustSize();
    place();
}

void CanvasLegend::place() {
    move(view_->viewport()->geometry().topLeft() + QPoint(6, 6));
    raise();
}

bool CanvasLegend::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && (event->type() == QEvent::Resize || event->type() == QEvent::Move))
        place();
    return QFrame::eventFilter(watched, event);
}

} // namespace vethlab::gui
