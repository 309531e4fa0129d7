// The window's "Simulation / Real kernel" switch: the lesson so far is replayed on the real kernel
// (vethlab-kerneld, in namespaces of the lab's own), the console's tools run there, a banner says which
// backend is in use, and the "Diff" dock lists, object by object, where the real kernel and the
// simulation disagree. Stepping back rebuilds the sandbox to that step (the player's lab hook).
#pragma once

#include <QObject>
#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QListWidget;
class QMainWindow;

namespace vethlab {
class Lab;
namespace scenario {
class Player;
}
namespace kerneld {
class KernelClient;
}
} // namespace vethlab

namespace vethlab::gui {

class KernelToggle : public QObject {
    Q_OBJECT
public:
    KernelToggle(QMainWindow* window, std::function<scenario::Player*()> player);
    ~KernelToggle() override;

    QAction* action() const { return action_; }
    QDockWidget* diffDock() const { return dock_; }
    QLabel* banner() const { return banner_; }
    bool isOn() const;
    /// After a step or a console line: the banner and the differences, read back from the kernel.
    void refresh();
    void retranslate();

private:
    void setOn(bool on);

    std::function<scenario::Player*()> player_;
    QAction* action_;
    QLabel* banner_;
    QDockWidget* dock_;
    QListWidget* list_;
    std::shared_ptr<kerneld::KernelClient> client_;
    QString failure_;
};

} // namespace vethlab::gui
