// A whole lab: the Docker host's kernel, the daemon, the clock and the seeded randomness. A Lab is a
// value: copying it snapshots everything (a docker command the real kernel refuses halfway goes back to
// a copy; the player steps back by rebuilding and replaying instead, see app/scenario/player.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "docker/daemon.h"
#include "kernel/kernel_backend.h"
#include "kernel/kernel_state.h"
#include "lab_settings.h"
#include "util/huge_page_allocator.h"
#include "util/random.h"

namespace vethlab {

/// One kernel operation with the command that caused it, for the "under the hood" view.
struct OpRecord {
    std::string cause;
    Nanos at = 0;
    kernel::KernelOp op;
};

/// The op log's storage: its ~8 MiB in a 1,000-container lab are written once per replay.
using OpLog = std::vector<OpRecord, HugePageAllocator<OpRecord>>;

class Lab {
public:
    explicit Lab(LabSettings settings = {});

    const LabSettings& settings() const { return settings_; }
    /// Changes settings while the lab runs ("key: value" lines); returns an error text on failure.
    std::optional<std::string> changeSettings(const std::string& text) { return settings_.apply(text); }
    kernel::KernelState& kernel() { return kernel_; }
    const kernel::KernelState& kernel() const { return kernel_; }
    docker::Daemon& daemon() { return daemon_; }
    const docker::Daemon& daemon() const { return daemon_; }
    Random& random() { return random_; }

    Nanos now() const { return now_; }
    /// Lets simulated time pass; containers whose command ends meanwhile exit.
    void advance(Nanos dt);
    /// Marks the start of a user command: think time passes and new ops are attributed to it.
    void beginCommand(const std::string& text);

    /// The context the daemon works in; its ops are applied to the kernel and logged.
    docker::HostContext context();
    /// The most recent ops: a lab may run all day, so beginCommand() drops the oldest half once the
    /// log holds more than kOpLogLimit records. Index it through opsRecorded()/opsSince().
    const OpLog& opLog() const { return opLog_; }
    static constexpr std::size_t kOpLogLimit = 16384;
    /// How many ops were ever recorded: a mark to take before a command and give to opsSince().
    std::uint64_t opsRecorded() const { return opsDropped_ + opLog_.size(); }
    /// The ops recorded since `mark` that the log still holds, oldest first.
    std::span<const OpRecord> opsSince(std::uint64_t mark) const;

    /// A second kernel that receives every op after the simulated one (the real-kernel backend).
    /// Attaching replays the whole op log, boot included, so the mirror reaches the lab's state.
    /// Copies of the lab share the mirror: a player that restores a copy must attach a new one.
    void attachMirror(std::shared_ptr<kernel::KernelBackend> mirror);
    kernel::KernelBackend* mirror() const { return mirror_.get(); }
    /// Finishes the mirror's queued work; returns what it refused since the last call.
    std::vector<kernel::KernelError> syncMirror();
    /// While paused, ops change the model (and the log) only: the real program that made the same
    /// change on the kernel has run or will run (the terminal's twin of a real program).
    void pauseMirror(bool paused) { mirrorPaused_ = paused; }

private:
    void bootHost();

    LabSettings settings_;
    Random random_;
    kernel::KernelState kernel_;
    docker::Daemon daemon_;
    Nanos now_ = 0;
    std::string cause_;
    OpLog opLog_;
    std::shared_ptr<kernel::KernelBackend> mirror_;
    std::vector<kernel::KernelError> mirrorErrors_;
    std::uint64_t opsDropped_ = 0;
    bool mirrorPaused_ = false;
};

} // namespace vethlab
