// A capture filter in pcap-filter(7)'s language, as tcpdump takes it on its command line: primitives
// (`icmp`, `arp`, `tcp port 80`, `src host 172.17.0.2`, `net 172.17.0.0/16`, `ether host MAC`, ...)
// joined by and/or/not and parentheses, with libpcap's rule that a bare value after and/or keeps the
// qualifiers before it (`host a or b`). It is parsed into a tree and evaluated on a frame's bytes, so a
// capture shows exactly the frames the kernel's compiled BPF program would accept.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace vethlab::shell {

class CaptureFilter {
public:
    /// The expression (tcpdump's remaining arguments joined by spaces); "" accepts every frame. On
    /// error, the text libpcap puts after "tcpdump: " ("can't parse filter expression: syntax error").
    static std::variant<CaptureFilter, std::string> compile(const std::string& expression);

    /// Whether an Ethernet frame passes the filter.
    bool matches(const std::vector<std::uint8_t>& frame) const;

    struct Node; // the parsed tree (bpf_filter.cpp)

private:
    std::shared_ptr<const Node> root_; // null: accept everything
};

} // namespace vethlab::shell
