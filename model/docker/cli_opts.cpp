#include "docker/cli_opts.h"

#include <cctype>
#include <regex>

#include "docker/go_net.h"

namespace vethlab::docker {

std::optional<std::string> validateIPAddress(const std::string& value, std::string& out) {
    auto ip = gonet::parseIP(gonet::trimSpace(value));
    if (!ip) return value + " is not an ip address";
    out = ip->str();
    return std::nullopt;
}

std::optional<std::string> validateDNSSearch(const std::string& value, std::string& out) {
    std::string v = value;
    while (!v.empty() && v.front() == ' ')
        v.erase(v.begin());
    while (!v.empty() && v.back() == ' ')
        v.pop_back();
    if (v == ".") {
        out = v;
        return std::nullopt;
    }
    // opts.domainRegexp, "(:?" typos included: each label may start with an optional colon.
    static const std::regex domain(
        R"(^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])))*)\.?\s*$)");
    bool hasLetter = false;
    for (char c : v)
        hasLetter = hasLetter || std::isalpha(static_cast<unsigned char>(c));
    std::smatch m;
    if (hasLetter && std::regex_search(v, m, domain) && m[1].length() < 255) {
        out = m[1].str();
        return std::nullopt;
    }
    return v + " is not a valid domain";
}

std::optional<std::string> validateExtraHost(const std::string& value) {
    auto colon = value.find(':');
    if (colon == std::string::npos || colon == 0) return "bad format for add-host: " + goQuote(value);
    std::string ip = value.substr(colon + 1);
    std::string ignored;
    if (ip != "host-gateway" && validateIPAddress(ip, ignored))
        return "invalid IP address in add-host: " + goQuote(ip);
    return std::nullopt;
}

std::string goQuote(const std::string& s) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

} // namespace vethlab::docker
