// Wire-format codecs for the frames the engine moves: Ethernet II, ARP, IPv4 (with a valid header
// checksum) and ICMP echo / destination unreachable. Frames are plain bytes, so a capture holds
// exactly what the kernel would have put on the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "net/ipv6.h"

namespace vethlab::sim {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeArp = 0x0806;
constexpr std::uint8_t kProtoIcmp = 1;
constexpr Mac kBroadcastMac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};

struct EthernetHeader {
    Mac destination, source;
    std::uint16_t etherType = 0;
};

struct ArpPacket {
    std::uint16_t operation = 1; // 1 request, 2 reply
    Mac senderMac;
    Ipv4 senderIp;
    Mac targetMac;
    Ipv4 targetIp;
};

struct Ipv4Header {
    std::uint8_t ttl = 64;
    std::uint8_t protocol = 0;
    std::uint16_t identification = 0;
    bool dontFragment = true;
    Ipv4 source, destination;
    std::uint16_t totalLength = 0; // filled by the encoder
};

struct IcmpMessage {
    std::uint8_t type = 8; // 8 echo request, 0 echo reply, 3 destination unreachable
    std::uint8_t code = 0;
    std::uint16_t identifier = 0, sequence = 0;
    Bytes payload; // echo data, or the offending IP header + 8 bytes for errors
};

/// The RFC 1071 Internet checksum over `data`.
std::uint16_t internetChecksum(const std::uint8_t* data, std::size_t size);
/// The checksum over the IPv4 pseudo-header and a UDP or TCP segment (RFC 768, RFC 793).
std::uint16_t pseudoHeaderChecksum(Ipv4 source, Ipv4 destination, std::uint8_t protocol,
                                   const Bytes& segment);

Bytes encodeEthernet(const EthernetHeader& h, const Bytes& payload);
Bytes encodeArp(const ArpPacket& a);
Bytes encodeIpv4(Ipv4Header h, const Bytes& payload);
Bytes encodeIcmp(const IcmpMessage& m);
/// encodeIpv4(h, encodeIcmp(m)) in one buffer, with the message's data in `data` (m.payload is not read):
/// an echo leaves without its data being copied into a message first.
Bytes encodeIpv4Icmp(Ipv4Header h, const IcmpMessage& m, std::span<const std::uint8_t> data);

std::optional<EthernetHeader> decodeEthernet(const Bytes& frame);
std::optional<ArpPacket> decodeArp(const Bytes& frame);    // frame = whole Ethernet frame
std::optional<Ipv4Header> decodeIpv4(const Bytes& frame);  // checks version, IHL and checksum
std::optional<IcmpMessage> decodeIcmp(const Bytes& frame); // checks the ICMP checksum
/// decodeIcmp without the payload, for a frame whose IPv4 header is already decoded as `ip`.
std::optional<IcmpMessage> decodeIcmpHeader(const Bytes& frame, const Ipv4Header& ip);
/// The IPv4 payload inside a frame (after the Ethernet and IP headers).
Bytes ipv4Payload(const Bytes& frame);

/// One line a student can read: "ARP who-has 172.17.0.3 tell 172.17.0.2", "ICMP echo request 172.17.0.2 >
/// 172.17.0.3 id 7 seq 1 ttl 64".
std::string summarize(const Bytes& frame);

} // namespace vethlab::sim

namespace vethlab::sim {

constexpr std::uint8_t kProtoUdp = 17;

struct UdpDatagram {
    std::uint16_t sourcePort = 0, destinationPort = 0;
    Bytes payload;
};

/// UDP with its checksum over the IPv4 pseudo-header.
Bytes encodeUdp(Ipv4 source, Ipv4 destination, const UdpDatagram& d);
std::optional<UdpDatagram> decodeUdp(const Bytes& frame); // checks the checksum

/// A DNS message with one question: a query, or an answer with A or PTR records.
struct DnsMessage {
    std::uint16_t id = 0;
    bool response = false;
    std::uint8_t rcode = 0;       // 0 NOERROR, 3 NXDOMAIN
    std::string name;             // the question
    std::uint16_t type = 1;       // 1 A, 12 PTR, 28 AAAA
    std::vector<Ipv4> addresses;  // A answers
    std::vector<Ipv6> addresses6; // AAAA answers
    std::string pointer;          // PTR answer
};

/// Encodes with name compression (answers point back at the question's name).
Bytes encodeDns(const DnsMessage& m);
std::optional<DnsMessage> decodeDns(const Bytes& payload);

} // namespace vethlab::sim
