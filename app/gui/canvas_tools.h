// What a click on the canvas does besides selecting and panning: place a note, drag out a highlight,
// or pick two nodes for a simple PDU (a ping or an HTTP request from the first to the second, Packet
// Tracer's "Add Simple PDU"). One tool at a time; each returns to plain selection when its gesture is done.
#pragma once

#include <QObject>
#include <QPointF>
#include <QString>
#include <optional>

class QGraphicsView;

namespace vethlab::gui {

class AnnotationLayer;
class TopologyScene;

class CanvasTools : public QObject {
    Q_OBJECT
public:
    enum class Tool { Select, Note, Highlight, Ping, Http };
    CanvasTools(QGraphicsView* view, TopologyScene* scene, AnnotationLayer* layer);

    void setTool(Tool tool);
    Tool tool() const { return tool_; }
    /// The node picked first for a simple PDU ("" until then).
    const QString& pingSource() const { return source_; }

Q_SIGNALS:
    /// The tool finished its gesture (the window unchecks the tool's action).
    void toolDone();
    /// Two nodes picked: a ping (or, with the HTTP tool, an HTTP request) from `from` to `to` (node ids
    /// of the topology).
    void pingRequested(const QString& from, const QString& to, bool http);
    /// The first node is picked: say what to click next.
    void pingSourcePicked(const QString& from);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QString nodeAt(const QPointF& scenePos) const;
    void finish();

    QGraphicsView* view_;
    TopologyScene* scene_;
    AnnotationLayer* layer_;
    Tool tool_ = Tool::Select;
    QString source_;
    std::optional<QPointF> dragFrom_;
};

} // namespace vethlab::gui
