// The LAN router's side of ARP, as a Linux router does it (net/ipv4/arp.c arp_process, net/core/neighbour.c
// with the default mcast_solicit 3 and retrans_time 1 s): it answers requests for its own address and
// learns whoever asks it (neigh_event_ns) or answers what it asked; before it sends a packet to an address
// on the LAN it has not learned, it broadcasts "who-has" three times a second apart, the packet waiting,
// and drops what waits if no one answers. The host's eth0 address it knows from before the lab starts;
// any other LAN address must have spoken ARP to it first, which an ipvlan l3 container never does (its
// packets leave with the host's MAC, and the NOARP link drops the router's request).
#include "engine.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::NetworkNamespace;

void Engine::lanSend(const Bytes& frame, Nanos delay) {
    // From the router onto the host's eth0.
    NetworkNamespace& root = lab_->kernel().root();
    const Link* eth0 = root.linkByName(lab_->settings().eth0Name);
    if (!eth0) return;
    Bytes padded = frame;
    if (!routerAddresses(padded, delay)) return;
    const int index = eth0->ifindex;
    // The router's frames come off a wire: its NIC padded the short ones to Ethernet's 60-byte minimum.
    if (padded.size() < 60) padded.resize(60);
    scheduleFrame(now_ + delay, EventKind::LinkReceive, kernel::KernelState::kRootNamespace, index,
                  share(std::move(padded)), nextLineage_++);
}

void Engine::routerArpInput(const ArpPacket& arp) {
    const LabSettings& lab = lab_->settings();
    if (arp.targetIp != lab.gateway || arp.senderIp == Ipv4{}) return;
    const bool asked = routerWaiting_.count(arp.senderIp.value) > 0;
    // A request for us creates the asker's entry; a reply updates only an entry we made by asking.
    if (arp.operation == 1 || asked || routerNeighbours_.count(arp.senderIp.value))
        routerNeighbours_[arp.senderIp.value] = arp.senderMac;
    if (arp.operation == 1)
        lanSend(encodeEthernet({arp.senderMac, routerMac_, kEtherTypeArp},
                               encodeArp({2, routerMac_, lab.gateway, arp.senderMac, arp.senderIp})),
                jittered(settings_.lanLatency));
    if (!asked) return;
    std::vector<Bytes> waiting = std::move(routerWaiting_[arp.senderIp.value]);
    routerWaiting_.erase(arp.senderIp.value);
    for (const Bytes& f : waiting)
        lanSend(f, jittered(settings_.lanLatency));
}

bool Engine::routerAddresses(Bytes& frame, Nanos delay) {
    const LabSettings& lab = lab_->settings();
    const auto ip = decodeIpv4(frame);
    if (!ip || !lab.hostAddress.contains(ip->destination) || ip->destination == lab.hostAddress.addr)
        return true; // off the LAN (through the internet), or the host's eth0: the frame has its address
    if (auto known = routerNeighbours_.find(ip->destination.value); known != routerNeighbours_.end()) {
        std::copy(known->second.bytes.begin(), known->second.bytes.end(), frame.begin());
        return true;
    }
    auto& waiting = routerWaiting_[ip->destination.value];
    waiting.push_back(frame);
    if (waiting.size() == 1) routerSolicit(ip->destination, 0, delay);
    return false;
}

void Engine::routerSolicit(Ipv4 target, int attempt, Nanos delay) {
    if (!routerWaiting_.count(target.value)) return; // answered
    if (attempt >= 3) {
        routerWaiting_.erase(target.value); // neigh_invalidate: the waiting packets are dropped
        return;
    }
    const LabSettings& lab = lab_->settings();
    lanSend(encodeEthernet({kBroadcastMac, routerMac_, kEtherTypeArp},
                           encodeArp({1, routerMac_, lab.gateway, Mac{}, target})),
            delay);
    at(now_ + delay + kSecond, [this, target, attempt] { routerSolicit(target, attempt + 1, 0); });
}

} // namespace vethlab::sim
