#include "kernel_toggle.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QStatusBar>

#include "kernel/state_diff.h"
#include "player.h"
#include "real_backend.h"

namespace vethlab::gui {

KernelToggle::KernelToggle(QMainWindow* window, std::function<scenario::Player*()> player)
    : QObject(window), player_(std::move(player)), action_(new QAction(window)), banner_(new QLabel(window)),
      dock_(new QDockWidget(window)), list_(new QListWidget(dock_)) {
    action_->setCheckable(true);
    action_->setObjectName("realKernel");
    action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    banner_->setObjectName("backendBanner");
    banner_->setMargin(4);
    dock_->setObjectName("diffDock");
    dock_->setWidget(list_);
    list_->setObjectName("diffList");
    window->addDockWidget(Qt::RightDockWidgetArea, dock_);
    dock_->hide();
    window->statusBar()->addPermanentWidget(banner_);
    // toggled, not triggered: the action is checkable, so its state is already the new one here.
    connect(action_, &QAction::toggled, this, &KernelToggle::setOn);
    retranslate();
    refresh();
}

KernelToggle::~KernelToggle() = default;

bool KernelToggle::isOn() const {
    return client_ != nullptr;
}

void KernelToggle::retranslate() {
    action_->setText(tr("Real kernel"));
    action_->setToolTip(tr("Run the lesson on this machine's Linux kernel, in network namespaces of its own "
                           "(Ctrl+K)"));
    dock_->setWindowTitle(tr("Diff: simulation vs kernel"));
    refresh();
}

void KernelToggle::setOn(bool on) {
    scenario::Player* player = player_();
    if (!player || on == isOn()) return;
    if (on) {
        failure_.clear();
        player->setLabHook([this](Lab& lab, shell::Terminal& terminal) {
            std::string error;
            client_ = kerneld::attachRealKernel(lab, terminal, error);
            if (!client_) failure_ = QString::fromStdString(error);
        });
        if (!client_) { // no root, no sudo, no namespaces: say why, stay on the simulation
            player->setLabHook({});
            QSignalBlocker quiet(action_);
            action_->setChecked(false);
        }
    } else {
        player->setLabHook({});
        player->lab().attachMirror(nullptr);
        player->terminal().setRealPrograms({});
        player->terminal().setRealJobs({});
        player->terminal().setMirrorRebuilder({});
        client_.reset();
    }
    dock_->setVisible(isOn());
    refresh();
}

void KernelToggle::refresh() {
    list_->clear();
    scenario::Player* player = player_();
    if (!isOn() || !player || !player->lab().mirror()) {
        banner_->setText(failure_.isEmpty()
                             ? tr("Simulation")
                             : tr("Simulation (the real kernel is unavailable: %1)").arg(failure_));
        banner_->setStyleSheet({});
        return;
    }
    banner_->setText(tr("REAL KERNEL: namespaces vethlab-%1-*").arg(client_->helperPid()));
    banner_->setStyleSheet("QLabel { background: #b71c1c; color: white; font-weight: bold; }");
    Lab& lab = player->lab();
    for (const auto& e : lab.syncMirror())
        list_->addItem(
            tr("refused: %1: %2").arg(QString::fromStdString(e.command), QString::fromStdString(e.message)));
    kernel::DiffOptions options;
    options.hostUplink = lab.settings().eth0Name;
    const auto differences = kernel::diffStates(lab.kernel(), lab.mirror()->snapshot(), options);
    for (const auto& d : differences)
        list_->addItem(QString::fromStdString(d));
    if (differences.empty()) list_->addItem(tr("The kernel agrees with the simulation: 0 differences"));
}

} // namespace vethlab::gui
