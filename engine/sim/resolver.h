// Name resolution as glibc and musl do it inside a container: /etc/hosts first, then the resolv.conf
// nameserver. Containers on user-defined networks ask Docker's embedded DNS (127.0.0.11), which
// knows names, aliases and short IDs on the networks the asker shares with them (A and PTR); everyone
// else asks the host's resolvers, which know no container names.
// @attention The embedded DNS answers here come straight from the daemon's records: the DNS
// messages themselves are not yet put on the wire by the engine.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lab.h"
#include "net/ipv4.h"

namespace vethlab::sim {

struct Resolution {
    std::string canonical; // iputils prints this in its PING line: the first name of a hosts line
    Ipv4 address;
};

class Resolver {
public:
    /// The resolver of a process in `containerId` ("" = the host).
    Resolver(Lab& lab, std::string containerId);

    /// Every address for `name` (an embedded-DNS alias shared by several containers gives several).
    std::vector<Resolution> lookup(const std::string& name) const;
    /// The reverse (PTR) name of an address: /etc/hosts, then the embedded DNS.
    std::optional<std::string> reverse(Ipv4 address) const;
    bool usesEmbeddedDns() const;

private:
    std::string file(const std::string& path) const;
    Lab* lab_;
    std::string containerId_;
};

} // namespace vethlab::sim
