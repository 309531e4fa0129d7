// IPv4 addresses, prefixes and MAC addresses as the kernel and Docker see them.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vethlab {

/// An IPv4 address in host byte order.
struct Ipv4 {
    std::uint32_t value = 0;

    /// Parses dotted-quad notation strictly (four decimal octets, no leading '+', no spaces).
    static std::optional<Ipv4> parse(std::string_view text);
    std::string str() const;
    std::uint8_t octet(int i) const { return static_cast<std::uint8_t>(value >> (24 - 8 * i)); }
    friend auto operator<=>(const Ipv4&, const Ipv4&) = default;
};

/// An address with its prefix length, as `ip addr` and Docker's IPAM print it ("172.17.0.1/16").
/// The address may have host bits set (Docker accepts --subnet 10.60.0.1/16 and keeps it as typed).
struct Ipv4Prefix {
    Ipv4 addr;
    int length = 0;

    static std::optional<Ipv4Prefix> parse(std::string_view text);
    std::uint32_t mask() const { return length == 0 ? 0u : ~0u << (32 - length); }
    Ipv4 network() const { return Ipv4{addr.value & mask()}; }
    Ipv4 broadcast() const { return Ipv4{network().value | ~mask()}; }
    bool contains(Ipv4 ip) const { return (ip.value & mask()) == network().value; }
    bool overlaps(const Ipv4Prefix& other) const {
        return contains(other.network()) || other.contains(network());
    }
    /// The number of addresses in the prefix (2^(32-length)).
    std::uint64_t size() const { return std::uint64_t{1} << (32 - length); }
    std::string str() const;
    friend auto operator<=>(const Ipv4Prefix&, const Ipv4Prefix&) = default;
};

/// Dotted netmask for a prefix length ("255.255.0.0"), as ifconfig prints it.
std::string netmaskString(int length);

struct Mac {
    std::array<std::uint8_t, 6> bytes{};

    std::string str() const;   // lower-case, colon separated
    std::string upper() const; // busybox ifconfig prints HWaddr in upper case
    /// Docker 20.10 container MAC: 02:42 followed by the four IPv4 octets.
    static Mac fromDockerIp(Ipv4 ip);
    /// The lab's LAN router (a QEMU-style 52:54:00 card, fixed per gateway so it uses no randomness);
    /// the simulation's router and the kernel's world namespace both wear it.
    static Mac lanRouter(Ipv4 gateway) {
        return Mac{{0x52, 0x54, 0x00, static_cast<std::uint8_t>(gateway.value >> 16),
                    static_cast<std::uint8_t>(gateway.value >> 8), static_cast<std::uint8_t>(gateway.value)}};
    }
    /// The kernel's EUI-64 link-local address for this MAC, without prefix ("fe80::42:7aff:fed9:b543").
    std::string linkLocalV6() const;
    friend auto operator<=>(const Mac&, const Mac&) = default;
};

} // namespace vethlab
