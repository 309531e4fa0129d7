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
#include <map>
#include <set>
#include <vector>

#include "engine.h"
#include "topology.h"

class QGraphicsItem;
class QGraphicsLineItem;
class QGraphicsPolygonItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QParallelAnimationGroup;
class QSequentialAnimationGroup;

namespace vethlab::gui {

class TopologyScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit TopologyScene(QObject* parent = nullptr);

    /// Draws `t`; nodes that were on the canvas before keep their places. Nodes that are new or
    /// changed, or that `events` (the step's frames) crossed, are drawn in full; the others collapse to
    /// their names and addresses. Boxes are moved off links that would run under them, and each veth
    /// end's label is placed apart from every box and other label.
    void setTopology(const topology::Topology& t, const std::vector<sim::TraceEvent>& events = {});
    /// Drawn in full: the step touched it, or a person opened it.
    bool isExpanded(const std::string& id) const;
    /// A busy picture (more than kBusy boxes) draws the containers, the host and the LAN router the
    /// step does not touch as chips: one line, the name and its addresses, its links thin and without
    /// labels, so that what the step is about fits on screen at a readable size.
    bool isChip(const std::string& id) const { return chips_.count(id) > 0; }
    static constexpr std::size_t kBusy = 10;
    /// A person's click on a chip opens it in full (and on a box they opened, closes it again). The
    /// choice is kept across steps until they close it.
    void toggleOpened(const std::string& id);
    const std::set<std::string>& opened() const { return opened_; }
    /// Where the nodes new or changed in the last setTopology are, with their links' labels (empty if
    /// none): a box that gained an interface shows something new.
    QRectF addedRect() const;
    /// Where the boxes the last change touched are (drawn in full, and the nodes it added): what must
    /// be on screen after a step.
    QRectF touchedRect() const;
    /// Every label on a link, in scene coordinates (with its backing): both ends of each veth pair,
    /// and each `--link` arrow's.
    std::vector<QRectF> labelRects() const;
    /// A box's badges (subnet, published ports, embedded DNS) as drawn: text and scene rectangle.
    std::vector<std::pair<QString, QRectF>> badges(const std::string& id) const;
    /// The `--link` arrows as drawn: from the recipient's box border to the target's, and the label.
    struct DrawnRelation {
        topology::LinkRelation relation;
        QLineF line;
        QString label;
        QRectF labelRect;
    };
    std::vector<DrawnRelation> relations() const;
    /// A badge's text in the window's language.
    static QString badgeText(const topology::Badge& badge);
    /// Every node's box, and the colour of each network, for the exports.
    std::map<std::string, topology::Box> boxes() const;
    std::map<std::string, std::string> networkColours() const;
    const topology::Topology& topology() const { return topology_; }
    /// Where a node's box is on the canvas (empty if there is no such node).
    QRectF nodeRect(const std::string& id) const;

    /// Animates the frames of `events` (in their order, at their relative times) along the links.
    /// Returns how many frames it animates. With `hold` (a micro-step) the frames stay where they
    /// arrived and their hops stay lit until the next call. Drops are marked with the reason and rule.
    /// A held event that crosses no link (a drop inside a box, a frame received or handed up) keeps
    /// its frame's last hop from `before` (the events played before it) lit: where the frame was.
    int animate(const std::vector<sim::TraceEvent>& events, double speed = 1.0, bool hold = false,
                const std::vector<sim::TraceEvent>& before = {});
    void stopAnimation();
    bool animating() const;
    /// The trace event each animated dot stands for (for tests: the animation follows the trace).
    const std::vector<std::size_t>& animatedEvents() const { return animatedEvents_; }
    /// The visible animation marks of a kind: "frame" (a dot), "hop" (a lit link), "drop".
    std::vector<QGraphicsItem*> marks(const QString& kind) const;
    /// What a micro-step's reader needs on screen: the boxes at both ends of each lit hop (and the box a
    /// frame was dropped in), the drop marks with their rule, and where the frames are held.
    QRectF hopRect() const;

    /// The colour of a network (legend order), and of a frame's protocol.
    static QColor networkColour(int index);
    static QColor protocolColour(const QString& summary);
    /// Why a frame was dropped, in the window's language.
    static QString dropReason(sim::DropReason reason);

    /// The legend drawn in the scene (networks, frames): the window pins its own to the canvas's corner
    /// and hides this one; exported pictures always have it.
    void setLegendShown(bool shown);

    /// What a still picture shows: boxes, labels and the network legend, with a margin.
    QRectF stillRect() const;
    static constexpr double kTitleHeight = 40; // the title band above an exported picture

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
    struct RelationItem {
        topology::LinkRelation relation;
        QGraphicsLineItem* line = nullptr;
        QGraphicsPolygonItem* head = nullptr;
        QGraphicsSimpleTextItem* label = nullptr;
    };
    void updateEdges();
    void updateRelations();
    void drawRelations(const QFont& font);
    void placeLabels();
    void clearLinks();
    bool lengthenLinks();
    bool lengthenRelations();
    bool escapeLinks(const std::set<std::string>& under, std::map<std::string, int>& crossed);
    QPointF nodeCentre(const QString& id) const;
    QGraphicsItem* drawNode(const topology::Node& n, QPointF at, bool expanded);
    QGraphicsItem* drawChip(const topology::Node& n, QPointF at);
    /// Draws `t` again as it is (a chip opened or closed): the boxes keep their places.
    void redraw();
    QString nodeOf(const sim::TraceEvent& ev) const; // the box an event happened in
    /// Where a frame travelling from box `from` to box `to` along a link is seen: from just outside the
    /// first box to just outside the second, and it stops where no label covers it.
    QLineF framePath(const QString& from, const QString& to, QPointF start, QPointF end) const;
    /// The same along link `e`, sent from its `from` end (`fromEnd`) or its `to` end.
    QLineF framePath(const EdgeItem& e, bool fromEnd) const;
    /// Link `e` as a frame crosses it: from the sending end to the other.
    static QLineF crossing(const EdgeItem& e, bool fromEnd);
    QGraphicsItem* dropMark(const sim::TraceEvent& ev, QPointF at);
    /// A micro-step's hop: link `e` lit until the next call.
    void lightHop(const EdgeItem& e, const QString& summary);
    /// The frame's last hop before `events` (same lineage, in `before`) lit again, its frame held at the
    /// hop's end unless the frame was dropped.
    void relightLastHop(const std::vector<sim::TraceEvent>& events,
                        const std::vector<sim::TraceEvent>& before);
    /// The top-left corner nearest `near` for a rectangle of `size` that covers no box, no label and no
    /// other drop mark.
    QPointF freeSpot(const QSizeF& size, QPointF near) const;
    void drawLegend();
    void separateBoxes(const std::map<std::string, topology::Point>& pinned);
    /// Up to kCrowded boxes: each new box goes below the box it hangs from (a bridge under the host, a
    /// container under its bridge), where it keeps clear of boxes and links and its links have room for
    /// their labels; the boxes on the canvas keep their places.
    void placeLayered(const std::map<std::string, topology::Point>& pinned, const QFont& labelFont);
    /// Above this many boxes, separateBoxes packs them (packBoxes) instead of pushing pairs apart.
    static constexpr std::size_t kCrowded = 100;
    void packBoxes(const std::map<std::string, topology::Point>& pinned);
    int networkIndex(const std::string& network) const;
    /// The link a trace event happened on: the edge and whether it goes from its `from` end.
    const EdgeItem* edgeFor(const sim::TraceEvent& e, bool& fromEnd) const;

    topology::Topology topology_;
    QHash<QString, QGraphicsItem*> nodes_;
    std::vector<EdgeItem> edges_;
    std::vector<RelationItem> relations_;
    QGraphicsRectItem *networkLegend_ = nullptr, *protocolLegend_ = nullptr;
    QSequentialAnimationGroup* animation_ = nullptr;
    std::vector<std::size_t> animatedEvents_;
    std::vector<QGraphicsItem*> transient_;            // the animation's dots, lit hops and drop marks
    std::set<QString> hopEnds_;                        // the boxes the lit hops join (and drops are in)
    std::vector<QRectF> heldFrames_;                   // where the held frames stop
    std::set<std::string> expanded_, added_, changed_; // changed_: new or changed by the last change
    std::set<std::string> grown_;                      // changed by the last setTopology (not new)
    std::set<std::string> full_;                       // drawn in full (see setTopology)
    std::set<std::string> opened_;                     // chips a person opened
    std::set<std::string> chips_;                      // drawn as chips now
    bool redrawing_ = false;
    bool legendShown_ = true;
    QString language_;      // a badge's text as drawn: another language redraws every box
    bool building_ = false; // setTopology moves boxes: links and labels are placed once at the end
    friend class NodeItem;
    friend class StillPicture;
};

} // namespace vethlab::gui
