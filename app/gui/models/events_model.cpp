#include "events_model.h"

#include "topology_scene.h"

namespace vethlab::gui {

void EventsModel::setEvents(std::vector<sim::TraceEvent> events, std::map<int, std::string> names) {
    beginResetModel();
    events_ = std::move(events);
    names_ = std::move(names);
    endResetModel();
}

void EventsModel::retranslate() {
    if (!events_.empty()) Q_EMIT dataChanged(index(0, Verdict), index(rowCount() - 1, Verdict));
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int EventsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(events_.size());
}

int EventsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Time:
        return tr("Time (ms)");
    case Where:
        return tr("Where");
    case What:
        return tr("What");
    case Verdict:
        return tr("Verdict");
    default:
        return {};
    }
}

QVariant EventsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& e = events_[static_cast<std::size_t>(index.row())];
    if (role == FrameRole) return static_cast<qlonglong>(e.frame);
    if (role == Qt::ForegroundRole && index.column() == What)
        return TopologyScene::protocolColour(QString::fromStdString(e.summary));
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Time: // milliseconds since the step's first frame: what a student compares
        return QString::number(static_cast<double>(e.time - events_.front().time) / 1e6, 'f', 3);
    case Where: {
        const auto name = names_.find(e.namespaceId);
        return QString::fromStdString((name != names_.end() ? name->second : "ns") + ":" + e.device + " " +
                                      e.direction);
    }
    case What:
        return QString::fromStdString(e.summary);
    case Verdict:
        return e.direction == "drop"
                   ? TopologyScene::dropReason(e.reason) +
                         (e.rule.empty() ? QString() : ": " + QString::fromStdString(e.rule))
                   : QString();
    default:
        return {};
    }
}

void EventFilter::setProtocol(const QString& protocol) {
    protocol_ = protocol;
    invalidateFilter();
}

bool EventFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    if (protocol_.isEmpty()) return true;
    const QString what = sourceModel()->index(row, EventsModel::What, parent).data().toString();
    if (protocol_ == "drop")
        return sourceModel()->index(row, EventsModel::Where, parent).data().toString().endsWith(" drop");
    return what.startsWith(protocol_) || (protocol_ == "TCP" && what.startsWith("HTTP"));
}

} // namespace vethlab::gui
