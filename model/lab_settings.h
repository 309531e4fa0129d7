// How a lab's Docker host looks before the first command: its name and prompt, its LAN link,
// resolvers, clock and seed. Scenario files set these in their header; presets cover the seed
// article's host and the facts sheet's lab machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "util/sim_time.h"

namespace vethlab {

struct LabSettings {
    std::uint64_t seed = 1;
    std::string hostname = "localhost";
    std::string prompt = "[root@localhost ~]# ";
    std::string eth0Name = "eth0";
    Ipv4Prefix hostAddress{Ipv4{0xC0A8010A}, 24}; // 192.168.1.10/24
    Ipv4 gateway{0xC0A80101};                     // 192.168.1.1
    std::optional<Mac> eth0Mac;                   // random when unset
    int eth0Mtu = 1500;
    std::string eth0Qdisc = "pfifo_fast";
    std::vector<std::string> eth0Ipv6Global; // e.g. "fd00::2/64" (printed with nodad)
    std::vector<std::string> extraLinks;     // ifb devices some VMs carry, e.g. "ifb0"
    std::string resolvConf = "nameserver 192.168.1.1\n";
    std::string ipLocalPortRange = "32768\t60999"; // /proc/sys/net/ipv4/ip_local_port_range: -P's ports
    std::string hostsFile =
        "127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n"
        "::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n";
    int docker0Ifindex = 0;         // 0: next free index at boot
    int nextIfindex = 0;            // 0: continue after docker0; else the index the next link gets
    bool docker0HadCarrier = false; // docker0 already has its IPv6 link-local from earlier containers
    std::string start = "2022-03-04T18:20:00";
    TimeZone zone{480, "CST"};
    Nanos thinkTime = 0;      // simulated time a person spends before each command
    std::string imageVariant; // "facts" swaps in the facts sheet's stand-in images
    bool hostHasBrctl = true;
    std::string hostShell = "-bash"; // how bash names itself in "command not found" on the host
    bool terminalIsTty = true;       // false: commands run from a script without a terminal (docker -t fails)

    /// The outside world behind eth0: the LAN router (also the resolver) and a few internet hosts.
    struct InternetHost {
        std::string name;
        Ipv4 address;
        bool answersDns = false; // a public resolver: answers DNS on port 53 as the LAN's resolver does
        std::string reverse;     // its PTR name, as `dig -x` and traceroute find it ("" = none published)
    };
    std::vector<InternetHost> internetHosts = {
        {"google.com", Ipv4{0x8EFA424E}},      // 142.250.66.78
        {"www.google.com", Ipv4{0x8EFA4244}},  // 142.250.66.68
        {"baidu.com", Ipv4{0x279C420A}},       // 39.156.66.10
        {"www.baidu.com", Ipv4{0x6EF24442}},   // 110.242.68.66
        {"docker.com", Ipv4{0x8D655AAC}},      // 141.101.90.172
        {"example.com", Ipv4{0x5DB8D822}},     // 93.184.216.34
        {"www.example.com", Ipv4{0x5DB8D822}}, // (2022: Edgecast)
        // The public resolvers tutorials ping to test the way out.
        // Their operators publish PTR records; the web sites' addresses (CDNs) have none worth modelling.
        {"dns.google", Ipv4{0x08080808}, true, "dns.google"},                 // 8.8.8.8
        {"dns.google", Ipv4{0x08080404}, true, "dns.google"},                 // 8.8.4.4
        {"one.one.one.one", Ipv4{0x01010101}, true, "one.one.one.one"},       // 1.1.1.1
        {"public1.114dns.com", Ipv4{0x72727272}, true, "public1.114dns.com"}, // 114.114.114.114
        {"dns.alidns.com", Ipv4{0xDF050505}, true, "public1.alidns.com"}};    // 223.5.5.5
    Nanos internetRtt = 32 * kMillisecond; // router to an internet host and back
    int internetHops = 12;                 // routers between the LAN and the internet hosts
    int internetInitialTtl = 128;          // what the far hosts put in their replies

    /// Hop latencies of the packet engine, in microseconds (0 = the engine's defaults, which give the
    /// magnitudes of the seed's transcripts), and the jitter as a share of each.
    int vethLatencyUs = 0, bridgeLatencyUs = 0, stackLatencyUs = 0, wakeupLatencyUs = 0, coldPathUs = 0,
        lanLatencyUs = 0;
    double jitter = -1;
    /// How many echoes a ping without -c sends before the person presses Ctrl-C.
    int pingInterruptAfter = 4;

    /// Presets: "default" (a fresh Debian VM), "seed" (the article's CentOS host), "facts" (the lab
    /// machine of reference/docker-networking-lab-transcript.txt).
    static std::optional<LabSettings> preset(const std::string& name);
    /// Applies "key: value" lines (a scenario header). Returns "line N: message" on error.
    std::optional<std::string> apply(const std::string& text);
};

} // namespace vethlab
