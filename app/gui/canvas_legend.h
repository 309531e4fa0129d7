// The canvas's legend in the window: the networks' colours and the frames' protocols, pinned to the
// canvas's top-left corner so that no zoom or pan takes it off-screen (the scene's own legend, which
// scrolls with the picture, is kept for exported pictures).
#pragma once

#include <QFrame>

class QAbstractScrollArea;
class QLabel;

namespace vethlab::gui {

class TopologyScene;

class CanvasLegend : public QFrame {
public:
    /// Over the canvas's viewport, in its top-left corner (a child of the view, not of the viewport,
    /// which moves its children when it scrolls).
    CanvasLegend(QAbstractScrollArea* view, const TopologyScene* scene);
    /// Redraws the rows from the scene's networks, in the language of the moment.
    void refresh();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();

    QAbstractScrollArea* view_;
    const TopologyScene* scene_;
    QLabel* text_;
};

} // namespace vethlab::gui
