#include "topology_scene.h"

#include <QBrush>
#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QPainter>
#include <QParallelAnimationGroup>
#include <QPdfWriter>
#include <QPen>
#include <QSequentialAnimationGroup>
#include <QSvgGenerator>
#include <QTimer>
#include <QVariantAnimation>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>

#include "kernel/kernel_state.h"
#include "scene_grid.h"

namespace vethlab::gui {

// A node box: dragging it moves its links with it.
class NodeItem : public QGraphicsRectItem {
public:
    NodeItem(TopologyScene* scene, QString id, const QRectF& r)
        : QGraphicsRectItem(r), scene_(scene), id_(std::move(id)) {
        setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
        setData(0, id_);
    }

protected:
    // A click that does not drag opens a chip (or closes a box a person opened). Deferred: the redraw
    // deletes this item.
    void mousePressEvent(QGraphicsSceneMouseEvent* e) override {
        pressedAt_ = pos();
        QGraphicsRectItem::mousePressEvent(e);
    }
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* e) override {
        QGraphicsRectItem::mouseReleaseEvent(e);
        const std::string id = id_.toStdString();
        if (QLineF(pressedAt_, pos()).length() > 3) return;
        if (!scene_->isChip(id) && !scene_->opened().count(id)) return;
        QTimer::singleShot(0, scene_, [scene = scene_, id] { scene->toggleOpened(id); });
    }
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override {
        if (change == ItemPositionHasChanged && !scene_->building_) scene_->updateEdges();
        if (change == ItemSelectedHasChanged && value.toBool()) Q_EMIT scene_->nodeSelected(id_);
        return QGraphicsRectItem::itemChange(change, value);
    }

private:
    TopologyScene* scene_;
    QString id_;
    QPointF pressedAt_;
};

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// A text item in `font`: the font set before the text, so the text is laid out once, not twice (a big
// lab has thousands of them).
QGraphicsSimpleTextItem* textItem(const QString& text, const QFont& font, QGraphicsItem* parent = nullptr) {
    auto* t = new QGraphicsSimpleTextItem(parent);
    t->setFont(font);
    t->setText(text);
    return t;
}

constexpr double kScale = 1.25; // layout units to scene pixels

} // namespace

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent) {
    setBackgroundBrush(QColor(0xfb, 0xfb, 0xf8));
}

QColor TopologyScene::networkColour(int index) {
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                     QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                     QColor(0xff, 0x7f, 0x0e), QColor(0x17, 0xbe, 0xcf),
                                     QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2)};
    if (index < 0) return QColor(0x7f, 0x7f, 0x7f);
    return palette[index % 8];
}

QColor TopologyScene::protocolColour(const QString& summary) {
    if (summary.startsWith("ARP")) return QColor(0xff, 0xa5, 0x00);
    if (summary.startsWith("ICMP")) return QColor(0x1e, 0x90, 0xff);
    if (summary.startsWith("DNS")) return QColor(0x9a, 0x32, 0xcd);
    if (summary.startsWith("HTTP")) return QColor(0x00, 0x8b, 0x45);
    if (summary.startsWith("TCP")) return QColor(0xa0, 0x52, 0x2d); // sienna: apart from HTTP's green
    return QColor(0x60, 0x60, 0x60);
}

namespace {

// Ports in orange (the frames' TCP is green, a drop red), the embedded DNS in the DNS frames' purple,
// a subnet in its network's colour.
QColor badgeColour(const topology::Badge& b, const QColor& network) {
    switch (b.kind) {
    case topology::Badge::Kind::Subnet:
        return network;
    case topology::Badge::Kind::PublishedPort:
    case topology::Badge::Kind::PortTarget:
        return QColor(0xe0, 0x70, 0x00);
    case topology::Badge::Kind::EmbeddedDns:
        return TopologyScene::protocolColour("DNS");
    case topology::Badge::Kind::SimulatedWorld:
        return QColor(0x99, 0x99, 0x66);
    }
    return network;
}

} // namespace

int TopologyScene::networkIndex(const std::string& network) const {
    auto it = std::find(topology_.networks.begin(), topology_.networks.end(), network);
    return it == topology_.networks.end() ? -1 : static_cast<int>(it - topology_.networks.begin());
}

QGraphicsItem* TopologyScene::drawNode(const topology::Node& n, QPointF at, bool expanded) {
    QFont titleFont("DejaVu Sans", 14, QFont::Bold);
    QFont lineFont("DejaVu Sans Mono", 11);
    auto* title = textItem(q(n.title), titleFont);
    std::vector<QGraphicsSimpleTextItem*> lines;
    double width = title->boundingRect().width(), height = title->boundingRect().height() + 6;
    // Without the MAC addresses (Node::drawn): fewer columns rather than smaller text, so that the
    // step's boxes fit on a 1366x768 screen at a readable size (9 pt or more).
    for (const auto& l : expanded ? n.drawn : n.brief) {
        auto* t = textItem(q(l), lineFont);
        width = std::max(width, t->boundingRect().width());
        height += t->boundingRect().height();
        lines.push_back(t);
    }
    // Badges: what Docker set up that is not a cable, each on its own coloured band.
    QFont badgeFont("DejaVu Sans", 11);
    std::vector<std::pair<QGraphicsSimpleTextItem*, QColor>> badges;
    if (!n.badges.empty()) height += 4;
    for (const auto& b : n.badges) {
        auto* t = textItem(badgeText(b), badgeFont);
        width = std::max(width, t->boundingRect().width() + 12);
        height += t->boundingRect().height() + 6;
        badges.push_back({t, badgeColour(b, networkColour(networkIndex(n.network)))});
    }
    width += 16;
    height += 10;
    auto* box = new NodeItem(this, q(n.id), QRectF(-width / 2, -height / 2, width, height));
    QColor border(0x44, 0x44, 0x44), fill(Qt::white);
    switch (n.kind) {
    case topology::Node::Kind::Host:
        fill = QColor(0xe8, 0xee, 0xf4);
        break;
    case topology::Node::Kind::Bridge:
        border = networkColour(networkIndex(n.network));
        fill = border.lighter(185);
        break;
    case topology::Node::Kind::Outside:
        fill = QColor(0xf0, 0xf0, 0xe0);
        border = QColor(0x99, 0x99, 0x66);
        break;
    case topology::Node::Kind::Namespace:
        break;
    }
    box->setPen(QPen(border, n.kind == topology::Node::Kind::Bridge ? 2.5 : 1.5,
                     n.kind == topology::Node::Kind::Outside ? Qt::DashLine : Qt::SolidLine));
    box->setBrush(fill);
    title->setParentItem(box);
    title->setPos(-width / 2 + 8, -height / 2 + 5);
    double y = -height / 2 + 5 + title->boundingRect().height() + 4;
    for (auto* t : lines) {
        t->setParentItem(box);
        t->setPos(-width / 2 + 8, y);
        y += t->boundingRect().height();
    }
    if (!badges.empty()) y += 4;
    for (auto [t, colour] : badges) {
        const double h = t->boundingRect().height() + 2;
        auto* band = new QGraphicsRectItem(-width / 2 + 6, y, width - 12, h, box);
        band->setBrush(colour.lighter(175));
        band->setPen(QPen(colour, 1.2));
        band->setData(1, QStringLiteral("badge"));
        t->setParentItem(band);
        t->setBrush(colour.darker(160));
        t->setPos(-width / 2 + 12, y + 1);
        y += h + 4;
    }
    box->setPos(at);
    box->setZValue(2);
    box->setToolTip(q(n.title + ("\n" + [&] {
                          std::string all;
                          for (const auto& l : n.lines)
                              all += l + "\n";
                          return all;
                      }())));
    addItem(box);
    return box;
}

QGraphicsItem* TopologyScene::drawChip(const topology::Node& n, QPointF at) {
    // One line: the name in bold, then the addresses (a LAN router: how many hosts it simulates). The
    // rest is a hover away, and a click opens the box in full.
    auto* title = textItem(q(n.title), QFont("DejaVu Sans", 11, QFont::Bold));
    QString rest;
    if (n.kind == topology::Node::Kind::Outside) {
        rest = tr("%n simulated hosts", nullptr, static_cast<int>(n.lines.size()));
    } else {
        for (const auto& l : n.brief) {
            const auto space = l.find(' ');
            if (space != std::string::npos && l.rfind("container ", 0) != 0)
                rest += q(l.substr(space + 1)) + " ";
        }
    }
    auto* addresses = textItem(rest.trimmed(), QFont("DejaVu Sans Mono", 11));
    const double h = std::max(title->boundingRect().height(), addresses->boundingRect().height()) + 6;
    const double gap = rest.isEmpty() ? 0 : 8;
    const double w = title->boundingRect().width() + gap + addresses->boundingRect().width() + 14;
    auto* box = new NodeItem(this, q(n.id), QRectF(-w / 2, -h / 2, w, h));
    QColor border(0x66, 0x66, 0x66), fill(0xf7, 0xf7, 0xf7);
    if (n.kind == topology::Node::Kind::Host) fill = QColor(0xe8, 0xee, 0xf4);
    if (n.kind == topology::Node::Kind::Outside) {
        fill = QColor(0xf0, 0xf0, 0xe0);
        border = QColor(0x99, 0x99, 0x66);
    }
    box->setPen(QPen(border, 1, n.kind == topology::Node::Kind::Outside ? Qt::DashLine : Qt::SolidLine));
    box->setBrush(fill);
    title->setParentItem(box);
    title->setPos(-w / 2 + 7, -h / 2 + 3);
    addresses->setParentItem(box);
    addresses->setBrush(QColor(0x33, 0x33, 0x33));
    addresses->setPos(-w / 2 + 7 + title->boundingRect().width() + gap, -h / 2 + 3);
    box->setData(2, QStringLiteral("chip"));
    QString tip = q(n.title);
    for (const auto& l : n.lines)
        tip += "\n" + q(l);
    for (const auto& b : n.badges)
        tip += "\n" + badgeText(b);
    box->setToolTip(tip + "\n" + tr("(click to open)"));
    box->setPos(at);
    box->setZValue(2);
    addItem(box);
    return box;
}

QString TopologyScene::badgeText(const topology::Badge& b) {
    auto arg = [&](std::size_t i) { return i < b.args.size() ? q(b.args[i]) : QString(); };
    switch (b.kind) {
    case topology::Badge::Kind::Subnet:
        return tr("subnet %1  gateway %2").arg(arg(0), arg(1));
    case topology::Badge::Kind::PublishedPort:
        return tr("%1 \u2192 %2  (DNAT, docker-proxy)").arg(arg(0), arg(1));
    case topology::Badge::Kind::PortTarget:
        return tr("published %1 \u2190 host %2").arg(arg(0), arg(1));
    case topology::Badge::Kind::EmbeddedDns:
        return tr("DNS %1 (embedded)").arg(arg(0));
    case topology::Badge::Kind::SimulatedWorld:
        return tr("simulated internet: only these hosts answer");
    }
    return q(b.text);
}

std::vector<std::pair<QString, QRectF>> TopologyScene::badges(const std::string& id) const {
    std::vector<std::pair<QString, QRectF>> out;
    auto it = nodes_.find(q(id));
    if (it == nodes_.end()) return out;
    for (QGraphicsItem* child : (*it)->childItems())
        if (child->data(1).toString() == "badge")
            for (QGraphicsItem* t : child->childItems())
                if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(t))
                    out.push_back({text->text(), child->sceneBoundingRect()});
    return out;
}

QRectF TopologyScene::nodeRect(const std::string& id) const {
    auto it = nodes_.find(q(id));
    return it == nodes_.end() ? QRectF() : (*it)->sceneBoundingRect();
}

QPointF TopologyScene::nodeCentre(const QString& id) const {
    auto it = nodes_.find(id);
    return it == nodes_.end() ? QPointF() : (*it)->pos();
}

namespace {

// Whether a rectangle and a segment meet.
bool crosses(const QRectF& r, const QLineF& l) {
    if (r.contains(l.p1()) || r.contains(l.p2())) return true;
    const QLineF sides[] = {{r.topLeft(), r.topRight()},
                            {r.topRight(), r.bottomRight()},
                            {r.bottomRight(), r.bottomLeft()},
                            {r.bottomLeft(), r.topLeft()}};
    for (const auto& side : sides)
        if (l.intersects(side, nullptr) == QLineF::BoundedIntersection) return true;
    return false;
}

// Where a label may go: along its link from its own box (`a`) towards the other end (`b`), up to the
// middle, on the link or just beside it, never on its own box; each with its own cost (distance from
// the box, a little more beside the link).
// Where a `--link` arrow's label may go: on the arrow or beside it, from its middle outwards.
std::vector<std::pair<QRectF, double>> middleCandidates(const QLineF& line, QSizeF size) {
    const double length = std::max(1.0, line.length());
    const QPointF dir = (line.p2() - line.p1()) / length, normal(-dir.y(), dir.x()), mid = line.center();
    const double side = size.width() / 2 * std::abs(normal.x()) + size.height() / 2 * std::abs(normal.y());
    std::vector<std::pair<QRectF, double>> out;
    for (double s = 0; s <= length * 0.5; s += 5)
        for (int sign : {1, -1})
            for (int offset : {0, 1, -1}) {
                if (s == 0 && sign < 0) continue;
                const QPointF c = mid + dir * (s * sign) + normal * (offset * (side + 3));
                out.push_back(
                    {QRectF(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height()),
                     s * 0.2 + (offset ? 6.0 : 0.0)});
            }
    return out;
}

// A veth end's candidate places: along its link from its own box, every 5 px up to the middle, on the
// link and on either side, not on the box; a very short link, its middle. Made as the search reaches
// them: a long link has hundreds, and most searches stop after a few. Each is kept as its step along
// the link and its side (a big lab has hundreds of thousands) and drawn again when asked for, with the
// same arithmetic, so the same place.
class Candidates {
public:
    using Place = std::pair<QRectF, double>; // place, own cost
    Candidates(QPointF a, QPointF b, QSizeF size, const QRectF& own)
        : a_(a), size_(size), own_(own), length_(std::max(1.0, QLineF(a, b).length())),
          dir_((b - a) / length_), normal_(-dir_.y(), dir_.x()),
          side_(size.width() / 2 * std::abs(normal_.x()) + size.height() / 2 * std::abs(normal_.y())) {}
    explicit Candidates(std::vector<Place> all) : fixed_(std::move(all)), done_(true) {}
    bool has(std::size_t i) {
        while (i >= count() && !done_)
            more();
        return i < count();
    }
    Place operator[](std::size_t i) const {
        if (!fixed_.empty()) return fixed_[i];
        const std::uint32_t code = codes_[i];
        if (code == kMiddle) return {around(a_ + dir_ * length_ * 0.5), 0};
        const double s = 5.0 * static_cast<double>(code >> 2);
        const int offset = static_cast<int>(code & 3) - 1;
        return {place(s, offset), s * 0.2 + (offset ? 6.0 : 0.0)};
    }

private:
    static constexpr std::uint32_t kMiddle = 0xffffffffu;
    std::size_t count() const { return fixed_.empty() ? codes_.size() : fixed_.size(); }
    QRectF around(QPointF c) const {
        return QRectF(c.x() - size_.width() / 2, c.y() - size_.height() / 2, size_.width(), size_.height());
    }
    QRectF place(double s, int offset) const {
        return around(a_ + dir_ * s + normal_ * (offset * (side_ + 3)));
    }
    void more() { // the three places at the next distance
        const double s = 5.0 * static_cast<double>(step_);
        if (s > length_ * 0.5) {
            done_ = true;
            if (codes_.empty()) codes_.push_back(kMiddle);
            return;
        }
        for (int offset : {0, 1, -1})
            if (!place(s, offset).intersects(own_))
                codes_.push_back(step_ << 2 | static_cast<std::uint32_t>(offset + 1));
        ++step_;
    }

    QPointF a_;
    QSizeF size_;
    QRectF own_;
    double length_ = 1;
    QPointF dir_, normal_;
    double side_ = 0;
    std::uint32_t step_ = 0;
    std::vector<std::uint32_t> codes_; // step along the link << 2 | side + 1
    std::vector<Place> fixed_;
    bool done_ = false;
};

// QRectF::intersects, inline (it is called millions of times in a big lab): the same answer.
bool meets(const QRectF& a, const QRectF& b) {
    if (a.width() < 0 || a.height() < 0 || b.width() < 0 || b.height() < 0) return a.intersects(b);
    const double l1 = a.x(), r1 = a.x() + a.width(), l2 = b.x(), r2 = b.x() + b.width();
    if (l1 == r1 || l2 == r2 || l1 >= r2 || l2 >= r1) return false;
    const double t1 = a.y(), b1 = a.y() + a.height(), t2 = b.y(), b2 = b.y() + b.height();
    return t1 != b1 && t2 != b2 && t1 < b2 && t2 < b1;
}

QRectF labelRect(const QGraphicsSimpleTextItem* label) {
    return label->mapRectToScene(label->boundingRect().adjusted(-2, -1, 2, 1));
}

} // namespace

void TopologyScene::updateEdges() {
    for (auto& e : edges_)
        e.line->setLine(QLineF(nodeCentre(q(e.edge.from)), nodeCentre(q(e.edge.to))));
    updateRelations();
    placeLabels();
}

namespace {

// Where a ray from the centre of `r` towards `towards` leaves the rectangle.
QPointF borderPoint(const QRectF& r, QPointF towards) {
    const QPointF c = r.center(), d = towards - c;
    const double tx = std::abs(d.x()) < 1e-9 ? 1e9 : r.width() / 2 / std::abs(d.x());
    const double ty = std::abs(d.y()) < 1e-9 ? 1e9 : r.height() / 2 / std::abs(d.y());
    return c + d * std::min({tx, ty, 1.0});
}

} // namespace

void TopologyScene::drawRelations(const QFont& font) {
    const QColor ink(0x55, 0x55, 0x55);
    for (const auto& r : topology_.relations) {
        if (!nodes_.contains(q(r.from)) || !nodes_.contains(q(r.to))) continue;
        RelationItem item;
        item.relation = r;
        item.line = addLine(QLineF(), QPen(ink, 1.8, Qt::DashLine));
        item.line->setZValue(1.2);
        item.head = addPolygon(QPolygonF(), QPen(ink, 1), ink);
        item.head->setZValue(1.2);
        item.label = textItem(q(r.label()), font);
        addItem(item.label);
        item.label->setBrush(QColor(0x22, 0x22, 0x22));
        item.label->setZValue(3);
        const topology::Node* recipient = topology_.node(r.from);
        item.label->setToolTip(tr("%1 reaches %2 by the name %3; %2 does not know %1 by it")
                                   .arg(q(recipient ? recipient->title : r.from), q(r.target), q(r.alias)));
        auto* back = new QGraphicsRectItem(item.label->boundingRect().adjusted(-2, -1, 2, 1), item.label);
        back->setBrush(QColor(0xf4, 0xf4, 0xf4, 235));
        back->setPen(QPen(ink, 1, Qt::DashLine));
        back->setFlag(QGraphicsItem::ItemStacksBehindParent);
        relations_.push_back(item);
    }
}

void TopologyScene::updateRelations() {
    // From border to border, so the arrowhead touches the target; a pair linked both ways is drawn
    // as two arrows side by side.
    for (auto& r : relations_) {
        const QRectF a = nodeRect(r.relation.from), b = nodeRect(r.relation.to);
        QLineF line(borderPoint(a, b.center()), borderPoint(b, a.center()));
        const bool both = std::any_of(relations_.begin(), relations_.end(), [&](const RelationItem& o) {
            return o.relation.from == r.relation.to && o.relation.to == r.relation.from;
        });
        if (both && line.length() > 1) {
            const QPointF n = QPointF(-line.dy(), line.dx()) / line.length() * 6;
            line.translate(n);
        }
        r.line->setLine(line);
        if (line.length() < 1) {
            r.head->setPolygon({});
            continue;
        }
        const QPointF dir = (line.p2() - line.p1()) / line.length(), normal(-dir.y(), dir.x());
        const QPointF tip = line.p2(), base = tip - dir * 12;
        r.head->setPolygon(QPolygonF({tip, base + normal * 5, base - normal * 5}));
    }
}

std::vector<TopologyScene::DrawnRelation> TopologyScene::relations() const {
    std::vector<DrawnRelation> out;
    for (const auto& r : relations_)
        out.push_back({r.relation, r.line->line(), r.label->text(), labelRect(r.label)});
    return out;
}

void TopologyScene::placeLabels() {
    // Point-feature label placement (greedy, then local repair, after Christensen, Marks and Shieber):
    // each veth end's label has candidate places along its own link, just outside its own box, on the
    // link or beside it; a candidate costs its distance from the box, and a great deal more for each
    // box or label it would cover; another link under it costs a little. The most crowded boxes are
    // labelled first; then every label in conflict moves to its best place given the others, until
    // none improves.
    struct Label {
        QGraphicsSimpleTextItem* item;
        Candidates candidates;
        std::size_t line; // its own link, in `lines`
        int crowd;        // labels around the same box
        std::size_t chosen = 0;
        QRectF rect;       // the chosen place
        QRectF seen;       // every place its last verdict looked at
        bool stale = true; // a label moved in or out of `seen` since that verdict
    };
    // Every drawn link: the veth pairs, then the --link arrows.
    std::vector<QLineF> lines;
    for (const auto& e : edges_)
        lines.push_back(e.line->line());
    for (const auto& r : relations_)
        lines.push_back(r.line->line());
    std::vector<QRectF> boxes;
    for (const auto* box : nodes_)
        boxes.push_back(box->sceneBoundingRect().adjusted(-2, -2, 2, 2));
    std::map<QString, int> crowd;
    for (const auto& e : edges_) {
        if (e.fromLabel) ++crowd[q(e.edge.from)];
        if (e.toLabel) ++crowd[q(e.edge.to)];
    }
    std::vector<Label> labels;
    for (std::size_t i = 0; i < edges_.size(); ++i) {
        const auto& e = edges_[i];
        const QLineF line = e.line->line();
        auto add = [&](QGraphicsSimpleTextItem* item, const QString& owner, bool fromStart) {
            if (!item) return;
            const QPointF a = fromStart ? line.p1() : line.p2(), b = fromStart ? line.p2() : line.p1();
            Label l{item,
                    Candidates(a, b, item->boundingRect().adjusted(-2, -1, 2, 1).size(),
                               nodeRect(owner.toStdString()).adjusted(-3, -3, 3, 3)),
                    i, crowd[owner]};
            labels.push_back(std::move(l));
        };
        add(e.fromLabel, q(e.edge.from), true);
        add(e.toLabel, q(e.edge.to), false);
    }
    for (std::size_t i = 0; i < relations_.size(); ++i) {
        const auto* item = relations_[i].label;
        labels.push_back({relations_[i].label,
                          Candidates(middleCandidates(lines[edges_.size() + i],
                                                      item->boundingRect().adjusted(-2, -1, 2, 1).size())),
                          edges_.size() + i, 0});
    }
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return labels[x].crowd > labels[y].crowd; });
    // What a candidate may cover is found through grids: the boxes, the labels placed so far and the
    // links near it. The cost adds the same terms as a scan of everything (whole numbers: exact in any
    // order), so the places are the scan's.
    constexpr double cell = 96;
    QRectF area;
    for (const auto& b : boxes)
        area |= b;
    area.adjust(-cell, -cell, cell, cell);
    SceneGrid boxGrid(cell, area), labelGrid(cell, area), lineGrid(cell, area);
    for (std::size_t b = 0; b < boxes.size(); ++b)
        boxGrid.insert(b, boxes[b]);
    // In a crowded lab hundreds of links meet at a bridge: a label there may cover other links (it has
    // a backing), and only boxes and labels count.
    if (topology_.nodes.size() <= kCrowded)
        for (std::size_t j = 0; j < lines.size(); ++j)
            lineGrid.insertLine(j, lines[j]);
    auto chosenRect = [&](std::size_t j) -> const QRectF& { return labels[j].rect; };
    // A candidate's cost, counted only until `own` plus it reaches `enough`: past that the caller
    // knows it does not win, and the rest of the count would not change what it chooses.
    auto cost = [&](std::size_t k, const QRectF& r, double own, double enough) {
        double c = 0;
        auto add = [&](double v) {
            c += v;
            return own + c < enough;
        };
        boxGrid.near(r, boxes.size(), [&](std::size_t b) { return !meets(r, boxes[b]) || add(1e5); });
        if (own + c >= enough) return c;
        labelGrid.near(r, labels.size(),
                       [&](std::size_t j) { return j == k || !meets(r, chosenRect(j)) || add(1e5); });
        if (own + c >= enough) return c;
        lineGrid.near(r, lines.size(),
                      [&](std::size_t j) { return j == labels[k].line || !crosses(r, lines[j]) || add(30); });
        return c;
    };
    constexpr double kAll = std::numeric_limits<double>::infinity();
    auto choose = [&](std::size_t k, std::size_t candidate, bool placed) {
        if (placed) labelGrid.remove(k, chosenRect(k));
        labels[k].chosen = candidate;
        labels[k].rect = labels[k].candidates[candidate].first;
        labelGrid.insert(k, chosenRect(k));
    };
    auto best = [&](std::size_t k) {
        std::size_t at = 0;
        double lowest = std::numeric_limits<double>::max();
        for (std::size_t c = 0; labels[k].candidates.has(c); ++c) {
            const auto& [r, own] = labels[k].candidates[c];
            // Candidates come in order of distance s along the link and own cost s * 0.2 (+6 beside
            // it): once past the lowest total by more than 6, no later one can beat it.
            if (own > lowest + 6.5) break;
            labels[k].seen |= r;
            const double total = own + cost(k, r, own, lowest);
            if (total < lowest) {
                lowest = total;
                at = c;
            }
        }
        return at;
    };
    for (std::size_t k : order)
        choose(k, best(k), false);
    for (int round = 0; round < 10; ++round) {
        bool moved = false;
        for (std::size_t k : order) {
            // A label's verdict depends only on the boxes and the labels in the places it looks at: if
            // no label has moved in or out of them since its last verdict, it would stay again.
            if (!labels[k].stale) continue;
            labels[k].stale = false;
            const auto& now = labels[k].candidates[labels[k].chosen];
            labels[k].seen = now.first;
            if (cost(k, now.first, 0, 1e5) < 1e5) continue; // in conflict with nothing
            const std::size_t next = best(k);
            const auto& then = labels[k].candidates[next];
            const double stay = now.second + cost(k, now.first, now.second, kAll);
            if (then.second + cost(k, then.first, then.second, stay) < stay) {
                const QRectF from = labels[k].rect;
                choose(k, next, true);
                for (auto& l : labels)
                    if (l.seen.intersects(from) || l.seen.intersects(labels[k].rect)) l.stale = true;
                moved = true;
            }
        }
        if (!moved) break;
    }
    for (const auto& l : labels) {
        const QRectF r = l.candidates[l.chosen].first;
        l.item->setPos(r.topLeft() + QPointF(2, 1));
    }
}

std::vector<QRectF> TopologyScene::labelRects() const {
    std::vector<QRectF> out;
    for (const auto& e : edges_)
        for (const auto* l : {e.fromLabel, e.toLabel})
            if (l) out.push_back(labelRect(l));
    for (const auto& r : relations_)
        out.push_back(labelRect(r.label));
    return out;
}

std::map<std::string, topology::Box> TopologyScene::boxes() const {
    std::map<std::string, topology::Box> out;
    for (auto it = nodes_.begin(); it != nodes_.end(); ++it) {
        const QRectF r = it.value()->sceneBoundingRect();
        out[it.key().toStdString()] = {r.x(), r.y(), r.width(), r.height(),
                                       isExpanded(it.key().toStdString())};
    }
    return out;
}

std::map<std::string, std::string> TopologyScene::networkColours() const {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < topology_.networks.size(); ++i)
        out[topology_.networks[i]] = networkColour(static_cast<int>(i)).name().toStdString();
    return out;
}

bool TopologyScene::isExpanded(const std::string& id) const {
    return full_.count(id) > 0 || opened_.count(id) > 0;
}

void TopologyScene::toggleOpened(const std::string& id) {
    if (!opened_.erase(id)) opened_.insert(id);
    redraw();
}

void TopologyScene::redraw() {
    redrawing_ = true;
    const topology::Topology t = topology_;
    setTopology(t);
    redrawing_ = false;
}

QRectF TopologyScene::touchedRect() const {
    // The boxes and the labels on their links: what must be read after the step.
    QRectF r;
    for (const auto* ids : {&full_, &opened_, &added_})
        for (const auto& id : *ids)
            r |= nodeRect(id);
    // A label belongs to the box at its end of the link (a container's link to an untouched bridge:
    // its own end's label, not the bridge's, which may be far).
    auto mine = [&](const std::string& id) { return isExpanded(id) || added_.count(id) > 0; };
    for (const auto& e : edges_) {
        if (e.fromLabel && mine(e.edge.from)) r |= labelRect(e.fromLabel);
        if (e.toLabel && mine(e.edge.to)) r |= labelRect(e.toLabel);
    }
    return r;
}

QRectF TopologyScene::addedRect() const {
    QRectF r;
    // A box that grew (a new interface, a port) counts: what it shows is new too.
    auto isNew = [&](const std::string& id) { return added_.count(id) || grown_.count(id); };
    for (const auto* ids : {&added_, &grown_})
        for (const auto& id : *ids)
            r |= nodeRect(id);
    for (const auto& e : edges_)
        if (isNew(e.edge.from) || isNew(e.edge.to))
            for (const auto* l : {e.fromLabel, e.toLabel})
                if (l) r |= labelRect(l);
    return r;
}

void TopologyScene::setTopology(const topology::Topology& t, const std::vector<sim::TraceEvent>& events) {
    stopAnimation();
    // What this change touches is drawn in full; the rest collapses to names and addresses. Nothing
    // touched (a redraw): what was open stays open.
    std::set<std::string> touched, added;
    std::unordered_map<std::string, const topology::Node*> before;
    for (const auto& n : topology_.nodes)
        before[n.id] = &n;
    auto texts = [](const topology::Node& x) {
        std::vector<std::string> out;
        for (const auto& b : x.badges)
            out.push_back(b.text);
        return out;
    };
    for (const auto& n : t.nodes) {
        const auto it = before.find(n.id);
        const topology::Node* was = it == before.end() ? nullptr : it->second;
        if (!was) added.insert(n.id);
        // The LAN router's list of internet hosts is drawn in full only when the step's frames go out.
        if (n.kind == topology::Node::Kind::Outside) continue;
        if (!was || was->lines != n.lines || was->title != n.title || texts(*was) != texts(n))
            touched.insert(n.id);
    }
    const std::set<std::string> changed = touched;
    std::map<std::pair<int, std::string>, const topology::Edge*> edgeAt; // (namespace, device) -> link
    for (const auto& e : t.edges) {
        edgeAt.emplace(std::pair(e.fromNamespace, e.fromIfName), &e);
        edgeAt.emplace(std::pair(e.toNamespace, e.toIfName), &e);
    }
    for (const auto& ev : events)
        if (const auto it = edgeAt.find({ev.namespaceId, ev.device}); it != edgeAt.end())
            touched.insert({it->second->from, it->second->to});
    // The same picture in the same language (a step back or an undo that changed nothing drawn, with
    // the same boxes open): the canvas stays as it is, every box, label and dragged node in place.
    const QString language = badgeText({topology::Badge::Kind::Subnet, {"1", "2"}, {}});
    if (!redrawing_ && !nodes_.isEmpty() && language == language_ && t == topology_ &&
        (touched.empty() || touched == expanded_)) {
        added_.clear();
        grown_.clear();
        return;
    }
    language_ = language;
    building_ = true;
    std::map<std::string, topology::Point> pinned;
    for (auto it = nodes_.begin(); it != nodes_.end(); ++it)
        pinned[it.key().toStdString()] = {it.value()->pos().x() / kScale, it.value()->pos().y() / kScale};
    added_ = std::move(added);
    grown_ = changed;
    if (!changed.empty()) changed_ = changed;
    if (!touched.empty()) {
        expanded_ = touched;
        // In full: what the step changed or added; a step that only sends frames, the boxes they cross.
        // Boxes the frames cross in a step that changes others keep their names and addresses.
        full_ = changed.empty() ? touched : changed;
    }
    chips_.clear();
    if (t.nodes.size() > kBusy)
        for (const auto& n : t.nodes)
            if (n.kind != topology::Node::Kind::Bridge && !isExpanded(n.id) && !expanded_.count(n.id))
                chips_.insert(n.id);
    // A crowded lab is laid out by Kamada-Kawai (the layout's square grows with the number of nodes) and
    // packed; a smaller one box by box below the boxes they hang from (placeLayered).
    const bool crowded = t.nodes.size() > kCrowded;
    std::map<std::string, topology::Point> positions;
    if (crowded)
        positions =
            topology::layout(t, pinned, 170.0 * (1.0 + std::sqrt(static_cast<double>(t.nodes.size()))));
    clear();
    transient_.clear();
    nodes_.clear();
    edges_.clear();
    relations_.clear();
    networkLegend_ = protocolLegend_ = nullptr;
    topology_ = t;
    for (const auto& n : t.nodes) {
        const auto p = crowded              ? positions.at(n.id)
                       : pinned.count(n.id) ? pinned.at(n.id)
                                            : topology::Point{};
        const QPointF at(p.first * kScale, p.second * kScale);
        nodes_[q(n.id)] = isChip(n.id) ? drawChip(n, at) : drawNode(n, at, isExpanded(n.id));
    }
    const QFont labelFont("DejaVu Sans Mono", 11);
    if (!crowded) placeLayered(pinned, labelFont);
    separateBoxes(pinned);
    for (const auto& e : t.edges) {
        EdgeItem item;
        item.edge = e;
        // A chip's link: thin and without labels (its box's tooltip names the ends).
        const bool quiet = isChip(e.from) || isChip(e.to);
        QPen pen(networkColour(networkIndex(e.network)), quiet ? 1.2 : e.network.empty() ? 1.5 : 2.5);
        if (topology::isStructural(e))
            pen = QPen(Qt::transparent); // a none-mode namespace: tied to the host for the layout only
        item.line = addLine(QLineF(), pen);
        item.line->setZValue(1);
        auto label = [&](const std::string& text) -> QGraphicsSimpleTextItem* {
            if (text.empty() || quiet) return nullptr;
            auto* l = textItem(q(text), labelFont);
            addItem(l);
            l->setBrush(QColor(0x22, 0x22, 0x22));
            l->setZValue(3);
            auto* back = new QGraphicsRectItem(l->boundingRect().adjusted(-2, -1, 2, 1), l);
            back->setBrush(QColor(255, 255, 255, 230));
            back->setPen(QPen(pen.color().lighter(150), 1));
            back->setFlag(QGraphicsItem::ItemStacksBehindParent);
            return l;
        };
        item.fromLabel = label(e.fromLabel);
        item.toLabel = label(e.toLabel);
        edges_.push_back(item);
    }
    drawRelations(labelFont);
    for (auto& e : edges_)
        e.line->setLine(QLineF(nodeCentre(q(e.edge.from)), nodeCentre(q(e.edge.to))));
    clearLinks();
    building_ = false;
    updateEdges();
    drawLegend();
    setSceneRect(itemsBoundingRect().adjusted(-30, -30, 30, 30));
}

namespace {

// How far from a box's centre, along the unit direction `dir`, a rectangle of `size` centred on the ray
// is clear of the box grown by `margin`: where the two part along x or along y, whichever comes first.
double clearance(QSizeF box, QSizeF size, QPointF dir, double margin) {
    const double x =
        std::abs(dir.x()) < 1e-9 ? 1e9 : (box.width() / 2 + size.width() / 2 + margin) / std::abs(dir.x());
    const double y =
        std::abs(dir.y()) < 1e-9 ? 1e9 : (box.height() / 2 + size.height() / 2 + margin) / std::abs(dir.y());
    return std::min(x, y);
}

// How long a link from box `a` to box `b` (centre to centre) must be for the label of each end (sizes
// `la`, `lb`; empty: none) to sit on the link just outside its own box, in its own half (placeLabels
// looks up to the middle), the two apart. The labels are upright rectangles: on a slanted link they part
// once either their widths or their heights clear each other, so a steep link needs little more than
// their heights. Each term has a candidate step (5 px) of slack.
double labelsNeed(const QRectF& a, const QRectF& b, QSizeF la, QSizeF lb) {
    const QLineF line(a.center(), b.center());
    if (line.length() < 1) return 1e9;
    const QPointF dir = (line.p2() - line.p1()) / line.length();
    constexpr double kOwn = 3, kStep = 5; // the label's clearance from its box (placeLabels), a step
    const double ca = la.isEmpty() ? 0 : clearance(a.size(), la, dir, kOwn) + kStep;
    const double cb = lb.isEmpty() ? 0 : clearance(b.size(), lb, dir, kOwn) + kStep;
    const double apart = la.isEmpty() || lb.isEmpty() ? 0 : clearance(la, lb, dir, 0) + kStep;
    // Each label clear of the other end's box as well.
    const double pastB = la.isEmpty() ? 0 : ca + clearance(b.size(), la, dir, kOwn) + kStep;
    const double pastA = lb.isEmpty() ? 0 : cb + clearance(a.size(), lb, dir, kOwn) + kStep;
    return std::max({2 * ca, 2 * cb, ca + apart + cb, pastA, pastB});
}

// A link label's rectangle as placeLabels sees it (with its backing's margin), before it is drawn.
QSizeF labelSize(const QString& text, const QFont& font) {
    if (text.isEmpty()) return {};
    const QFontMetricsF metrics(font);
    return QSizeF(metrics.horizontalAdvance(text) + 4, metrics.height() + 2);
}

QSizeF labelSize(const QGraphicsSimpleTextItem* label) {
    return label ? label->boundingRect().adjusted(-2, -1, 2, 1).size() : QSizeF();
}

// The room a label needs among `count` labels around the same box: their links fan out from its middle,
// and near it the labels stand one above the other.
QSizeF stacked(QSizeF label, int count) {
    if (label.isEmpty() || count < 2) return label;
    return QSizeF(label.width(), count * (label.height() + 2));
}

} // namespace

bool TopologyScene::lengthenLinks() {
    // Both ends' labels must fit on the link between the boxes (labelsNeed): a link too short for them
    // moves its container's box away from the bridge, along the link.
    bool moved = false;
    std::map<std::string, int> labelled; // labels around each box
    for (const auto& e : edges_) {
        labelled[e.edge.from] += e.fromLabel != nullptr;
        labelled[e.edge.to] += e.toLabel != nullptr;
    }
    for (const auto& e : edges_) {
        if (!e.fromLabel && !e.toLabel) continue;
        QGraphicsItem* box = nodes_.value(q(e.edge.from));
        const QRectF ra = box->sceneBoundingRect(), rb = nodeRect(e.edge.to);
        const QLineF line(ra.center(), rb.center());
        if (line.length() < 1) continue;
        const double needed = labelsNeed(ra, rb, stacked(labelSize(e.fromLabel), labelled[e.edge.from]),
                                         stacked(labelSize(e.toLabel), labelled[e.edge.to]));
        if (line.length() >= needed) continue;
        const QPointF dir = (line.p2() - line.p1()) / line.length();
        box->moveBy(-dir.x() * (needed - line.length()), -dir.y() * (needed - line.length()));
        moved = true;
    }
    return lengthenRelations() || moved;
}

bool TopologyScene::escapeLinks(const std::set<std::string>& under, std::map<std::string, int>& crossed) {
    // A box between links that push it opposite ways stays under one of them: after a few rounds it
    // leaves the crowd, outwards from the middle of the picture, where fewer links run.
    QPointF middle;
    for (const auto* box : nodes_)
        middle += box->pos() / static_cast<double>(std::max<qsizetype>(1, nodes_.size()));
    bool moved = false;
    for (const auto& n : topology_.nodes) {
        if (!under.count(n.id)) {
            crossed.erase(n.id);
            continue;
        }
        if (++crossed[n.id] < 5) continue;
        crossed.erase(n.id);
        QGraphicsItem* box = nodes_.value(q(n.id));
        const QRectF r = box->sceneBoundingRect();
        QLineF out(middle, box->pos());
        if (out.length() < 1) out = QLineF(middle, middle + QPointF(1, 0));
        out.setLength(r.width() / 2 + r.height() / 2);
        box->moveBy(out.dx(), out.dy());
        moved = true;
    }
    return moved;
}

bool TopologyScene::lengthenRelations() {
    // A --link arrow's label sits between the two boxes, with room for the arrowhead: the recipient's
    // box moves away from the target's until it fits.
    bool moved = false;
    for (const auto& r : relations_) {
        QGraphicsItem* box = nodes_.value(q(r.relation.from));
        const QRectF ra = box->sceneBoundingRect(), rb = nodeRect(r.relation.to);
        const QLineF line(borderPoint(ra, rb.center()), borderPoint(rb, ra.center()));
        if (line.length() < 1 && ra.center() == rb.center()) continue;
        const QLineF centres(ra.center(), rb.center());
        const QPointF dir = (centres.p2() - centres.p1()) / std::max(1.0, centres.length());
        const QSizeF s = r.label->boundingRect().size();
        const double needed = s.width() * std::abs(dir.x()) + s.height() * std::abs(dir.y()) + 40;
        const double gap = ra.intersects(rb) ? 0 : line.length();
        if (gap >= needed) continue;
        box->moveBy(-dir.x() * (needed - gap), -dir.y() * (needed - gap));
        moved = true;
    }
    return moved;
}

void TopologyScene::clearLinks() {
    // A link drawn under a box reads as a link to that box: move the box off the link, sideways, then
    // settle overlaps again. Bounded: a crowded picture may keep a crossing rather than never finish.
    // A grid of the boxes finds those near each link; they are tried in topology order, as a scan of
    // every box would try them (the others cannot reach the link), so the picture is the scan's.
    constexpr double margin = 14;
    std::vector<QGraphicsItem*> items;
    double sizes = 0;
    for (const auto& n : topology_.nodes) {
        items.push_back(nodes_.value(q(n.id)));
        const QRectF r = items.back()->sceneBoundingRect();
        sizes += std::max(r.width(), r.height());
    }
    if (items.empty()) return;
    // At least six margins a cell: a box whose margin touches the link is within a quarter cell of it.
    const double cell = std::max(6 * margin, sizes / static_cast<double>(items.size()) + 2 * margin);
    std::map<std::string, int> crossed; // rounds in a row a box has been under some link
    // A crowded lab (see kCrowded) gets two rounds: with hundreds of links meeting at a bridge, boxes
    // pushed off some links land on others, and more rounds do not settle it.
    const int rounds = topology_.nodes.size() > kCrowded ? 2 : 30;
    for (int round = 0; round < rounds; ++round) {
        bool moved = false;
        std::set<std::string> under;
        SceneGrid grid(cell);
        for (std::size_t i = 0; i < items.size(); ++i)
            grid.insert(i, items[i]->sceneBoundingRect());
        for (const auto& e : edges_) {
            if (topology::isStructural(e.edge)) continue;
            const QLineF line(nodeCentre(q(e.edge.from)), nodeCentre(q(e.edge.to)));
            if (line.length() < 1) continue;
            const QPointF dir = (line.p2() - line.p1()) / line.length(), normal(-dir.y(), dir.x());
            for (std::size_t i : grid.along(line)) {
                const auto& n = topology_.nodes[i];
                if (n.id == e.edge.from || n.id == e.edge.to) continue;
                QGraphicsItem* box = items[i];
                const QRectF r = box->sceneBoundingRect().adjusted(-margin, -margin, margin, margin);
                if (!crosses(r, line)) continue;
                under.insert(n.id);
                const QPointF c = r.center() - line.p1();
                const double d = c.x() * normal.x() + c.y() * normal.y();
                const double reach =
                    r.width() / 2 * std::abs(normal.x()) + r.height() / 2 * std::abs(normal.y());
                const double push = reach - std::abs(d) + 1;
                grid.remove(i, box->sceneBoundingRect());
                box->moveBy(normal.x() * push * (d < 0 ? -1 : 1), normal.y() * push * (d < 0 ? -1 : 1));
                grid.insert(i, box->sceneBoundingRect());
                moved = true;
            }
        }
        moved = escapeLinks(under, crossed) || moved;
        moved = lengthenLinks() || moved;
        if (!moved) break;
        separateBoxes({});
        for (auto& e : edges_)
            e.line->setLine(QLineF(nodeCentre(q(e.edge.from)), nodeCentre(q(e.edge.to))));
    }
}

void TopologyScene::placeLayered(const std::map<std::string, topology::Point>& pinned,
                                 const QFont& labelFont) {
    // A structured, compact picture: the host at the top with the LAN router above it, the bridges in
    // a row below the host, each container under its bridge, side by side before further down (a canvas
    // is wider than high). Boxes already on the canvas keep their places; each new box takes the cheapest
    // place (nearest below its anchor, sideways at half the cost) that keeps the boxes' gap, puts none of
    // its links under a box nor itself under a link, and leaves its links room for their labels, so that
    // the passes after it find little to push. Kamada-Kawai spread the same boxes twice as wide.
    constexpr double kGap = 24, kMargin = 14, kStep = 10; // separateBoxes' gap, clearLinks' margin
    const auto& nodes = topology_.nodes;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        index[nodes[i].id] = i;
    struct Link {
        std::size_t from, to;
        QSizeF fromLabel, toLabel;
    };
    std::vector<Link> links;
    std::map<std::string, int> labelled; // labels drawn around each box (a chip's links have none)
    for (const auto& e : topology_.edges)
        if (!isChip(e.from) && !isChip(e.to)) {
            labelled[e.from] += !e.fromLabel.empty();
            labelled[e.to] += !e.toLabel.empty();
        }
    for (const auto& e : topology_.edges)
        if (!topology::isStructural(e) && index.count(e.from) && index.count(e.to))
            links.push_back({index[e.from], index[e.to],
                             stacked(labelSize(q(e.fromLabel), labelFont), labelled[e.from]),
                             stacked(labelSize(q(e.toLabel), labelFont), labelled[e.to])});
    // A bridge with no container that the change does not touch (docker0 before the first `docker run`)
    // makes way when the change adds bridges that have containers: in the row below the host it would
    // part them (their links fan out from the host over it), and a step that adds two or three networks
    // would be too wide to read at 9 pt on a 1366x768 screen. It moves beside the host.
    auto hasContainers = [&](std::size_t b) {
        return std::any_of(links.begin(), links.end(), [&](const Link& l) {
            return (l.from == b && nodes[l.to].kind == topology::Node::Kind::Namespace) ||
                   (l.to == b && nodes[l.from].kind == topology::Node::Kind::Namespace);
        });
    };
    std::set<std::size_t> makingWay;
    bool newNetworks = false;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].kind == topology::Node::Kind::Bridge) {
            if (!pinned.count(nodes[i].id))
                newNetworks = newNetworks || hasContainers(i);
            else if (!isExpanded(nodes[i].id) && !hasContainers(i))
                makingWay.insert(i);
        }
    if (!newNetworks) makingWay.clear();
    std::vector<QRectF> rects(nodes.size());
    std::vector<bool> placed(nodes.size(), false);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (pinned.count(nodes[i].id) && !makingWay.count(i)) {
            rects[i] = nodes_.value(q(nodes[i].id))->sceneBoundingRect();
            placed[i] = true;
        }
    auto clearOfLinks = [&](std::size_t k, const QRectF& r) {
        const QRectF wide = r.adjusted(-kMargin, -kMargin, kMargin, kMargin);
        for (const auto& l : links) {
            const bool mine = l.from == k || l.to == k;
            if (mine &&
                placed[l.from == k ? l.to : l.from]) { // its own link: clear of boxes, room for labels
                const std::size_t m = l.from == k ? l.to : l.from;
                const QLineF line(r.center(), rects[m].center());
                const QRectF& from = l.from == k ? r : rects[m];
                const QRectF& to = l.from == k ? rects[m] : r;
                if (line.length() < labelsNeed(from, to, l.fromLabel, l.toLabel)) return false;
                for (std::size_t j = 0; j < nodes.size(); ++j)
                    if (placed[j] && j != m &&
                        crosses(rects[j].adjusted(-kMargin, -kMargin, kMargin, kMargin), line))
                        return false;
            } else if (!mine && placed[l.from] && placed[l.to] &&
                       crosses(wide, QLineF(rects[l.from].center(), rects[l.to].center()))) {
                return false;
            }
        }
        return true;
    };
    // The boxes placed, in a grid: a new box in a crowded row tries thousands of places, each compared
    // with the boxes near it only.
    SceneGrid grid(200);
    for (std::size_t j = 0; j < nodes.size(); ++j)
        if (placed[j]) grid.insert(j, rects[j]);
    auto clearOfBoxes = [&](const QRectF& r) {
        const QRectF wide = r.adjusted(-kGap, -kGap, kGap, kGap);
        bool clear = true;
        grid.near(wide, nodes.size(), [&](std::size_t j) { return (clear = !wide.intersects(rects[j])); });
        return clear;
    };
    auto place = [&](std::size_t k, QPointF at) {
        QGraphicsItem* box = nodes_.value(q(nodes[k].id));
        box->setPos(std::round(at.x()), std::round(at.y())); // whole pixels: crisp lines and text
        rects[k] = box->sceneBoundingRect();
        placed[k] = true;
        grid.insert(k, rects[k]);
    };
    // The places below a box, as offsets from its middle and its bottom, cheapest first (the same for
    // every box: sorted once).
    // A container moves sideways at half the cost of moving down (a canvas is wider than high); a
    // bridge at the full cost: the host's links fan out to the bridges over the ones nearer the host,
    // which a deeper row lets pass where a wider one would not.
    auto offsets = [&](double sideways) {
        std::vector<std::pair<double, QPointF>> out;
        for (int j = 0; j < 80; ++j)
            for (int i = -120; i <= 120; ++i)
                out.push_back({j + sideways * std::abs(i) + (i < 0 ? 0.01 : 0), QPointF(i, j) * kStep});
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        return out;
    };
    const auto below = offsets(0.5), fan = offsets(1.0);
    // Whether box `j` has boxes to hang below it besides `k` (a bridge without containers has no column).
    auto hasOthers = [&](std::size_t j, std::size_t k) {
        return std::any_of(links.begin(), links.end(), [&](const Link& l) {
            const std::size_t other = l.from == j ? l.to : l.to == j ? l.from : k;
            return other != k && nodes[other].kind == topology::Node::Kind::Namespace;
        });
    };
    // A bridge without containers that makes way (see below) goes beside the host, on its left: the row
    // below the host is left to the bridges that have containers.
    auto besideLeft = [&](std::size_t k, const QRectF& local, const QRectF& a) {
        if (!makingWay.count(k)) return false;
        for (int i = 0; i < 200; ++i)
            if (const QPointF at(a.left() - kGap - local.right() - i * kStep, a.center().y());
                clearOfBoxes(local.translated(at)) && clearOfLinks(k, local.translated(at))) {
                place(k, at);
                return true;
            }
        return false;
    };
    // The cheapest place around `anchor`: below it or (`above`) above it.
    auto settle = [&](std::size_t k, std::size_t anchor, bool above) {
        const QRectF local = nodes_.value(q(nodes[k].id))->boundingRect(), a = rects[anchor];
        std::optional<QPointF> roomy; // the cheapest clear of boxes, if none is clear of links too
        auto tryAt = [&](QPointF at) {
            const QRectF r = local.translated(at);
            if (!clearOfBoxes(r)) return false;
            if (!roomy) roomy = at;
            return clearOfLinks(k, r);
        };
        if (above) {
            for (int i = 0; i < 200; ++i)
                if (const QPointF at(a.center().x(), a.top() - kGap - local.bottom() - i * kStep); tryAt(at))
                    return place(k, at);
        } else if (nodes[k].kind == topology::Node::Kind::Bridge &&
                   nodes[anchor].kind == topology::Node::Kind::Host && !hasOthers(k, k) &&
                   besideLeft(k, local, a)) {
            return;
        } else {
            // First the places nearer its anchor than any other box of the anchor's kind that has boxes
            // of its own (a bridge's containers under it, not under the next bridge), and a bridge right of
            // the host's middle (the bridges a step adds stay together); then anywhere below.
            const QPointF origin(a.center().x(), a.bottom() + kGap - local.top());
            auto theirs = [&](QPointF at) {
                if (nodes[k].kind == topology::Node::Kind::Bridge &&
                    nodes[anchor].kind == topology::Node::Kind::Host && at.x() < a.center().x())
                    return true;
                for (std::size_t j = 0; j < nodes.size(); ++j)
                    if (placed[j] && j != anchor && nodes[j].kind == nodes[anchor].kind && hasOthers(j, k) &&
                        std::abs(at.x() - rects[j].center().x()) < std::abs(at.x() - a.center().x()))
                        return true;
                return false;
            };
            for (const bool anywhere : {false, true})
                for (const auto& [cost, offset] : nodes[k].kind == topology::Node::Kind::Bridge ? fan : below)
                    if (clearOfBoxes(local.translated(origin + offset)) &&
                        (anywhere || !theirs(origin + offset)) && tryAt(origin + offset))
                        return place(k, origin + offset);
        }
        place(k, roomy.value_or(a.center()));
    };
    auto anchorOf = [&](std::size_t k) -> std::optional<std::size_t> {
        // A container goes under a bridge it is linked to (one the step changes, if any), else the host.
        std::optional<std::size_t> bridge, host;
        for (const auto& l : links) {
            if (l.from != k && l.to != k) continue;
            const std::size_t m = l.from == k ? l.to : l.from;
            if (!placed[m]) continue;
            if (nodes[m].kind == topology::Node::Kind::Bridge) {
                if (!bridge || (full_.count(nodes[m].id) && !full_.count(nodes[*bridge].id))) bridge = m;
            } else if (!host) {
                host = m;
            }
        }
        if (bridge) return bridge;
        // A new bridge a container already on the canvas joins (network connect) goes below it.
        if (nodes[k].kind == topology::Node::Kind::Bridge)
            for (const auto& l : links)
                if ((l.from == k || l.to == k) && placed[l.from == k ? l.to : l.from] &&
                    nodes[l.from == k ? l.to : l.from].kind == topology::Node::Kind::Namespace)
                    return l.from == k ? l.to : l.from;
        if (host) return host;
        if (index.count("host") && placed[index["host"]]) return index["host"];
        return std::nullopt;
    };
    using Kind = topology::Node::Kind;
    for (const Kind kind : {Kind::Host, Kind::Outside, Kind::Bridge, Kind::Namespace})
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            if (nodes[k].kind != kind || placed[k]) continue;
            if (const auto anchor = anchorOf(k))
                settle(k, *anchor, kind == Kind::Outside);
            else
                place(k, QPointF(0, 0));
        }
}

void TopologyScene::separateBoxes(const std::map<std::string, topology::Point>& pinned) {
    if (topology_.nodes.size() > kCrowded) {
        packBoxes(pinned);
        return;
    }
    // Kamada-Kawai places points, not boxes: push overlapping boxes apart along the axis where they
    // overlap least. A new box moves away from an old one; two new or two old boxes share the move.
    // Topology order, not hash order: the same lab gives the same picture.
    // Each box meets the later boxes it overlaps in the order of their numbers, as a scan of every pair
    // would meet them; a grid finds them, so a round costs the overlaps, not every pair. The boxes move
    // as plain rectangles (the same arithmetic as QGraphicsItem::moveBy) and are set on the canvas once.
    struct Box {
        QGraphicsItem* item;
        QRectF local; // its bounding rectangle around its position
        QPointF pos;
        bool old; // was on the canvas before
        QRectF rect() const { return local.translated(pos); }
    };
    std::vector<Box> boxes;
    for (const auto& n : topology_.nodes) {
        QGraphicsItem* item = nodes_.value(q(n.id));
        boxes.push_back({item, item->boundingRect(), item->pos(), pinned.count(n.id) > 0});
    }
    constexpr double gap = 24;
    if (boxes.size() < 2) return;
    double sizes = 0;
    for (const auto& b : boxes)
        sizes += std::max(b.local.width(), b.local.height());
    SceneGrid grid(std::max(1.0, sizes / static_cast<double>(boxes.size())) + 2 * gap);
    for (std::size_t i = 0; i < boxes.size(); ++i)
        grid.insert(i, boxes[i].rect());
    // As QGraphicsItem::moveBy: a move to where the box already is (QPointF's fuzzy ==) leaves it. A
    // round that changes no position is a fixed point: every later round would repeat it.
    bool changed = false;
    auto move = [&](std::size_t i, double dx, double dy) {
        const QPointF to = boxes[i].pos + QPointF(dx, dy);
        if (to == boxes[i].pos) return;
        grid.remove(i, boxes[i].rect());
        boxes[i].pos = to;
        grid.insert(i, boxes[i].rect());
        changed = true;
    };
    for (int round = 0; round < 500; ++round) {
        bool moved = false;
        changed = false;
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            // Only a and the box it meets move: the candidates hold until a has moved.
            auto candidates = [&](std::size_t after) {
                return grid.after(after, boxes[i].rect().adjusted(-gap, -gap, gap, gap));
            };
            std::vector<std::size_t> near = candidates(i);
            for (std::size_t at = 0; at < near.size();) {
                const std::size_t k = near[at++];
                const QRectF ra = boxes[i].rect().adjusted(-gap, -gap, gap, gap);
                const QRectF rb = boxes[k].rect();
                if (!ra.intersects(rb)) continue;
                const QRectF overlap = ra.intersected(rb);
                const QPointF push =
                    overlap.width() < overlap.height()
                        ? QPointF(ra.center().x() < rb.center().x() ? overlap.width() : -overlap.width(), 0)
                        : QPointF(0,
                                  ra.center().y() < rb.center().y() ? overlap.height() : -overlap.height());
                const bool aOld = boxes[i].old, bOld = boxes[k].old;
                const double share = aOld == bOld ? 0.5 : aOld ? 0.0 : 1.0; // a's part of the move
                move(i, -push.x() * share, -push.y() * share);
                move(k, push.x() * (1 - share), push.y() * (1 - share));
                moved = true;
                near = candidates(k);
                at = 0;
            }
        }
        if (!moved) break;
        if (!changed) break;
    }
    for (const auto& b : boxes)
        b.item->setPos(b.pos);
}

void TopologyScene::packBoxes(const std::map<std::string, topology::Point>& pinned) {
    // A big lab: pairwise pushes settle slowly in a crowd of hundreds of boxes (hundreds of rounds,
    // and some overlaps may remain). Each box instead takes the free place nearest to where the layout
    // put it: where it is if no box placed before it is there, else the nearest free slot of a lattice
    // the size of the largest box. Boxes already on the canvas go first, in topology order (they stay
    // unless a box that grew covers them), then the new ones from the middle outwards. No two boxes
    // end closer than the gap.
    constexpr double gap = 24;
    struct Box {
        QGraphicsItem* item;
        QRectF local;
        QPointF pos;
        bool old;
    };
    std::vector<Box> boxes;
    QPointF middle;
    double width = 1, height = 1;
    for (const auto& n : topology_.nodes) {
        QGraphicsItem* item = nodes_.value(q(n.id));
        boxes.push_back({item, item->boundingRect(), item->pos(), pinned.count(n.id) > 0});
        middle += item->pos() / static_cast<double>(topology_.nodes.size());
        width = std::max(width, item->boundingRect().width());
        height = std::max(height, item->boundingRect().height());
    }
    std::vector<std::size_t> order(boxes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto distance = [&](std::size_t i) { return QLineF(middle, boxes[i].pos).length(); };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (boxes[a].old != boxes[b].old) return boxes[a].old;
        return !boxes[a].old && distance(a) < distance(b);
    });
    const double slotWidth = width + gap, slotHeight = height + gap;
    SceneGrid placed(std::max(slotWidth, slotHeight));
    std::vector<QRectF> rects(boxes.size());
    auto fits = [&](const QRectF& r) {
        const QRectF around = r.adjusted(-gap, -gap, gap, gap);
        bool free = true;
        placed.near(around, boxes.size(),
                    [&](std::size_t j) { free = free && !around.intersects(rects[j]); });
        return free;
    };
    for (std::size_t i : order) {
        Box& b = boxes[i];
        QPointF at = b.pos;
        if (!fits(b.local.translated(at))) {
            // Rings of slots around the box's own place; the nearest free slot of the first ring with one.
            const auto column = static_cast<long>(std::lround(at.x() / slotWidth));
            const auto row = static_cast<long>(std::lround(at.y() / slotHeight));
            bool found = false;
            for (long ring = 0; !found; ++ring) {
                double nearest = std::numeric_limits<double>::max();
                for (long c = column - ring; c <= column + ring; ++c)
                    for (long r = row - ring; r <= row + ring; ++r) {
                        if (std::max(std::abs(c - column), std::abs(r - row)) != ring) continue;
                        const QPointF slot(static_cast<double>(c) * slotWidth,
                                           static_cast<double>(r) * slotHeight);
                        const double d = QLineF(b.pos, slot).length();
                        if (d < nearest && fits(b.local.translated(slot))) {
                            nearest = d;
                            at = slot;
                            found = true;
                        }
                    }
            }
        }
        rects[i] = b.local.translated(at);
        placed.insert(i, rects[i]);
        if (at != b.pos) b.item->setPos(at);
    }
}

void TopologyScene::drawLegend() {
    // Two panels at the top left: the networks' colours, and (for the animation) the protocols'.
    const QRectF bounds = itemsBoundingRect();
    QFont font("DejaVu Sans", 11);
    auto panel = [&](const QString& heading, const std::vector<std::pair<QString, QColor>>& rows, bool dots,
                     double top) {
        auto* group = new QGraphicsRectItem();
        double y = 6;
        auto* head = textItem(heading, QFont("DejaVu Sans", 11, QFont::Bold), group);
        head->setPos(8, y);
        y += 20;
        double width = head->boundingRect().width() + 16;
        for (const auto& [text, colour] : rows) {
            QAbstractGraphicsShapeItem* mark = dots ? static_cast<QAbstractGraphicsShapeItem*>(
                                                          new QGraphicsEllipseItem(12, y + 3, 10, 10, group))
                                                    : new QGraphicsRectItem(8, y + 4, 18, 8, group);
            mark->setBrush(colour);
            mark->setPen(Qt::NoPen);
            auto* name = textItem(text, font, group);
            name->setPos(32, y);
            width = std::max(width, 40 + name->boundingRect().width());
            y += 20;
        }
        group->setRect(0, 0, std::max(150.0, width), y + 4);
        group->setBrush(QColor(255, 255, 255, 235));
        group->setPen(QPen(QColor(0xbb, 0xbb, 0xbb)));
        group->setPos(bounds.left() - group->rect().width() - 20, bounds.top() + top);
        group->setZValue(5);
        group->setVisible(legendShown_);
        addItem(group);
        return group;
    };
    std::vector<std::pair<QString, QColor>> networks, protocols;
    for (std::size_t i = 0; i < topology_.networks.size(); ++i)
        networks.push_back({q(topology_.networks[i]), networkColour(static_cast<int>(i))});
    for (const char* proto : {"ARP", "ICMP", "DNS", "TCP", "HTTP"})
        protocols.push_back({proto, protocolColour(proto)});
    networkLegend_ = panel(tr("Networks"), networks, false, 0);
    protocolLegend_ = panel(tr("Frames"), protocols, true, networkLegend_->rect().height() + 10);
    protocolLegend_->setX(networkLegend_->x());
}

const TopologyScene::EdgeItem* TopologyScene::edgeFor(const sim::TraceEvent& ev, bool& fromEnd) const {
    for (const auto& e : edges_) {
        if (e.edge.fromNamespace == ev.namespaceId && e.edge.fromIfName == ev.device) {
            fromEnd = true;
            return &e;
        }
        if (e.edge.toNamespace == ev.namespaceId && e.edge.toIfName == ev.device) {
            fromEnd = false;
            return &e;
        }
    }
    return nullptr;
}

QString TopologyScene::dropReason(sim::DropReason reason) {
    switch (reason) { // the engine's words (sim::toString), in the window's language
    case sim::DropReason::None:
        return QString();
    case sim::DropReason::FilterRule:
        return tr("dropped by a netfilter rule");
    case sim::DropReason::NoRoute:
        return tr("no route to host");
    case sim::DropReason::NeighbourFailed:
        return tr("ARP got no answer");
    case sim::DropReason::TtlExpired:
        return tr("TTL expired");
    case sim::DropReason::NotForUs:
        return tr("not addressed to this host");
    case sim::DropReason::LinkDown:
        return tr("link is down");
    case sim::DropReason::NoSocket:
        return tr("no socket is listening");
    }
    return QString();
}

QString TopologyScene::nodeOf(const sim::TraceEvent& ev) const {
    if (ev.namespaceId == kernel::KernelState::kRootNamespace)
        return nodes_.contains(q("br:" + ev.device)) ? q("br:" + ev.device) : QString("host");
    for (const auto& e : edges_)
        if (e.edge.fromNamespace == ev.namespaceId) return q(e.edge.from);
    return QString();
}

QGraphicsItem* TopologyScene::dropMark(const sim::TraceEvent& ev, QPointF at) {
    // The reason and, when a rule dropped it, the rule itself: what the student has to read.
    QString text = QString::fromUtf8("\u2716 ") + dropReason(ev.reason);
    if (!ev.rule.empty()) text += "\n" + q(ev.rule);
    auto* mark = new QGraphicsSimpleTextItem(text);
    mark->setFont(QFont("DejaVu Sans", 11, QFont::Bold));
    mark->setBrush(QColor(0xcc, 0x00, 0x00));
    auto* back = new QGraphicsRectItem(mark->boundingRect().adjusted(-4, -2, 4, 2), mark);
    back->setBrush(QColor(255, 240, 240, 240));
    back->setPen(QPen(QColor(0xcc, 0x00, 0x00), 1.5));
    back->setFlag(QGraphicsItem::ItemStacksBehindParent);
    const QRectF drawn = mark->boundingRect().adjusted(-4, -2, 4, 2);
    mark->setPos(freeSpot(drawn.size(), at + QPointF(8, 8)) - drawn.topLeft());
    mark->setZValue(8);
    mark->setToolTip(q(ev.summary));
    mark->setData(0, QStringLiteral("drop"));
    addItem(mark);
    transient_.push_back(mark);
    return mark;
}

QPointF TopologyScene::freeSpot(const QSizeF& size, QPointF near) const {
    // Rings of candidate corners around `near`, nearest first: the first place where the rectangle (and
    // a small gap) meets no box, no label and no other drop mark. Only what lies within reach is tried.
    constexpr double kStep = 10, kRings = 40, kGap = 3;
    const QRectF reach =
        QRectF(near, size).adjusted(-kStep * kRings, -kStep * kRings, kStep * kRings, kStep * kRings);
    std::vector<QRectF> taken;
    auto take = [&](const QRectF& r) {
        if (r.intersects(reach)) taken.push_back(r);
    };
    for (const QRectF& l : labelRects())
        take(l);
    for (const auto* box : nodes_)
        take(box->sceneBoundingRect());
    for (const QGraphicsItem* item : transient_)
        if (item->data(0).toString() == "drop") take(item->mapRectToScene(item->childrenBoundingRect()));
    auto isFree = [&](QPointF p) {
        const QRectF r = QRectF(p, size).adjusted(-kGap, -kGap, kGap, kGap);
        return std::none_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(r); });
    };
    for (int ring = 0; ring <= kRings; ++ring) {
        std::vector<QPointF> around;
        for (int i = -ring; i <= ring; ++i)
            for (const QPointF d : {QPointF(i, -ring), QPointF(i, ring), QPointF(-ring, i), QPointF(ring, i)})
                around.push_back(near + d * kStep);
        std::sort(around.begin(), around.end(),
                  [&](QPointF a, QPointF b) { return QLineF(near, a).length() < QLineF(near, b).length(); });
        for (const QPointF p : around)
            if (isFree(p)) return p;
    }
    return near; // nowhere free nearby: where it happened
}

namespace {

// A frame on its way: under the links' labels (z 3), above the links and the lit hops.
QGraphicsEllipseItem* frameDot(const QString& summary) {
    auto* dot = new QGraphicsEllipseItem(-10, -10, 20, 20);
    dot->setPen(QPen(Qt::white, 2.5));
    dot->setBrush(TopologyScene::protocolColour(summary));
    dot->setZValue(2.5);
    dot->setToolTip(summary);
    dot->setData(0, QStringLiteral("frame"));
    return dot;
}

} // namespace

int TopologyScene::animate(const std::vector<sim::TraceEvent>& events, double speed, bool hold,
                           const std::vector<sim::TraceEvent>& before) {
    stopAnimation();
    animation_ = new QSequentialAnimationGroup(this);
    QParallelAnimationGroup* bucket = nullptr;
    Nanos bucketTime = -1;
    int count = 0;
    const int duration = std::max(60, static_cast<int>(320 / std::max(0.1, speed)));
    // A mark shown when its frame's moment comes in the animation.
    auto showLater = [&](QGraphicsItem* mark) {
        mark->setVisible(false);
        auto* show = new QVariantAnimation(bucket);
        show->setStartValue(0.0);
        show->setEndValue(1.0);
        show->setDuration(duration);
        connect(show, &QVariantAnimation::valueChanged, show,
                [mark](const QVariant&) { mark->setVisible(true); });
        bucket->addAnimation(show);
    };
    for (std::size_t i = 0; i < events.size() && count < 400; ++i) {
        const auto& ev = events[i];
        if (ev.direction != "tx" && ev.direction != "drop") continue;
        bool fromEnd = true;
        const EdgeItem* e = edgeFor(ev, fromEnd);
        const QString dropNode = e || ev.direction != "drop" ? QString() : nodeOf(ev);
        if (!e && dropNode.isEmpty()) continue;
        if (!bucket || ev.time - bucketTime > 5'000) { // frames within 5 us travel together (a flood)
            bucket = new QParallelAnimationGroup(animation_);
            animation_->addAnimation(bucket);
            bucketTime = ev.time;
        }
        animatedEvents_.push_back(i);
        ++count;
        const QString summary = q(ev.summary);
        if (!e) { // dropped inside a box (a bridge's FORWARD rules, a namespace without a route)
            hopEnds_.insert(dropNode);
            showLater(dropMark(ev, nodes_.value(dropNode)->sceneBoundingRect().bottomLeft() + QPointF(0, 4)));
            continue;
        }
        if (hold) lightHop(*e, summary); // a micro-step: lit until the next one
        if (ev.direction == "drop") {
            showLater(dropMark(ev, crossing(*e, fromEnd).pointAt(0.15)));
            continue;
        }
        // Under the links' labels, so that they stay readable, and only where the link is clear of the
        // boxes at its ends, so that no box's text is covered.
        const QLineF path = framePath(*e, fromEnd);
        QGraphicsEllipseItem* dot = frameDot(summary);
        dot->setVisible(false);
        addItem(dot);
        transient_.push_back(dot);
        if (hold) heldFrames_.push_back(dot->boundingRect().translated(path.p2()));
        auto* move = new QVariantAnimation(bucket);
        move->setStartValue(path.p1());
        move->setEndValue(path.p2());
        move->setDuration(duration);
        connect(move, &QVariantAnimation::valueChanged, move, [dot](const QVariant& v) {
            dot->setVisible(true);
            dot->setPos(v.toPointF());
        });
        if (!hold) connect(move, &QVariantAnimation::finished, move, [dot] { dot->setVisible(false); });
        bucket->addAnimation(move);
    }
    if (hold && marks("hop").empty()) relightLastHop(events, before);
    animation_->start();
    return count;
}

QLineF TopologyScene::crossing(const EdgeItem& e, bool fromEnd) {
    const QLineF l = e.line->line();
    return fromEnd ? l : QLineF(l.p2(), l.p1());
}

QLineF TopologyScene::framePath(const EdgeItem& e, bool fromEnd) const {
    const QLineF l = crossing(e, fromEnd);
    return framePath(q(fromEnd ? e.edge.from : e.edge.to), q(fromEnd ? e.edge.to : e.edge.from), l.p1(),
                     l.p2());
}

void TopologyScene::lightHop(const EdgeItem& e, const QString& summary) {
    auto* hop = addLine(e.line->line(), QPen(protocolColour(summary), 7, Qt::SolidLine, Qt::RoundCap));
    hop->setOpacity(0.55);
    hop->setZValue(1.5);
    hop->setData(0, QStringLiteral("hop"));
    transient_.push_back(hop);
    hopEnds_.insert({q(e.edge.from), q(e.edge.to)});
}

void TopologyScene::relightLastHop(const std::vector<sim::TraceEvent>& events,
                                   const std::vector<sim::TraceEvent>& before) {
    if (events.empty()) return;
    // The frames of these events (a flood's copies share a lineage); a dropped one is gone.
    std::set<std::uint64_t> lineages;
    bool dropped = false;
    for (const auto& ev : events) {
        lineages.insert(ev.lineage);
        dropped = dropped || ev.direction == "drop";
    }
    // The latest moment one of them left along a link: all its copies that left then.
    Nanos at = -1;
    for (auto it = before.rbegin(); it != before.rend(); ++it) {
        if (it->time >= events.front().time) continue;
        if (at >= 0 && it->time != at) break;
        bool fromEnd = true;
        const EdgeItem* e =
            it->direction == "tx" && lineages.count(it->lineage) ? edgeFor(*it, fromEnd) : nullptr;
        if (!e) continue;
        at = it->time;
        lightHop(*e, q(it->summary));
        if (dropped) continue;
        const QLineF path = framePath(*e, fromEnd);
        QGraphicsEllipseItem* dot = frameDot(q(it->summary)); // where it arrived: still, no animation
        dot->setPos(path.p2());
        addItem(dot);
        transient_.push_back(dot);
        heldFrames_.push_back(dot->sceneBoundingRect());
    }
}

void TopologyScene::stopAnimation() {
    animatedEvents_.clear();
    if (animation_) {
        animation_->stop();
        delete animation_;
        animation_ = nullptr;
    }
    for (QGraphicsItem* item : transient_)
        delete item;
    transient_.clear();
    hopEnds_.clear();
    heldFrames_.clear();
}

bool TopologyScene::animating() const {
    return animation_ && animation_->state() == QAbstractAnimation::Running;
}

void TopologyScene::setLegendShown(bool shown) {
    legendShown_ = shown;
    for (QGraphicsRectItem* legend : {networkLegend_, protocolLegend_})
        if (legend) legend->setVisible(shown);
}

QLineF TopologyScene::framePath(const QString& from, const QString& to, QPointF start, QPointF end) const {
    constexpr double kClear = 13; // the dot's radius and its white rim, off the box's border
    const QLineF whole(start, end);
    if (whole.length() < 1) return whole;
    // The fraction of the link where it leaves a box (the link starts or ends at the box's centre).
    auto exitAt = [&](const QString& id, bool fromStart) {
        const QGraphicsItem* box = nodes_.value(id);
        if (!box) return fromStart ? 0.0 : 1.0;
        const QRectF r = box->sceneBoundingRect().adjusted(-kClear, -kClear, kClear, kClear);
        double lo = fromStart ? 0.0 : 1.0, hi = fromStart ? 1.0 : 0.0; // lo inside, hi outside
        if (r.contains(whole.pointAt(hi))) return hi;
        for (int i = 0; i < 30; ++i) {
            const double mid = (lo + hi) / 2;
            (r.contains(whole.pointAt(mid)) ? lo : hi) = mid;
        }
        return hi;
    };
    const double a = exitAt(from, true), b = exitAt(to, false);
    if (b <= a) return whole; // boxes that touch: no free stretch of link to show
    // Held at the end, the dot must not hide under a link's label: back along the link until clear.
    std::vector<QRectF> labels = labelRects();
    const double step = 8 / whole.length();
    double stop = b;
    auto covered = [&](double t) {
        const QPointF p = whole.pointAt(t);
        const QRectF dot(p - QPointF(kClear, kClear), QSizeF(2 * kClear, 2 * kClear));
        return std::any_of(labels.begin(), labels.end(), [&](const QRectF& l) { return l.intersects(dot); });
    };
    while (stop - step > a && covered(stop))
        stop -= step;
    if (covered(stop)) stop = b; // no clear place: the label stays on top of it
    return QLineF(whole.pointAt(a), whole.pointAt(stop));
}

QRectF TopologyScene::hopRect() const {
    QRectF r;
    for (const QString& id : hopEnds_)
        if (const QGraphicsItem* box = nodes_.value(id)) r |= box->sceneBoundingRect();
    for (const QGraphicsItem* item : transient_) {
        const QString kind = item->data(0).toString();
        if (kind == "drop") r |= item->mapRectToScene(item->boundingRect() | item->childrenBoundingRect());
        if (kind == "hop") r |= item->sceneBoundingRect();
    }
    for (const QRectF& frame : heldFrames_)
        r |= frame;
    return r;
}

std::vector<QGraphicsItem*> TopologyScene::marks(const QString& kind) const {
    std::vector<QGraphicsItem*> out;
    for (QGraphicsItem* item : transient_)
        if (item->data(0).toString() == kind && item->isVisible()) out.push_back(item);
    return out;
}

namespace {

void renderWithTitle(QGraphicsScene& scene, QPainter& p, const QRectF& target, const QRectF& source,
                     const QString& title) {
    p.fillRect(target, QColor(0xfb, 0xfb, 0xf8));
    QFont f("DejaVu Sans", 15, QFont::Bold);
    p.setFont(f);
    p.drawText(QRectF(target.left() + 12, target.top() + 4, target.width() - 24, TopologyScene::kTitleHeight),
               Qt::AlignLeft | Qt::AlignVCenter, title);
    scene.render(&p, target.adjusted(0, TopologyScene::kTitleHeight, 0, 0), source);
}

} // namespace

QRectF TopologyScene::stillRect() const {
    QRectF r;
    for (const auto* box : nodes_)
        r |= box->sceneBoundingRect();
    for (const auto& l : labelRects())
        r |= l;
    if (networkLegend_) r |= networkLegend_->sceneBoundingRect();
    r.adjust(-20, -20, 20, 20);
    // Whole pixels, outwards: an exported raster's size is the picture's, with no rounding to argue over.
    return QRectF(QPointF(std::floor(r.left()), std::floor(r.top())),
                  QPointF(std::ceil(r.right()), std::ceil(r.bottom())));
}

// A still picture: the animation's frames and their legend are left out.
class StillPicture {
public:
    explicit StillPicture(TopologyScene& scene) : scene_(scene) {
        scene_.stopAnimation();
        if (scene_.protocolLegend_) scene_.protocolLegend_->setVisible(false);
        if (scene_.networkLegend_) scene_.networkLegend_->setVisible(true);
    }
    ~StillPicture() { scene_.setLegendShown(scene_.legendShown_); }
    StillPicture(const StillPicture&) = delete;
    StillPicture& operator=(const StillPicture&) = delete;

private:
    TopologyScene& scene_;
};

bool TopologyScene::exportSvg(const QString& file, const QString& title) {
    StillPicture still(*this);
    const QRectF source = stillRect();
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(QSize(static_cast<int>(source.width()), static_cast<int>(source.height() + kTitleHeight)));
    svg.setViewBox(QRectF(0, 0, source.width(), source.height() + kTitleHeight));
    svg.setTitle(title);
    svg.setDescription(tr("vethlab topology"));
    QPainter p;
    if (!p.begin(&svg)) return false;
    renderWithTitle(*this, p, QRectF(0, 0, source.width(), source.height() + kTitleHeight), source, title);
    return p.end();
}

bool TopologyScene::exportPng(const QString& file, const QString& title, int scale) {
    StillPicture still(*this);
    const QRectF source = stillRect();
    // A raster of a huge lab is capped (200 containers at 2x would be 9537 x 11304 px, seconds of zlib):
    // it shrinks to fit 4096 px on its longer side; SVG and PDF keep every detail.
    constexpr double kMaxSide = 4096;
    const double longer = std::max(source.width(), source.height() + kTitleHeight);
    const double zoom = std::min(static_cast<double>(scale), kMaxSide / std::max(longer, 1.0));
    // Opaque (a white page): the PNG carries RGB, not RGBA.
    // Whole pixels, cut; a side that is 4096 px by the arithmetic may come out a hair below it.
    auto pixels = [&](double length) { return static_cast<int>(length * zoom + 1e-6); };
    QImage image(pixels(source.width()), pixels(source.height() + kTitleHeight), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(zoom, zoom);
    renderWithTitle(*this, p, QRectF(0, 0, source.width(), source.height() + kTitleHeight), source, title);
    p.end();
    // Quality 80 is zlib level 1 in Qt's PNG writer: a diagram's flat colours compress nearly as well
    // as at the default level, in a fraction of the time.
    return image.save(file, "PNG", 80);
}

bool TopologyScene::exportPdf(const QString& file, const QString& title) {
    StillPicture still(*this);
    const QRectF source = stillRect();
    QPdfWriter pdf(file);
    pdf.setTitle(title);
    pdf.setPageOrientation(source.width() > source.height() ? QPageLayout::Landscape : QPageLayout::Portrait);
    pdf.setResolution(300);
    QPainter p;
    if (!p.begin(&pdf)) return false;
    const QRect page = p.viewport();
    const double s =
        std::min(page.width() / source.width(), page.height() / (source.height() + kTitleHeight));
    p.scale(s, s);
    renderWithTitle(*this, p, QRectF(0, 0, source.width(), source.height() + kTitleHeight), source, title);
    return p.end();
}

} // namespace vethlab::gui
