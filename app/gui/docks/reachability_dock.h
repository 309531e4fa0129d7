// The Reachability panel: a button that probes who reaches whom (by IP and by name) and the matrix,
// a table view on ReachabilityModel.
#pragma once

#include "dock.h"
#include "models/reachability_model.h"

class QPushButton;
class QTableView;

namespace vethlab::gui {

class ReachabilityDock : public Dock {
    Q_OBJECT
public:
    explicit ReachabilityDock(QWidget* parent);

    void setMatrix(std::optional<scenario::ReachabilityMatrix> matrix);
    QTableView* table() const { return table_; }
    QPushButton* probeButton() const { return probe_; }

Q_SIGNALS:
    void probeRequested();

protected:
    void changeEvent(QEvent* e) override;

private:
    ReachabilityModel* model_;
    QTableView* table_;
    QPushButton* probe_;
};

} // namespace vethlab::gui
