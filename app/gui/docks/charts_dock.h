// The Charts panel: frames sent per interface in the last action, the last ping's round trips (from
// the engine's ICMP trace, through LessonSession::rttSeries) and the addresses in use per network.
#pragma once

#include <QString>
#include <utility>
#include <vector>

#include "dock.h"
#include "lesson_session.h"

class QCustomPlot;
class QTabWidget;

namespace vethlab::gui {

class ChartsDock : public Dock {
public:
    explicit ChartsDock(QWidget* parent);

    /// Bars of frames per interface and of addresses per network, and the RTT series.
    void setData(const std::vector<std::pair<QString, double>>& framesPerInterface,
                 const std::vector<std::pair<QString, double>>& addressesPerNetwork,
                 const std::vector<scenario::RttSample>& rtt);
    QCustomPlot* rttChart() const { return rtt_; }
    QCustomPlot* addressChart() const { return addresses_; }

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();

    QCustomPlot *frames_ = nullptr, *rtt_ = nullptr, *addresses_ = nullptr;
    QTabWidget* tabs_ = nullptr;
};

} // namespace vethlab::gui
