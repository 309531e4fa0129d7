// libnetwork's port allocator (moby 20.10.24, vendor/github.com/docker/libnetwork/portallocator):
// the daemon-wide book of host ports taken by published container ports.
//
// Ports are counted per host IP *string* and per protocol: 0.0.0.0, :: and 127.0.0.1 each have their
// own tcp, udp and sctp maps, so `-p 127.0.0.1:8080:80` and `-p 8080:80` do not collide here (the
// second one fails later, when docker-proxy cannot bind). A port asked for by number is free or
// "already allocated"; port 0 takes the next free port of the ephemeral range after the last one
// handed out (a rotating cursor per range, so a released port is not reused at once); a host range
// ("8000-8010") has its own cursor, kept from one container to the next.
//
// @attention The range is what /proc/sys/net/ipv4/ip_local_port_range holds when dockerd starts
// (20.10.24 reads it again since the 20.10.22 backport of moby#43066; 49153-65535 is only the
// fallback when the file cannot be read). Linux's default is 32768-60999, so the first -P port is 32768.
#pragma once

#include <map>
#include <set>
#include <string>

namespace vethlab::docker {

class PortAllocator {
public:
    struct Result {
        int port = 0;
        std::string error; // empty on success
    };

    PortAllocator(int begin = 32768, int end = 60999) : begin_(begin), end_(end) {}

    /// RequestPortInRange: `start == end > 0` asks for one port, `0, 0` for an ephemeral one,
    /// `start < end` for the first free port of that range.
    Result request(const std::string& ip, const std::string& proto, int start, int end);
    void release(const std::string& ip, const std::string& proto, int port);
    bool isAllocated(const std::string& ip, const std::string& proto, int port) const;
    int begin() const { return begin_; }
    int end() const { return end_; }
    friend bool operator==(const PortAllocator&, const PortAllocator&) = default;

private:
    struct Range {
        int begin = 0, end = 0, last = 0;
        friend bool operator==(const Range&, const Range&) = default;
    };
    struct PortMap {
        std::set<int> used;
        std::map<std::string, Range> ranges; // "begin-end" -> cursor
        friend bool operator==(const PortMap&, const PortMap&) = default;
    };
    int begin_, end_;
    std::map<std::string, std::map<std::string, PortMap>> byIp_; // ip -> proto -> ports
};

} // namespace vethlab::docker
