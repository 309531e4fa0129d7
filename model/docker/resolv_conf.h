// A container's /etc/resolv.conf as libnetwork 20.10.24 writes it (resolvconf/resolvconf.go and
// sandbox_dns_unix.go: setupDNS at sandbox creation, updateDNS after a join, rebuildDNS when the
// embedded DNS server starts on a user-defined network).
#pragma once

#include <string>
#include <vector>

namespace vethlab::docker {

struct DnsConfig {
    std::vector<std::string> servers, search, options; // --dns, --dns-search, --dns-option
    bool operator==(const DnsConfig&) const = default;
};

/// `host` is the file dockerd reads (the host's resolv.conf, or systemd-resolved's upstream file).
/// With no --dns* flag the host file without loopback and IPv6 nameservers (8.8.8.8 and 8.8.4.4
/// when none is left); with one, a file built from the flags, the host's values filling in the rest
/// (all its nameservers, its last search and options lines); a search of "." writes no search line.
std::string bridgeResolvConf(const std::string& host, const DnsConfig& dns);

/// On a user-defined network: nameserver 127.0.0.11 (the embedded server forwards to what
/// bridgeResolvConf would have listed), the search and options lines of that file, and ndots:0
/// unless the user set ndots. An invalid ndots value makes rebuildDNS give up: the file stays as
/// setupDNS wrote it.
std::string embeddedResolvConf(const std::string& host, const DnsConfig& dns);

/// The servers Docker's embedded DNS forwards unknown names to for this container (libnetwork
/// setExternalResolvers, at most 3): the IPv4 nameservers of the file built from the --dns* flags,
/// or without them the host file's (loopback ones included: dockerd forwards those from the host).
std::vector<std::string> embeddedDnsUpstreams(const std::string& host, const DnsConfig& dns);

/// The nameservers of a resolv.conf text, in order (resolvconf.GetNameservers with types.IP).
std::vector<std::string> resolvNameservers(const std::string& text);

} // namespace vethlab::docker
