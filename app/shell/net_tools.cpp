#include "net_tools.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

#include "command_registry.h"
#include "ipv6_tools.h"
#include "kernel/kernel_op.h"

namespace vethlab::shell {
namespace {

using kernel::KernelState;
using kernel::Link;
using kernel::LinkKind;
using kernel::NetworkNamespace;

// The host's iptables (iptables-nft 1.8.9) as its messages and iptables-save name it: the one place.
const std::string kIptables = "iptables v1.8.9 (nf_tables)";
const std::string kIptablesSave = "iptables-save v1.8.9 (nf_tables)";

const NetworkNamespace* nsOf(const ExecContext& ctx) {
    return ctx.lab->kernel().find(ctx.namespaceId);
}

struct FlagBits {
    bool up, broadcast, loopback, running, noarp, multicast, lowerUp, noCarrier;
};

FlagBits flagsOf(const KernelState& k, const NetworkNamespace& ns, const Link& l) {
    FlagBits f{};
    f.up = l.adminUp;
    f.loopback = l.kind == LinkKind::Loopback;
    f.broadcast = !f.loopback;
    f.multicast = l.kind != LinkKind::Loopback && l.kind != LinkKind::Ifb && l.kind != LinkKind::Dummy;
    f.noarp = l.noArp();
    f.running = k.hasCarrier(ns, l);
    f.lowerUp = f.running;
    f.noCarrier = f.up && !f.running && l.kind != LinkKind::Loopback;
    return f;
}

std::string iproute2Flags(const FlagBits& f, bool mDown) {
    std::vector<std::string> parts;
    if (f.noCarrier) parts.push_back("NO-CARRIER");
    if (f.loopback) parts.push_back("LOOPBACK");
    if (f.broadcast) parts.push_back("BROADCAST");
    if (f.multicast) parts.push_back("MULTICAST");
    if (f.noarp) parts.push_back("NOARP");
    if (f.up) parts.push_back("UP");
    if (f.lowerUp) parts.push_back("LOWER_UP");
    if (mDown) parts.push_back("M-DOWN");
    std::string s = "<";
    for (std::size_t i = 0; i < parts.size(); ++i)
        s += (i ? "," : "") + parts[i];
    return s + ">";
}

std::string operStateName(const KernelState& k, const NetworkNamespace& ns, const Link& l) {
    switch (k.operState(ns, l)) {
    case kernel::OperState::Unknown:
        return "UNKNOWN";
    case kernel::OperState::Up:
        return "UP";
    case kernel::OperState::Down:
        return "DOWN";
    }
    return "UNKNOWN";
}

bool isStacked(const Link& l) {
    return l.kind == LinkKind::Veth || l.kind == LinkKind::Macvlan || l.kind == LinkKind::Ipvlan;
}

// "eth0@if18" (peer, or a macvlan's parent, in another namespace), "veth1@veth2" (same namespace), or
// the plain name.
std::string displayName(const NetworkNamespace& ns, const Link& l) {
    if (!isStacked(l) || l.peerIfindex == 0) return l.name;
    if (l.peerNamespace == ns.id)
        if (const Link* peer = ns.link(l.peerIfindex)) return l.name + "@" + peer->name;
    return l.name + "@if" + std::to_string(l.peerIfindex);
}

bool peerElsewhere(const NetworkNamespace& ns, const Link& l) {
    return isStacked(l) && l.peerNamespace != ns.id && l.peerNamespace >= 0;
}

// `inet6Dump`: busybox ip -6 addr dumps the links with family AF_INET6, and the kernel's inet6 link
// dump (inet6_fill_ifinfo) carries no IFLA_QDISC, so busybox prints no qdisc (qlen comes by ioctl).
std::string linkLine(const ExecContext& ctx, const NetworkNamespace& ns, const Link& l, bool linkMode,
                     bool inet6Dump = false) {
    const KernelState& k = ctx.lab->kernel();
    FlagBits f = flagsOf(k, ns, l);
    std::string s = std::to_string(l.ifindex) + ": " + displayName(ns, l) + ": ";
    if (ctx.isBusybox()) {
        s += iproute2Flags(f, peerElsewhere(ns, l)) + " mtu " + std::to_string(l.mtu) + " ";
        if (!inet6Dump) s += "qdisc " + l.qdisc + " ";
        if (ctx.flavour == docker::Flavour::Busybox) s += "state " + operStateName(k, ns, l) + " ";
        if (l.qlen) s += "qlen " + std::to_string(l.qlen);
        return s;
    }
    s += iproute2Flags(f, false) + " mtu " + std::to_string(l.mtu) + " qdisc " + l.qdisc + " ";
    if (l.master)
        if (const Link* m = ns.link(l.master)) s += "master " + m->name + " ";
    s += "state " + operStateName(k, ns, l) + " ";
    if (linkMode) s += "mode DEFAULT ";
    s += "group default ";
    if (l.qlen) s += "qlen " + std::to_string(l.qlen);
    return s;
}

std::string etherLine(const ExecContext& ctx, const NetworkNamespace& ns, const Link& l) {
    std::string s = l.kind == LinkKind::Loopback
                        ? "    link/loopback " + l.mac.str() + " brd 00:00:00:00:00:00"
                        : "    link/ether " + l.mac.str() + " brd ff:ff:ff:ff:ff:ff";
    if (!ctx.isBusybox() && peerElsewhere(ns, l)) {
        int nsid = const_cast<KernelState&>(ctx.lab->kernel()).nsidFor(ns.id, l.peerNamespace);
        s += " link-netnsid " + std::to_string(nsid);
    }
    return s + "\n";
}

std::string addrLines(const ExecContext& ctx, const Link& l, bool only4, bool only6 = false) {
    std::string s;
    for (const auto& a : only6 ? std::vector<kernel::Ipv4Address>{} : l.ipv4) {
        s += "    inet " + a.prefix.str();
        if (l.kind != LinkKind::Loopback) s += " brd " + a.broadcast.str();
        s += std::string(" scope ") + (l.kind == LinkKind::Loopback ? "host" : "global") + " " + a.label +
             "\n";
        s += "       valid_lft forever preferred_lft forever\n";
    }
    if (only4) return s;
    const Nanos now = ctx.lab->kernel().now();
    for (const auto& a : l.ipv6) {
        s += "    inet6 " + a.address + "/" + std::to_string(a.prefixLength) + " scope " + a.scope + " ";
        const bool tentative = a.runsDad && now - a.addedAt < ctx.lab->kernel().dadDuration();
        if (ctx.isBusybox()) {
            // busybox ip names the flags it knows and prints the rest in hex (IFA_F_NODAD = 0x02).
            if (tentative) s += "tentative ";
            if (a.flags == "nodad") s += "flags 02 ";
        } else {
            if (!a.flags.empty()) s += a.flags + " ";
            if (tentative) s += "tentative ";
        }
        s += "\n       valid_lft forever preferred_lft forever\n";
    }
    return s;
}

std::vector<const Link*> selectLinks(const NetworkNamespace& ns, const std::string& dev,
                                     const std::string& master) {
    std::vector<const Link*> out;
    const Link* m = master.empty() ? nullptr : ns.linkByName(master);
    for (const auto& l : ns.links) {
        if (!dev.empty() && l.name != dev) continue;
        if (!master.empty() && (!m || l.master != m->ifindex)) continue;
        out.push_back(&l);
    }
    return out;
}

bool isPrefixOf(const std::string& word, const std::string& full, std::size_t minLen = 1) {
    return word.size() >= minLen && word.size() <= full.size() && full.compare(0, word.size(), word) == 0;
}

std::string routeLines(const ExecContext& ctx, const NetworkNamespace& ns) {
    std::vector<const kernel::Route*> routes;
    for (const auto& r : ns.routes)
        routes.push_back(&r);
    std::stable_sort(routes.begin(), routes.end(), [](auto* a, auto* b) {
        if (a->destination.network() != b->destination.network())
            return a->destination.network() < b->destination.network();
        return a->destination.length < b->destination.length;
    });
    std::string out;
    const KernelState& k = ctx.lab->kernel();
    for (const auto* r : routes) {
        const Link* dev = ns.link(r->device);
        std::string devName = dev ? dev->name : "?";
        std::string line =
            r->isDefault() ? "default" : Ipv4Prefix{r->destination.network(), r->destination.length}.str();
        if (r->gateway) line += " via " + r->gateway->str();
        line += " dev " + devName;
        if (ctx.isBusybox()) {
            // busybox print_route: "dev %s ", "scope %s ", " src %s ", each word with its own spaces.
            line += " ";
            if (r->scopeLink) line += "scope link ";
            if (r->source) line += " src " + r->source->str() + " ";
            out += line + "\n";
            continue;
        }
        if (r->protoKernel) line += " proto kernel";
        if (r->scopeLink) line += " scope link";
        if (r->source) line += " src " + r->source->str();
        line += " ";
        if (dev && !k.hasCarrier(ns, *dev)) line += "linkdown ";
        out += line + "\n";
    }
    return out;
}

// iproute2's print_stats64: RX and TX lines under headers whose columns widen with the numbers; -s -s
// adds the error breakdowns. The engine counts packets, bytes and drops; a simulated link has no
// errors, no missed or multicast frames (veth and bridge drivers count none), no collisions.
std::string statsBlock(const Link& l, int level) {
    const auto& c = l.counters;
    const std::uint64_t transitions = l.kind == LinkKind::Loopback ? 0 : l.gotCarrierOnce ? 2 : 1;
    std::vector<unsigned> cols = {10, 7, 6, 7, 7, 7, 10, 9};
    auto widen = [&](std::initializer_list<std::uint64_t> values) {
        std::size_t i = 0;
        for (std::uint64_t v : values) {
            cols[i] = std::max<unsigned>(cols[i], static_cast<unsigned>(std::to_string(v).size()));
            ++i;
        }
    };
    widen({c.rxBytes, c.rxPackets, 0, c.rxDropped, 0, 0, 0, 0});
    if (level > 1) widen({0, 0, 0, 0, 0, 0, 0, 0});
    widen({c.txBytes, c.txPackets, 0, c.txDropped, 0, 0, 0, 0});
    if (level > 1) widen({0, 0, 0, 0, 0, 0, transitions, 0});
    auto field = [](unsigned width, const std::string& text) {
        return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
    };
    auto numbers = [&](std::size_t from, std::initializer_list<std::uint64_t> values) {
        std::string line;
        for (std::uint64_t v : values)
            line += field(cols[from++], std::to_string(v)) + " ";
        return line;
    };
    auto header = [&](const char* side, const std::vector<std::string>& names) {
        std::string line = std::string("    ") + side + ": " + field(cols[0] - 4, "bytes");
        for (std::size_t i = 0; i < names.size(); ++i)
            line += " " + field(cols[i + 1], names[i]);
        return line + " " + std::string(cols[6], ' ') + "\n";
    };
    std::string out = header("RX", {"packets", "errors", "dropped", "missed", "mcast"});
    out += "    " + numbers(0, {c.rxBytes, c.rxPackets, 0, c.rxDropped, 0, 0});
    if (level > 1) {
        out += "\n    RX errors:" + std::string(cols[0] - 10, ' ');
        const char* names[] = {"length", "crc", "frame", "fifo", "overrun"};
        for (std::size_t i = 0; i < 5; ++i)
            out += " " + field(cols[i + 1], names[i]);
        out += "\n" + std::string(cols[0] + 5, ' ') + numbers(1, {0, 0, 0, 0, 0});
    }
    out += "\n" + header("TX", {"packets", "errors", "dropped", "carrier", "collsns"});
    out += "    " + numbers(0, {c.txBytes, c.txPackets, 0, c.txDropped, 0, 0});
    if (level > 1) {
        // The kernel always reports carrier changes, so iproute2 shows "transns": a veth or bridge that
        // came up went down once when created and up once since.
        out += "\n    TX errors:" + std::string(cols[0] - 10, ' ');
        const char* names[] = {"aborted", "fifo", "window", "heartbt", "transns"};
        for (std::size_t i = 0; i < 5; ++i)
            out += " " + field(cols[i + 1], names[i]);
        out += "\n" + std::string(cols[0] + 5, ' ') + numbers(1, {0, 0, 0, 0, transitions});
    }
    return out + "\n";
}

int ipUsage(Streams& io, const std::string& object) {
    io.error("Object \"" + object + "\" is unknown, try \"ip help\".\n");
    return 1;
}

} // namespace

std::string humanBytes(std::uint64_t bytes) {
    static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "(%.1f %s)", v, units[u]);
    return buf;
}

namespace {

struct IpOptions {
    bool only4 = false, only6 = false, onlyLink = false, brief = false;
    int stats = 0; // -s, twice for the error breakdowns
};

// ip's options before the object; the exit status when one is refused. `i` ends at the object.
std::optional<int> parseIpOptions(const ExecContext& ctx, const std::vector<std::string>& argv,
                                  std::size_t& i, IpOptions& o, Streams& io) {
    // bb_show_usage: the image's banner, then the trivial and the full usage (busybox 1.35's ip).
    const std::string busyboxUsage = ctx.busyboxBanner() +
                                     "\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n"
                                     "OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n"
                                     "ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n"
                                     "ip route list|flush|add|del|change|append|replace|test ROUTE\n"
                                     "ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n"
                                     "\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n"
                                     "\t[master IFACE | nomaster] [netns PID]\n"
                                     "ip tunnel add|change|del|show [NAME]\n"
                                     "\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n"
                                     "ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n"
                                     "ip rule [list] | add|del SELECTOR ACTION\n";
    auto startsWord = [](const std::string& opt, const std::string& word) {
        return opt.size() > 1 && word.compare(0, opt.size(), opt) == 0;
    };
    // The last family given wins (preferred_family), as in both ips.
    auto setFamily = [&o](const std::string& family) {
        o.only4 = family == "inet";
        o.only6 = family == "inet6";
        o.onlyLink = family == "link";
    };
    for (i = 1; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
        const std::string& a = argv[i];
        if (a == "-4")
            setFamily("inet");
        else if (a == "-6")
            setFamily("inet6");
        else if (a == "-0")
            setFamily("link");
        else if (startsWord(a, "-family") || startsWord(a, "--family")) {
            if (i + 1 >= argv.size()) {
                if (ctx.isBusybox())
                    io.error(busyboxUsage);
                else
                    io.error("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n");
                return ctx.isBusybox() ? 1 : 255;
            }
            const std::string& family = argv[++i];
            if (family != "inet" && family != "inet6" && family != "link") {
                io.error(ctx.isBusybox()
                             ? "ip: invalid argument '" + family + "' to 'family'\n"
                             : "Error: argument \"" + family + "\" is wrong: invalid protocol family\n");
                return ctx.isBusybox() ? 1 : 255;
            }
            setFamily(family);
        } else if (ctx.isBusybox()) {
            // busybox's ip_parse_common_args knows -oneline, -family, -4, -6, -0; anything else: usage.
            if (!startsWord(a, "-oneline")) {
                io.error(busyboxUsage);
                return 1;
            }
        } else if (a == "-br" || a == "-brief")
            o.brief = true;
        else if (startsWord(a, "-stats") || startsWord(a, "-statistics"))
            ++o.stats;
        else if (a != "-d" && a != "-c" && a != "-color") {
            io.error("Option \"" + a + "\" is unknown, try \"ip -help\".\n");
            return 255;
        }
    }
    if (i >= argv.size()) {
        io.error(ctx.isBusybox() ? busyboxUsage : "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n");
        return 1;
    }
    return std::nullopt;
}

// ip neigh: entries fall from REACHABLE to STALE after base_reachable_time (30 s).
std::string neighbourLines(const ExecContext& ctx, const NetworkNamespace& ns) {
    std::string out;
    for (const auto& n : ns.neighbours) {
        const Link* dev = ns.link(n.ifindex);
        if (!dev) continue;
        std::string line = n.ip.str() + " dev " + dev->name;
        switch (n.state) {
        case kernel::Neighbour::State::Incomplete:
            line += " INCOMPLETE";
            break;
        case kernel::Neighbour::State::Failed:
            line += " FAILED";
            break;
        default:
            line += " lladdr " + n.mac.str() +
                    (n.state == kernel::Neighbour::State::Reachable &&
                             ctx.lab->kernel().now() - n.updated < 30 * kSecond
                         ? " REACHABLE"
                         : " STALE");
        }
        out += line + " \n";
    }
    return out;
}

// ip -br link|addr: one line per link.
std::string briefLine(const ExecContext& ctx, const NetworkNamespace& ns, const Link& l, bool isLink,
                      bool only4) {
    char buf[64];
    const std::string name = displayName(ns, l);
    const std::string state = operStateName(ctx.lab->kernel(), ns, l);
    if (isLink) {
        std::snprintf(buf, sizeof buf, "%-16s %-14s %s ", name.c_str(), state.c_str(), l.mac.str().c_str());
        return buf + iproute2Flags(flagsOf(ctx.lab->kernel(), ns, l), false) + " \n";
    }
    std::snprintf(buf, sizeof buf, "%-16s %-14s ", name.c_str(), state.c_str());
    std::string line = buf;
    for (const auto& a : l.ipv4)
        line += a.prefix.str() + " ";
    if (!only4)
        for (const auto& a : l.ipv6)
            line += a.address + "/" + std::to_string(a.prefixLength) + " ";
    return line + "\n";
}

// ip link|addr: one link's block ("" when -4/-6 leaves nothing of it).
std::string linkBlock(const ExecContext& ctx, const NetworkNamespace& ns, const Link& l, bool isLink,
                      const IpOptions& o) {
    const bool isAddr = !isLink;
    if (isAddr && o.only4 && l.ipv4.empty()) return "";
    if (isAddr && o.only6 && l.ipv6.empty()) return "";
    std::string head = linkLine(ctx, ns, l, isLink, isAddr && o.only6);
    std::string out;
    if (isAddr && o.onlyLink) {
        // -0 / -f link: the links alone, no address dump.
        out = head + "\n" + etherLine(ctx, ns, l);
    } else if (isAddr && (o.only4 || o.only6) && ctx.isBusybox()) {
        // busybox prints the link/ether line only when no family was asked for (print_linkinfo).
        out = head + "\n" + addrLines(ctx, l, o.only4, o.only6);
    } else if (isAddr && (o.only4 || o.only6)) {
        // iproute2 quirk: with -4 the link/ether line is skipped but its netnsid lands on the header.
        if (peerElsewhere(ns, l))
            head +=
                " link-netnsid " +
                std::to_string(const_cast<KernelState&>(ctx.lab->kernel()).nsidFor(ns.id, l.peerNamespace));
        out = head + "\n" + addrLines(ctx, l, o.only4, o.only6);
    } else {
        out = head + "\n" + etherLine(ctx, ns, l);
        if (isAddr) out += addrLines(ctx, l, o.only4, o.only6);
    }
    if (o.stats) out += statsBlock(l, o.stats);
    return out;
}

// ip link|addr [show] [dev] DEV [master BR] [up].
int showLinks(const ExecContext& ctx, const NetworkNamespace& ns, const std::vector<std::string>& rest,
              bool isLink, const IpOptions& o, Streams& io) {
    std::string dev, master;
    for (std::size_t j = 0; j < rest.size(); ++j) {
        if (rest[j] == "dev" && j + 1 < rest.size())
            dev = rest[++j];
        else if (rest[j] == "master" && j + 1 < rest.size())
            master = rest[++j];
        else if (rest[j] != "up")
            dev = rest[j];
    }
    if (!dev.empty() && !ns.linkByName(dev)) {
        io.error(ctx.isBusybox() ? "ip: can't find device '" + dev + "'\n"
                                 : "Device \"" + dev + "\" does not exist.\n");
        return 1;
    }
    if (!master.empty() && !ns.linkByName(master)) {
        io.error("Device \"" + master + "\" does not exist.\n");
        return 1;
    }
    std::string out;
    for (const Link* l : selectLinks(ns, dev, master))
        out += o.brief ? briefLine(ctx, ns, *l, isLink, o.only4) : linkBlock(ctx, ns, *l, isLink, o);
    io.print(out);
    return 0;
}

} // namespace

int runIp(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    IpOptions o;
    std::size_t i = 1;
    if (auto status = parseIpOptions(ctx, argv, i, o, io)) return *status;
    std::string object = argv[i++];
    std::vector<std::string> rest(argv.begin() + static_cast<long>(i), argv.end());
    if (!rest.empty() && (rest[0] == "show" || rest[0] == "list" || rest[0] == "ls" || rest[0] == "lst"))
        rest.erase(rest.begin());

    const bool isRoute = isPrefixOf(object, "route");
    const bool isNeigh = isPrefixOf(object, "neighbour") || isPrefixOf(object, "neighbor");
    if (o.only6 && isRoute) {
        if (!rest.empty() && rest[0] != "dev") {
            io.error("vethlab: ip -6 route " + rest[0] +
                     " is not simulated; ip -6 route [show] [dev DEV] is\n");
            return 1;
        }
        const std::string dev = rest.size() > 1 ? rest[1] : "";
        if (!dev.empty() && !ns->linkByName(dev)) {
            io.error(ctx.isBusybox() ? "ip: can't find device '" + dev + "'\n"
                                     : "Cannot find device \"" + dev + "\"\n");
            return 1;
        }
        io.print(ipv6RouteLines(ctx, *ns, dev));
        return 0;
    }
    if (isRoute) {
        if (!rest.empty() && rest[0] != "dev") {
            io.error("vethlab: ip route " + rest[0] + " is not simulated; ip route [show] is\n");
            return 1;
        }
        io.print(routeLines(ctx, *ns));
        return 0;
    }
    if (isNeigh) {
        // Without -4 or -6 the dump asks every family: the ARP table, then the NDP table.
        io.print((o.only6 ? "" : neighbourLines(ctx, *ns)) + (o.only4 ? "" : ipv6NeighbourLines(ctx, *ns)));
        return 0;
    }
    if (isPrefixOf(object, "address")) return showLinks(ctx, *ns, rest, false, o, io);
    if (isPrefixOf(object, "link")) return showLinks(ctx, *ns, rest, true, o, io);
    return ipUsage(io, object);
}

namespace {

// busybox ifconfig's block for one link (networking/interface.c).
std::string busyboxIfconfig(const Link& l, const FlagBits& f) {
    const auto& c = l.counters;
    char name[64];
    std::snprintf(name, sizeof name, "%-9.9s ", l.name.c_str());
    std::string out = name;
    if (l.kind == LinkKind::Loopback)
        out += "Link encap:Local Loopback  \n";
    else
        out += "Link encap:Ethernet  HWaddr " + l.mac.upper() + "  \n";
    for (const auto& a : l.ipv4) {
        out += "          inet addr:" + a.prefix.addr.str();
        if (l.kind != LinkKind::Loopback) out += "  Bcast:" + a.broadcast.str();
        out += "  Mask:" + netmaskString(a.prefix.length) + "\n";
    }
    std::string fl;
    if (f.up) fl += "UP ";
    if (f.broadcast) fl += "BROADCAST ";
    if (f.loopback) fl += "LOOPBACK ";
    if (f.running) fl += "RUNNING ";
    if (f.noarp) fl += "NOARP ";
    if (f.multicast) fl += "MULTICAST ";
    out += "          " + fl + " MTU:" + std::to_string(l.mtu) + "  Metric:1\n";
    out += "          RX packets:" + std::to_string(c.rxPackets) +
           " errors:0 dropped:" + std::to_string(c.rxDropped) + " overruns:0 frame:0\n";
    out += "          TX packets:" + std::to_string(c.txPackets) +
           " errors:0 dropped:" + std::to_string(c.txDropped) + " overruns:0 carrier:0\n";
    out += "          collisions:0 txqueuelen:" + std::to_string(l.qlen) + " \n";
    out += "          RX bytes:" + std::to_string(c.rxBytes) + " " + humanBytes(c.rxBytes) +
           "  TX bytes:" + std::to_string(c.txBytes) + " " + humanBytes(c.txBytes) + "\n\n";
    return out;
}

// net-tools 2.10 ifconfig's block for one link: the flags as a number and names, then the addresses.
std::string netToolsIfconfig(const Link& l, const FlagBits& f) {
    const auto& c = l.counters;
    unsigned value = (f.up ? 0x1u : 0) | (f.broadcast ? 0x2u : 0) | (f.loopback ? 0x8u : 0) |
                     (f.running ? 0x40u : 0) | (f.noarp ? 0x80u : 0) | (f.multicast ? 0x1000u : 0);
    std::vector<std::string> names;
    if (f.up) names.push_back("UP");
    if (f.broadcast) names.push_back("BROADCAST");
    if (f.loopback) names.push_back("LOOPBACK");
    if (f.running) names.push_back("RUNNING");
    if (f.noarp) names.push_back("NOARP");
    if (f.multicast) names.push_back("MULTICAST");
    std::string fl;
    for (std::size_t i = 0; i < names.size(); ++i)
        fl += (i ? "," : "") + names[i];
    std::string out =
        l.name + ": flags=" + std::to_string(value) + "<" + fl + ">  mtu " + std::to_string(l.mtu) + "\n";
    for (const auto& a : l.ipv4) {
        out += "        inet " + a.prefix.addr.str() + "  netmask " + netmaskString(a.prefix.length);
        if (l.kind != LinkKind::Loopback) out += "  broadcast " + a.broadcast.str();
        out += "\n";
    }
    for (const auto& a : l.ipv6) {
        std::string scope = a.scope == "link"   ? "0x20<link>"
                            : a.scope == "host" ? "0x10<host>"
                                                : "0x0<global>";
        out += "        inet6 " + a.address + "  prefixlen " + std::to_string(a.prefixLength) + "  scopeid " +
               scope + "\n";
    }
    if (l.kind == LinkKind::Loopback)
        out += "        loop  txqueuelen " + std::to_string(l.qlen) + "  (Local Loopback)\n";
    else
        out += "        ether " + l.mac.str() + "  txqueuelen " + std::to_string(l.qlen) + "  (Ethernet)\n";
    out += "        RX packets " + std::to_string(c.rxPackets) + "  bytes " + std::to_string(c.rxBytes) +
           " " + humanBytes(c.rxBytes) + "\n";
    out += "        RX errors 0  dropped " + std::to_string(c.rxDropped) + "  overruns 0  frame 0\n";
    out += "        TX packets " + std::to_string(c.txPackets) + "  bytes " + std::to_string(c.txBytes) +
           " " + humanBytes(c.txBytes) + "\n";
    out += "        TX errors 0  dropped " + std::to_string(c.txDropped) +
           " overruns 0  carrier 0  collisions 0\n\n";
    return out;
}

} // namespace

int runIfconfig(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    bool all = false;
    std::string dev;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        if (argv[i] == "-a")
            all = true;
        else
            dev = argv[i];
    }
    if (!dev.empty() && !ns->linkByName(dev)) {
        io.error(ctx.isBusybox()
                     ? "ifconfig: " + dev + ": error fetching interface information: Device not found\n"
                     : dev + ": error fetching interface information: Device not found\n");
        return 1;
    }
    std::vector<const Link*> links;
    for (const auto& l : ns->links)
        if ((dev.empty() && (all || l.adminUp)) || l.name == dev) links.push_back(&l);
    std::sort(links.begin(), links.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::string out;
    for (const Link* l : links) {
        const FlagBits f = flagsOf(ctx.lab->kernel(), *ns, *l);
        out += ctx.isBusybox() ? busyboxIfconfig(*l, f) : netToolsIfconfig(*l, f);
    }
    io.print(out);
    return 0;
}

int runRoute(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    bool numeric = std::find(argv.begin() + 1, argv.end(), "-n") != argv.end();
    std::vector<const kernel::Route*> routes;
    for (const auto& r : ns->routes)
        routes.push_back(&r);
    std::stable_sort(routes.begin(), routes.end(), [](auto* a, auto* b) {
        if (a->isDefault() != b->isDefault()) return a->isDefault();
        return a->destination.network() < b->destination.network();
    });
    std::string out = "Kernel IP routing table\n";
    out += "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n";
    for (const auto* r : routes) {
        const Link* dev = ns->link(r->device);
        std::string dst = r->isDefault() && !numeric ? "default" : r->destination.network().str();
        std::string gw = r->gateway ? r->gateway->str() : numeric ? "0.0.0.0" : "0.0.0.0";
        std::string flags = r->gateway ? "UG" : "U";
        char buf[160];
        std::snprintf(buf, sizeof buf, "%-15s %-15s %-15s %-5s %-6d %-6d %3d %s\n", dst.c_str(), gw.c_str(),
                      netmaskString(r->destination.length).c_str(), flags.c_str(), 0, 0, 0,
                      dev ? dev->name.c_str() : "?");
        out += buf;
    }
    io.print(out);
    return 0;
}

int runBrctl(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    if (argv.size() < 2 || argv[1] != "show") {
        io.error("Usage: brctl [commands]\n");
        return 1;
    }
    std::vector<const Link*> bridges;
    for (const auto& l : ns->links)
        if (l.kind == LinkKind::Bridge) bridges.push_back(&l);
    std::sort(bridges.begin(), bridges.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::string out = "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n";
    for (const Link* b : bridges) {
        std::string id = "8000.";
        for (auto byte : b->mac.bytes) {
            char h[8];
            std::snprintf(h, sizeof h, "%02x", byte);
            id += h;
        }
        std::vector<std::string> ports;
        for (const auto& l : ns->links)
            if (l.master == b->ifindex) ports.push_back(l.name);
        std::sort(ports.begin(), ports.end());
        out += b->name + "\t\t" + id + "\tno\t\t";
        for (std::size_t i = 0; i < ports.size(); ++i)
            out += (i ? "\t\t\t\t\t\t\t" : "") + ports[i] + "\n";
        if (ports.empty()) out += "\n";
    }
    io.print(out);
    return 0;
}

int runBridge(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    if (argv.size() < 2 || !isPrefixOf(argv[1], "link")) {
        if (argv.size() >= 2 && isPrefixOf(argv[1], "fdb")) {
            // Learned (dynamic) entries; the kernel's permanent ones are not modelled.
            std::string out, only; // `bridge fdb show br NAME`: one bridge
            for (std::size_t k = 2; k + 1 < argv.size(); ++k)
                if (argv[k] == "br") only = argv[k + 1];
            for (const auto& br : ns->links)
                for (const auto& e :
                     only.empty() || br.name == only ? br.fdb : std::vector<kernel::FdbEntry>{})
                    if (const Link* port = ns->link(e.port))
                        out += e.mac.str() + " dev " + port->name + " master " + br.name + " \n";
            io.print(out);
            return 0;
        }
        io.error("Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n");
        return 255;
    }
    std::string out;
    const KernelState& k = ctx.lab->kernel();
    for (const auto& l : ns->links) {
        if (!l.master) continue;
        const Link* m = ns->link(l.master);
        FlagBits f = flagsOf(k, *ns, l);
        out += std::to_string(l.ifindex) + ": " + displayName(*ns, l) + ": " + iproute2Flags(f, false) +
               " mtu " + std::to_string(l.mtu) + " master " + (m ? m->name : "?") + " state " +
               (f.running ? "forwarding" : "disabled") + " priority 32 cost 2 \n";
    }
    io.print(out);
    return 0;
}

namespace {

// libipt_DNAT's parse_to: the port after the colon must be 1-65535 (atoi, so "80abc" is 80), only with
// a protocol that has ports, and a range must not be reversed.
std::optional<std::string> checkNatPorts(const std::string& to, const std::string& protocol) {
    const auto colon = to.find(':');
    if (colon == std::string::npos) return std::nullopt;
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp" && protocol != "dccp")
        return "Need TCP, UDP, SCTP or DCCP with port specification";
    const std::string ports = to.substr(colon + 1);
    auto atoiPort = [](const std::string& text) {
        long v = std::strtol(text.c_str(), nullptr, 10);
        return v > 0 && v <= 65535 ? static_cast<int>(v) : 0;
    };
    const int port = atoiPort(ports);
    if (!port) return "Port `" + ports + "' not valid\n";
    if (ports.find(':') != std::string::npos) return "Invalid port:port syntax - use dash\n";
    if (auto dash = ports.find('-'); dash != std::string::npos) {
        const int maxPort = atoiPort(ports.substr(dash + 1));
        if (!maxPort) return "Port `" + ports.substr(dash + 1) + "' not valid\n";
        if (maxPort < port) return "Port range `" + ports + "' funky\n";
    }
    return std::nullopt;
}

// Parses an iptables rule specification (-s, -d, -i, -o, -p, -m tcp/udp --dport/--sport, -m conntrack
// --ctstate, -j TARGET [--to-destination]); returns an error text on failure.
std::optional<std::string> parseRuleSpec(const std::vector<std::string>& a, std::size_t i,
                                         kernel::NetfilterRule& r) {
    bool negate = false;
    for (; i < a.size(); ++i) {
        const std::string& o = a[i];
        auto next = [&]() -> std::optional<std::string> {
            if (i + 1 >= a.size()) return std::nullopt;
            return a[++i];
        };
        if (o == "!") {
            negate = true;
            continue;
        }
        auto value = next();
        if (!value && o != "!") return "option \"" + o + "\" requires an argument";
        if (o == "-s" || o == "-d") {
            std::string v = *value;
            if (v.find('/') == std::string::npos) v += "/32";
            auto p = Ipv4Prefix::parse(v);
            if (!p) return "host/network `" + *value + "' not found";
            (o == "-s" ? r.source : r.destination) = p;
            (o == "-s" ? r.sourceNegated : r.destinationNegated) = negate;
        } else if (o == "-i" || o == "-o") {
            (o == "-i" ? r.inInterface : r.outInterface) = *value;
            (o == "-i" ? r.inNegated : r.outNegated) = negate;
        } else if (o == "-p") {
            r.protocol = *value;
        } else if (o == "-m") {
            // match modules are implied by their options
        } else if (o == "--dport") {
            r.destinationPort = std::atoi(value->c_str());
        } else if (o == "--sport") {
            r.sourcePort = std::atoi(value->c_str());
        } else if (o == "--ctstate") {
            r.ctstate = *value;
        } else if (o == "--dst-type") {
            r.addrtypeDstLocal = *value == "LOCAL";
        } else if (o == "-j") {
            r.target = *value;
        } else if (o == "--to-destination") {
            if (auto err = checkNatPorts(*value, r.protocol)) return err;
            r.toDestination = *value;
        } else {
            return "unknown option \"" + o + "\"";
        }
        negate = false;
    }
    return std::nullopt;
}

// iptables [-t T] -A|-I|-D CHAIN [N] spec: the exit status, or nullopt when the command changes no rule.
std::optional<int> changeRule(ExecContext& ctx, const NetworkNamespace& ns,
                              const std::vector<std::string>& argv, Streams& io) {
    std::string table = "filter";
    std::size_t i = 1;
    for (; i + 1 < argv.size() && argv[i] == "-t"; i += 2)
        table = argv[i + 1];
    if (i >= argv.size() || (argv[i] != "-A" && argv[i] != "-I" && argv[i] != "-D")) return std::nullopt;
    const std::string action = argv[i];
    if (i + 1 >= argv.size()) {
        io.error(kIptables + ": option \"" + action + "\" requires an argument\n");
        return 2;
    }
    const std::string target = argv[i + 1];
    std::size_t specStart = i + 2;
    int position = action == "-I" ? 1 : 0;
    if (action == "-I" && specStart < argv.size() && !argv[specStart].empty() &&
        std::isdigit(static_cast<unsigned char>(argv[specStart][0])))
        position = std::atoi(argv[specStart++].c_str());
    const kernel::NetfilterTable* t = ns.netfilter.table(table);
    if (!t) {
        io.error(kIptables + ": table '" + table + "' does not exist\n");
        return 3;
    }
    if (!t->chain(target)) {
        io.error("iptables: No chain/target/match by that name.\n");
        return 1;
    }
    kernel::NetfilterRule rule;
    if (auto err = parseRuleSpec(argv, specStart, rule)) {
        io.error(kIptables + ": " + *err +
                 "\nTry `iptables -h' or 'iptables --help' for more information.\n");
        return 2;
    }
    auto host = ctx.lab->context();
    const kernel::NsRef ref{ns.id, ns.name};
    if (action != "-D") {
        host.emit(kernel::RuleInsert{ref, table, target, position, rule});
        return 0;
    }
    const auto& rules = t->chain(target)->rules;
    if (std::none_of(rules.begin(), rules.end(),
                     [&](const kernel::NetfilterRule& r) { return r.sameAs(rule); })) {
        io.error("iptables: Bad rule (does a matching rule exist in that chain?).\n");
        return 1;
    }
    host.emit(kernel::RuleDelete{ref, table, target, rule});
    return 0;
}

struct IptablesListing {
    std::string table = "filter", chain;
    bool listS = false, listL = false, zero = false, numeric = false, verbose = false, exact = false;
};

// The listing commands' options (-S -L -Z -n -v -x, bundled or long; -t TABLE; a chain); the exit status
// when one is unknown.
std::optional<int> parseListing(const std::vector<std::string>& argv, IptablesListing& o, Streams& io) {
    const std::map<char, bool IptablesListing::*> letters = {
        {'S', &IptablesListing::listS},   {'L', &IptablesListing::listL},   {'Z', &IptablesListing::zero},
        {'n', &IptablesListing::numeric}, {'v', &IptablesListing::verbose}, {'x', &IptablesListing::exact}};
    const std::map<std::string, char> words = {{"--list-rules", 'S'}, {"--list", 'L'},    {"--zero", 'Z'},
                                               {"--numeric", 'n'},    {"--verbose", 'v'}, {"--exact", 'x'}};
    // -L, -S and -Z take an optional chain only right after them (getopt's optional argument): anywhere
    // else a word is refused.
    bool chainMayFollow = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        const bool mayTakeChain = chainMayFollow;
        const char last = a.size() >= 2 && a[0] == '-' && a[1] != '-' ? a.back() : '\0';
        chainMayFollow = (words.count(a) && std::string("LSZ").find(words.at(a)) != std::string::npos) ||
                         (last && std::string("LSZ").find(last) != std::string::npos);
        if (a == "-t" && i + 1 < argv.size())
            o.table = argv[++i];
        else if (auto w = words.find(a); w != words.end())
            o.*(letters.at(w->second)) = true;
        else if (a.size() == 2 && a[0] == '-' && letters.count(a[1]))
            o.*(letters.at(a[1])) = true;
        else if (a[0] == '-' && a.size() > 2 && a[1] != '-') {
            for (char ch : a.substr(1))
                if (letters.count(ch))
                    o.*(letters.at(ch)) = true;
                else if (ch == 't' && i + 1 < argv.size())
                    o.table = argv[++i];
        } else if (a[0] != '-') {
            if (!mayTakeChain || !o.chain.empty()) {
                io.error("Bad argument `" + a +
                         "'\nTry `iptables -h' or 'iptables --help' for more information.\n");
                return 2;
            }
            o.chain = a;
        } else {
            io.error(kIptables + ": unknown option \"" + a +
                     "\"\nTry `iptables -h' or 'iptables --help' for more information.\n");
            return 2;
        }
    }
    return std::nullopt;
}

} // namespace

int runIptables(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    if (auto status = changeRule(ctx, *ns, argv, io)) return *status;
    IptablesListing o;
    if (auto status = parseListing(argv, o, io)) return *status;
    const kernel::NetfilterTable* t = ns->netfilter.table(o.table);
    if (!t) {
        io.error(kIptables + ": table '" + o.table +
                 "' does not exist\n"
                 "Perhaps iptables or your kernel needs to be upgraded.\n");
        return 3;
    }
    const kernel::NetfilterChain* named = o.chain.empty() ? nullptr : t->chain(o.chain);
    if (!o.chain.empty() && (!named || (o.zero && !o.listS && !o.listL && !kernel::madeInKernel(*named)))) {
        if (o.zero && !o.listS && !o.listL) {
            io.error("iptables: No chain/target/match by that name.\n");
            return 1;
        }
        io.error(kIptables + ": chain `" + o.chain + "' in table `" + o.table +
                 "' is incompatible, use 'nft' tool.\n");
        return 1;
    }
    if (o.listS)
        io.print(kernel::renderIptablesS(*t, o.chain, o.verbose));
    else if (o.listL)
        io.print(kernel::renderIptablesL(*t, o.numeric, o.verbose, o.chain, o.exact));
    if (o.zero) {
        // The counters are the kernel's, not Docker's configuration: zeroed in place, like the packet
        // engine advances them (the real-kernel run zeroes its own with the real iptables).
        kernel::NetworkNamespace* mutableNs = ctx.lab->kernel().find(ns->id);
        for (const auto& name : kernel::zeroCounters(*mutableNs->netfilter.table(o.table), o.chain))
            if (o.verbose) io.print("Zeroing chain `" + name + "'\n");
    }
    if (o.listS || o.listL || o.zero) return 0;
    io.error(kIptables +
             ": no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n");
    return 2;
}

// iptables-save [-c] [-t TABLE] (iptables-nft-save 1.8.9): every table the host has, filter then nat,
// each between "# Generated by" and "# Completed on" comments with the time as ctime() prints it.
int runIptablesSave(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    const NetworkNamespace* ns = nsOf(ctx);
    if (!ns) return 1;
    bool counters = false;
    std::string only;
    const std::string usage = "Look at manual page `iptables-save.8' for more information.\n";
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "-c" || a == "--counters")
            counters = true;
        else if (a == "-t" || a == "--table") {
            if (i + 1 >= argv.size()) {
                io.error("iptables-save: option requires an argument -- 't'\n" + usage);
                return 1;
            }
            only = argv[++i];
        } else if (a.rfind("--", 0) == 0) {
            io.error("iptables-save: unrecognized option '" + a + "'\n" + usage);
            return 1;
        } else if (a[0] == '-') {
            io.error("iptables-save: invalid option -- '" + a.substr(1, 1) + "'\n" + usage);
            return 1;
        } else {
            io.error("Unknown arguments found on commandline\n");
            return 1;
        }
    }
    const std::string when = formatCtime(ctx.lab->now(), ctx.lab->settings().zone);
    std::string out;
    if (!only.empty() && !ns->netfilter.table(only)) {
        // A built-in table nothing has created yet: iptables-nft-save shows its base chains as it would
        // make them (observed with the real iptables-nft 1.8.9).
        static const std::map<std::string, std::vector<std::string>> unmodelled = {
            {"raw", {"PREROUTING", "OUTPUT"}},
            {"mangle", {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"}},
            {"security", {"INPUT", "FORWARD", "OUTPUT"}}};
        auto table = unmodelled.find(only);
        if (table == unmodelled.end()) {
            io.error("Table `" + only + "' does not exist\n");
            return 1;
        }
        out = "# Generated by " + kIptablesSave + " on " + when + "\n*" + only + "\n";
        for (const auto& chain : table->second)
            out += ":" + chain + " ACCEPT [0:0]\n";
        io.print(out + "COMMIT\n# Completed on " + when + "\n");
        return 0;
    }
    for (const auto* t : {&ns->netfilter.filter, &ns->netfilter.nat}) {
        if (!only.empty() && t->name != only) continue;
        out += "# Generated by " + kIptablesSave + " on " + when + "\n";
        out += kernel::renderIptablesSave(*t, counters);
        out += "# Completed on " + when + "\n";
    }
    io.print(out);
    return 0;
}

void addNetTools(CommandRegistry& r) {
    auto plain = [](int (*run)(ExecContext&, const std::vector<std::string>&, Streams&)) {
        return [run](ExecContext& ctx, const std::vector<std::string>& argv, const std::string&,
                     Streams& io) { return run(ctx, argv, io); };
    };
    r.add({"ip"}, plain(runIp));
    r.add({"ifconfig"}, plain(runIfconfig));
    r.add({"route"}, plain(runRoute));
    r.add({"brctl"}, plain(runBrctl));
    r.add({"bridge"}, plain(runBridge));
    r.add({"iptables"}, [](ExecContext& ctx, const std::vector<std::string>& argv, const std::string&,
                           Streams& io) {
        if (!ctx.isHost()) { // a container has no CAP_NET_ADMIN
            io.error("iptables v1.8.7 (legacy): can't initialize iptables table `filter': Permission denied "
                     "(you must be root)\n"
                     "Perhaps iptables or your kernel needs to be upgraded.\n");
            return 3;
        }
        return runIptables(ctx, argv, io);
    });
    r.add({"iptables-save"}, plain(runIptablesSave));
}

} // namespace vethlab::shell
