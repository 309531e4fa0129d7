#include "charts_dock.h"

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

} // namespace

ChartsDock::ChartsDock(QWidget* parent)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Charts"), parent) {
    setObjectName("chart");
    frames_ = new QCustomPlot;
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
    frames_->xAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "interface")));
    frames_->yAxis->setLabel(tx(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "frames")));
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
    barChart(frames_, framesPerInterface, QColor(0x1f, 0x77, 0xb4, 170));
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
