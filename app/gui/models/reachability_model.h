// The reachability matrix as a Qt table model: one row per source, one column per target, each cell
// "IP ✔  name ✘" with the reasons in its tooltip and a colour for all / some / none reachable. The
// texts are made when asked for, so a language change only needs retranslate().
#pragma once

#include <QAbstractTableModel>
#include <optional>

#include "reachability.h"

namespace vethlab::gui {

class ReachabilityModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setMatrix(std::optional<scenario::ReachabilityMatrix> matrix);
    bool hasMatrix() const { return matrix_.has_value(); }
    /// The language changed: every cell and header is asked for again.
    void retranslate();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::optional<scenario::ReachabilityMatrix> matrix_;
};

} // namespace vethlab::gui
