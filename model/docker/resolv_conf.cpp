#include "docker/resolv_conf.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>

#include "util/text.h"

namespace vethlab::docker {
namespace {

// resolvconf.go's patterns.
const std::string kIpv4Block = "(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)";
const std::string kIpv4 = "(" + kIpv4Block + "\\.){3}" + kIpv4Block;
const std::string kIpv6 = "([0-9A-Fa-f]{0,4}:){2,7}([0-9A-Fa-f]{0,4})(%\\w+)?";

// getLines: each line cut at its first '#'.
std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out = splitLines(text);
    for (auto& line : out)
        line.resize(std::min(line.size(), line.find('#')));
    return out;
}

std::vector<std::string> fields(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

// GetSearchDomains / GetOptions: the words of the last matching line. The two patterns are compiled
// once: building a std::regex per container was 38% of a 1,000-container replay.
std::vector<std::string> lastLine(const std::string& text, const std::string& key) {
    static const std::regex search("^\\s*search\\s*(([^\\s]+\\s*)*)$");
    static const std::regex options("^\\s*options\\s*(([^\\s]+\\s*)*)$");
    const std::regex& re = key == "search" ? search : options;
    std::vector<std::string> words;
    for (const auto& line : lines(text)) {
        std::smatch m;
        if (std::regex_search(line, m, re)) words = fields(m[1].str());
    }
    return words;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& w : v)
        s += (s.empty() ? "" : " ") + w;
    return s;
}

// resolvconf.Build.
std::string build(const std::vector<std::string>& dns, const std::vector<std::string>& search,
                  const std::vector<std::string>& options) {
    std::string out;
    if (!search.empty() && join(search) != ".") out += "search " + join(search) + "\n";
    for (const auto& d : dns)
        out += "nameserver " + d + "\n";
    if (!options.empty() && !join(options).empty()) out += "options " + join(options) + "\n";
    return out;
}

bool hasUserDns(const DnsConfig& d) {
    return !d.servers.empty() || !d.search.empty() || !d.options.empty();
}

// FilterResolvDNS: drops loopback nameservers, and IPv6 ones unless IPv6 is on; adds Google's
// servers when no nameserver is left.
std::string filterResolvDns(const std::string& text, bool ipv6) {
    static const std::regex localhost("^nameserver\\s+((127\\.([0-9]{1,3}\\.){2}[0-9]{1,3})|(::1)$)\\s*\\n*",
                                      std::regex::multiline);
    static const std::regex v6("^nameserver\\s+" + kIpv6 + "\\s*\\n*", std::regex::multiline);
    std::string out = std::regex_replace(text, localhost, "");
    if (!ipv6) out = std::regex_replace(out, v6, "");
    if (resolvNameservers(out).empty()) {
        out += "\nnameserver 8.8.8.8\nnameserver 8.8.4.4";
        if (ipv6) out += "\nnameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844";
    }
    return out;
}

// Go's strconv.Atoi for the ndots value.
bool atoi(const std::string& s, long& out) {
    static const std::regex number("^[+-]?[0-9]+$");
    if (!std::regex_match(s, number) || s.size() > 18) return false;
    out = std::stol(s);
    return true;
}

} // namespace

std::vector<std::string> resolvNameservers(const std::string& text) {
    static const std::regex ns("^\\s*nameserver\\s*((" + kIpv4 + ")|(" + kIpv6 + "))\\s*$");
    std::vector<std::string> out;
    for (const auto& line : lines(text)) {
        std::smatch m;
        if (std::regex_search(line, m, ns)) out.push_back(m[1].str());
    }
    return out;
}

namespace {

// These files are pure functions of (host file, flags), and every container of a big lab asks with the
// same ones: the last answer is kept, per thread (lessons also replay on idle-time threads). Their
// regexes were ~13% of replaying 1,000 `docker run`.
template <typename Result> struct LastAnswer {
    std::string host;
    DnsConfig dns;
    std::optional<Result> result;
    template <typename Make> Result get(const std::string& h, const DnsConfig& d, Make make) {
        if (!result || h != host || d != dns) {
            result = make();
            host = h;
            dns = d;
        }
        return *result;
    }
};

std::vector<std::string> computeEmbeddedDnsUpstreams(const std::string& host, const DnsConfig& dns) {
    static const std::regex v4("^" + kIpv4 + "$");
    std::vector<std::string> out;
    const std::string source = hasUserDns(dns) ? bridgeResolvConf(host, dns) : host;
    for (const auto& s : resolvNameservers(source))
        if (out.size() < 3 && std::regex_match(s, v4)) out.push_back(s);
    return out;
}

std::string computeBridgeResolvConf(const std::string& host, const DnsConfig& dns) {
    // setupDNS filters with IPv6 on; updateDNS, after the join, filters again with the network's
    // setting (off here) unless a --dns* flag was given.
    if (!hasUserDns(dns)) return filterResolvDns(filterResolvDns(host, true), false);
    return build(dns.servers.empty() ? resolvNameservers(host) : dns.servers,
                 dns.search.empty() ? lastLine(host, "search") : dns.search,
                 dns.options.empty() ? lastLine(host, "options") : dns.options);
}

std::string computeEmbeddedResolvConf(const std::string& host, const DnsConfig& dns) {
    const std::string current = bridgeResolvConf(host, dns);
    std::vector<std::string> options = lastLine(current, "options");
    bool ndotsSet = false;
    for (const auto& o : options) {
        if (o.find("ndots") == std::string::npos) continue;
        auto colon = o.find(':');
        long n = 0;
        if (colon == std::string::npos || o.find(':', colon + 1) != std::string::npos ||
            !atoi(o.substr(colon + 1), n) || n < 0)
            return current; // rebuildDNS fails and only logs it
        ndotsSet = true;
        break;
    }
    if (!ndotsSet) options.push_back("ndots:0");
    std::vector<std::string> servers{"127.0.0.11"};
    static const std::regex v6("^" + kIpv6 + "$");
    for (const auto& s : resolvNameservers(current))
        if (std::regex_match(s, v6)) servers.push_back(s);
    return build(servers, lastLine(current, "search"), options);
}

} // namespace

std::string bridgeResolvConf(const std::string& host, const DnsConfig& dns) {
    thread_local LastAnswer<std::string> last;
    return last.get(host, dns, [&] { return computeBridgeResolvConf(host, dns); });
}

std::string embeddedResolvConf(const std::string& host, const DnsConfig& dns) {
    thread_local LastAnswer<std::string> last;
    return last.get(host, dns, [&] { return computeEmbeddedResolvConf(host, dns); });
}

std::vector<std::string> embeddedDnsUpstreams(const std::string& host, const DnsConfig& dns) {
    thread_local LastAnswer<std::vector<std::string>> last;
    return last.get(host, dns, [&] { return computeEmbeddedDnsUpstreams(host, dns); });
}

} // namespace vethlab::docker
