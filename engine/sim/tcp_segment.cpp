#include "tcp_segment.h"

#include "byte_order.h"

namespace vethlab::sim {

using wire::get16;
using wire::get32;
using wire::put16;
using wire::put32;

namespace {

// The options as tcp_options_write lays them out: 4-byte words, NOPs in front of what is not a multiple.
Bytes encodeOptions(const TcpSegment& s) {
    Bytes o;
    if (s.mss) {
        o.insert(o.end(), {2, 4});
        put16(o, s.mss);
    }
    if (s.timestamp) {
        if (s.sackPermitted)
            o.insert(o.end(), {4, 2, 8, 10}); // sackOK shares the word in front of the timestamps
        else
            o.insert(o.end(), {1, 1, 8, 10});
        put32(o, s.timestamp->first);
        put32(o, s.timestamp->second);
    } else if (s.sackPermitted) {
        o.insert(o.end(), {1, 1, 4, 2});
    }
    if (s.windowScale) o.insert(o.end(), {1, 3, 3, *s.windowScale});
    return o;
}

} // namespace

Bytes encodeTcp(Ipv4 source, Ipv4 destination, const TcpSegment& s) {
    const Bytes options = encodeOptions(s);
    Bytes b;
    put16(b, s.sourcePort);
    put16(b, s.destinationPort);
    put32(b, s.sequence);
    put32(b, s.acknowledgment);
    const auto words = static_cast<std::uint8_t>(5 + options.size() / 4);
    b.push_back(static_cast<std::uint8_t>(words << 4));
    b.push_back(s.flags);
    put16(b, s.window);
    put16(b, 0); // checksum, filled below
    put16(b, 0); // urgent pointer
    b.insert(b.end(), options.begin(), options.end());
    b.insert(b.end(), s.payload.begin(), s.payload.end());
    const std::uint16_t sum = pseudoHeaderChecksum(source, destination, kProtoTcp, b);
    b[16] = static_cast<std::uint8_t>(sum >> 8);
    b[17] = static_cast<std::uint8_t>(sum);
    return b;
}

std::optional<TcpSegment> decodeTcp(const Bytes& frame) {
    auto ip = decodeIpv4(frame);
    if (!ip || ip->protocol != kProtoTcp) return std::nullopt;
    Bytes seg = ipv4Payload(frame);
    if (seg.size() < 20) return std::nullopt;
    const std::size_t headerBytes = static_cast<std::size_t>(seg[12] >> 4) * 4;
    if (headerBytes < 20 || headerBytes > seg.size()) return std::nullopt;
    if (pseudoHeaderChecksum(ip->source, ip->destination, kProtoTcp, seg) != 0) return std::nullopt;
    TcpSegment s;
    s.sourcePort = get16(seg, 0);
    s.destinationPort = get16(seg, 2);
    s.sequence = get32(seg, 4);
    s.acknowledgment = get32(seg, 8);
    s.flags = seg[13];
    s.window = get16(seg, 14);
    for (std::size_t i = 20; i + 1 < headerBytes;) {
        const std::uint8_t kind = seg[i];
        if (kind == 0) break;
        if (kind == 1) {
            ++i;
            continue;
        }
        const std::uint8_t len = seg[i + 1];
        if (len < 2) break;
        if (i + len > headerBytes) break;
        if (kind == 2 && len == 4) s.mss = get16(seg, i + 2);
        if (kind == 3 && len == 3) s.windowScale = seg[i + 2];
        if (kind == 4 && len == 2) s.sackPermitted = true;
        if (kind == 8 && len == 10) s.timestamp = std::pair{get32(seg, i + 2), get32(seg, i + 6)};
        i += len;
    }
    s.payload.assign(seg.begin() + static_cast<long>(headerBytes), seg.end());
    return s;
}

std::string summarizeTcp(const Bytes& frame, const std::string& route) {
    auto s = decodeTcp(frame);
    if (!s) return "TCP " + route + " (bad checksum)";
    std::string flags;
    auto add = [&](TcpSegment::Flag f, const char* name) {
        if (s->has(f)) flags += flags.empty() ? name : std::string(", ") + name;
    };
    add(TcpSegment::Syn, "SYN");
    add(TcpSegment::Fin, "FIN");
    add(TcpSegment::Rst, "RST");
    add(TcpSegment::Psh, "PSH");
    add(TcpSegment::Ack, "ACK");
    auto ip = decodeIpv4(frame);
    std::string text = "TCP " + ip->source.str() + ":" + std::to_string(s->sourcePort) + " > " +
                       ip->destination.str() + ":" + std::to_string(s->destinationPort) + " [" + flags +
                       "] seq " + std::to_string(s->sequence);
    if (s->has(TcpSegment::Ack)) text += " ack " + std::to_string(s->acknowledgment);
    text += " len " + std::to_string(s->payload.size());
    if (!s->payload.empty()) {
        // The first line of an HTTP message says what the segment is about.
        std::string first(s->payload.begin(), s->payload.end());
        if (auto eol = first.find("\r\n"); eol != std::string::npos) first.resize(eol);
        if (first.find(" HTTP/1.") != std::string::npos || first.rfind("HTTP/", 0) == 0)
            text = "HTTP " + first + " (" + text + ")";
    }
    return text;
}

std::pair<std::uint16_t, std::uint16_t> transportPorts(const Bytes& frame) {
    auto ip = decodeIpv4(frame);
    if (!ip || (ip->protocol != kProtoTcp && ip->protocol != 17)) return {0, 0};
    constexpr std::size_t at = 14 + 20;
    if (frame.size() < at + 4) return {0, 0};
    return {get16(frame, at), get16(frame, at + 2)};
}

} // namespace vethlab::sim
