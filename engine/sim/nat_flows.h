// The connections the host's conntrack holds, as far as the nat table's counters need them: the nat
// chains see only a connection's first packet (ctstate NEW), so their rules count connections, not
// packets. A connection is known by its original and its reply tuple (the reply as NAT made it), and
// is forgotten when idle for nf_conntrack's timeout (ICMP and unreplied UDP 30 s, UDP that was
// answered 120 s, TCP 5 days as an established connection).
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "util/sim_time.h"

namespace vethlab::sim {

class NatFlows {
public:
    /// (protocol, source, destination, source port or ICMP id, destination port or 0).
    struct Tuple {
        std::uint8_t protocol = 0;
        std::uint32_t source = 0, destination = 0;
        std::uint16_t sourcePort = 0, destinationPort = 0;
        /// The tuple a reply of this one carries.
        Tuple reversed() const {
            return protocol == 1 ? Tuple{protocol, destination, source, sourcePort, destinationPort}
                                 : Tuple{protocol, destination, source, destinationPort, sourcePort};
        }
        std::uint64_t hi() const { return static_cast<std::uint64_t>(source) << 32 | destination; }
        std::uint64_t lo() const {
            return static_cast<std::uint64_t>(protocol) << 32 | static_cast<std::uint64_t>(sourcePort) << 16 |
                   destinationPort;
        }
    };

    /// Whether a packet with this tuple belongs to a connection still held (then it is refreshed).
    bool isKnown(const Tuple& t, Nanos now) {
        auto it = entries_.find(key(t));
        if (it == entries_.end()) return false;
        Entry& e = *it->second;
        if (now > e.lastSeen + timeout(t.protocol, e.replied)) return false;
        e.lastSeen = now;
        if (!it->second->isOriginal(t)) e.replied = true;
        return true;
    }

    /// A new connection confirmed (its first packet left the nat hooks): `reply` as NAT rewrote it.
    void confirm(const Tuple& original, const Tuple& reply, Nanos now) {
        auto e = std::make_shared<Entry>(Entry{original, now, false});
        entries_[key(original)] = e;
        entries_[key(reply)] = e;
    }

private:
    struct Entry {
        Tuple original;
        Nanos lastSeen = 0;
        bool replied = false;
        bool isOriginal(const Tuple& t) const { return t.hi() == original.hi() && t.lo() == original.lo(); }
    };
    struct Key {
        std::uint64_t hi, lo;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<std::uint64_t>{}(k.hi * 0x9E3779B97F4A7C15ull ^ k.lo);
        }
    };
    static Key key(const Tuple& t) { return {t.hi(), t.lo()}; }
    static Nanos timeout(std::uint8_t protocol, bool replied) {
        switch (protocol) {
        case 6:
            return 432000 * kSecond;
        case 17:
            return (replied ? 120 : 30) * kSecond;
        default:
            return 30 * kSecond;
        }
    }
    std::unordered_map<Key, std::shared_ptr<Entry>, KeyHash> entries_;
};

} // namespace vethlab::sim
