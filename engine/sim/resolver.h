// Name resolution as glibc and musl do it inside a container: /etc/hosts first, then the resolv.conf
// nameserver. Containers on user-defined networks ask Docker's embedded DNS (127.0.0.11), which
// knows names, aliases and short IDs on the networks the asker shares with them (A and PTR); everyone
// else asks the host's resolvers, which know no container names.
// With an engine, the questions go over the wire as DNS messages (UDP to the resolv.conf nameserver);
// the embedded DNS server and the LAN's resolver answer them from what they know.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lab.h"
#include "net/ipv4.h"
#include "net/ipv6.h"

namespace vethlab::docker {
struct Container;
struct Network;
struct Attachment;
} // namespace vethlab::docker

namespace vethlab::sim {

struct Resolution {
    std::string canonical; // iputils prints this in its PING line: the first name of a hosts line
    Ipv4 address;
};

struct Resolution6 {
    std::string canonical;
    Ipv6 address;
};

class Resolver {
public:
    /// The resolver of a process in `containerId` ("" = the host). Without an engine it answers from
    /// the records directly (no packets).
    Resolver(Lab& lab, std::string containerId, class Engine* engine = nullptr);

    /// Every address for `name` (an embedded-DNS alias shared by several containers gives several).
    std::vector<Resolution> lookup(const std::string& name) const;
    /// getaddrinfo with AF_UNSPEC (ping, curl without -4/-6): /etc/hosts, else one socket asks the
    /// nameserver A and AAAA back to back, as glibc and musl do; IPv6 answers come from the embedded
    /// DNS's records (lookup6).
    struct Both {
        std::vector<Resolution> v4;
        std::vector<Resolution6> v6;
    };
    Both lookupBoth(const std::string& name) const;
    /// The reverse (PTR) name of an address: /etc/hosts, then the embedded DNS.
    std::optional<std::string> reverse(Ipv4 address) const;
    bool usesEmbeddedDns() const;
    /// IPv6 (AAAA) addresses for `name`: a literal, /etc/hosts, then the embedded DNS, which answers AAAA
    /// for endpoints with an IPv6 address (--ipv6 networks). Answered from the records, not over the wire.
    std::vector<Resolution6> lookup6(const std::string& name) const;
    /// The PTR name of an IPv6 address ("c2.net6"): /etc/hosts, then the embedded DNS (libnetwork keeps
    /// IPv6 addresses in the same ipMap as IPv4 ones).
    std::optional<std::string> reverse6(const Ipv6& address) const;

    // The embedded DNS server's knowledge, as the container `containerId` may see it.
    std::vector<Ipv4> records(const std::string& name) const;
    std::optional<std::string> recordFor(Ipv4 address) const;
    /// The same for IPv6 endpoints (--ipv6 networks): AAAA records and the PTR name (no /etc/hosts).
    std::vector<Ipv6> records6(const std::string& name) const;
    std::optional<std::string> recordFor6(const Ipv6& address) const;
    /// Everything records() and recordFor() would answer, for the real kernel's embedded DNS:
    /// lower-case name -> addresses, address -> PTR name.
    std::map<std::string, std::vector<Ipv4>> allRecords() const;
    std::map<std::uint32_t, std::string> allPointers() const;
    /// The same for IPv6 (AAAA, and PTR under ip6.arpa), on --ipv6 networks.
    std::map<std::string, std::vector<Ipv6>> allRecords6() const;
    std::map<Ipv6, std::string> allPointers6() const;
    /// The LAN resolver's knowledge: the internet hosts.
    std::vector<Ipv4> upstreamRecords(const std::string& name) const;

private:
    void forEachRecord(const std::function<void(const std::set<std::string>&, Ipv4)>& visit) const;
    void forEachEndpoint(const std::function<void(const std::set<std::string>&, const docker::Network&,
                                                  const docker::Attachment&)>& visit) const;
    /// The same walk, with the endpoint's IPv6 address (on --ipv6 networks only).
    void forEachRecord6(const std::function<void(const std::set<std::string>&, const Ipv6&)>& visit) const;
    std::optional<Ipv4> nameserver() const;
    const docker::Container* endpointOwner() const;
    int namespaceId() const;
    class Engine* engine_;
    std::string file(const std::string& path) const;
    Lab* lab_;
    std::string containerId_;
};

} // namespace vethlab::sim
