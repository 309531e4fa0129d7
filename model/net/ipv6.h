// An IPv6 address as the kernel and the tools hold it: 16 bytes, printed as inet_ntop (RFC 5952) does.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "net/ipv4.h"

namespace vethlab {

struct Ipv6 {
    std::array<std::uint8_t, 16> bytes{};

    /// inet_pton(AF_INET6): nullopt for anything that is not an IPv6 address (IPv4 included).
    static std::optional<Ipv6> parse(const std::string& text);
    /// inet_ntop(AF_INET6): "2001:db8:1::2", "fe80::42:acff:fe13:2".
    std::string str() const;
    bool isLinkLocal() const { return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; }
    bool isMulticast() const { return bytes[0] == 0xff; }
    bool isUnspecified() const { return *this == Ipv6{}; }
    /// Whether the first `length` bits of both addresses agree.
    bool sharesPrefix(const Ipv6& other, int length) const;
    /// The address with every bit past `length` cleared.
    Ipv6 masked(int length) const;
    /// ff02::1:ffXX:XXXX, where a neighbour solicitation for this address goes (RFC 4291 2.7.1).
    Ipv6 solicitedNode() const;
    /// 33:33 and the low 32 bits of a multicast address (RFC 2464 7).
    Mac multicastMac() const;
    /// The EUI-64 link-local address of a MAC (what the kernel gives a link when it comes up).
    static Ipv6 linkLocalOf(const Mac& mac);
    /// The nibble-reversed name a PTR query asks for ("...8.b.d.0.1.0.0.2.ip6.arpa").
    std::string reverseName() const;
    friend auto operator<=>(const Ipv6&, const Ipv6&) = default;
};

} // namespace vethlab
