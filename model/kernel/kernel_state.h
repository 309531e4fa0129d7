// What the Linux kernel of the Docker host holds: every namespace with its links, and the one
// global ifindex counter. It changes only through KernelOp (kernel_op.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "kernel/network_namespace.h"
#include "util/sim_time.h"

namespace vethlab::kernel {

enum class OperState { Unknown, Up, Down };

class KernelState {
public:
    static constexpr int kRootNamespace = 0;

    KernelState();

    NetworkNamespace& root() { return namespaces_.at(kRootNamespace); }
    const NetworkNamespace& root() const { return namespaces_.at(kRootNamespace); }
    NetworkNamespace* find(int id);
    const NetworkNamespace* find(int id) const;
    const std::map<int, NetworkNamespace>& namespaces() const { return namespaces_; }

    /// The index the next new link gets (a VethAdd's pair: this one and the next). Nothing allocates
    /// by writing here: the op that creates the link moves the counter past it, as the kernel's does.
    int peekIfindex() const { return nextIfindex_; }
    /// The host's history before the lab (links made and deleted earlier): only Lab's boot sets it.
    void setNextIfindex(int next) { nextIfindex_ = next; }
    /// The id the next namespace gets; NetnsAdd moves it on.
    int peekNamespaceId() const { return nextNamespaceId_; }

    Nanos now() const { return now_; }
    void setNow(Nanos t) { now_ = t; }
    /// How long a new IPv6 address stays "tentative" while duplicate address detection runs.
    Nanos dadDuration() const { return dadDuration_; }
    void setDadDuration(Nanos d) { dadDuration_ = d; }

    /// IFF_RUNNING: the link is up and has a carrier (veth: the peer is up; bridge: a port has carrier).
    bool hasCarrier(const NetworkNamespace& ns, const Link& link) const;
    OperState operState(const NetworkNamespace& ns, const Link& link) const;
    /// The nsid that `viewer` uses for namespace `other` (allocated on first use, lowest free).
    int nsidFor(int viewer, int other);
    /// Re-evaluates carrier-dependent state (IPv6 link-local on first carrier) of a link, its peer and
    /// master.
    void refreshCarrier(int nsId, int ifindex);
    /// dev->promiscuity of a link, counted again: 1 as a bridge port (br_manage_promisc: a bridge without
    /// VLAN filtering makes every port promiscuous, del_nbp undoes it) and 1 for each passthru macvlan that
    /// is up on it (macvlan_open / macvlan_stop: the parent is promiscuous while its one macvlan is up).
    void recountPromiscuity(int nsId, int ifindex);
    /// The parent (namespace, ifindex) of a passthru macvlan, or nullopt for any other link.
    static std::optional<std::pair<int, int>> passthruParent(const Link& l);
    /// br_mtu_auto_adjust: a bridge takes its ports' smallest MTU, 1500 without ports.
    void adjustBridgeMtu(int nsId, int bridgeIfindex);
    /// The same when `port` has just joined: the smaller of the bridge's and the port's MTU, or the port's
    /// when it is the only port (without a scan of every port: joining is quadratic in a big lab otherwise).
    void adjustBridgeMtuForNewPort(int nsId, int bridgeIfindex, int port);

    // Mutations used by KernelOp::apply.
    NetworkNamespace& addNamespace(int id, const std::string& name);
    void removeNamespace(int id);
    void removeLink(int nsId, int ifindex); // and a veth's peer
    void insertLink(NetworkNamespace& ns, Link link);

    friend bool operator==(const KernelState&, const KernelState&) = default;

private:
    std::map<int, NetworkNamespace> namespaces_;
    int nextIfindex_ = 1;
    int nextNamespaceId_ = 1;
    Nanos now_ = 0;
    Nanos dadDuration_ = 2 * kSecond;
};

} // namespace vethlab::kernel
