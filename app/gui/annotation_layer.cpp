#include "annotation_layer.h"

#include <QBrush>
#include <QFont>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QKeyEvent>
#include <QPainter>
#include <QPen>
#include <QTextDocument>

namespace vethlab::gui {
namespace {

constexpr double kOnTop = 1000; // above boxes, links, labels and frames

// A sticky note: yellow paper behind the text, which is edited in place.
class NoteItem : public QGraphicsTextItem {
public:
    using QGraphicsTextItem::QGraphicsTextItem;

protected:
    void paint(QPainter* p, const QStyleOptionGraphicsItem* o, QWidget* w) override {
        p->setPen(QPen(QColor(0xc9, 0xa2, 0x27), 1));
        p->setBrush(QColor(0xff, 0xf3, 0xa0, 235));
        p->drawRect(boundingRect());
        QGraphicsTextItem::paint(p, o, w);
    }
    void keyPressEvent(QKeyEvent* e) override {
        if (e->key() == Qt::Key_Escape) {
            clearFocus();
            return;
        }
        QGraphicsTextItem::keyPressEvent(e);
    }
    void focusOutEvent(QFocusEvent* e) override {
        setTextInteractionFlags(Qt::TextEditorInteraction); // editable again on a click
        QGraphicsTextItem::focusOutEvent(e);
    }
};

} // namespace

AnnotationLayer::AnnotationLayer(QGraphicsScene* scene) : QObject(scene), scene_(scene) {}

void AnnotationLayer::setAnnotations(std::vector<scenario::Annotation> notes) {
    notes_ = std::move(notes);
    redraw();
}

void AnnotationLayer::clear() {
    notes_.clear();
    redraw();
}

void AnnotationLayer::takeOff() {
    for (QGraphicsItem* item : items_) {
        scene_->removeItem(item);
        delete item;
    }
    items_.clear();
    preview(QRectF());
}

void AnnotationLayer::redraw() {
    takeOff();
    for (std::size_t i = 0; i < notes_.size(); ++i)
        items_.push_back(draw(i));
}

QGraphicsItem* AnnotationLayer::draw(std::size_t index) {
    const auto& a = notes_[index];
    if (a.kind == scenario::Annotation::Kind::Highlight) {
        auto* r =
            scene_->addRect(QRectF(a.x, a.y, a.width, a.height), Qt::NoPen, QColor(0xff, 0xe0, 0x00, 90));
        r->setZValue(kOnTop - 1);
        r->setData(0, QStringLiteral("highlight"));
        return r;
    }
    auto* note = new NoteItem(QString::fromStdString(a.text));
    note->setFont(QFont("DejaVu Sans", 11));
    note->setDefaultTextColor(Qt::black);
    note->setPos(a.x, a.y);
    note->setZValue(kOnTop);
    note->setTextInteractionFlags(Qt::TextEditorInteraction);
    note->setData(0, QStringLiteral("note"));
    scene_->addItem(note);
    // What is typed is the note's text: kept across redraws and in the saved lab.
    connect(note->document(), &QTextDocument::contentsChanged, this, [this, index, note] {
        if (index < notes_.size()) notes_[index].text = note->toPlainText().toStdString();
    });
    return note;
}

QGraphicsTextItem* AnnotationLayer::addNote(const QPointF& at) {
    scenario::Annotation a;
    a.kind = scenario::Annotation::Kind::Note;
    a.x = static_cast<int>(at.x());
    a.y = static_cast<int>(at.y());
    notes_.push_back(a);
    auto* item = static_cast<QGraphicsTextItem*>(draw(notes_.size() - 1));
    items_.push_back(item);
    item->setFocus();
    return item;
}

void AnnotationLayer::addHighlight(const QRectF& area) {
    preview(QRectF());
    const QRectF r = area.normalized();
    if (r.width() < 6 || r.height() < 6) return; // a click, not a drag
    scenario::Annotation a;
    a.kind = scenario::Annotation::Kind::Highlight;
    a.x = static_cast<int>(r.x());
    a.y = static_cast<int>(r.y());
    a.width = static_cast<int>(r.width());
    a.height = static_cast<int>(r.height());
    notes_.push_back(a);
    items_.push_back(draw(notes_.size() - 1));
}

void AnnotationLayer::preview(const QRectF& area) {
    if (preview_) {
        scene_->removeItem(preview_);
        delete preview_;
    }
    preview_ = nullptr;
    if (area.isNull()) return;
    auto* r = scene_->addRect(area.normalized(), QPen(QColor(0xe0, 0xb0, 0x00), 1, Qt::DashLine),
                              QColor(0xff, 0xe0, 0x00, 60));
    r->setZValue(kOnTop - 1);
    preview_ = r;
}

} // namespace vethlab::gui
