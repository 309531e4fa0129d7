// The contract between the Docker daemon model and a kernel: apply KernelOps one by one, say when one
// fails, and hand back the state as KernelState. The simulation (SimulatedKernel) and the real Linux
// kernel (engine/kernel's RealKernel, or a client of vethlab-kerneld) are its two implementations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/kernel_op.h"

namespace vethlab::kernel {

/// Why a kernel refused an operation: the op as a command, the errno and its text.
struct KernelError {
    std::string command; // render(op)
    int errnum = 0;      // EEXIST, EPERM, ... (0 when the failure has no errno, e.g. iptables' exit status)
    std::string message; // "File exists", or what the program printed
};

class KernelBackend {
public:
    virtual ~KernelBackend() = default;
    /// "simulation" or "kernel".
    virtual std::string name() const = 0;
    /// Applies one operation; a backend may queue work and finish it in sync().
    [[nodiscard]] virtual std::optional<KernelError> apply(const KernelOp& op) = 0;
    /// Finishes queued work; returns every failure since the last call.
    [[nodiscard]] virtual std::vector<KernelError> sync() = 0;
    /// The whole state as the model represents it.
    virtual KernelState snapshot() = 0;
};

/// The simulated kernel: KernelState changed by kernel::apply.
class SimulatedKernel final : public KernelBackend {
public:
    explicit SimulatedKernel(KernelState& state) : state_(&state) {}
    std::string name() const override { return "simulation"; }
    std::optional<KernelError> apply(const KernelOp& op) override {
        kernel::apply(*state_, op);
        return std::nullopt;
    }
    std::vector<KernelError> sync() override { return {}; }
    KernelState snapshot() override { return *state_; }

private:
    KernelState* state_;
};

} // namespace vethlab::kernel
