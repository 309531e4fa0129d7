#include "kernel/netfilter_parse.h"

#include <sstream>

namespace vethlab::kernel {
namespace {

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string x; in >> x;)
        w.push_back(x);
    return w;
}

std::optional<int> port(const std::string& s) {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    int p = std::stoi(s);
    return p <= 65535 ? std::optional<int>(p) : std::nullopt;
}

} // namespace

std::optional<NetfilterRule> parseRuleSpec(const std::string& spec) {
    NetfilterRule r;
    const auto w = words(spec);
    bool negate = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const std::string& k = w[i];
        if (k == "!") {
            negate = true;
            continue;
        }
        const bool hasArg = i + 1 < w.size();
        const std::string arg = hasArg ? w[i + 1] : "";
        if (!hasArg) return std::nullopt;
        if (k == "-s" || k == "-d") {
            auto p = Ipv4Prefix::parse(arg);
            if (!p) return std::nullopt;
            (k == "-s" ? r.source : r.destination) = *p;
            (k == "-s" ? r.sourceNegated : r.destinationNegated) = negate;
        } else if (k == "-i" || k == "-o") {
            (k == "-i" ? r.inInterface : r.outInterface) = arg;
            (k == "-i" ? r.inNegated : r.outNegated) = negate;
        } else if (k == "-p") {
            r.protocol = arg;
        } else if (k == "-m") {
            if (arg != "addrtype" && arg != "conntrack" && arg != "tcp" && arg != "udp") return std::nullopt;
        } else if (k == "--dst-type") {
            if (arg != "LOCAL") return std::nullopt;
            r.addrtypeDstLocal = true;
        } else if (k == "--ctstate") {
            r.ctstate = arg;
        } else if (k == "--dport" || k == "--sport") {
            auto p = port(arg);
            if (!p) return std::nullopt;
            (k == "--dport" ? r.destinationPort : r.sourcePort) = *p;
        } else if (k == "-j") {
            r.target = arg;
        } else if (k == "--to-destination") {
            r.toDestination = arg;
        } else if (k == "--to-source") {
            r.toSource = arg;
        } else {
            return std::nullopt;
        }
        negate = false;
        ++i;
    }
    return r;
}

ParsedTables parseIptablesSave(const std::string& text) {
    ParsedTables out;
    NetfilterTable* table = nullptr;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#' || line == "COMMIT") continue;
        if (line[0] == '*') {
            table = out.netfilter.table(line.substr(1));
            continue;
        }
        if (!table) continue;
        const auto w = words(line);
        if (line[0] == ':' && w.size() >= 2) {
            const std::string name = w[0].substr(1);
            if (NetfilterChain* c = table->chain(name))
                c->policy = w[1];
            else
                table->chains.push_back({name, false, "", 0, 0, {}});
        } else if (w.size() >= 2 && w[0] == "-A") {
            NetfilterChain* c = table->chain(w[1]);
            auto rule = parseRuleSpec(line.substr(line.find(w[1]) + w[1].size()));
            if (c && rule)
                c->rules.push_back(*rule);
            else
                out.unparsed.push_back(line);
        } else {
            out.unparsed.push_back(line);
        }
    }
    return out;
}

} // namespace vethlab::kernel
