#include "canvas_tools.h"

#include <QGraphicsView>
#include <QMouseEvent>

#include "annotation_layer.h"
#include "topology_scene.h"

namespace vethlab::gui {

CanvasTools::CanvasTools(QGraphicsView* view, TopologyScene* scene, AnnotationLayer* layer)
    : QObject(view), view_(view), scene_(scene), layer_(layer) {
    view_->viewport()->installEventFilter(this);
}

void CanvasTools::setTool(Tool tool) {
    tool_ = tool;
    source_.clear();
    dragFrom_.reset();
    // Panning would take the drag a highlight needs; the other tools click.
    view_->setDragMode(tool == Tool::Select ? QGraphicsView::ScrollHandDrag : QGraphicsView::NoDrag);
    view_->viewport()->setCursor(tool == Tool::Select ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void CanvasTools::finish() {
    setTool(Tool::Select);
    Q_EMIT toolDone();
}

QString CanvasTools::nodeAt(const QPointF& at) const {
    for (const auto& node : scene_->topology().nodes)
        if (scene_->nodeRect(node.id).contains(at)) return QString::fromStdString(node.id);
    return {};
}

bool CanvasTools::eventFilter(QObject* watched, QEvent* event) {
    if (tool_ == Tool::Select || watched != view_->viewport()) return QObject::eventFilter(watched, event);
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease)
        return QObject::eventFilter(watched, event);
    auto* mouse = static_cast<QMouseEvent*>(event);
    const QPointF at = view_->mapToScene(mouse->position().toPoint());
    switch (tool_) {
    case Tool::Note:
        if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
            layer_->addNote(at);
            setTool(Tool::Select);
            Q_EMIT toolDone(); // the keys now go to the note
        }
        return true;
    case Tool::Highlight:
        if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) dragFrom_ = at;
        if (type == QEvent::MouseMove && dragFrom_) layer_->preview(QRectF(*dragFrom_, at));
        if (type == QEvent::MouseButtonRelease && dragFrom_) {
            layer_->addHighlight(QRectF(*dragFrom_, at));
            finish();
        }
        return true;
    case Tool::Ping:
    case Tool::Http:
        if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
            const QString node = nodeAt(at);
            if (node.isEmpty()) return true;
            if (source_.isEmpty()) {
                source_ = node;
                Q_EMIT pingSourcePicked(node);
            } else if (node != source_) {
                const QString from = source_;
                const bool http = tool_ == Tool::Http;
                finish();
                Q_EMIT pingRequested(from, node, http);
            }
        }
        return true;
    case Tool::Select:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace vethlab::gui
