// The real Linux kernel as a KernelBackend: KernelOps applied with netlink (libnl-route-3) to
// namespaces of the lab's own (sandbox_names.h), iptables rules through `iptables-restore --noflush`
// run inside the namespace, sysctls through /proc/sys as seen from the namespace, /etc files under
// /etc/netns/NAME/. Nothing is created, changed or read in the machine's own namespace.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernel/kernel_backend.h"
#include "sandbox_names.h"

struct nl_sock;

namespace vethlab::kernel {

/// What the lab's outside world holds: the host's uplink and gateway, and a few internet hosts.
struct WorldPlan {
    Ipv4Prefix gateway;              // the LAN router's address on the host's network (with its length)
    std::vector<Ipv4> internetHosts; // addresses the world answers for
    std::vector<Ipv4> resolvers;     // the host's nameservers: the world answers DNS there too
    int internetTtl = 0;             // > 0: the TTL the internet hosts' answers leave the LAN router with
    int internetHops = 0;            // silent routers between the LAN router and the internet hosts
};

class RealKernel final : public KernelBackend {
public:
    /// Makes the host and world namespaces. Check error() before use.
    RealKernel(SandboxNames names, WorldPlan world);
    ~RealKernel() override; // removes everything it made
    RealKernel(const RealKernel&) = delete;
    RealKernel& operator=(const RealKernel&) = delete;

    const std::string& error() const { return error_; }
    const SandboxNames& names() const { return names_; }
    /// The real namespace of a model namespace id ("" when the lab has none with that id).
    std::string namespaceName(int id) const;

    std::string name() const override { return "kernel"; }
    /// Docker creates a veth pair in the host's namespace and then moves one end into the container's;
    /// the move costs the kernel an RCU grace period (about 20 ms here, 90% of a `docker run`). By
    /// default the backend makes that end directly in the container's namespace, with the same ifindex,
    /// name and MAC, when the op that moves it follows: the same end state. false: Docker's exact order.
    void setFuseVethMoves(bool fuse) { fuseVethMoves_ = fuse; }
    std::optional<KernelError> apply(const KernelOp& op) override;
    std::vector<KernelError> sync() override;
    KernelState snapshot() override;
    /// Waits (at most `maxMs`) until the host namespace's links show the operstate of their carrier.
    /// The kernel applies a bridge's carrier change through linkwatch, at most once a second, and only
    /// then drops the "linkdown" of its routes: a program run at once after `docker run` could still see
    /// it, which a person typing the next command never does (and the simulation does not show).
    void settleLinks(int maxMs);

    /// Removes every namespace, /etc/netns directory and container directory of this lab.
    void teardown();

private:
    struct Namespace {
        std::string name;
        nl_sock* sock = nullptr;
    };
    struct PendingRules {
        std::string nsName;
        std::map<std::string, std::vector<std::string>> lines; // table -> restore lines
        std::vector<std::string> commands;                     // render(op), for errors
    };

    // A VethAdd held back until the op that moves its peer, with the host end's ops in between.
    struct PendingVeth {
        VethAdd add;
        std::vector<KernelOp> hostEndOps;
    };

    std::optional<KernelError> applyNow(const KernelOp& op);
    void addSilentHops();
    bool holdsForVeth(const KernelOp& op);
    void flushVeth(const LinkSetNetns* move);
    Namespace* ns(const NsRef& ref);
    std::optional<KernelError> addNamespace(int id, const std::string& realName);
    std::optional<KernelError> removeNamespace(int id);
    std::optional<KernelError> bootWorld();
    void queueRule(const NsRef& ref, const std::string& table, const std::string& line,
                   const std::string& command);
    std::optional<KernelError> flushRules(int id);

    SandboxNames names_;
    WorldPlan world_;
    std::string error_;
    std::map<int, Namespace> namespaces_; // model namespace id -> real one (0: the host)
    Namespace worldNs_;
    std::map<int, PendingRules> pending_;
    std::vector<KernelError> failures_;
    bool uplinkMade_ = false;
    bool fuseVethMoves_ = true;
    std::optional<PendingVeth> pendingVeth_;
    // A container's own files, read back as the model keeps them: (namespace id, Docker's host path) ->
    // the real file in the container's directory.
    std::map<std::pair<int, std::string>, std::string> containerFiles_;
};

} // namespace vethlab::kernel
