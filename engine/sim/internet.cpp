// The outside world behind the host's eth0, beyond pings and the router's DNS: the LAN router and the
// internet's routers answer an expiring TTL as Linux routers do (the internet's own routers stay
// silent: the lab does not model an ISP), the internet hosts answer UDP to a closed port with Port
// Unreachable, the public resolvers answer DNS, and the web hosts answer HTTP on port 80 over TCP.
// Every reply is a function of the packet it answers, so the far side keeps no state.
#include <algorithm>

#include "engine.h"
#include "internet_pages.h"

namespace vethlab::sim {
namespace {

// A public resolver out there (8.8.8.8, 1.1.1.1, ...): it knows what the LAN's resolver knows.
bool isPublicResolver(const LabSettings& lab, Ipv4 address) {
    return std::any_of(
        lab.internetHosts.begin(), lab.internetHosts.end(),
        [&](const LabSettings::InternetHost& h) { return h.address == address && h.answersDns; });
}

} // namespace

void Engine::lanIcmpError(Ipv4 from, std::uint8_t ttl, const Bytes& frame, std::uint8_t type,
                          std::uint8_t code, Nanos delay) {
    auto ip = decodeIpv4(frame);
    if (!ip || frame.size() < 34) return;
    IcmpMessage m;
    m.type = type;
    m.code = code;
    m.identifier = m.sequence = 0;
    const std::size_t quoted = std::min<std::size_t>({ip->totalLength, 548, frame.size() - 14});
    m.payload.assign(frame.begin() + 14, frame.begin() + static_cast<std::ptrdiff_t>(14 + quoted));
    Ipv4Header h;
    h.protocol = kProtoIcmp;
    h.ttl = ttl;
    h.source = from;
    h.destination = ip->source;
    h.identification = nextIpId_++;
    h.dontFragment = false;
    lanSend(encodeEthernet({hostMacSeen_, routerMac_, kEtherTypeIpv4}, encodeIpv4(h, encodeIcmp(m))), delay);
}

bool Engine::internetReceive(const Ipv4Header& ip, const Bytes& frame, Nanos delay) {
    const LabSettings& lab = lab_->settings();
    if (ip.protocol == kProtoIcmp)
        if (auto m = decodeIcmpHeader(frame, ip); !m || (m->type != 0 && m->type != 8)) return true;
    if (ip.destination == lab.gateway) {
        if (ip.protocol != kProtoUdp) return false; // ping: answered by the caller; TCP: no server
        lanIcmpError(lab.gateway, 64, frame, 3, 3, delay);
        return true;
    }
    if (ip.ttl <= 1) { // the LAN router is the first hop beyond the host
        lanIcmpError(lab.gateway, 64, frame, 11, 0, delay);
        return true;
    }
    // The internet's routers decrement the TTL silently; a packet that runs out among them is lost.
    if (ip.ttl - 1 <= lab.internetHops) return true;
    if (ip.protocol == kProtoIcmp) return false; // an echo that gets there: the caller answers it
    const bool known =
        std::any_of(lab.internetHosts.begin(), lab.internetHosts.end(),
                    [&](const LabSettings::InternetHost& h) { return h.address == ip.destination; });
    if (!known) return true; // nobody out there
    delay += jittered(lab.internetRtt);
    const auto ttl = static_cast<std::uint8_t>(lab.internetInitialTtl - lab.internetHops - 1);
    if (ip.protocol == kProtoUdp) {
        auto udp = decodeUdp(frame);
        if (!udp) return true;
        if (udp->destinationPort == 53 && isPublicResolver(lab, ip.destination)) {
            lanDns(ip, *udp, delay + jittered(2 * kMillisecond));
            return true;
        }
        lanIcmpError(ip.destination, ttl, frame, 3, 3, delay);
        return true;
    }
    if (ip.protocol == kProtoTcp) {
        internetTcp(ip, frame, delay);
        return true;
    }
    return false;
}

void Engine::internetTcp(const Ipv4Header& ip, const Bytes& frame, Nanos delay) {
    auto s = decodeTcp(frame);
    if (!s || s->has(TcpSegment::Rst)) return;
    // Only the web hosts listen, on port 80; everything else is firewalled (no answer), as on the internet.
    if (s->destinationPort != 80 || isPublicResolver(lab_->settings(), ip.destination)) return;
    const auto ttl =
        static_cast<std::uint8_t>(lab_->settings().internetInitialTtl - lab_->settings().internetHops - 1);
    // The server's initial sequence number, derived from the connection (a SYN cookie of sorts).
    const std::uint32_t iss = 0x6b8b4567u ^ (ip.source.value * 2654435761u) ^ (s->sourcePort * 40503u);
    auto reply = [&](std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, Bytes payload,
                     std::uint16_t mss, Nanos at) {
        TcpSegment r;
        r.sourcePort = s->destinationPort;
        r.destinationPort = s->sourcePort;
        r.sequence = seq;
        r.acknowledgment = ack;
        r.flags = flags;
        r.window = 65535;
        r.mss = mss;
        r.payload = std::move(payload);
        Ipv4Header h;
        h.protocol = kProtoTcp;
        h.ttl = ttl;
        h.source = ip.destination;
        h.destination = ip.source;
        h.identification = nextIpId_++;
        h.dontFragment = true;
        lanSend(encodeEthernet({hostMacSeen_, routerMac_, kEtherTypeIpv4},
                               encodeIpv4(h, encodeTcp(h.source, h.destination, r))),
                at);
    };
    if (s->has(TcpSegment::Syn)) {
        reply(TcpSegment::Syn | TcpSegment::Ack, iss, s->sequence + 1, {}, 1460, delay);
        return;
    }
    if (s->has(TcpSegment::Fin)) {
        // The client closes: the server acknowledges and closes too.
        reply(TcpSegment::Fin | TcpSegment::Ack, s->acknowledgment, s->sequence + s->length(), {}, 0, delay);
        return;
    }
    if (s->payload.empty()) return;
    const std::string request(s->payload.begin(), s->payload.end());
    const std::string response = internetHttpResponse(lab_->settings(), ip.destination, request, lab_->now());
    // The response in segments of the MSS, one after the other (the far side does not reorder them).
    std::uint32_t seq = s->acknowledgment;
    const std::uint32_t ack = s->sequence + static_cast<std::uint32_t>(s->payload.size());
    Nanos at = delay;
    for (std::size_t off = 0; off < response.size(); off += 1460) {
        const std::size_t n = std::min<std::size_t>(1460, response.size() - off);
        const bool last = off + n == response.size();
        reply(static_cast<std::uint8_t>(TcpSegment::Ack | (last ? TcpSegment::Psh : 0)), seq, ack,
              Bytes(response.begin() + static_cast<std::ptrdiff_t>(off),
                    response.begin() + static_cast<std::ptrdiff_t>(off + n)),
              0, at);
        seq += static_cast<std::uint32_t>(n);
        at += 12 * kMillisecond / 1000;
    }
}

} // namespace vethlab::sim
