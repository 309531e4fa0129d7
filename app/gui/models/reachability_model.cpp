#include "reachability_model.h"

#include <QColor>
#include <QStringList>

namespace vethlab::gui {
namespace {

QString mark(const scenario::Reach& r) {
    return !r.applicable ? QString("-") : r.ok ? QString::fromUtf8("\u2714") : QString::fromUtf8("\u2718");
}

} // namespace

void ReachabilityModel::setMatrix(std::optional<scenario::ReachabilityMatrix> matrix) {
    beginResetModel();
    matrix_ = std::move(matrix);
    endResetModel();
}

void ReachabilityModel::retranslate() {
    if (rowCount() == 0 || columnCount() == 0) return;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

int ReachabilityModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !matrix_ ? 0 : static_cast<int>(matrix_->sources.size());
}

int ReachabilityModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !matrix_ ? 0 : static_cast<int>(matrix_->targets.size());
}

QVariant ReachabilityModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || !matrix_ || section < 0) return {};
    const auto& names = orientation == Qt::Vertical ? matrix_->sources : matrix_->targets;
    const auto at = static_cast<std::size_t>(section);
    return at < names.size() ? QVariant(QString::fromStdString(names[at])) : QVariant();
}

QVariant ReachabilityModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !matrix_ || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const auto& ip =
        matrix_->byIp[static_cast<std::size_t>(index.row())][static_cast<std::size_t>(index.column())];
    const auto& name =
        matrix_->byName[static_cast<std::size_t>(index.row())][static_cast<std::size_t>(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return tr("IP %1  name %2").arg(mark(ip), mark(name));
    case Qt::ToolTipRole: {
        QStringList why;
        if (ip.applicable && !ip.ok) why << tr("by IP: %1").arg(QString::fromStdString(ip.why));
        if (name.applicable && !name.ok) why << tr("by name: %1").arg(QString::fromStdString(name.why));
        return why.isEmpty() ? tr("reachable") : why.join("\n");
    }
    case Qt::BackgroundRole: {
        const bool none = !ip.applicable && !name.applicable;
        const bool all = (!ip.applicable || ip.ok) && (!name.applicable || name.ok);
        const bool some = (ip.applicable && ip.ok) || (name.applicable && name.ok);
        return none   ? QColor(0xee, 0xee, 0xee)
               : all  ? QColor(0xc8, 0xf0, 0xc8)
               : some ? QColor(0xff, 0xec, 0xb3)
                      : QColor(0xf6, 0xc6, 0xc6);
    }
    default:
        return {};
    }
}

} // namespace vethlab::gui
