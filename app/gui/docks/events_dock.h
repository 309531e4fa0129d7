// The Events panel: the last action's engine events (a view on EventsModel through a protocol filter)
// and the selected frame's layers, field by field.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dock.h"
#include "models/events_model.h"

class QComboBox;
class QTreeView;
class QTreeWidget;

namespace vethlab::gui {

class EventsDock : public Dock {
    Q_OBJECT
public:
    /// `frames` gives the engine's captured frames, for the layers of the selected one.
    EventsDock(QWidget* parent, std::function<const std::vector<sim::Engine::CapturedFrame>&()> frames);

    void setEvents(std::vector<sim::TraceEvent> events, std::map<int, std::string> names);
    /// Selects the last event (a micro-step's) and scrolls to it.
    void selectLast();
    void setFilter(int index); // 0 all, 1 ARP, 2 ICMP, 3 DNS, 4 TCP/HTTP, 5 drops
    void select(int row);      // a visible row
    int visibleCount() const;
    QString text() const;        // every event, one line each
    QString detailsText() const; // the selected frame's layers
    QTreeView* view() const { return view_; }

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void showFrame(const QModelIndex& index);

    std::function<const std::vector<sim::Engine::CapturedFrame>&()> frames_;
    EventsModel* model_;
    EventFilter* filter_;
    QComboBox* protocol_;
    QTreeView* view_;
    QTreeWidget* details_;
};

} // namespace vethlab::gui
