#include "topology_scene.h"

#include <QBrush>
#include <QFont>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QPainter>
#include <QParallelAnimationGroup>
#include <QPdfWriter>
#include <QPen>
#include <QSequentialAnimationGroup>
#include <QSvgGenerator>
#include <QVariantAnimation>
#include <algorithm>
#include <cmath>

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
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override {
        if (change == ItemPositionHasChanged) scene_->updateEdges();
        if (change == ItemSelectedHasChanged && value.toBool()) Q_EMIT scene_->nodeSelected(id_);
        return QGraphicsRectItem::itemChange(change, value);
    }

private:
    TopologyScene* scene_;
    QString id_;
};

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
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
    if (summary.startsWith("TCP")) return QColor(0x2e, 0x8b, 0x57);
    return QColor(0x60, 0x60, 0x60);
}

int TopologyScene::networkIndex(const std::string& network) const {
    auto it = std::find(topology_.networks.begin(), topology_.networks.end(), network);
    return it == topology_.networks.end() ? -1 : static_cast<int>(it - topology_.networks.begin());
}

QGraphicsItem* TopologyScene::drawNode(const topology::Node& n, QPointF at) {
    QFont titleFont("DejaVu Sans", 15, QFont::Bold);
    QFont lineFont("DejaVu Sans Mono", 11);
    auto* title = new QGraphicsSimpleTextItem(q(n.title));
    title->setFont(titleFont);
    std::vector<QGraphicsSimpleTextItem*> lines;
    double width = title->boundingRect().width(), height = title->boundingRect().height() + 6;
    for (const auto& l : n.lines) {
        auto* t = new QGraphicsSimpleTextItem(q(l));
        t->setFont(lineFont);
        width = std::max(width, t->boundingRect().width());
        height += t->boundingRect().height();
        lines.push_back(t);
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
    box->setPos(at);
    box->setZValue(2);
    box->setToolTip(q(n.title));
    addItem(box);
    return box;
}

QRectF TopologyScene::nodeRect(const std::string& id) const {
    auto it = nodes_.find(q(id));
    return it == nodes_.end() ? QRectF() : (*it)->sceneBoundingRect();
}

QPointF TopologyScene::nodeCentre(const QString& id) const {
    auto it = nodes_.find(id);
    return it == nodes_.end() ? QPointF() : (*it)->pos();
}

void TopologyScene::placeEdge(EdgeItem& e) {
    const QPointF a = nodeCentre(q(e.edge.from)), b = nodeCentre(q(e.edge.to));
    e.line->setLine(QLineF(a, b));
    // Each end's label sits on the link just outside its own box, so it reads as that box's interface.
    auto put = [&](QGraphicsSimpleTextItem* label, const QString& owner, bool fromStart) {
        if (!label) return;
        const auto box = nodes_.find(owner);
        const QSizeF size = label->boundingRect().size();
        double t = 0.3;
        if (box != nodes_.end()) {
            const QRectF r = (*box)->sceneBoundingRect().adjusted(
                -size.width() / 2 - 4, -size.height() / 2 - 4, size.width() / 2 + 4, size.height() / 2 + 4);
            for (t = 0.0; t < 0.45 && r.contains(fromStart ? a + (b - a) * t : b + (a - b) * t); t += 0.01) {
            }
        }
        const QPointF p = fromStart ? a + (b - a) * t : b + (a - b) * t;
        label->setPos(p - QPointF(size.width() / 2, size.height() / 2));
    };
    put(e.fromLabel, q(e.edge.from), true);
    put(e.toLabel, q(e.edge.to), false);
}

void TopologyScene::updateEdges() {
    for (auto& e : edges_)
        placeEdge(e);
}

void TopologyScene::setTopology(const topology::Topology& t) {
    stopAnimation();
    std::map<std::string, topology::Point> pinned;
    for (auto it = nodes_.begin(); it != nodes_.end(); ++it)
        pinned[it.key().toStdString()] = {it.value()->pos().x() / kScale, it.value()->pos().y() / kScale};
    // Room for the boxes: the layout's square grows with the number of nodes.
    const double side = 170.0 * (1.0 + std::sqrt(static_cast<double>(t.nodes.size())));
    const auto positions = topology::layout(t, pinned, side);
    clear();
    nodes_.clear();
    edges_.clear();
    legend_ = nullptr;
    topology_ = t;
    for (const auto& n : t.nodes) {
        const auto p = positions.at(n.id);
        nodes_[q(n.id)] = drawNode(n, QPointF(p.first * kScale, p.second * kScale));
    }
    separateBoxes(pinned);
    QFont labelFont("DejaVu Sans Mono", 11);
    for (const auto& e : t.edges) {
        EdgeItem item;
        item.edge = e;
        const bool structural = e.fromLabel.empty() && e.toLabel.empty() && e.network.empty() &&
                                e.to == "host" && e.from.rfind("ns:", 0) == 0;
        QPen pen(networkColour(networkIndex(e.network)), e.network.empty() ? 1.5 : 2.5);
        if (structural)
            pen = QPen(Qt::transparent); // a none-mode namespace: tied to the host for the layout only
        item.line = addLine(QLineF(), pen);
        item.line->setZValue(1);
        auto label = [&](const std::string& text) -> QGraphicsSimpleTextItem* {
            if (text.empty()) return nullptr;
            auto* l = addSimpleText(q(text), labelFont);
            l->setBrush(QColor(0x22, 0x22, 0x22));
            l->setZValue(3);
            auto* back = new QGraphicsRectItem(l->boundingRect().adjusted(-2, -1, 2, 1), l);
            back->setBrush(QColor(255, 255, 255, 220));
            back->setPen(Qt::NoPen);
            back->setFlag(QGraphicsItem::ItemStacksBehindParent);
            return l;
        };
        item.fromLabel = label(e.fromLabel);
        item.toLabel = label(e.toLabel);
        edges_.push_back(item);
    }
    updateEdges();
    drawLegend();
    setSceneRect(itemsBoundingRect().adjusted(-30, -30, 30, 30));
}

void TopologyScene::separateBoxes(const std::map<std::string, topology::Point>& pinned) {
    // Kamada-Kawai places points, not boxes: push overlapping boxes apart along the axis where they
    // overlap least. A new box moves away from an old one; two new or two old boxes share the move.
    // Topology order, not hash order: the same lab gives the same picture.
    std::vector<std::pair<QGraphicsItem*, bool>> boxes; // item, was on the canvas before
    for (const auto& n : topology_.nodes)
        boxes.push_back({nodes_.value(q(n.id)), pinned.count(n.id) > 0});
    constexpr double gap = 24;
    for (int round = 0; round < 500; ++round) {
        bool moved = false;
        for (std::size_t i = 0; i < boxes.size(); ++i)
            for (std::size_t k = i + 1; k < boxes.size(); ++k) {
                auto [a, aOld] = boxes[i];
                auto [b, bOld] = boxes[k];
                const QRectF ra = a->sceneBoundingRect().adjusted(-gap, -gap, gap, gap);
                const QRectF rb = b->sceneBoundingRect();
                if (!ra.intersects(rb)) continue;
                const QRectF overlap = ra.intersected(rb);
                const QPointF push =
                    overlap.width() < overlap.height()
                        ? QPointF(ra.center().x() < rb.center().x() ? overlap.width() : -overlap.width(), 0)
                        : QPointF(0,
                                  ra.center().y() < rb.center().y() ? overlap.height() : -overlap.height());
                const double share = aOld == bOld ? 0.5 : aOld ? 0.0 : 1.0; // a's part of the move
                a->moveBy(-push.x() * share, -push.y() * share);
                b->moveBy(push.x() * (1 - share), push.y() * (1 - share));
                moved = true;
            }
        if (!moved) break;
    }
}

void TopologyScene::drawLegend() {
    QRectF bounds = itemsBoundingRect();
    auto* group = new QGraphicsRectItem();
    QFont font("DejaVu Sans", 11);
    double y = 6;
    auto* head = new QGraphicsSimpleTextItem(tr("Networks"), group);
    head->setFont(QFont("DejaVu Sans", 11, QFont::Bold));
    head->setPos(8, y);
    y += 18;
    for (std::size_t i = 0; i < topology_.networks.size(); ++i) {
        auto* swatch = new QGraphicsRectItem(8, y + 3, 18, 8, group);
        swatch->setBrush(networkColour(static_cast<int>(i)));
        swatch->setPen(Qt::NoPen);
        auto* name = new QGraphicsSimpleTextItem(q(topology_.networks[i]), group);
        name->setFont(font);
        name->setPos(32, y);
        y += 19;
    }
    y += 4;
    for (const char* proto : {"ARP", "ICMP", "DNS", "TCP", "HTTP"}) {
        auto* dot = new QGraphicsEllipseItem(12, y + 2, 10, 10, group);
        dot->setBrush(protocolColour(proto));
        dot->setPen(Qt::NoPen);
        auto* name = new QGraphicsSimpleTextItem(proto, group);
        name->setFont(font);
        name->setPos(32, y);
        y += 19;
    }
    group->setRect(0, 0, 150, y + 4);
    group->setBrush(QColor(255, 255, 255, 235));
    group->setPen(QPen(QColor(0xbb, 0xbb, 0xbb)));
    group->setPos(bounds.left() - 170, bounds.top());
    group->setZValue(5);
    addItem(group);
    legend_ = group;
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

int TopologyScene::animate(const std::vector<sim::TraceEvent>& events, double speed) {
    stopAnimation();
    animation_ = new QSequentialAnimationGroup(this);
    QParallelAnimationGroup* bucket = nullptr;
    Nanos bucketTime = -1;
    int count = 0;
    const int duration = std::max(60, static_cast<int>(320 / std::max(0.1, speed)));
    for (std::size_t i = 0; i < events.size() && count < 400; ++i) {
        const auto& ev = events[i];
        if (ev.direction != "tx" && ev.direction != "drop") continue;
        bool fromEnd = true;
        const EdgeItem* e = edgeFor(ev, fromEnd);
        if (!e) continue;
        if (!bucket || ev.time - bucketTime > 5'000) { // frames within 5 us travel together (a flood)
            bucket = new QParallelAnimationGroup(animation_);
            animation_->addAnimation(bucket);
            bucketTime = ev.time;
        }
        const QPointF a = e->line->line().p1(), b = e->line->line().p2();
        const QPointF start = fromEnd ? a : b, end = fromEnd ? b : a;
        const QString summary = q(ev.summary);
        if (ev.direction == "drop") {
            auto* mark = addSimpleText(QString::fromUtf8("\u2716 ") + q(sim::toString(ev.reason)),
                                       QFont("DejaVu Sans", 9, QFont::Bold));
            mark->setBrush(QColor(0xcc, 0x00, 0x00));
            mark->setPos(start + (end - start) * 0.15);
            mark->setZValue(6);
            mark->setToolTip(summary + (ev.rule.empty() ? QString() : "\n" + q(ev.rule)));
            mark->setVisible(false);
            auto* show = new QVariantAnimation(bucket);
            show->setStartValue(0.0);
            show->setEndValue(1.0);
            show->setDuration(duration);
            connect(show, &QVariantAnimation::valueChanged, show,
                    [mark](const QVariant&) { mark->setVisible(true); });
            bucket->addAnimation(show);
        } else {
            auto* dot = addEllipse(-10, -10, 20, 20, QPen(Qt::white, 2), protocolColour(summary));
            dot->setZValue(7);
            dot->setToolTip(summary);
            dot->setVisible(false);
            auto* move = new QVariantAnimation(bucket);
            move->setStartValue(start);
            move->setEndValue(end);
            move->setDuration(duration);
            connect(move, &QVariantAnimation::valueChanged, move, [dot](const QVariant& v) {
                dot->setVisible(true);
                dot->setPos(v.toPointF());
            });
            connect(move, &QVariantAnimation::finished, move, [dot] { dot->setVisible(false); });
            bucket->addAnimation(move);
        }
        animatedEvents_.push_back(i);
        ++count;
    }
    animation_->start();
    return count;
}

void TopologyScene::stopAnimation() {
    animatedEvents_.clear();
    if (!animation_) return;
    animation_->stop();
    delete animation_;
    animation_ = nullptr;
}

bool TopologyScene::animating() const {
    return animation_ && animation_->state() == QAbstractAnimation::Running;
}

namespace {

void renderWithTitle(QGraphicsScene& scene, QPainter& p, const QRectF& target, const QRectF& source,
                     const QString& title) {
    p.fillRect(target, QColor(0xfb, 0xfb, 0xf8));
    QFont f("DejaVu Sans", 14, QFont::Bold);
    p.setFont(f);
    const double titleHeight = 36;
    p.drawText(QRectF(target.left() + 12, target.top() + 4, target.width() - 24, titleHeight),
               Qt::AlignLeft | Qt::AlignVCenter, title);
    scene.render(&p, target.adjusted(0, titleHeight, 0, 0), source);
}

} // namespace

bool TopologyScene::exportSvg(const QString& file, const QString& title) {
    const QRectF source = itemsBoundingRect().adjusted(-20, -20, 20, 20);
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(QSize(static_cast<int>(source.width()), static_cast<int>(source.height() + 36)));
    svg.setViewBox(QRectF(0, 0, source.width(), source.height() + 36));
    svg.setTitle(title);
    svg.setDescription(tr("vethlab topology"));
    QPainter p;
    if (!p.begin(&svg)) return false;
    renderWithTitle(*this, p, QRectF(0, 0, source.width(), source.height() + 36), source, title);
    return p.end();
}

bool TopologyScene::exportPng(const QString& file, const QString& title, int scale) {
    const QRectF source = itemsBoundingRect().adjusted(-20, -20, 20, 20);
    QImage image(static_cast<int>(source.width() * scale), static_cast<int>((source.height() + 36) * scale),
                 QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(scale, scale);
    renderWithTitle(*this, p, QRectF(0, 0, source.width(), source.height() + 36), source, title);
    p.end();
    return image.save(file, "PNG");
}

bool TopologyScene::exportPdf(const QString& file, const QString& title) {
    const QRectF source = itemsBoundingRect().adjusted(-20, -20, 20, 20);
    QPdfWriter pdf(file);
    pdf.setTitle(title);
    pdf.setPageOrientation(source.width() > source.height() ? QPageLayout::Landscape : QPageLayout::Portrait);
    pdf.setResolution(300);
    QPainter p;
    if (!p.begin(&pdf)) return false;
    const QRect page = p.viewport();
    const double s = std::min(page.width() / source.width(), page.height() / (source.height() + 36));
    p.scale(s, s);
    renderWithTitle(*this, p, QRectF(0, 0, source.width(), source.height() + 36), source, title);
    return p.end();
}

} // namespace vethlab::gui
