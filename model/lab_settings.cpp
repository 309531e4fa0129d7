#include "lab_settings.h"

#include <algorithm>
#include <iterator>
#include <sstream>
#include <string_view>
#include <utility>

#include "util/text.h"

namespace vethlab {
namespace {

std::string unquote(std::string v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        v = v.substr(1, v.size() - 2);
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i] == '\\' && i + 1 < v.size()) {
                char n = v[++i];
                out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
            } else {
                out += v[i];
            }
        }
        return out;
    }
    return v;
}

std::optional<Mac> parseMac(const std::string& s) {
    Mac m;
    unsigned b[6];
    if (std::sscanf(s.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
        return std::nullopt;
    for (int i = 0; i < 6; ++i)
        m.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(b[i]);
    return m;
}

} // namespace

std::optional<LabSettings> LabSettings::preset(const std::string& name) {
    LabSettings s;
    if (name == "default") {
        s.hostname = "docker-host";
        s.prompt = "root@docker-host:~# ";
        s.start = "2026-11-27T09:00:00";
        s.zone = {0, "UTC"};
        s.hostsFile =
            "127.0.0.1\tlocalhost\n127.0.1.1\tdocker-host\n\n"
            "# The following lines are desirable for IPv6 capable hosts\n"
            "::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n";
        return s;
    }
    if (name == "seed") {
        // The article's CentOS host: it had run containers before (docker0 has its link-local
        // address, and tomcat81's eth0 is ifindex 17), in China Standard Time.
        s.docker0HadCarrier = true;
        s.nextIfindex = 17;
        s.thinkTime = 3 * kSecond;
        return s;
    }
    if (name == "facts") {
        s.hostname = "vm";
        s.prompt = "$ ";
        s.extraLinks = {"ifb0", "ifb1"};
        s.eth0Mac = Mac{{0x02, 0xfc, 0x00, 0x00, 0x00, 0x01}};
        s.eth0Mtu = 1400;
        s.eth0Ipv6Global = {"fd00::2/64"};
        s.docker0Ifindex = 8;
        s.start = "2026-11-27T18:48:40";
        s.zone = {0, "UTC"};
        s.imageVariant = "facts";
        s.hostHasBrctl = false;
        s.hostShell = "bash";
        s.hostsFile = "127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n";
        return s;
    }
    return std::nullopt;
}

// Settings that are copied as they are, parsed as an integer, or true when "true".
using TextKey = std::pair<std::string_view, std::string LabSettings::*>;
using IntKey = std::pair<std::string_view, int LabSettings::*>;
using FlagKey = std::pair<std::string_view, bool LabSettings::*>;
const TextKey kTexts[] = {
    {"hostname", &LabSettings::hostname},      {"prompt", &LabSettings::prompt},
    {"resolv_conf", &LabSettings::resolvConf}, {"ip_local_port_range", &LabSettings::ipLocalPortRange},
    {"hosts_file", &LabSettings::hostsFile},   {"images", &LabSettings::imageVariant}};
const IntKey kInts[] = {{"next_ifindex", &LabSettings::nextIfindex},
                        {"docker0_ifindex", &LabSettings::docker0Ifindex},
                        {"veth_latency_us", &LabSettings::vethLatencyUs},
                        {"bridge_latency_us", &LabSettings::bridgeLatencyUs},
                        {"stack_latency_us", &LabSettings::stackLatencyUs},
                        {"wakeup_latency_us", &LabSettings::wakeupLatencyUs},
                        {"cold_path_us", &LabSettings::coldPathUs},
                        {"lan_latency_us", &LabSettings::lanLatencyUs},
                        {"ping_interrupt_after", &LabSettings::pingInterruptAfter}};
const FlagKey kFlags[] = {{"docker0_had_carrier", &LabSettings::docker0HadCarrier},
                          {"tty", &LabSettings::terminalIsTty},
                          {"host_has_brctl", &LabSettings::hostHasBrctl}};

namespace {

enum class Applied { Set, BadValue, UnknownKey };

// A setting stored as given: a text, an int, a flag, or a number with a unit (may throw on a bad number).
Applied applyPlain(LabSettings& s, const std::string& key, const std::string& value) {
    if (auto t = std::ranges::find(kTexts, key, &TextKey::first); t != std::end(kTexts))
        s.*(t->second) = value;
    else if (auto i = std::ranges::find(kInts, key, &IntKey::first); i != std::end(kInts))
        s.*(i->second) = std::stoi(value);
    else if (auto f = std::ranges::find(kFlags, key, &FlagKey::first); f != std::end(kFlags))
        s.*(f->second) = value == "true";
    else if (key == "seed")
        s.seed = std::stoull(value);
    else if (key == "think_time")
        s.thinkTime = static_cast<Nanos>(std::stod(value) * kSecond);
    else if (key == "jitter")
        s.jitter = std::stod(value);
    else if (key == "internet_rtt_ms")
        s.internetRtt = static_cast<Nanos>(std::stod(value) * kMillisecond);
    else
        return Applied::UnknownKey;
    return Applied::Set;
}

// "+08:00 CST"
bool parseZone(const std::string& value, TimeZone& zone) {
    int h = 0, m = 0;
    char sign = '+';
    char abbr[16] = "";
    if (std::sscanf(value.c_str(), "%c%d:%d %15s", &sign, &h, &m, abbr) < 3) return false;
    zone.offsetMinutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
    zone.abbreviation = abbr[0] ? abbr : "UTC";
    return true;
}

// A setting with a syntax of its own: a preset, an address, a MAC, a time, a zone, a host outside.
Applied applyParsed(LabSettings& s, const std::string& key, const std::string& value) {
    const auto setIf = [](bool ok) { return ok ? Applied::Set : Applied::BadValue; };
    if (key == "preset") {
        auto p = LabSettings::preset(value);
        if (!p) return Applied::BadValue;
        const std::uint64_t keepSeed = s.seed;
        s = *p;
        s.seed = keepSeed;
        return Applied::Set;
    }
    if (key == "host_address") {
        auto p = Ipv4Prefix::parse(value);
        if (p) s.hostAddress = *p;
        return setIf(p.has_value());
    }
    if (key == "gateway") {
        auto g = Ipv4::parse(value);
        if (g) s.gateway = *g;
        return setIf(g.has_value());
    }
    if (key == "eth0_mac") {
        auto m = parseMac(value);
        if (m) s.eth0Mac = m;
        return setIf(m.has_value());
    }
    if (key == "start") {
        Nanos probe = 0;
        if (!parseLocalTime(value, s.zone, probe)) return Applied::BadValue;
        s.start = value;
        return Applied::Set;
    }
    if (key == "timezone") return setIf(parseZone(value, s.zone));
    if (key == "internet_host") {
        // name=address; adds or replaces one host of the outside world
        auto eq = value.find('=');
        auto ip = eq == std::string::npos ? std::nullopt : Ipv4::parse(value.substr(eq + 1));
        if (!ip) return Applied::BadValue;
        std::string name = value.substr(0, eq);
        std::erase_if(s.internetHosts, [&](const LabSettings::InternetHost& h) { return h.name == name; });
        s.internetHosts.push_back({name, *ip});
        return Applied::Set;
    }
    return applyPlain(s, key, value);
}

} // namespace

std::optional<std::string> LabSettings::apply(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        auto colon = t.find(':');
        if (colon == std::string::npos) return "line " + std::to_string(lineNo) + ": expected key: value";
        std::string key = trim(t.substr(0, colon));
        std::string value = unquote(trim(t.substr(colon + 1)));
        Applied applied = Applied::BadValue;
        try {
            applied = applyParsed(*this, key, value);
        } catch (const std::exception&) { // std::stoi and friends on a bad number
        }
        if (applied == Applied::UnknownKey)
            return "line " + std::to_string(lineNo) + ": unknown setting " + key;
        if (applied == Applied::BadValue)
            return "line " + std::to_string(lineNo) + ": bad value for " + key + ": " + value;
    }
    return std::nullopt;
}

} // namespace vethlab
