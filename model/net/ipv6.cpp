#include "net/ipv6.h"

#include <algorithm>
#include <arpa/inet.h>

namespace vethlab {

std::optional<Ipv6> Ipv6::parse(const std::string& text) {
    Ipv6 ip;
    if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) != 1)
        return std::nullopt;
    return ip;
}

std::string Ipv6::str() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
}

bool Ipv6::sharesPrefix(const Ipv6& other, int length) const {
    return masked(length) == other.masked(length);
}

Ipv6 Ipv6::masked(int length) const {
    Ipv6 out = *this;
    for (int i = 0; i < 16; ++i) {
        const int keep = std::max(0, std::min(8, length - i * 8));
        out.bytes[static_cast<std::size_t>(i)] &= static_cast<std::uint8_t>(0xff00 >> keep);
    }
    return out;
}

Ipv6 Ipv6::solicitedNode() const {
    Ipv6 out;
    out.bytes = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, bytes[13], bytes[14], bytes[15]};
    return out;
}

Mac Ipv6::multicastMac() const {
    return Mac{{0x33, 0x33, bytes[12], bytes[13], bytes[14], bytes[15]}};
}

Ipv6 Ipv6::linkLocalOf(const Mac& mac) {
    Ipv6 out;
    out.bytes = {0xfe,
                 0x80,
                 0,
                 0,
                 0,
                 0,
                 0,
                 0,
                 static_cast<std::uint8_t>(mac.bytes[0] ^ 0x02),
                 mac.bytes[1],
                 mac.bytes[2],
                 0xff,
                 0xfe,
                 mac.bytes[3],
                 mac.bytes[4],
                 mac.bytes[5]};
    return out;
}

std::string Ipv6::reverseName() const {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 15; i >= 0; --i) {
        const std::uint8_t b = bytes[static_cast<std::size_t>(i)];
        out += hex[b & 0xf];
        out += '.';
        out += hex[b >> 4];
        out += '.';
    }
    return out + "ip6.arpa";
}

} // namespace vethlab
