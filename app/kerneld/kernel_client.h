// The real-kernel backend as the window and the CLI see it: a KernelBackend that starts
// vethlab-kerneld (directly when root, else through `sudo -n`), and speaks its protocol over a
// QLocalSocket. Ops are sent in batches at sync(); programs run in the lab's namespaces with run().
#pragma once

#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <memory>
#include <string>
#include <vector>

#include "kernel/kernel_backend.h"
#include "lab_settings.h"

namespace vethlab::kerneld {

struct RunResult {
    int status = 0;
    std::string out, err;
    std::vector<std::pair<int, std::string>> chunks; // both streams in the order they were written
};

/// A program running in the background in the lab (`tcpdump ... &`).
struct JobResult : RunResult {
    int job = 0;        // the helper's number for it, while it runs
    bool exited = true; // it has ended: `status` is its exit status
};

class KernelClient final : public kernel::KernelBackend {
public:
    /// Starts a helper and boots a lab shaped like `settings` (its LAN and internet hosts). On failure
    /// returns nullptr and one line saying why.
    static std::shared_ptr<KernelClient> start(const LabSettings& settings, std::string& error);
    ~KernelClient() override;

    std::string name() const override { return "kernel"; }
    std::optional<kernel::KernelError> apply(const kernel::KernelOp& op) override;
    std::vector<kernel::KernelError> sync() override;
    kernel::KernelState snapshot() override;

    /// Runs a program (by name, argv) in the lab namespace `namespaceId` (0: the host); in container
    /// `container` (a short ID: its own files and working directory) or "" (the host's shell).
    RunResult run(int namespaceId, const std::vector<std::string>& argv, const std::string& input,
                  const std::string& hostname, bool busybox, int interruptAfterMs, bool terminal = false,
                  bool oneStream = false, const std::string& container = "");
    /// Starts a program that keeps running; returns once it is ready (what it printed first).
    JobResult startJob(int namespaceId, const std::vector<std::string>& argv, const std::string& hostname,
                       bool busybox, const std::string& container = "");
    /// What job `job` printed since it was last asked, once its output has settled.
    JobResult collectJob(int job);
    /// SIGTERM to job `job` (`kill %1`): its last words and exit status.
    JobResult stopJob(int job);
    /// Removes the whole sandbox and boots an empty lab again (ops not yet sent are dropped); "" or why not.
    std::string reset();
    /// The helper's pid (the lab's tag: its namespaces are vethlab-PID-*).
    int helperPid() const { return helperPid_; }
    /// A raw request, for tests of the helper's validation.
    QJsonObject request(QJsonObject request);

private:
    KernelClient() = default;

    QProcess helper_;
    QLocalSocket socket_;
    QByteArray buffer_;
    std::vector<QJsonObject> queued_;
    int nextId_ = 1;
    int helperPid_ = 0;
    std::string dir_;
};

/// Where vethlab-kerneld is: $VETHLAB_KERNELD, beside this program, or in the build tree.
std::string helperPath();

} // namespace vethlab::kerneld
