#include "packet.h"

#include <cstdio>

namespace vethlab::sim {
namespace {

void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
void putMac(Bytes& b, const Mac& m) {
    b.insert(b.end(), m.bytes.begin(), m.bytes.end());
}
std::uint16_t get16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t get32(const Bytes& b, std::size_t at) {
    return (static_cast<std::uint32_t>(get16(b, at)) << 16) | get16(b, at + 2);
}
Mac getMac(const Bytes& b, std::size_t at) {
    Mac m;
    for (std::size_t i = 0; i < 6; ++i)
        m.bytes[i] = b[at + i];
    return m;
}

constexpr std::size_t kEthernetHeader = 14;

} // namespace

std::uint16_t internetChecksum(const std::uint8_t* data, std::size_t size) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < size; i += 2)
        sum += static_cast<std::uint32_t>((data[i] << 8) | data[i + 1]);
    if (size % 2) sum += static_cast<std::uint32_t>(data[size - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

Bytes encodeEthernet(const EthernetHeader& h, const Bytes& payload) {
    Bytes b;
    b.reserve(kEthernetHeader + payload.size());
    putMac(b, h.destination);
    putMac(b, h.source);
    put16(b, h.etherType);
    b.insert(b.end(), payload.begin(), payload.end());
    // Linux pads short frames to the 60-byte minimum on transmit (the FCS is not captured).
    if (b.size() < 60) b.resize(60, 0);
    return b;
}

Bytes encodeArp(const ArpPacket& a) {
    Bytes b;
    put16(b, 1);      // Ethernet
    put16(b, 0x0800); // IPv4
    b.push_back(6);
    b.push_back(4);
    put16(b, a.operation);
    putMac(b, a.senderMac);
    put32(b, a.senderIp.value);
    putMac(b, a.targetMac);
    put32(b, a.targetIp.value);
    return b;
}

Bytes encodeIpv4(Ipv4Header h, const Bytes& payload) {
    Bytes b;
    b.push_back(0x45);
    b.push_back(0);
    put16(b, static_cast<std::uint16_t>(20 + payload.size()));
    put16(b, h.identification);
    put16(b, h.dontFragment ? 0x4000 : 0);
    b.push_back(h.ttl);
    b.push_back(h.protocol);
    put16(b, 0);
    put32(b, h.source.value);
    put32(b, h.destination.value);
    std::uint16_t sum = internetChecksum(b.data(), 20);
    b[10] = static_cast<std::uint8_t>(sum >> 8);
    b[11] = static_cast<std::uint8_t>(sum);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

Bytes encodeIcmp(const IcmpMessage& m) {
    Bytes b;
    b.push_back(m.type);
    b.push_back(m.code);
    put16(b, 0);
    if (m.type == 0 || m.type == 8) {
        put16(b, m.identifier);
        put16(b, m.sequence);
    } else {
        put32(b, 0); // unused
    }
    b.insert(b.end(), m.payload.begin(), m.payload.end());
    std::uint16_t sum = internetChecksum(b.data(), b.size());
    b[2] = static_cast<std::uint8_t>(sum >> 8);
    b[3] = static_cast<std::uint8_t>(sum);
    return b;
}

std::optional<EthernetHeader> decodeEthernet(const Bytes& f) {
    if (f.size() < kEthernetHeader) return std::nullopt;
    return EthernetHeader{getMac(f, 0), getMac(f, 6), get16(f, 12)};
}

std::optional<ArpPacket> decodeArp(const Bytes& f) {
    if (f.size() < kEthernetHeader + 28 || get16(f, 12) != kEtherTypeArp) return std::nullopt;
    const std::size_t o = kEthernetHeader;
    if (get16(f, o) != 1 || get16(f, o + 2) != 0x0800 || f[o + 4] != 6 || f[o + 5] != 4) return std::nullopt;
    return ArpPacket{get16(f, o + 6), getMac(f, o + 8), Ipv4{get32(f, o + 14)}, getMac(f, o + 18),
                     Ipv4{get32(f, o + 24)}};
}

std::optional<Ipv4Header> decodeIpv4(const Bytes& f) {
    if (f.size() < kEthernetHeader + 20 || get16(f, 12) != kEtherTypeIpv4) return std::nullopt;
    const std::size_t o = kEthernetHeader;
    if (f[o] != 0x45) return std::nullopt;
    if (internetChecksum(f.data() + o, 20) != 0) return std::nullopt;
    Ipv4Header h;
    h.totalLength = get16(f, o + 2);
    h.identification = get16(f, o + 4);
    h.dontFragment = (get16(f, o + 6) & 0x4000) != 0;
    h.ttl = f[o + 8];
    h.protocol = f[o + 9];
    h.source = Ipv4{get32(f, o + 12)};
    h.destination = Ipv4{get32(f, o + 16)};
    if (h.totalLength < 20 || o + h.totalLength > f.size()) return std::nullopt;
    return h;
}

Bytes ipv4Payload(const Bytes& f) {
    auto h = decodeIpv4(f);
    if (!h) return {};
    return Bytes(f.begin() + static_cast<long>(kEthernetHeader + 20),
                 f.begin() + static_cast<long>(kEthernetHeader + h->totalLength));
}

std::optional<IcmpMessage> decodeIcmp(const Bytes& f) {
    auto h = decodeIpv4(f);
    if (!h || h->protocol != kProtoIcmp) return std::nullopt;
    Bytes p = ipv4Payload(f);
    if (p.size() < 8 || internetChecksum(p.data(), p.size()) != 0) return std::nullopt;
    IcmpMessage m;
    m.type = p[0];
    m.code = p[1];
    if (m.type == 0 || m.type == 8) {
        m.identifier = get16(p, 4);
        m.sequence = get16(p, 6);
    }
    m.payload.assign(p.begin() + 8, p.end());
    return m;
}

std::string summarize(const Bytes& f) {
    if (auto a = decodeArp(f)) {
        if (a->operation == 1) return "ARP who-has " + a->targetIp.str() + " tell " + a->senderIp.str();
        return "ARP reply " + a->senderIp.str() + " is-at " + a->senderMac.str();
    }
    if (auto ip = decodeIpv4(f)) {
        std::string route = ip->source.str() + " > " + ip->destination.str();
        if (auto icmp = decodeIcmp(f)) {
            char buf[96];
            if (icmp->type == 8 || icmp->type == 0)
                std::snprintf(buf, sizeof buf, " id %u seq %u ttl %u", icmp->identifier, icmp->sequence,
                              ip->ttl);
            else
                std::snprintf(buf, sizeof buf, " type %u code %u", icmp->type, icmp->code);
            const char* what = icmp->type == 8   ? "ICMP echo request "
                               : icmp->type == 0 ? "ICMP echo reply "
                                                 : "ICMP ";
            return what + route + buf;
        }
        return "IPv4 " + route + " proto " + std::to_string(ip->protocol);
    }
    return "frame of " + std::to_string(f.size()) + " bytes";
}

} // namespace vethlab::sim
