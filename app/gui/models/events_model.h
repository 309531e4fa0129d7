// The engine's events of the last action as a Qt table model (time since the first, where, what, the
// verdict of a drop), and a filter by protocol. Verdicts are put in words when asked for, so a language
// change only needs retranslate().
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <map>
#include <string>
#include <vector>

#include "engine.h"

namespace vethlab::gui {

class EventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    enum Column { Time, Where, What, Verdict, ColumnCount };
    static constexpr int FrameRole = Qt::UserRole; // the frame's index in the engine's capture (-1: none)

    /// `names`: namespace id → the container's name ("host" for the root namespace).
    void setEvents(std::vector<sim::TraceEvent> events, std::map<int, std::string> names);
    void retranslate();
    const sim::TraceEvent& event(int row) const { return events_[static_cast<std::size_t>(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<sim::TraceEvent> events_;
    std::map<int, std::string> names_;
};

/// Protocol filters: "" all, "ARP", "ICMP", "DNS", "TCP" (with HTTP, which rides on it), "drop".
class EventFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setProtocol(const QString& protocol);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    QString protocol_;
};

} // namespace vethlab::gui
