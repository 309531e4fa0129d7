// The topology canvas: the host with its bridges, one box per network namespace (a container-mode pair
// shares one; host-mode containers are listed inside the host), veth pairs as lines labelled with both
// ends as `ip addr` names them, networks colour-coded with a legend, the LAN at the edge. Nodes keep
// their places from step to step and can be dragged. Frames from the engine's trace travel along the
// links, coloured by protocol; drops show where they happen, with the reason.
#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QPointF>
#include <QString>
#include <vector>

#include "engine.h"
#include "topology.h"

class QGraphicsItem;
class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QParallelAnimationGroup;
class QSequentialAnimationGroup;

namespace vethlab::gui {

class TopologyScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit TopologyScene(QObject* parent = nullptr);

    /// Draws `t`; nodes that were on the canvas before keep their places.
    void setTopology(const topology::Topology& t);
    const topology::Topology& topology() const { return topology_; }
    /// Where a node's box is on the canvas (empty if there is no such node).
    QRectF nodeRect(const std::string& id) const;

    /// Animates the frames of `events` (in their order, at their relative times) along the links.
    /// Returns how many frames it animates.
    int animate(const std::vector<sim::TraceEvent>& events, double speed = 1.0);
    void stopAnimation();
    bool animating() const;
    /// The trace event each animated dot stands for (for tests: the animation follows the trace).
    const std::vector<std::size_t>& animatedEvents() const { return animatedEvents_; }

    /// The colour of a network (legend order), and of a frame's protocol.
    static QColor networkColour(int index);
    static QColor protocolColour(const QString& summary);

    /// Exports what the canvas shows, with the legend and a title, at print quality.
    bool exportSvg(const QString& file, const QString& title);
    bool exportPng(const QString& file, const QString& title, int scale = 2);
    bool exportPdf(const QString& file, const QString& title);

Q_SIGNALS:
    void nodeSelected(const QString& id);

private:
    struct EdgeItem {
        topology::Edge edge;
        QGraphicsLineItem* line = nullptr;
        QGraphicsSimpleTextItem* fromLabel = nullptr;
        QGraphicsSimpleTextItem* toLabel = nullptr;
    };
    void placeEdge(EdgeItem& e);
    void updateEdges();
    QPointF nodeCentre(const QString& id) const;
    QGraphicsItem* drawNode(const topology::Node& n, QPointF at);
    void drawLegend();
    void separateBoxes(const std::map<std::string, topology::Point>& pinned);
    int networkIndex(const std::string& network) const;
    /// The link a trace event happened on: the edge and whether it goes from its `from` end.
    const EdgeItem* edgeFor(const sim::TraceEvent& e, bool& fromEnd) const;

    topology::Topology topology_;
    QHash<QString, QGraphicsItem*> nodes_;
    std::vector<EdgeItem> edges_;
    QGraphicsItem* legend_ = nullptr;
    QSequentialAnimationGroup* animation_ = nullptr;
    std::vector<std::size_t> animatedEvents_;
    friend class NodeItem;
};

} // namespace vethlab::gui
