#include "docker/port_spec.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "docker/go_net.h"

namespace vethlab::docker {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    for (;;) {
        auto c = s.find(sep, pos);
        parts.push_back(s.substr(pos, c == std::string::npos ? std::string::npos : c - pos));
        if (c == std::string::npos) return parts;
        pos = c + 1;
    }
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// nat's splitParts: ip, host port, container port (an IPv6 ip keeps its colons).
void splitParts(const std::string& raw, std::string& ip, std::string& host, std::string& container) {
    auto parts = split(raw, ':');
    std::size_t n = parts.size();
    container = parts[n - 1];
    ip.clear();
    host.clear();
    if (n == 2) host = parts[0];
    if (n == 3) {
        ip = parts[0];
        host = parts[1];
    }
    if (n > 3) {
        for (std::size_t i = 0; i + 2 < n; ++i)
            ip += (i ? ":" : "") + parts[i];
        host = parts[n - 2];
    }
}

} // namespace

std::optional<std::string> parsePortRange(const std::string& ports, std::uint64_t& start,
                                          std::uint64_t& end) {
    if (ports.empty()) return "Empty string specified for ports.";
    std::string err;
    if (ports.find('-') == std::string::npos) {
        auto v = gonet::parseUint(ports, 16, err);
        if (!v) return err;
        start = end = *v;
        return std::nullopt;
    }
    auto parts = split(ports, '-');
    auto s = gonet::parseUint(parts[0], 16, err);
    if (!s) return err;
    auto e = gonet::parseUint(parts[1], 16, err);
    if (!e) return err;
    if (*e < *s) return "Invalid range specified for the Port: " + ports;
    start = *s;
    end = *e;
    return std::nullopt;
}

std::pair<std::string, std::string> splitProtoPort(const std::string& raw) {
    auto parts = split(raw, '/');
    if (raw.empty() || parts[0].empty()) return {"", ""};
    if (parts.size() == 1) return {"tcp", raw};
    if (parts[1].empty()) return {"tcp", parts[0]};
    return {parts[1], parts[0]};
}

std::optional<std::string> natPort(const std::string& proto, const std::string& port, std::string& out) {
    std::uint64_t start = 0, end = 0;
    if (!port.empty())
        if (auto e = parsePortRange(port, start, end)) return e;
    out = start == end ? std::to_string(start) + "/" + proto
                       : std::to_string(start) + "-" + std::to_string(end) + "/" + proto;
    return std::nullopt;
}

std::optional<std::string> convertToStandardNotation(const std::string& publish, std::string& out) {
    if (publish.find('=') == std::string::npos) {
        out = publish;
        return std::nullopt;
    }
    std::map<std::string, std::string> params{{"protocol", "tcp"}};
    for (const auto& param : split(publish, ',')) {
        auto opt = split(param, '=');
        if (opt.size() < 2)
            return "invalid publish opts format (should be name=value but got '" + param + "')";
        params[opt[0]] = opt[1];
    }
    out = params["published"] + ":" + params["target"] + "/" + params["protocol"];
    return std::nullopt;
}

std::optional<std::string> parsePortSpec(const std::string& raw, std::vector<PortBinding>& out) {
    std::string rawIp, hostPort, containerPort;
    splitParts(raw, rawIp, hostPort, containerPort);
    auto [proto, port] = splitProtoPort(containerPort);
    containerPort = port;

    std::string ip, ignored, err;
    if (!gonet::splitHostPort(rawIp + ":", ip, ignored, err))
        return "Invalid ip address " + rawIp + ": " + err;
    if (!ip.empty() && !gonet::parseIP(ip)) return "Invalid ip address: " + ip;
    if (containerPort.empty()) return "No port specified: " + raw + "<empty>";

    std::uint64_t start = 0, end = 0, hostStart = 0, hostEnd = 0;
    if (parsePortRange(containerPort, start, end)) return "Invalid containerPort: " + containerPort;
    if (!hostPort.empty() && parsePortRange(hostPort, hostStart, hostEnd))
        return "Invalid hostPort: " + hostPort;
    // A host range with a single container port is the range to allocate into.
    if (!hostPort.empty() && end - start != hostEnd - hostStart && end != start)
        return "Invalid ranges specified for container and host Ports: " + containerPort + " and " + hostPort;
    const std::string lowered = lower(proto);
    if (lowered != "tcp" && lowered != "udp" && lowered != "sctp") return "Invalid proto: " + proto;

    std::vector<PortBinding> bindings;
    for (std::uint64_t i = 0; i <= end - start; ++i) {
        PortBinding b;
        b.container = {static_cast<int>(start + i), lowered};
        b.hostIp = ip;
        if (!hostPort.empty()) b.hostPort = std::to_string(hostStart + i);
        if (start == end && hostStart != hostEnd) b.hostPort += "-" + std::to_string(hostEnd);
        bindings.push_back(b);
    }
    out.insert(out.end(), bindings.begin(), bindings.end());
    return std::nullopt;
}

std::optional<std::string> parseExpose(const std::string& value, std::vector<PortProto>& out) {
    if (value.find(':') != std::string::npos) return "invalid port format for --expose: " + value;
    auto [proto, port] = splitProtoPort(value);
    std::uint64_t start = 0, end = 0;
    if (auto e = parsePortRange(port, start, end))
        return "invalid range format for --expose: " + value + ", error: " + *e;
    for (std::uint64_t i = start; i <= end; ++i)
        out.push_back({static_cast<int>(i), proto});
    return std::nullopt;
}

} // namespace vethlab::docker
