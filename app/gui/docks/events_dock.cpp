#include "events_dock.h"

#include <QComboBox>
#include <QSplitter>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "frame_layers.h"

namespace vethlab::gui {

EventsDock::EventsDock(QWidget* parent,
                       std::function<const std::vector<sim::Engine::CapturedFrame>&()> frames)
    : Dock(QT_TRANSLATE_NOOP("vethlab::gui::MainWindow", "Events"), parent), frames_(std::move(frames)),
      model_(new EventsModel(this)), filter_(new EventFilter(this)), protocol_(new QComboBox),
      view_(new QTreeView), details_(new QTreeWidget) {
    setObjectName("events");
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(2, 2, 2, 2);
    protocol_->setObjectName("eventFilter");
    for (const char* f : {"", "ARP", "ICMP", "DNS", "TCP", "drop"})
        protocol_->addItem(QString(), QString(f));
    filter_->setSourceModel(model_);
    view_->setObjectName("events");
    view_->setModel(filter_);
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setFont(QFont("DejaVu Sans Mono", 9));
    details_->setColumnCount(2);
    details_->setFont(QFont("DejaVu Sans Mono", 9));
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(view_);
    split->addWidget(details_);
    layout->addWidget(protocol_);
    layout->addWidget(split);
    setWidget(pane);
    connect(protocol_, &QComboBox::currentIndexChanged, this,
            [this] { filter_->setProtocol(protocol_->currentData().toString()); });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showFrame(current); });
    retranslate();
}

void EventsDock::changeEvent(QEvent* e) {
    Dock::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
}

void EventsDock::retranslate() {
    details_->setHeaderLabels({tr("Field"), tr("Value")});
    const QStringList filters = {tr("All frames"), "ARP", "ICMP", "DNS", "TCP / HTTP", tr("Drops")};
    for (int i = 0; i < filters.size(); ++i)
        protocol_->setItemText(i, filters[i]);
    model_->retranslate();
}

void EventsDock::setEvents(std::vector<sim::TraceEvent> events, std::map<int, std::string> names) {
    model_->setEvents(std::move(events), std::move(names));
    details_->clear();
    if (filter_->rowCount() > 0) view_->setCurrentIndex(filter_->index(0, 0));
}

void EventsDock::selectLast() {
    if (filter_->rowCount() == 0) return;
    view_->setCurrentIndex(filter_->index(filter_->rowCount() - 1, 0));
    view_->scrollToBottom();
}

void EventsDock::setFilter(int index) {
    protocol_->setCurrentIndex(index);
}

void EventsDock::select(int row) {
    view_->setCurrentIndex(filter_->index(row, 0));
}

int EventsDock::visibleCount() const {
    return filter_->rowCount();
}

QString EventsDock::text() const {
    QString s;
    for (int r = 0; r < model_->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < EventsModel::ColumnCount; ++c)
            cells << model_->index(r, c).data().toString();
        s += cells.join(" ") + "\n";
    }
    return s;
}

void EventsDock::showFrame(const QModelIndex& index) {
    details_->clear();
    const auto& frames = frames_();
    const long long at = index.isValid() ? index.data(EventsModel::FrameRole).toLongLong() : -1;
    if (at < 0 || static_cast<std::size_t>(at) >= frames.size()) return;
    for (const auto& layer : sim::dissect(frames[static_cast<std::size_t>(at)].bytes)) {
        auto* top = new QTreeWidgetItem(details_, {QString::fromStdString(layer.name)});
        for (const auto& [field, value] : layer.fields)
            new QTreeWidgetItem(top, {QString::fromStdString(field), QString::fromStdString(value)});
        top->setExpanded(true);
    }
    details_->resizeColumnToContents(0);
}

QString EventsDock::detailsText() const {
    QString s;
    for (int i = 0; i < details_->topLevelItemCount(); ++i) {
        auto* layer = details_->topLevelItem(i);
        s += layer->text(0) + "\n";
        for (int k = 0; k < layer->childCount(); ++k)
            s += "  " + layer->child(k)->text(0) + ": " + layer->child(k)->text(1) + "\n";
    }
    return s;
}

} // namespace vethlab::gui
