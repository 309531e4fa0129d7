// The teacher's and student's marks on the canvas: text notes (typed in place) and highlighted
// rectangles. They sit above the topology, are drawn again after every redraw of it, go into the
// window's SVG/PNG/PDF exports with the rest of the canvas, and are kept in the saved lab.
#pragma once

#include <QObject>
#include <vector>

#include "lab_file.h"

class QGraphicsItem;
class QGraphicsScene;
class QGraphicsTextItem;
class QPointF;
class QRectF;

namespace vethlab::gui {

class AnnotationLayer : public QObject {
    Q_OBJECT
public:
    explicit AnnotationLayer(QGraphicsScene* scene);

    std::vector<scenario::Annotation> annotations() const { return notes_; }
    void setAnnotations(std::vector<scenario::Annotation> notes);
    /// A new note at `at`, ready for typing (the keys go to it until Escape or a click elsewhere).
    QGraphicsTextItem* addNote(const QPointF& at);
    void addHighlight(const QRectF& area);
    void clear();
    /// Before the topology is redrawn (the scene is cleared): the marks come off; redraw() puts them back.
    void takeOff();
    void redraw();
    /// The highlight being dragged out, shown until it is added.
    void preview(const QRectF& area);

private:
    QGraphicsItem* draw(std::size_t index);

    QGraphicsScene* scene_;
    std::vector<scenario::Annotation> notes_;
    std::vector<QGraphicsItem*> items_;
    QGraphicsItem* preview_ = nullptr;
};

} // namespace vethlab::gui
