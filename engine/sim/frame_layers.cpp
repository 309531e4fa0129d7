#include "frame_layers.h"

#include <cstdio>

#include "tcp_segment.h"

namespace vethlab::sim {
namespace {

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

} // namespace

std::vector<Layer> dissect(const Bytes& frame) {
    std::vector<Layer> layers;
    auto eth = decodeEthernet(frame);
    if (!eth) return layers;
    const char* type = eth->etherType == kEtherTypeIpv4  ? " (IPv4)"
                       : eth->etherType == kEtherTypeArp ? " (ARP)"
                                                         : "";
    layers.push_back({"Ethernet II",
                      {{"Destination", eth->destination.str()},
                       {"Source", eth->source.str()},
                       {"Type", hex16(eth->etherType) + type},
                       {"Frame length", std::to_string(frame.size()) + " bytes"}}});
    if (auto arp = decodeArp(frame)) {
        layers.push_back({"ARP",
                          {{"Operation", arp->operation == 1 ? "request (1)" : "reply (2)"},
                           {"Sender MAC", arp->senderMac.str()},
                           {"Sender IP", arp->senderIp.str()},
                           {"Target MAC", arp->targetMac.str()},
                           {"Target IP", arp->targetIp.str()}}});
        return layers;
    }
    auto ip = decodeIpv4(frame);
    if (!ip) return layers;
    const std::string proto = ip->protocol == kProtoIcmp  ? " (ICMP)"
                              : ip->protocol == kProtoUdp ? " (UDP)"
                              : ip->protocol == kProtoTcp ? " (TCP)"
                                                          : "";
    layers.push_back({"IPv4",
                      {{"Source", ip->source.str()},
                       {"Destination", ip->destination.str()},
                       {"TTL", std::to_string(ip->ttl)},
                       {"Protocol", std::to_string(ip->protocol) + proto},
                       {"Identification", hex16(ip->identification)},
                       {"Don't fragment", ip->dontFragment ? "set" : "not set"},
                       {"Total length", std::to_string(ip->totalLength)},
                       {"Header checksum", "valid"}}});
    if (auto icmp = decodeIcmp(frame)) {
        Layer l{"ICMP",
                {{"Type", std::to_string(icmp->type) + (icmp->type == 8   ? " (echo request)"
                                                        : icmp->type == 0 ? " (echo reply)"
                                                        : icmp->type == 3 ? " (destination unreachable)"
                                                                          : "")},
                 {"Code", std::to_string(icmp->code)}}};
        if (icmp->type == 0 || icmp->type == 8) {
            l.fields.push_back({"Identifier", std::to_string(icmp->identifier)});
            l.fields.push_back({"Sequence", std::to_string(icmp->sequence)});
        }
        l.fields.push_back({"Data", std::to_string(icmp->payload.size()) + " bytes"});
        layers.push_back(l);
    } else if (auto udp = decodeUdp(frame)) {
        layers.push_back({"UDP",
                          {{"Source port", std::to_string(udp->sourcePort)},
                           {"Destination port", std::to_string(udp->destinationPort)},
                           {"Length", std::to_string(udp->payload.size() + 8)}}});
        if (udp->sourcePort == 53 || udp->destinationPort == 53)
            if (auto dns = decodeDns(udp->payload)) {
                Layer d{"DNS",
                        {{"ID", hex16(dns->id)},
                         {"Kind", dns->response ? "response" : "query"},
                         {"Question", dns->name + " " +
                                          (dns->type == 12   ? "PTR"
                                           : dns->type == 28 ? "AAAA"
                                                             : "A")}}};
                if (dns->response) {
                    d.fields.push_back({"Reply code", dns->rcode == 3 ? "NXDOMAIN (3)" : "NOERROR (0)"});
                    for (Ipv4 a : dns->addresses)
                        d.fields.push_back({"Answer", a.str()});
                    if (!dns->pointer.empty()) d.fields.push_back({"Answer", dns->pointer});
                }
                layers.push_back(d);
            }
    } else if (auto tcp = decodeTcp(frame)) {
        std::string flags;
        for (auto [f, name] : {std::pair{TcpSegment::Syn, "SYN"},
                               {TcpSegment::Fin, "FIN"},
                               {TcpSegment::Rst, "RST"},
                               {TcpSegment::Psh, "PSH"},
                               {TcpSegment::Ack, "ACK"}})
            if (tcp->has(f)) flags += (flags.empty() ? "" : ", ") + std::string(name);
        Layer t{"TCP",
                {{"Source port", std::to_string(tcp->sourcePort)},
                 {"Destination port", std::to_string(tcp->destinationPort)},
                 {"Flags", flags},
                 {"Sequence number", std::to_string(tcp->sequence)},
                 {"Acknowledgment", tcp->has(TcpSegment::Ack) ? std::to_string(tcp->acknowledgment) : "-"},
                 {"Window", std::to_string(tcp->window)},
                 {"Data", std::to_string(tcp->payload.size()) + " bytes"}}};
        if (tcp->mss) t.fields.push_back({"MSS option", std::to_string(tcp->mss)});
        layers.push_back(t);
        if (!tcp->payload.empty()) {
            std::string first(tcp->payload.begin(), tcp->payload.end());
            if (auto eol = first.find("\r\n"); eol != std::string::npos) first.resize(eol);
            layers.push_back({"HTTP", {{"First line", first}}});
        }
    }
    return layers;
}

} // namespace vethlab::sim
