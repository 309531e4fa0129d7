#include "packet.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>

#include "byte_order.h"
#include "tcp_segment.h"

namespace vethlab::sim {
namespace {

using wire::get16;
using wire::get32;
using wire::put16;
using wire::put32;

void putMac(Bytes& b, const Mac& m) {
    b.insert(b.end(), m.bytes.begin(), m.bytes.end());
}
Mac getMac(const Bytes& b, std::size_t at) {
    Mac m;
    for (std::size_t i = 0; i < 6; ++i)
        m.bytes[i] = b[at + i];
    return m;
}

constexpr std::size_t kEthernetHeader = 14;

} // namespace

namespace {

// RFC 1071 sums 16-bit words in network order; the one's-complement sum is the same in any byte order
// (section 2(B)), so 32-bit words are added in the machine's order and the folded result swapped.
std::uint64_t onesSum(const std::uint8_t* data, std::size_t size, std::uint64_t sum = 0) {
    std::size_t i = 0;
    for (; i + 4 <= size; i += 4) {
        std::uint32_t w;
        std::memcpy(&w, data + i, 4);
        sum += w;
    }
    if (i + 2 <= size) {
        std::uint16_t w;
        std::memcpy(&w, data + i, 2);
        sum += w;
        i += 2;
    }
    if (i < size) sum += std::endian::native == std::endian::little ? data[i] : data[i] << 8u;
    return sum;
}

std::uint16_t finishSum(std::uint64_t sum) {
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    auto folded = static_cast<std::uint16_t>(sum);
    if constexpr (std::endian::native == std::endian::little)
        folded = static_cast<std::uint16_t>(folded << 8 | folded >> 8);
    return static_cast<std::uint16_t>(~folded);
}

} // namespace

std::uint16_t internetChecksum(const std::uint8_t* data, std::size_t size) {
    return finishSum(onesSum(data, size));
}

std::uint16_t pseudoHeaderChecksum(Ipv4 source, Ipv4 destination, std::uint8_t protocol,
                                   const Bytes& segment) {
    Bytes pseudo;
    put32(pseudo, source.value);
    put32(pseudo, destination.value);
    pseudo.push_back(0);
    pseudo.push_back(protocol);
    put16(pseudo, static_cast<std::uint16_t>(segment.size()));
    // 12 bytes, an even number: the segment's words line up as they would after it in one buffer.
    return finishSum(onesSum(segment.data(), segment.size(), onesSum(pseudo.data(), pseudo.size())));
}

Bytes encodeEthernet(const EthernetHeader& h, const Bytes& payload) {
    // No padding: Linux hands a 42-byte ARP to veth and bridge as it is (only a NIC's driver pads to 60).
    Bytes b(kEthernetHeader + payload.size());
    std::memcpy(b.data(), h.destination.bytes.data(), 6);
    std::memcpy(b.data() + 6, h.source.bytes.data(), 6);
    b[12] = static_cast<std::uint8_t>(h.etherType >> 8);
    b[13] = static_cast<std::uint8_t>(h.etherType);
    if (!payload.empty()) std::memcpy(b.data() + kEthernetHeader, payload.data(), payload.size());
    return b;
}

Bytes encodeArp(const ArpPacket& a) {
    Bytes b;
    b.reserve(28);
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

namespace {

// The 20-byte IPv4 header of a packet of `payloadSize` bytes, with its checksum, at `out`.
void writeIpv4Header(std::uint8_t* out, const Ipv4Header& h, std::size_t payloadSize) {
    auto put16At = [out](std::size_t at, std::uint16_t v) {
        out[at] = static_cast<std::uint8_t>(v >> 8);
        out[at + 1] = static_cast<std::uint8_t>(v);
    };
    out[0] = 0x45;
    out[1] = 0;
    put16At(2, static_cast<std::uint16_t>(20 + payloadSize));
    put16At(4, h.identification);
    put16At(6, h.dontFragment ? 0x4000 : 0);
    out[8] = h.ttl;
    out[9] = h.protocol;
    put16At(10, 0);
    put16At(12, static_cast<std::uint16_t>(h.source.value >> 16));
    put16At(14, static_cast<std::uint16_t>(h.source.value));
    put16At(16, static_cast<std::uint16_t>(h.destination.value >> 16));
    put16At(18, static_cast<std::uint16_t>(h.destination.value));
    put16At(10, internetChecksum(out, 20));
}

// The ICMP header of `m` and `data` after it, with the checksum over both, at `out`.
void writeIcmp(std::uint8_t* out, const IcmpMessage& m, std::span<const std::uint8_t> data) {
    out[0] = m.type;
    out[1] = m.code;
    out[2] = out[3] = 0;
    const bool echo = m.type == 0 || m.type == 8;
    out[4] = echo ? static_cast<std::uint8_t>(m.identifier >> 8) : 0; // else: unused
    out[5] = echo ? static_cast<std::uint8_t>(m.identifier) : 0;
    out[6] = echo ? static_cast<std::uint8_t>(m.sequence >> 8) : 0;
    out[7] = echo ? static_cast<std::uint8_t>(m.sequence) : 0;
    if (!data.empty()) std::memcpy(out + 8, data.data(), data.size());
    const std::uint16_t sum = internetChecksum(out, 8 + data.size());
    out[2] = static_cast<std::uint8_t>(sum >> 8);
    out[3] = static_cast<std::uint8_t>(sum);
}

} // namespace

Bytes encodeIpv4(Ipv4Header h, const Bytes& payload) {
    Bytes b(20 + payload.size());
    writeIpv4Header(b.data(), h, payload.size());
    if (!payload.empty()) std::memcpy(b.data() + 20, payload.data(), payload.size());
    return b;
}

Bytes encodeIcmp(const IcmpMessage& m) {
    Bytes b(8 + m.payload.size());
    writeIcmp(b.data(), m, m.payload);
    return b;
}

Bytes encodeIpv4Icmp(Ipv4Header h, const IcmpMessage& m, std::span<const std::uint8_t> data) {
    Bytes b(28 + data.size());
    writeIpv4Header(b.data(), h, 8 + data.size());
    writeIcmp(b.data() + 20, m, data);
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

std::optional<IcmpMessage> decodeIcmpHeader(const Bytes& f, const Ipv4Header& h) {
    if (h.protocol != kProtoIcmp) return std::nullopt;
    // Checked in place, without copying the message.
    const std::size_t at = kEthernetHeader + 20, size = h.totalLength - 20u;
    if (size < 8 || internetChecksum(f.data() + at, size) != 0) return std::nullopt;
    IcmpMessage m;
    m.type = f[at];
    m.code = f[at + 1];
    if (m.type == 0 || m.type == 8) {
        m.identifier = get16(f, at + 4);
        m.sequence = get16(f, at + 6);
    }
    return m;
}

std::optional<IcmpMessage> decodeIcmp(const Bytes& f) {
    auto h = decodeIpv4(f);
    if (!h) return std::nullopt;
    auto m = decodeIcmpHeader(f, *h);
    if (m)
        m->payload.assign(f.begin() + static_cast<long>(kEthernetHeader + 28),
                          f.begin() + static_cast<long>(kEthernetHeader + h->totalLength));
    return m;
}

std::string summarizeUdp(const Bytes& f, const std::string& route);

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
        if (ip->protocol == kProtoUdp) {
            // Forward-declared below: the DNS codec lives further down this file.
            return summarizeUdp(f, route);
        }
        if (ip->protocol == kProtoTcp) return summarizeTcp(f, route);
        return "IPv4 " + route + " proto " + std::to_string(ip->protocol);
    }
    return "frame of " + std::to_string(f.size()) + " bytes";
}

} // namespace vethlab::sim

namespace vethlab::sim {
namespace {

void putName(Bytes& b, const std::string& name) {
    std::size_t pos = 0;
    while (pos < name.size()) {
        auto dot = name.find('.', pos);
        std::string label = name.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        b.push_back(static_cast<std::uint8_t>(label.size()));
        b.insert(b.end(), label.begin(), label.end());
        pos = dot == std::string::npos ? name.size() : dot + 1;
    }
    b.push_back(0);
}

bool readName(const Bytes& b, std::size_t& pos, std::string& out, int depth = 0) {
    if (depth > 8) return false;
    while (pos < b.size()) {
        std::uint8_t len = b[pos];
        if (len == 0) {
            ++pos;
            return true;
        }
        if ((len & 0xC0) == 0xC0) {
            if (pos + 1 >= b.size()) return false;
            std::size_t target = static_cast<std::size_t>(((len & 0x3F) << 8) | b[pos + 1]);
            pos += 2;
            return readName(b, target, out, depth + 1);
        }
        if (pos + 1 + len > b.size()) return false;
        if (!out.empty()) out += '.';
        out.append(reinterpret_cast<const char*>(&b[pos + 1]), len);
        pos += 1 + len;
    }
    return false;
}

using wire::get16;
using wire::put16;

// UDP sends 0xffff for a computed 0: 0 means "no checksum".
std::uint16_t udpChecksum(Ipv4 s, Ipv4 d, const Bytes& segment) {
    const std::uint16_t sum = pseudoHeaderChecksum(s, d, kProtoUdp, segment);
    return sum == 0 ? 0xffff : sum;
}

} // namespace

Bytes encodeUdp(Ipv4 source, Ipv4 destination, const UdpDatagram& d) {
    Bytes b;
    put16(b, d.sourcePort);
    put16(b, d.destinationPort);
    put16(b, static_cast<std::uint16_t>(8 + d.payload.size()));
    put16(b, 0);
    b.insert(b.end(), d.payload.begin(), d.payload.end());
    std::uint16_t sum = udpChecksum(source, destination, b);
    b[6] = static_cast<std::uint8_t>(sum >> 8);
    b[7] = static_cast<std::uint8_t>(sum);
    return b;
}

std::optional<UdpDatagram> decodeUdp(const Bytes& frame) {
    auto ip = decodeIpv4(frame);
    if (!ip || ip->protocol != kProtoUdp) return std::nullopt;
    Bytes seg = ipv4Payload(frame);
    if (seg.size() < 8 || get16(seg, 4) != seg.size()) return std::nullopt;
    Bytes check = seg;
    check[6] = check[7] = 0;
    std::uint16_t want = get16(seg, 6);
    if (want != 0 && udpChecksum(ip->source, ip->destination, check) != want) return std::nullopt;
    return UdpDatagram{get16(seg, 0), get16(seg, 2), Bytes(seg.begin() + 8, seg.end())};
}

Bytes encodeDns(const DnsMessage& m) {
    Bytes b;
    put16(b, m.id);
    put16(b, static_cast<std::uint16_t>(m.response ? 0x8180 | m.rcode : 0x0100));
    put16(b, 1);
    const std::uint16_t answers = m.response
                                      ? static_cast<std::uint16_t>(m.type == 12 ? (m.pointer.empty() ? 0 : 1)
                                                                   : m.type == 28 ? m.addresses6.size()
                                                                                  : m.addresses.size())
                                      : 0;
    put16(b, answers);
    put16(b, 0);
    put16(b, 0);
    putName(b, m.name);
    put16(b, m.type);
    put16(b, 1);
    if (!m.response) return b;
    auto answerHeader = [&](std::uint16_t rdlength) {
        put16(b, 0xC00C); // the question's name, at offset 12
        put16(b, m.type);
        put16(b, 1);
        put16(b, 0);
        put16(b, 600); // Docker's embedded DNS answers with TTL 600
        put16(b, rdlength);
    };
    if (m.type == 12 && !m.pointer.empty()) {
        Bytes target;
        putName(target, m.pointer);
        answerHeader(static_cast<std::uint16_t>(target.size()));
        b.insert(b.end(), target.begin(), target.end());
    } else if (m.type == 1) {
        for (Ipv4 a : m.addresses) {
            answerHeader(4);
            for (int i = 0; i < 4; ++i)
                b.push_back(a.octet(i));
        }
    } else if (m.type == 28) {
        for (const Ipv6& a : m.addresses6) {
            answerHeader(16);
            b.insert(b.end(), a.bytes.begin(), a.bytes.end());
        }
    }
    return b;
}

std::optional<DnsMessage> decodeDns(const Bytes& p) {
    if (p.size() < 12) return std::nullopt;
    DnsMessage m;
    m.id = get16(p, 0);
    std::uint16_t flags = get16(p, 2);
    m.response = (flags & 0x8000) != 0;
    m.rcode = static_cast<std::uint8_t>(flags & 0x0f);
    if (get16(p, 4) != 1) return std::nullopt;
    std::uint16_t answers = get16(p, 6);
    std::size_t pos = 12;
    if (!readName(p, pos, m.name) || pos + 4 > p.size()) return std::nullopt;
    m.type = get16(p, pos);
    pos += 4;
    for (std::uint16_t i = 0; i < answers; ++i) {
        std::string owner;
        if (!readName(p, pos, owner) || pos + 10 > p.size()) return std::nullopt;
        std::uint16_t type = get16(p, pos);
        std::uint16_t len = get16(p, pos + 8);
        pos += 10;
        if (pos + len > p.size()) return std::nullopt;
        if (type == 1 && len == 4)
            m.addresses.push_back(Ipv4{(static_cast<std::uint32_t>(p[pos]) << 24) |
                                       (static_cast<std::uint32_t>(p[pos + 1]) << 16) |
                                       (static_cast<std::uint32_t>(p[pos + 2]) << 8) | p[pos + 3]});
        if (type == 28 && len == 16) {
            Ipv6 a;
            std::copy(p.begin() + static_cast<std::ptrdiff_t>(pos),
                      p.begin() + static_cast<std::ptrdiff_t>(pos + 16), a.bytes.begin());
            m.addresses6.push_back(a);
        }
        if (type == 12) {
            std::size_t at = pos;
            readName(p, at, m.pointer);
        }
        pos += len;
    }
    return m;
}

} // namespace vethlab::sim

namespace vethlab::sim {

std::string summarizeUdp(const Bytes& f, const std::string& route) {
    auto d = decodeUdp(f);
    if (!d) return "UDP " + route + " (bad checksum)";
    std::string ports = ":" + std::to_string(d->sourcePort) + " > :" + std::to_string(d->destinationPort);
    if (d->sourcePort == 53 || d->destinationPort == 53) {
        if (auto m = decodeDns(d->payload)) {
            const char* type = m->type == 12 ? "PTR" : m->type == 28 ? "AAAA" : "A";
            std::string s = "DNS " + std::string(m->response ? "answer " : "query ") + type + " " + m->name;
            if (m->response && m->rcode == 3) s += " NXDOMAIN";
            for (Ipv4 a : m->addresses)
                s += " " + a.str();
            for (const Ipv6& a : m->addresses6)
                s += " " + a.str();
            if (!m->pointer.empty()) s += " " + m->pointer;
            return s + " (" + route + ports + ")";
        }
    }
    return "UDP " + route + ports;
}

} // namespace vethlab::sim
