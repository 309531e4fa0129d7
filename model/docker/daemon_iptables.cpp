// What Docker programs in netfilter: its chains at start, each bridge network's rules, the
// published ports' DNAT/MASQUERADE/ACCEPT and the embedded DNS's rules inside a sandbox.
#include "docker/daemon.h"
#include "docker/daemon_internal.h"

namespace vethlab::docker {
namespace {

using kernel::NetfilterRule;
using kernel::NsRef;

struct NetworkRules {
    // (table, chain, position, rule) in the order Docker installs them.
    struct Entry {
        std::string table, chain;
        int position;
        NetfilterRule rule;
    };
    std::vector<Entry> entries;
};

NetworkRules bridgeRules(const Network& n) {
    NetworkRules out;
    const std::string& br = n.bridgeName;
    Ipv4Prefix subnet = *Ipv4Prefix::parse(n.subnetText);
    Ipv4Prefix net{subnet.network(), subnet.length};
    // setIcc: ACCEPT is inserted at the top of FORWARD (DOCKER-USER and DOCKER-ISOLATION-STAGE-1 are
    // then moved back above it); DROP is appended at the end, after every other network's rules.
    NetfilterRule icc = rule(n.icc ? "ACCEPT" : "DROP");
    icc.inInterface = br;
    icc.outInterface = br;
    const int iccPosition = n.icc ? 3 : 0;
    if (!n.internal) {
        // setupIPTablesInternal: MASQUERADE and the nat DOCKER RETURN only with ip masquerade on.
        if (n.ipMasquerade) {
            NetfilterRule masq = rule("MASQUERADE");
            masq.source = net;
            masq.outInterface = br;
            masq.outNegated = true;
            out.entries.push_back({"nat", "POSTROUTING", 1, masq});
            NetfilterRule ret = rule("RETURN");
            ret.inInterface = br;
            out.entries.push_back({"nat", "DOCKER", 1, ret});
        }
        NetfilterRule est = rule("ACCEPT");
        est.outInterface = br;
        est.ctstate = "RELATED,ESTABLISHED";
        NetfilterRule toDocker = rule("DOCKER");
        toDocker.outInterface = br;
        NetfilterRule outward = rule("ACCEPT");
        outward.inInterface = br;
        outward.outInterface = br;
        outward.outNegated = true;
        out.entries.push_back({"filter", "FORWARD", 3, est});
        out.entries.push_back({"filter", "FORWARD", 4, toDocker});
        out.entries.push_back({"filter", "FORWARD", 5, outward});
        out.entries.push_back({"filter", "FORWARD", n.icc ? 6 : 0, icc});
        NetfilterRule stage1 = rule("DOCKER-ISOLATION-STAGE-2");
        stage1.inInterface = br;
        stage1.outInterface = br;
        stage1.outNegated = true;
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-1", 1, stage1});
        NetfilterRule stage2 = rule("DROP");
        stage2.outInterface = br;
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-2", 1, stage2});
    } else {
        NetfilterRule in = rule("DROP");
        in.source = net;
        in.sourceNegated = true;
        in.outInterface = br;
        NetfilterRule outRule = rule("DROP");
        outRule.destination = net;
        outRule.destinationNegated = true;
        outRule.inInterface = br;
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-1", 1, in});
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-1", 2, outRule});
        out.entries.push_back({"filter", "FORWARD", iccPosition, icc});
    }
    return out;
}

struct PortRules {
    NetfilterRule masquerade, dnat, accept;
};

PortRules portRules(const PublishedPort& p) {
    PortRules r;
    Ipv4Prefix ip32{p.containerIp, 32};
    r.masquerade = rule("MASQUERADE");
    r.masquerade.source = ip32;
    r.masquerade.destination = ip32;
    r.masquerade.protocol = p.container.proto;
    r.masquerade.destinationPort = p.container.port;
    r.dnat = rule("DNAT");
    if (p.hostIp != "0.0.0.0") r.dnat.destination = Ipv4Prefix{*Ipv4::parse(p.hostIp), 32};
    r.dnat.inInterface = p.bridgeName;
    r.dnat.inNegated = true;
    r.dnat.protocol = p.container.proto;
    r.dnat.destinationPort = p.hostPort;
    r.dnat.toDestination = p.containerIp.str() + ":" + std::to_string(p.container.port);
    r.accept = rule("ACCEPT");
    r.accept.destination = ip32;
    r.accept.inInterface = p.bridgeName;
    r.accept.inNegated = true;
    r.accept.outInterface = p.bridgeName;
    r.accept.protocol = p.container.proto;
    r.accept.destinationPort = p.container.port;
    return r;
}

} // namespace

NetfilterRule rule(std::string target) {
    NetfilterRule r;
    r.target = std::move(target);
    return r;
}

void emitDaemonChains(HostContext& ctx) {
    ctx.emit(kernel::Sysctl{{}, "net.ipv4.ip_forward", "1"});
    ctx.emit(kernel::ChainNew{{}, "nat", "DOCKER"});
    NetfilterRule pre = rule("DOCKER");
    pre.addrtypeDstLocal = true;
    ctx.emit(kernel::RuleInsert{{}, "nat", "PREROUTING", 0, pre});
    NetfilterRule out = rule("DOCKER");
    out.destination = Ipv4Prefix{Ipv4{0x7f000000}, 8};
    out.destinationNegated = true;
    out.addrtypeDstLocal = true;
    ctx.emit(kernel::RuleInsert{{}, "nat", "OUTPUT", 0, out});
    ctx.emit(kernel::ChainPolicy{{}, "filter", "FORWARD", "DROP"});
    for (const char* chain :
         {"DOCKER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2", "DOCKER-USER"})
        ctx.emit(kernel::ChainNew{{}, "filter", chain});
    ctx.emit(kernel::RuleInsert{{}, "filter", "FORWARD", 0, rule("DOCKER-USER")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "FORWARD", 0, rule("DOCKER-ISOLATION-STAGE-1")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER-ISOLATION-STAGE-1", 0, rule("RETURN")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER-ISOLATION-STAGE-2", 0, rule("RETURN")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER-USER", 0, rule("RETURN")});
}

void Daemon::programBridgeNetwork(HostContext& ctx, const Network& n) {
    for (const auto& e : bridgeRules(n).entries)
        ctx.emit(kernel::RuleInsert{{}, e.table, e.chain, e.position, e.rule});
}

void Daemon::unprogramBridgeNetwork(HostContext& ctx, const Network& n) {
    for (const auto& e : bridgeRules(n).entries)
        ctx.emit(kernel::RuleDelete{{}, e.table, e.chain, e.rule});
}

void Daemon::addDnsRules(HostContext& ctx, Container& c) {
    NsRef ns = nsRef(c);
    const kernel::NetworkNamespace* n = ctx.kernel.find(ns.id);
    if (!n || n->netfilter.nat.chain("DOCKER_OUTPUT")) return;
    int tcpPort = 32768 + static_cast<int>(ctx.random.below(28000));
    int udpPort = 32768 + static_cast<int>(ctx.random.below(28000));
    Ipv4Prefix dns{Ipv4{0x7f00000b}, 32};
    ctx.emit(kernel::ChainNew{ns, "nat", "DOCKER_OUTPUT"});
    ctx.emit(kernel::ChainNew{ns, "nat", "DOCKER_POSTROUTING"});
    NetfilterRule out = rule("DOCKER_OUTPUT");
    out.destination = dns;
    ctx.emit(kernel::RuleInsert{ns, "nat", "OUTPUT", 0, out});
    NetfilterRule post = rule("DOCKER_POSTROUTING");
    post.destination = dns;
    ctx.emit(kernel::RuleInsert{ns, "nat", "POSTROUTING", 0, post});
    for (auto [proto, port] : {std::pair<const char*, int>{"tcp", tcpPort}, {"udp", udpPort}}) {
        NetfilterRule d = rule("DNAT");
        d.destination = dns;
        d.protocol = proto;
        d.destinationPort = 53;
        d.toDestination = "127.0.0.11:" + std::to_string(port);
        ctx.emit(kernel::RuleInsert{ns, "nat", "DOCKER_OUTPUT", 0, d});
    }
    for (auto [proto, port] : {std::pair<const char*, int>{"tcp", tcpPort}, {"udp", udpPort}}) {
        NetfilterRule s = rule("SNAT");
        s.source = dns;
        s.protocol = proto;
        s.sourcePort = port;
        s.toSource = ":53";
        ctx.emit(kernel::RuleInsert{ns, "nat", "DOCKER_POSTROUTING", 0, s});
    }
}

void Daemon::publishPorts(HostContext& ctx, Container& c, const std::vector<PublishedPort>& ports) {
    // IPv6 bindings get no rules: ip6tables is left alone without --ipv6; docker-proxy serves them.
    for (const auto& p : ports) {
        if (!Ipv4::parse(p.hostIp)) continue;
        PortRules r = portRules(p);
        ctx.emit(kernel::RuleInsert{{}, "nat", "POSTROUTING", 0, r.masquerade});
        ctx.emit(kernel::RuleInsert{{}, "nat", "DOCKER", 0, r.dnat});
        ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER", 0, r.accept});
    }
    c.published = ports;
}

void Daemon::unpublishPorts(HostContext& ctx, Container& c) {
    for (const auto& p : c.published) {
        portAllocator_.release(p.hostIp, p.container.proto, p.hostPort);
        if (!Ipv4::parse(p.hostIp)) continue;
        PortRules r = portRules(p);
        ctx.emit(kernel::RuleDelete{{}, "nat", "POSTROUTING", r.masquerade});
        ctx.emit(kernel::RuleDelete{{}, "nat", "DOCKER", r.dnat});
        ctx.emit(kernel::RuleDelete{{}, "filter", "DOCKER", r.accept});
    }
    c.published.clear();
    c.hasPortEndpoint = false;
}

} // namespace vethlab::docker
