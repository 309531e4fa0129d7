// The canvas's legend in the window: the networks' colours and the frames' protocols, in a band across
// the top of the canvas, outside the picture (the view's top margin), so that no zoom, pan or fit puts
// it over a box or a label. The scene's own legend, which scrolls with the picture, is kept for
// exported pictures.
#pragma once

#include <QFrame>
#include <functional>

class QAbstractScrollArea;
class QLabel;

namespace vethlab::gui {

class TopologyScene;

class CanvasLegend : public QFrame {
public:
    /// Across the top of `view`, above its viewport; `reserveTop` gives the view a top margin of that
    /// many pixels (QAbstractScrollArea's viewport margins are its subclass's to set).
    CanvasLegend(QAbstractScrollArea* view, const TopologyScene* scene, std::function<void(int)> reserveTop);
    /// Redraws the rows from the scene's networks, in the language of the moment.
    void refresh();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();

    QAbstractScrollArea* view_;
    const TopologyScene* scene_;
    std::function<void(int)> reserveTop_;
    QLabel* text_;
};

} // namespace vethlab::gui
