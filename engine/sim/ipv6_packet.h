// Wire formats of IPv6 (RFC 8200) and the ICMPv6 messages the engine carries (RFC 4443 echo and
// errors, RFC 4861 neighbour solicitation and advertisement), with valid checksums.
#pragma once

#include <cstdint>
#include <optional>

#include "net/ipv6.h"
#include "packet.h"

namespace vethlab::sim {

constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
constexpr std::uint8_t kProtoIcmpv6 = 58;

struct Ipv6Header {
    std::uint8_t nextHeader = kProtoIcmpv6;
    std::uint8_t hopLimit = 64;
    std::uint32_t flowLabel = 0;
    Ipv6 source, destination;
    std::uint16_t payloadLength = 0; // filled by the encoder
};

struct Icmpv6Message {
    std::uint8_t type = 128; // 128 echo request, 129 reply, 1 unreachable, 135 NS, 136 NA
    std::uint8_t code = 0;
    std::uint16_t identifier = 0, sequence = 0; // echo
    std::uint8_t flags = 0;                     // NA: R 0x80, S 0x40, O 0x20
    Ipv6 target;                                // NS, NA
    std::optional<Mac> linkLayer;               // NS: source, NA: target link-layer address option
    Bytes data;                                 // echo data; for errors the offending packet
};

/// An IPv6 packet carrying an ICMPv6 message (no Ethernet header).
Bytes encodeIpv6Icmp(Ipv6Header h, const Icmpv6Message& m);
/// The IPv6 header of an Ethernet frame (version 6, lengths consistent).
std::optional<Ipv6Header> decodeIpv6(const Bytes& frame);
/// The ICMPv6 message of an Ethernet frame whose IPv6 header is `ip` (checks the checksum).
std::optional<Icmpv6Message> decodeIcmpv6(const Bytes& frame, const Ipv6Header& ip);

} // namespace vethlab::sim
