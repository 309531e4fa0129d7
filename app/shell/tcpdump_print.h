// tcpdump 4.99's one-line decode of a captured frame (print-ether.c, print-sll.c, print-arp.c,
// print-ip.c, print-icmp.c, print-udp.c, print-domain.c, print-tcp.c): the same words, punctuation and
// numbers, including TCP's relative sequence numbers, which depend on the packets seen before.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "util/sim_time.h"

namespace vethlab::shell {

struct TcpdumpOptions {
    bool numeric = false;     // -n: no names for addresses and ports
    bool linkHeader = false;  // -e
    int verbose = 0;          // -v, -vv
    bool absoluteSeq = false; // -S
    bool noTimestamp = false; // -t
    TimeZone zone;
    /// Without -n: the name of an address (from /etc/hosts), or "" to print the address.
    std::function<std::string(std::uint32_t)> hostName;
};

/// A frame seen by `-i any` (LINUX_SLL2): the device and the packet type the kernel gave it.
struct CookedInfo {
    std::string device;
    std::string packetType; // "In", "Out", "B", "M", "P"
    int ifindex = 0;
};

class TcpdumpPrinter {
public:
    explicit TcpdumpPrinter(TcpdumpOptions options) : o_(std::move(options)) {}

    /// The frame's line(s) as tcpdump prints them, ending in a newline; `cooked` for -i any.
    std::string print(std::int64_t time, const std::vector<std::uint8_t>& frame,
                      const CookedInfo* cooked = nullptr);

private:
    using Bytes = std::vector<std::uint8_t>;
    std::string address(std::uint32_t ip) const;
    std::string port(std::uint16_t p, bool udp) const;
    std::string arp(const Bytes& f, std::size_t at) const;
    std::string ipv4(const Bytes& f, std::size_t at);
    std::string ipv6(const Bytes& f, std::size_t at) const;
    std::string icmp(const Bytes& f, std::size_t at, std::size_t length) const;
    std::string udp(const Bytes& f, std::size_t ip, std::size_t at, std::size_t length) const;
    std::string tcp(const Bytes& f, std::size_t ip, std::size_t at, std::size_t length);
    void relativeSequence(std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport,
                          std::uint8_t flags, std::uint32_t& seq, std::uint32_t& ack);

    TcpdumpOptions o_;
    // print-tcp.c's tcp_seq_hash: per connection (addresses and ports, in a canonical order), the
    // initial sequence numbers that later ones are printed relative to.
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::pair<std::uint32_t, std::uint32_t>>
        seqs_;
};

/// The on-the-wire length tcpdump reports for an engine frame: a veth does not pad short frames to
/// 60 bytes, so the IPv4 or ARP packet's own length counts, not the engine's padding.
std::size_t wireLength(const std::vector<std::uint8_t>& frame);

} // namespace vethlab::shell
