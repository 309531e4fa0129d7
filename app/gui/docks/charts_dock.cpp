#include "charts_dock.h"

#include <QCoreApplication>
#include <QTabWidget>
#include <algorithm>

#include "custom_plot.h"

namespace vethlab::gui {
namespace {

void barChart(QCustomPlot* plot, const std::vector<std::pair<QString, double>>& bars, const QColor& colour) {
    plot->clearPlottables();
    if (!bars.empty()) {
        auto* b = new QCPBars(plot->xAxis, plot->yAxis);
        QVector<double> ticks, values;
        QVector<QString> labels;
        for (const auto& [label, value] : bars) {
            ticks << static_cast<double>(ticks.size() + 1);
            values << value;
            labels << label;
        }
        b->setData(ticks, values);
        b->setBrush(colour);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->addTicks(ticks, labels);
        plot->xAxis->setTicker(ticker);
        plot->xAxis->setTickLabelRotation(40);
        plot->xAxis->setRange(0, static_cast<double>(ticks.size() + 1));
        plot->yAxis->setRange(0, *std::max_element(values.begin(), values.end()) * 1.15 + 1);
    }
    plot->replot();
}

// Frames per interface in a short, wide panel: the busiest interfaces as horizontal bars, their names
// level and readable on the left (rotated names under upright bars took most of the panel's height at
// 1366x768), the rest summed in one bar.
void horizontalBars(QCustomPlot* plot, std::vector<std::pair<QString, double>> bars, const QColor& colour,
                    const QString& others) {
    plot->clearPlottables();
    std::stable_sort(bars.begin(), bars.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    constexpr std::size_t kShown = 7;
    if (bars.size() > kShown + 1) {
        double rest = 0;
        for (std::size_t i = kShown; i < bars.size(); ++i)
            rest += bars[i].second;
        const auto count = static_cast<int>(bars.size() - kShown);
        bars.resize(kShown);
        bars.push_back({others.arg(count), rest});
    }
    if (!bars.empty()) {
        auto* b = new QCPBars(plot->yAxis, plot->xAxis);
        QVector<double> ticks, values;
        QVector<QString> labels;
        for (auto it = bars.rbegin(); it != bars.rend(); ++it) { // the busiest at the top
            ticks << static_cast<double>(ticks.size() + 1);
            values << it->second;
            labels << it->first;
        }
        b->setData(ticks, values);
        b->setBrush(colour);
        b->setWidth(0.7);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->addTicks(ticks, labels);
        plot->yAxis->setTicker(ticker);
        plot->yAxis->setTickLabelRotation(0);
        plot->yAxis->setRange(0.4, static_cast<double>(ticks.size()) + 0.6);
        plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        plot->xAxis->setRange(0, *std::max_element(values.begin(), values.end()) * 1.1 + 1);
    }
    plot->replot();
}

} // namespace

ChartsDock::ChartsDock(QWidget* parent)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Charts"), parent) {
    setObjectName("chart");
    frames_ = new QCustomPlot;
    frames_->setObjectName("framesChart");
    frames_->setMinimumHeight(140);
    rtt_ = new QCustomPlot;
    addresses_ = new QCustomPlot;
    tabs_ = new QTabWidget;
    tabs_->addTab(frames_, QString());
    tabs_->addTab(rtt_, QString());
    tabs_->addTab(addresses_, QString());
    setWidget(tabs_);
    retranslate();
}

void ChartsDock::changeEvent(QEvent* e) {
    Dock::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
}

void ChartsDock::retranslate() {
    // The window's context: these strings were translated there before the panel had a file of its own.
    auto tx = [](const char* s) { return QCoreApplication::translate("vethlab::gui::MainWindow", s); };
    // The tab names the interfaces; the bars' axis says what they count.
    frames_->xAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "frames")));
    frames_->yAxis->setLabel(QString());
    rtt_->xAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "sequence number")));
    rtt_->yAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "RTT (ms)")));
    addresses_->xAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "network")));
    addresses_->yAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "addresses in use")));
    tabs_->setTabText(0, tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Frames per interface")));
    tabs_->setTabText(1, tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Ping RTT")));
    tabs_->setTabText(2, tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Addresses per network")));
    for (QCustomPlot* p : {frames_, rtt_, addresses_})
        p->replot();
}

void ChartsDock::setData(const std::vector<std::pair<QString, double>>& framesPerInterface,
                         const std::vector<std::pair<QString, double>>& addressesPerNetwork,
                         const std::vector<scenario::RttSample>& rtt) {
    horizontalBars(frames_, framesPerInterface, QColor(0x1f, 0x77, 0xb4, 170),
                   QCoreApplication::translate("vethlab::gui::MainWindow", "%1 others"));
    barChart(addresses_, addressesPerNetwork, QColor(0x2c, 0xa0, 0x2c, 170));
    QVector<double> seqs, rtts;
    for (const auto& sample : rtt) {
        seqs << sample.sequence;
        rtts << sample.milliseconds;
    }
    rtt_->clearGraphs();
    if (!seqs.isEmpty()) {
        auto* g = rtt_->addGraph();
        g->setData(seqs, rtts);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        g->setPen(QPen(QColor(0x1e, 0x90, 0xff), 2));
        rtt_->xAxis->setRange(*std::min_element(seqs.begin(), seqs.end()) - 0.5,
                              *std::max_element(seqs.begin(), seqs.end()) + 0.5);
        rtt_->yAxis->setRange(0, *std::max_element(rtts.begin(), rtts.end()) * 1.2);
    }
    rtt_->replot();
}

} // namespace vethlab::gui
