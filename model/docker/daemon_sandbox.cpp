// The sandbox's files Docker writes: /etc/hosts, /etc/hostname and /etc/resolv.conf.
#include "docker/daemon.h"
#include "docker/daemon_internal.h"
#include "docker/resolv_conf.h"
#include "util/text.h"

namespace vethlab::docker {

using kernel::NsRef;

namespace {

constexpr const char* kFixedHosts = "127.0.0.1\tlocalhost\n"
                                    "::1\tlocalhost ip6-localhost ip6-loopback\n"
                                    "fe00::0\tip6-localnet\n"
                                    "ff00::0\tip6-mcastprefix\n"
                                    "ff02::1\tip6-allnodes\n"
                                    "ff02::2\tip6-allrouters\n";

} // namespace

std::string Daemon::buildHosts(const Container& c, const std::vector<std::string>& linkLines) const {
    // Fixed lines, --add-host, legacy links, then one line of our own per address (etchosts.go).
    std::string out = kFixedHosts;
    for (const auto& [name, ip] : c.config.extraHosts) {
        // host-gateway is the daemon's HostGatewayIP, by default docker0's address (daemon_unix.go).
        std::string addr = ip;
        if (ip == "host-gateway")
            for (const auto& n : networks_)
                if (n.isDefaultBridge()) addr = n.gateway.str();
        out += addr + "\t" + name + "\n";
    }
    for (const auto& line : linkLines)
        out += line;
    for (const auto& a : c.attachments)
        if (a.active && networkById(a.networkId)->hasInterface()) out += hostsLines(c, a);
    return out;
}

std::string Daemon::hostsLines(const Container& c, const Attachment& a) const {
    // updateHostsFile: the endpoint's IPv4 address, then its IPv6 one on an --ipv6 network.
    std::string out = a.ip.str() + "\t" + c.hostsNames() + "\n";
    const Network* n = networkById(a.networkId);
    if (n && n->pool6 && a.ip6) out += n->pool6->subnet().at(*a.ip6) + "\t" + c.hostsNames() + "\n";
    return out;
}

std::string Daemon::buildResolvConf(const HostContext& ctx, const Container& c) const {
    DnsConfig dns{c.config.dns, c.config.dnsSearch, c.config.dnsOptions};
    return c.embeddedDns ? embeddedResolvConf(ctx.settings.resolvConf, dns)
                         : bridgeResolvConf(ctx.settings.resolvConf, dns);
}

void Daemon::writeSandboxFiles(HostContext& ctx, Container& c, const std::vector<std::string>& linkLines) {
    NsRef ns = nsRef(c);
    const std::string dir = "/var/lib/docker/containers/" + c.id + "/";
    ctx.emit(kernel::FileWrite{ns, "/etc/hosts", buildHosts(c, linkLines), dir + "hosts"});
    ctx.emit(kernel::FileWrite{ns, "/etc/hostname", c.hostname() + "\n", dir + "hostname"});
    ctx.emit(kernel::FileWrite{ns, "/etc/resolv.conf", buildResolvConf(ctx, c), dir + "resolv.conf"});
}

std::string hostsWithoutNames(const std::string& hosts, const std::string& names) {
    std::string kept;
    for (const auto& line : splitLines(hosts)) {
        auto tab = line.find('\t');
        if (tab != std::string::npos && line.substr(tab + 1) == names) continue;
        kept += line + "\n";
    }
    return kept;
}

} // namespace vethlab::docker
