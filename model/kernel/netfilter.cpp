#include "kernel/netfilter.h"

#include <algorithm>
#include <cstdio>

namespace vethlab::kernel {
namespace {

std::string prefixForS(const Ipv4Prefix& p) {
    return p.network().str() + "/" + std::to_string(p.length);
}

// iptables -L prints a /32 as the bare address and 0.0.0.0/0 as "anywhere" without -n.
std::string prefixForL(const std::optional<Ipv4Prefix>& p, bool numeric) {
    if (!p) return numeric ? "0.0.0.0/0" : "anywhere";
    if (p->length == 32) return p->addr.str();
    return prefixForS(*p);
}

std::vector<const NetfilterChain*> printOrder(const NetfilterTable& table) {
    std::vector<const NetfilterChain*> order;
    for (const auto& c : table.chains)
        if (c.builtin) order.push_back(&c);
    std::vector<const NetfilterChain*> user;
    for (const auto& c : table.chains)
        if (!c.builtin) user.push_back(&c);
    std::sort(user.begin(), user.end(), [](auto* a, auto* b) { return a->name < b->name; });
    order.insert(order.end(), user.begin(), user.end());
    return order;
}

std::string padRight(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string protoColumn(const std::string& proto, bool numeric) {
    // iptables 1.8.9 prints protocol numbers with -n and names without it.
    if (proto.empty()) return numeric ? "0" : "all";
    if (!numeric) return proto;
    return proto == "tcp" ? "6" : proto == "udp" ? "17" : proto;
}

std::string portName(int port, bool numeric) {
    if (!numeric) {
        switch (port) {
        case 80:
            return "http";
        case 443:
            return "https";
        case 53:
            return "domain";
        case 22:
            return "ssh";
        case 8080:
            return "http-alt";
        default:
            break;
        }
    }
    return std::to_string(port);
}

std::string matchesForL(const NetfilterRule& r, bool numeric) {
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : " ") + s; };
    if (r.addrtypeDstLocal) add("ADDRTYPE match dst-type LOCAL");
    if (!r.ctstate.empty()) add("ctstate " + r.ctstate);
    if (!r.protocol.empty() && (r.destinationPort || r.sourcePort)) {
        std::string m = r.protocol;
        if (r.sourcePort) m += " spt:" + portName(r.sourcePort, numeric);
        if (r.destinationPort) m += " dpt:" + portName(r.destinationPort, numeric);
        add(m);
    }
    if (!r.toDestination.empty()) add("to:" + r.toDestination);
    if (!r.toSource.empty()) add("to:" + r.toSource);
    return out;
}

std::string iface(const std::string& name, bool negated, bool numeric) {
    if (name.empty()) return std::string(negated ? "!" : "") + (numeric ? "*" : "any");
    return (negated ? "!" : "") + name;
}

// libxtables' xtables_print_num: exact with -x; else a number above 99999 is rounded to thousands
// (K, then M, G, T) as long as it stays above 9999 of the unit.
std::string count(std::uint64_t n, bool exact) {
    if (exact || n <= 99999) return std::to_string(n);
    static const char units[] = "KMGT";
    for (int u = 0;; ++u) {
        n = (n + 500) / 1000;
        if (n <= 9999 || u == 3) return std::to_string(n) + units[u];
    }
}

// The rule's -S text with the counters iptables -S -v prints before the target.
std::string specWithCounters(const NetfilterRule& r) {
    std::string spec = r.spec();
    const std::string c = "-c " + std::to_string(r.packets) + " " + std::to_string(r.bytes);
    if (spec.rfind("-j ", 0) == 0) return c + " " + spec;
    if (auto at = spec.find(" -j "); at != std::string::npos) return spec.insert(at + 1, c + " ");
    return spec.empty() ? c : spec + " " + c;
}

} // namespace

std::string NetfilterRule::spec() const {
    std::string s;
    auto add = [&](const std::string& part) { s += (s.empty() ? "" : " ") + part; };
    if (source) add(std::string(sourceNegated ? "! " : "") + "-s " + prefixForS(*source));
    if (destination) add(std::string(destinationNegated ? "! " : "") + "-d " + prefixForS(*destination));
    if (!inInterface.empty()) add(std::string(inNegated ? "! " : "") + "-i " + inInterface);
    if (!outInterface.empty()) add(std::string(outNegated ? "! " : "") + "-o " + outInterface);
    if (!protocol.empty()) add("-p " + protocol);
    if (addrtypeDstLocal) add("-m addrtype --dst-type LOCAL");
    if (!ctstate.empty()) add("-m conntrack --ctstate " + ctstate);
    if (!protocol.empty() && (destinationPort || sourcePort)) {
        add("-m " + protocol);
        if (sourcePort) add("--sport " + std::to_string(sourcePort));
        if (destinationPort) add("--dport " + std::to_string(destinationPort));
    }
    if (!target.empty()) add("-j " + target);
    if (!toDestination.empty()) add("--to-destination " + toDestination);
    if (!toSource.empty()) add("--to-source " + toSource);
    return s;
}

NetfilterChain* NetfilterTable::chain(const std::string& n) {
    for (auto& c : chains)
        if (c.name == n) return &c;
    return nullptr;
}

const NetfilterChain* NetfilterTable::chain(const std::string& n) const {
    for (const auto& c : chains)
        if (c.name == n) return &c;
    return nullptr;
}

NetfilterTable* Netfilter::table(const std::string& name) {
    if (name == "filter") return &filter;
    if (name == "nat") return &nat;
    return nullptr;
}

const NetfilterTable* Netfilter::table(const std::string& name) const {
    if (name == "filter") return &filter;
    if (name == "nat") return &nat;
    return nullptr;
}

std::string renderIptablesS(const NetfilterTable& table, const std::string& onlyChain, bool counters) {
    std::string out;
    auto order = printOrder(table);
    for (const auto* c : order) {
        if (!onlyChain.empty() && c->name != onlyChain) continue;
        if (!c->builtin) {
            out += "-N " + c->name + "\n";
            continue;
        }
        out += "-P " + c->name + " " + c->policy;
        if (counters) out += " -c " + std::to_string(c->policyPackets) + " " + std::to_string(c->policyBytes);
        out += "\n";
    }
    for (const auto* c : order) {
        if (!onlyChain.empty() && c->name != onlyChain) continue;
        for (const auto& r : c->rules)
            out += "-A " + c->name + " " + (counters ? specWithCounters(r) : r.spec()) + "\n";
    }
    return out;
}

std::string renderIptablesSave(const NetfilterTable& table, bool counters) {
    std::string out = "*" + table.name + "\n";
    auto order = printOrder(table);
    for (const auto* c : order)
        out += ":" + c->name + " " + (c->builtin ? c->policy : "-") + " [" +
               std::to_string(c->policyPackets) + ":" + std::to_string(c->policyBytes) + "]\n";
    for (const auto* c : order)
        for (const auto& r : c->rules) {
            if (counters) out += "[" + std::to_string(r.packets) + ":" + std::to_string(r.bytes) + "] ";
            out += "-A " + c->name + " " + r.spec() + "\n";
        }
    return out + "COMMIT\n";
}

bool madeInKernel(const NetfilterChain& chain) {
    return !chain.builtin || !chain.rules.empty() || chain.policy != "ACCEPT" || chain.policyCounters;
}

std::vector<std::string> zeroCounters(NetfilterTable& table, const std::string& onlyChain) {
    // iptables-nft walks its cache: the base chains by hook, then the others as the kernel lists them
    // (in the order they were made), not sorted as a listing is.
    std::vector<NetfilterChain*> order;
    for (auto& c : table.chains)
        if (c.builtin) order.push_back(&c);
    for (auto& c : table.chains)
        if (!c.builtin) order.push_back(&c);
    std::vector<std::string> zeroed;
    for (NetfilterChain* c : order) {
        if ((!onlyChain.empty() && c->name != onlyChain) || !madeInKernel(*c)) continue;
        NetfilterChain& chain = *c;
        for (auto& r : chain.rules)
            r.packets = r.bytes = 0;
        if (chain.builtin) {
            chain.policyPackets = chain.policyBytes = 0;
            chain.policyCounters = true;
        }
        zeroed.push_back(chain.name);
    }
    return zeroed;
}

std::string renderIptablesL(const NetfilterTable& table, bool numeric, bool verbose,
                            const std::string& onlyChain, bool exact) {
    std::string out;
    bool first = true;
    for (const auto* c : printOrder(table)) {
        if (!onlyChain.empty() && c->name != onlyChain) continue;
        if (!first) out += "\n";
        first = false;
        if (c->builtin) {
            out += "Chain " + c->name + " (policy " + c->policy;
            if (verbose)
                out += " " + count(c->policyPackets, exact) + " packets, " + count(c->policyBytes, exact) +
                       " bytes";
            out += ")\n";
        } else {
            int refs = 0;
            for (const auto& other : table.chains)
                for (const auto& r : other.rules)
                    if (r.target == c->name) ++refs;
            out += "Chain " + c->name + " (" + std::to_string(refs) + " references)\n";
        }
        if (verbose)
            out += std::string(exact ? "    pkts      bytes " : " pkts bytes ") +
                   "target     prot opt in     out     source               destination         \n";
        else
            out += "target     prot opt source               destination         \n";
        for (const auto& r : c->rules) {
            std::string line;
            if (verbose) {
                char buf[64];
                std::snprintf(buf, sizeof buf, exact ? "%8s %8s " : "%5s %5s ",
                              count(r.packets, exact).c_str(), count(r.bytes, exact).c_str());
                line += buf;
            }
            line += padRight(r.target, 9) + " ";
            line += " " + padRight(protoColumn(r.protocol, numeric), 5);
            line += "-- ";
            if (verbose) {
                line += " " + padRight(iface(r.inInterface, r.inNegated, numeric), 6) + " ";
                line += padRight(iface(r.outInterface, r.outNegated, numeric), 6) + " ";
            }
            line +=
                std::string(r.sourceNegated ? "!" : " ") + padRight(prefixForL(r.source, numeric), 19) + " ";
            line += std::string(r.destinationNegated ? "!" : " ") +
                    padRight(prefixForL(r.destination, numeric), 19) + " ";
            std::string matches = matchesForL(r, numeric);
            if (!matches.empty()) line += " " + matches;
            out += line + "\n";
        }
    }
    return out;
}

} // namespace vethlab::kernel
