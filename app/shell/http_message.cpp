#include "http_message.h"

#include <cctype>
#include <cstdlib>

namespace vethlab::shell {

using sim::Bytes;

std::optional<Url> parseUrl(const std::string& text, std::string& scheme) {
    Url u;
    std::string rest = text;
    if (auto sep = rest.find("://"); sep != std::string::npos) {
        u.scheme = rest.substr(0, sep);
        rest = rest.substr(sep + 3);
    }
    scheme = u.scheme;
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) u.path = rest.substr(slash);
    if (auto colon = authority.rfind(':'); colon != std::string::npos) {
        const std::string port = authority.substr(colon + 1);
        authority = authority.substr(0, colon);
        if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5)
            return std::nullopt;
        u.port = std::stoi(port);
        u.explicitPort = true;
        if (u.port > 65535) return std::nullopt;
    }
    u.host = authority;
    if (u.host.empty()) return std::nullopt;
    return u;
}

std::string request(const std::string& method, const Url& u, const std::string& agent) {
    const std::string host = u.host + (u.explicitPort && u.port != 80 ? ":" + std::to_string(u.port) : "");
    return method + " " + u.path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + agent +
           "\r\nAccept: */*\r\n\r\n";
}

std::string headerValue(const std::string& head, const std::string& name) {
    std::string lower = head;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("\r\n" + name + ":");
    if (at == std::string::npos) return "";
    const auto from = head.find_first_not_of(' ', at + 3 + name.size());
    const auto end = head.find("\r\n", from);
    return from == std::string::npos ? "" : head.substr(from, end - from);
}

std::size_t contentLength(const std::string& head) {
    return std::strtoull(headerValue(head, "content-length").c_str(), nullptr, 10);
}

Response splitResponse(const Bytes& bytes) {
    Response r;
    const std::string text(bytes.begin(), bytes.end());
    const auto end = text.find("\r\n\r\n");
    r.head = end == std::string::npos ? text : text.substr(0, end + 4);
    r.body = end == std::string::npos ? "" : text.substr(end + 4);
    r.statusLine = r.head.substr(0, r.head.find("\r\n"));
    if (r.statusLine.size() >= 12) r.status = std::atoi(r.statusLine.c_str() + 9);
    return r;
}

bool closesConnection(const std::string& head) {
    std::string v = headerValue(head, "connection");
    for (char& c : v)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v == "close";
}

bool parseSeconds(const std::string& v, double& out) {
    try {
        std::size_t used = 0;
        out = std::stod(v, &used);
        return used == v.size() && out >= 0;
    } catch (...) {
        return false;
    }
}

} // namespace vethlab::shell
