#include "canvas_legend.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

#include "topology_scene.h"

namespace vethlab::gui {
namespace {

QString entry(const QColor& colour, const QString& name, bool dot) {
    // A coloured mark and the name, kept together when the band wraps: a bar for a network's links, a
    // dot for a frame's protocol.
    const QString mark = dot ? QString::fromUtf8("\u25cf") : QString::fromUtf8("\u25ac");
    return QString("<span style=\"color:%1\">%2</span>&nbsp;%3 &nbsp; ")
        .arg(colour.name(), mark, name.toHtmlEscaped().replace(' ', "&nbsp;"));
}

} // namespace

CanvasLegend::CanvasLegend(QAbstractScrollArea* view, const TopologyScene* scene,
                           std::function<void(int)> reserveTop)
    : QFrame(view), view_(view), scene_(scene), reserveTop_(std::move(reserveTop)), text_(new QLabel(this)) {
    setObjectName("canvasLegend");
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(250, 250, 250));
    setPalette(p);
    text_->setTextFormat(Qt::RichText);
    text_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->addWidget(text_);
    view->installEventFilter(this); // the band follows the view's width
    refresh();
}

void CanvasLegend::refresh() {
    // The scene's words, translated where the scene's legend was.
    auto tx = [](const char* s) { return QCoreApplication::translate("vethlab::gui::TopologyScene", s); };
    const auto& networks = scene_->topology().networks;
    QString html = "<b>" + tx("Networks").toHtmlEscaped() + "</b>&nbsp; ";
    for (std::size_t i = 0; i < networks.size(); ++i)
        html += entry(TopologyScene::networkColour(static_cast<int>(i)), QString::fromStdString(networks[i]),
                      false);
    html += "&nbsp; <b>" + tx("Frames").toHtmlEscaped() + "</b>&nbsp; ";
    for (const char* proto : {"ARP", "ICMP", "DNS", "TCP", "HTTP"})
        html += entry(TopologyScene::protocolColour(proto), proto, true);
    text_->setText(html);
    place();
}

void CanvasLegend::place() {
    // As wide as the view inside its frame; as high as the wrapped entries need.
    const int frame = view_->frameWidth();
    const int width = std::max(1, view_->width() - 2 * frame);
    const int height =
        layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : sizeHint().height();
    setGeometry(frame, frame, width, height);
    reserveTop_(height);
    raise();
}

bool CanvasLegend::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange)) place();
    return QFrame::eventFilter(watched, event);
}

} // namespace vethlab::gui
