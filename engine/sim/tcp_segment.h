// The TCP segment codec: a 20-byte header and the options in the layout Linux's tcp_options_write gives
// them (SYN: mss, sackOK with TS, nop and wscale; later segments: nop, nop, TS), with the checksum over
// the IPv4 pseudo-header, so tshark reads the handshake, data and teardown as real TCP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "packet.h"

namespace vethlab::sim {

constexpr std::uint8_t kProtoTcp = 6;

struct TcpSegment {
    enum Flag : std::uint8_t { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };
    std::uint16_t sourcePort = 0, destinationPort = 0;
    std::uint32_t sequence = 0, acknowledgment = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 64240;
    std::uint16_t mss = 0; // sent as an option when non-zero (SYN, SYN-ACK)
    bool sackPermitted = false;
    std::optional<std::uint8_t> windowScale;
    /// TS val and TS ecr (RFC 7323), when the segment carries the timestamps option.
    std::optional<std::pair<std::uint32_t, std::uint32_t>> timestamp;
    Bytes payload;

    bool has(Flag f) const { return (flags & f) != 0; }
    /// How much sequence space the segment takes: its data, plus one for SYN and for FIN.
    std::uint32_t length() const {
        return static_cast<std::uint32_t>(payload.size()) + (has(Syn) ? 1u : 0u) + (has(Fin) ? 1u : 0u);
    }
};

Bytes encodeTcp(Ipv4 source, Ipv4 destination, const TcpSegment& s);
std::optional<TcpSegment> decodeTcp(const Bytes& frame); // frame = whole Ethernet frame; checks the checksum
/// "TCP 172.17.0.1:41000 > 172.17.0.2:8080 [SYN] seq 0 ack 0 len 0", sequence numbers relative to
/// nothing (absolute), as tcpdump -S prints them.
std::string summarizeTcp(const Bytes& frame, const std::string& route);

/// The source and destination ports of a TCP or UDP packet (0, 0 for other protocols).
std::pair<std::uint16_t, std::uint16_t> transportPorts(const Bytes& frame);

} // namespace vethlab::sim
