#include "docker/link_env.h"

#include <algorithm>
#include <cctype>

namespace vethlab::docker {
namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string keyOf(const std::string& e) {
    return e.substr(0, e.find('='));
}

// links.go nextContiguous: it compares port numbers only, so 80/tcp and 80/udp extend a run.
std::size_t nextContiguous(const std::vector<PortProto>& ports, int value, std::size_t index) {
    if (index + 1 == ports.size()) return index;
    for (std::size_t i = index + 1; i < ports.size(); ++i) {
        if (ports[i].port > value + 1) return i - 1;
        ++value;
    }
    return ports.size() - 1;
}

} // namespace

std::vector<std::string> mergedConfigEnv(const Container& c) {
    std::vector<std::string> env = c.config.env;
    if (env.empty()) return c.image.env;
    for (const auto& imageEnv : c.image.env) {
        bool found = std::any_of(c.config.env.begin(), c.config.env.end(),
                                 [&](const std::string& u) { return keyOf(u) == keyOf(imageEnv); });
        if (!found) env.push_back(imageEnv);
    }
    return env;
}

std::vector<std::string> legacyLinkEnv(const std::string& name, const std::string& childIp,
                                       const std::vector<std::string>& childEnv,
                                       std::vector<PortProto> ports) {
    std::vector<std::string> env;
    std::string alias;
    for (char ch : upper(name.substr(name.rfind('/') + 1)))
        alias += ch == '-' ? '_' : ch;
    // Ascending port numbers, tcp before the other protocols of the same number.
    std::stable_sort(ports.begin(), ports.end(), [](const PortProto& a, const PortProto& b) {
        if (a.port != b.port) return a.port < b.port;
        return a.proto == "tcp" && b.proto != "tcp";
    });
    auto url = [&](const PortProto& p) { return p.proto + "://" + childIp + ":" + std::to_string(p.port); };
    if (!ports.empty()) env.push_back(alias + "_PORT=" + url(ports[0]));
    for (std::size_t i = 0; i < ports.size();) {
        const PortProto& p = ports[i];
        std::size_t j = nextContiguous(ports, p.port, i);
        if (j <= i + 1) {
            ++i;
            continue;
        }
        const PortProto& q = ports[j];
        std::string base = alias + "_PORT_" + std::to_string(p.port) + "_";
        env.push_back(base + upper(p.proto) + "_START=" + url(p));
        env.push_back(base + upper(p.proto) + "_ADDR=" + childIp);
        env.push_back(base + upper(p.proto) + "_PROTO=" + p.proto);
        env.push_back(base + upper(p.proto) + "_PORT_START=" + std::to_string(p.port));
        env.push_back(base + upper(q.proto) + "_END=" + url(q));
        env.push_back(base + upper(q.proto) + "_PORT_END=" + std::to_string(q.port));
        i = j + 1;
    }
    for (const auto& p : ports) {
        std::string base = alias + "_PORT_" + std::to_string(p.port) + "_" + upper(p.proto);
        env.push_back(base + "=" + url(p));
        env.push_back(base + "_ADDR=" + childIp);
        env.push_back(base + "_PORT=" + std::to_string(p.port));
        env.push_back(base + "_PROTO=" + p.proto);
    }
    env.push_back(alias + "_NAME=" + name);
    for (const auto& v : childEnv) {
        auto eq = v.find('=');
        if (eq == std::string::npos) continue;
        std::string key = v.substr(0, eq);
        if (key == "HOME" || key == "PATH") continue;
        env.push_back(alias + "_ENV_" + key + "=" + v.substr(eq + 1));
    }
    return env;
}

} // namespace vethlab::docker
