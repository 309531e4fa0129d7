// The parts of Go's standard library that Docker's CLI and daemon use to read networking
// arguments, with Go's exact acceptance rules and error texts (Go 1.19, which built 20.10.24):
// net.ParseIP / IP.String, net.SplitHostPort, net.ParseMAC and strconv.ParseUint(s, 10, 16).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vethlab::docker::gonet {

/// An address as net.ParseIP returns it: 4 bytes for dotted IPv4, 16 for IPv6.
struct IP {
    std::vector<std::uint8_t> bytes;
    bool isV4() const { return bytes.size() == 4; }
    bool isUnspecified() const;
    /// IP.String(): dotted IPv4 (also for IPv4-mapped IPv6), RFC 5952 text for IPv6.
    std::string str() const;
};

/// net.ParseIP: IPv4 "a.b.c.d" (no leading zeros, as Go 1.17+) or IPv6 with an optional
/// trailing IPv4 part; nullopt where Go returns nil.
std::optional<IP> parseIP(const std::string& text);

/// net.SplitHostPort: host and port, or Go's AddrError text ("address X: too many colons in address").
bool splitHostPort(const std::string& hostport, std::string& host, std::string& port, std::string& error);

/// net.ParseMAC: 6, 8 or 20 bytes in colon, hyphen or dot notation.
std::optional<std::vector<std::uint8_t>> parseMAC(const std::string& text);

/// strconv.ParseUint(s, 10, bits): the value, or Go's NumError text
/// ("strconv.ParseUint: parsing \"abc\": invalid syntax" / "...: value out of range").
std::optional<std::uint64_t> parseUint(const std::string& s, int bits, std::string& error);

/// strings.TrimSpace for ASCII white space (what the CLI's validators trim).
std::string trimSpace(const std::string& s);

} // namespace vethlab::docker::gonet
