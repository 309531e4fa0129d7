// An IPv6 subnet of a network created with --ipv6, and libnetwork's default IPAM over it: the
// gateway and the endpoints' addresses are taken lowest first from the network address + 1.
// Addresses are kept as offsets in the subnet's host part (the low 64 bits are plenty for a lab).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace vethlab::docker {

struct Ipv6Prefix {
    std::array<std::uint8_t, 16> addr{}; // the network address (host bits cleared)
    int length = 0;

    /// net.ParseCIDR of an IPv6 "addr/len"; nullopt for anything else (IPv4 included).
    static std::optional<Ipv6Prefix> parse(const std::string& text);
    /// An IPv6 address (net.ParseIP, not IPv4) -> its 16 bytes.
    static std::optional<std::array<std::uint8_t, 16>> parseAddress(const std::string& text);
    bool contains(const std::array<std::uint8_t, 16>& ip) const;
    bool overlaps(const Ipv6Prefix& other) const;
    /// The address `offset` past the network address, as Go prints it ("2001:db8:1::2").
    std::string at(std::uint64_t offset) const;
    /// The offset of `ip` in the subnet's low 64 bits.
    std::uint64_t offsetOf(const std::array<std::uint8_t, 16>& ip) const;
    friend bool operator==(const Ipv6Prefix&, const Ipv6Prefix&) = default;
};

class Ipv6Pool {
public:
    Ipv6Pool() = default;
    explicit Ipv6Pool(Ipv6Prefix subnet) : subnet_(subnet) {}
    const Ipv6Prefix& subnet() const { return subnet_; }
    /// The lowest free offset from 1; nullopt when the host part is exhausted.
    std::optional<std::uint64_t> lowestFree() const;
    bool isUsed(std::uint64_t offset) const { return used_.count(offset) != 0; }
    void markUsed(std::uint64_t offset) { used_.insert(offset); }
    void release(std::uint64_t offset) { used_.erase(offset); }
    friend bool operator==(const Ipv6Pool&, const Ipv6Pool&) = default;

private:
    Ipv6Prefix subnet_;
    std::set<std::uint64_t> used_;
};

} // namespace vethlab::docker
