#include "ipv6_packet.h"

#include <algorithm>

namespace vethlab::sim {
namespace {

void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v & 0xff));
}
std::uint16_t get16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

// The ICMPv6 checksum covers a pseudo-header: source, destination, upper-layer length, next header.
std::uint16_t icmpv6Checksum(const Ipv6& source, const Ipv6& destination, const std::uint8_t* message,
                             std::size_t size) {
    Bytes pseudo(source.bytes.begin(), source.bytes.end());
    pseudo.insert(pseudo.end(), destination.bytes.begin(), destination.bytes.end());
    const auto length = static_cast<std::uint32_t>(size);
    for (int shift : {24, 16, 8, 0})
        pseudo.push_back(static_cast<std::uint8_t>(length >> shift));
    pseudo.insert(pseudo.end(), {0, 0, 0, kProtoIcmpv6});
    pseudo.insert(pseudo.end(), message, message + size);
    return internetChecksum(pseudo.data(), pseudo.size());
}

} // namespace

Bytes encodeIpv6Icmp(Ipv6Header h, const Icmpv6Message& m) {
    Bytes icmp{m.type, m.code, 0, 0};
    if (m.type == 128 || m.type == 129) {
        put16(icmp, m.identifier);
        put16(icmp, m.sequence);
        icmp.insert(icmp.end(), m.data.begin(), m.data.end());
    } else if (m.type == 135 || m.type == 136) {
        icmp.insert(icmp.end(), {m.type == 136 ? m.flags : std::uint8_t{0}, 0, 0, 0});
        icmp.insert(icmp.end(), m.target.bytes.begin(), m.target.bytes.end());
        if (m.linkLayer) {
            icmp.push_back(m.type == 135 ? 1 : 2); // source / target link-layer address option
            icmp.push_back(1);                     // in units of 8 bytes
            icmp.insert(icmp.end(), m.linkLayer->bytes.begin(), m.linkLayer->bytes.end());
        }
    } else { // errors: 4 unused bytes, then as much of the offending packet as fits the minimum MTU
        icmp.insert(icmp.end(), {0, 0, 0, 0});
        icmp.insert(icmp.end(), m.data.begin(),
                    m.data.begin() + static_cast<long>(std::min<std::size_t>(m.data.size(), 1232)));
    }
    const std::uint16_t sum = icmpv6Checksum(h.source, h.destination, icmp.data(), icmp.size());
    icmp[2] = static_cast<std::uint8_t>(sum >> 8);
    icmp[3] = static_cast<std::uint8_t>(sum & 0xff);
    Bytes p;
    p.reserve(40 + icmp.size());
    p.push_back(0x60); // version 6, traffic class 0
    p.push_back(static_cast<std::uint8_t>((h.flowLabel >> 16) & 0x0f));
    put16(p, static_cast<std::uint16_t>(h.flowLabel & 0xffff));
    put16(p, static_cast<std::uint16_t>(icmp.size()));
    p.push_back(kProtoIcmpv6);
    p.push_back(h.hopLimit);
    p.insert(p.end(), h.source.bytes.begin(), h.source.bytes.end());
    p.insert(p.end(), h.destination.bytes.begin(), h.destination.bytes.end());
    p.insert(p.end(), icmp.begin(), icmp.end());
    return p;
}

std::optional<Ipv6Header> decodeIpv6(const Bytes& frame) {
    if (frame.size() < 54 || get16(frame, 12) != kEtherTypeIpv6 || (frame[14] >> 4) != 6) return std::nullopt;
    Ipv6Header h;
    h.flowLabel = (static_cast<std::uint32_t>(frame[15] & 0x0f) << 16) | get16(frame, 16);
    h.payloadLength = get16(frame, 18);
    h.nextHeader = frame[20];
    h.hopLimit = frame[21];
    std::copy(frame.begin() + 22, frame.begin() + 38, h.source.bytes.begin());
    std::copy(frame.begin() + 38, frame.begin() + 54, h.destination.bytes.begin());
    if (54 + static_cast<std::size_t>(h.payloadLength) > frame.size()) return std::nullopt;
    return h;
}

std::optional<Icmpv6Message> decodeIcmpv6(const Bytes& frame, const Ipv6Header& ip) {
    if (ip.nextHeader != kProtoIcmpv6 || ip.payloadLength < 8) return std::nullopt;
    const std::uint8_t* icmp = frame.data() + 54;
    if (icmpv6Checksum(ip.source, ip.destination, icmp, ip.payloadLength) != 0) return std::nullopt;
    Icmpv6Message m;
    m.type = icmp[0];
    m.code = icmp[1];
    const std::size_t end = 54 + ip.payloadLength;
    if (m.type == 128 || m.type == 129) {
        m.identifier = get16(frame, 58);
        m.sequence = get16(frame, 60);
        m.data.assign(frame.begin() + 62, frame.begin() + static_cast<long>(end));
    } else if (m.type == 135 || m.type == 136) {
        if (ip.payloadLength < 24) return std::nullopt;
        m.flags = icmp[4];
        std::copy(icmp + 8, icmp + 24, m.target.bytes.begin());
        // Options: type, length in 8-byte units; the link-layer address ones carry a MAC.
        for (std::size_t at = 54 + 24; at + 8 <= end && frame[at + 1] != 0; at += frame[at + 1] * 8u)
            if (frame[at] == 1 || frame[at] == 2) {
                Mac mac;
                std::copy(frame.begin() + static_cast<long>(at) + 2,
                          frame.begin() + static_cast<long>(at) + 8, mac.bytes.begin());
                m.linkLayer = mac;
            }
    } else {
        m.data.assign(frame.begin() + 62, frame.begin() + static_cast<long>(end));
    }
    return m;
}

} // namespace vethlab::sim
