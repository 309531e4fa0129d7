#include "reachability_dock.h"

#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace vethlab::gui {

ReachabilityDock::ReachabilityDock(QWidget* parent)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Reachability"), parent),
      model_(new ReachabilityModel(this)), table_(new QTableView), probe_(new QPushButton) {
    setObjectName("reachability");
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(2, 2, 2, 2);
    probe_->setObjectName("probeButton");
    table_->setObjectName("reachabilityMatrix");
    table_->setModel(model_);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(probe_);
    layout->addWidget(table_);
    setWidget(pane);
    connect(probe_, &QPushButton::clicked, this, &ReachabilityDock::probeRequested);
    probe_->setText(tr("Probe who reaches whom (by IP and by name)"));
}

void ReachabilityDock::setMatrix(std::optional<scenario::ReachabilityMatrix> matrix) {
    model_->setMatrix(std::move(matrix));
    table_->resizeColumnsToContents();
}

void ReachabilityDock::changeEvent(QEvent* e) {
    Dock::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) {
        probe_->setText(tr("Probe who reaches whom (by IP and by name)"));
        model_->retranslate();
        table_->resizeColumnsToContents();
    }
}

} // namespace vethlab::gui
