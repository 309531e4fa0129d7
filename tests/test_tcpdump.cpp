// tcpdump's pieces on frames built by the engine's own codecs: the pcap-filter language (what each
// primitive accepts, libpcap's errors) and tcpdump 4.99's line for each protocol the engine carries.
#include <QtTest>

#include "bpf_filter.h"
#include "ipv6_packet.h"
#include "packet.h"
#include "tcp_segment.h"
#include "tcpdump_print.h"

using namespace vethlab;
using namespace vethlab::sim;
using vethlab::shell::CaptureFilter;
using vethlab::shell::TcpdumpOptions;
using vethlab::shell::TcpdumpPrinter;

namespace {

const Mac kC1 = Mac::fromDockerIp(Ipv4{0xAC110002}); // 02:42:ac:11:00:02
const Mac kC2 = Mac::fromDockerIp(Ipv4{0xAC110003});
const Ipv4 kIp1{0xAC110002}, kIp2{0xAC110003};

Bytes arpRequest() {
    return encodeEthernet({kBroadcastMac, kC1, kEtherTypeArp}, encodeArp({1, kC1, kIp1, Mac{}, kIp2}));
}
Bytes arpReply() {
    return encodeEthernet({kC1, kC2, kEtherTypeArp}, encodeArp({2, kC2, kIp2, kC1, kIp1}));
}
Bytes echo(bool request, std::uint16_t seq) {
    IcmpMessage m;
    m.type = request ? 8 : 0;
    m.identifier = 7;
    m.sequence = seq;
    m.payload.assign(56, 0x42);
    Ipv4Header h;
    h.protocol = kProtoIcmp;
    h.identification = 0x1c46;
    h.source = request ? kIp1 : kIp2;
    h.destination = request ? kIp2 : kIp1;
    return encodeEthernet({request ? kC2 : kC1, request ? kC1 : kC2, kEtherTypeIpv4},
                          encodeIpv4(h, encodeIcmp(m)));
}
Bytes tcp(Ipv4 src, std::uint16_t sport, Ipv4 dst, std::uint16_t dport, std::uint8_t flags, std::uint32_t seq,
          std::uint32_t ack, std::string payload = {}, std::uint16_t mss = 0) {
    TcpSegment s;
    s.sourcePort = sport;
    s.destinationPort = dport;
    s.flags = flags;
    s.sequence = seq;
    s.acknowledgment = ack;
    s.mss = mss;
    s.payload.assign(payload.begin(), payload.end());
    Ipv4Header h;
    h.protocol = kProtoTcp;
    h.source = src;
    h.destination = dst;
    return encodeEthernet({kC2, kC1, kEtherTypeIpv4}, encodeIpv4(h, encodeTcp(src, dst, s)));
}
Bytes dnsFrame(bool answer) {
    DnsMessage m;
    m.id = 10775;
    m.name = "web";
    m.response = answer;
    if (answer) m.addresses = {Ipv4{0xAC120002}};
    UdpDatagram d;
    d.sourcePort = answer ? 53 : 41000;
    d.destinationPort = answer ? 41000 : 53;
    d.payload = encodeDns(m);
    const Ipv4 resolver{0x7F00000B}; // 127.0.0.11
    Ipv4Header h;
    h.protocol = kProtoUdp;
    h.source = answer ? resolver : kIp1;
    h.destination = answer ? kIp1 : resolver;
    return encodeEthernet({kC1, kC1, kEtherTypeIpv4}, encodeIpv4(h, encodeUdp(h.source, h.destination, d)));
}

// ICMPv6 echo request 2001:db8:1::2 -> 2001:db8:1::3, or (nextHeader 6) the same header carrying a
// TCP-looking payload from port 45000 to 80.
Bytes ipv6Frame(std::uint8_t nextHeader = kProtoIcmpv6) {
    Ipv6Header h;
    h.source = *Ipv6::parse("2001:db8:1::2");
    h.destination = *Ipv6::parse("2001:db8:1::3");
    Icmpv6Message m;
    m.identifier = 7;
    m.sequence = 1;
    m.data.assign(56, 0x42);
    Bytes packet = encodeIpv6Icmp(h, m);
    packet[6] = nextHeader;
    if (nextHeader == 6) {
        const std::uint8_t ports[] = {0xaf, 0xc8, 0x00, 0x50};
        std::copy(std::begin(ports), std::end(ports), packet.begin() + 40);
    }
    return encodeEthernet({kC2, kC1, kEtherTypeIpv6}, packet);
}

bool passes(const std::string& expression, const Bytes& frame) {
    auto f = CaptureFilter::compile(expression);
    if (!std::holds_alternative<CaptureFilter>(f))
        qFatal("%s: %s", expression.c_str(), std::get<std::string>(f).c_str());
    return std::get<CaptureFilter>(f).matches(frame);
}
std::string error(const std::string& expression) {
    auto f = CaptureFilter::compile(expression);
    return std::holds_alternative<std::string>(f) ? std::get<std::string>(f) : "";
}

TcpdumpOptions numeric() {
    TcpdumpOptions o;
    o.numeric = true;
    o.zone = TimeZone{480, "CST"};
    return o;
}
constexpr std::int64_t kAt = 1646389213'090380'000; // 2022-03-04 18:20:13.090380 CST

} // namespace

class Tcpdump : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filterPrimitives() {
        QVERIFY(passes("", arpRequest()));
        QVERIFY(passes("arp", arpRequest()));
        QVERIFY(!passes("icmp", arpRequest()));
        QVERIFY(passes("icmp", echo(true, 1)));
        QVERIFY(passes("ip", echo(true, 1)));
        QVERIFY(!passes("ip", arpRequest()));
        QVERIFY(passes("host 172.17.0.3", arpRequest())); // host covers ARP's addresses too
        QVERIFY(!passes("ip host 172.17.0.3", arpRequest()));
        QVERIFY(passes("src host 172.17.0.2 and dst 172.17.0.3", echo(true, 1)));
        QVERIFY(!passes("src 172.17.0.3", echo(true, 1)));
        QVERIFY(passes("net 172.17.0.0/16", echo(true, 1)));
        QVERIFY(passes("net 172.17", echo(true, 1)));
        QVERIFY(!passes("net 10.0.0.0/8", echo(true, 1)));
        QVERIFY(passes("ether host 02:42:ac:11:00:02", echo(true, 1)));
        QVERIFY(passes("ether broadcast", arpRequest()));
        QVERIFY(!passes("ether broadcast", arpReply()));
        const Bytes syn = tcp(kIp1, 45000, kIp2, 80, TcpSegment::Syn, 100, 0, {}, 1460);
        QVERIFY(passes("tcp port 80", syn));
        QVERIFY(passes("port http", syn));
        QVERIFY(passes("dst port 80", syn));
        QVERIFY(!passes("src port 80", syn));
        QVERIFY(!passes("udp port 80", syn));
        QVERIFY(passes("portrange 79-81", syn));
        QVERIFY(passes("udp port 53", dnsFrame(false)));
        QVERIFY(passes("port 53 and not tcp", dnsFrame(true)));
    }

    void filterLogic() {
        QVERIFY(passes("icmp or arp", arpRequest()));
        QVERIFY(!passes("icmp and arp", arpRequest()));
        QVERIFY(passes("not icmp", arpRequest()));
        QVERIFY(passes("! icmp && (arp || udp)", arpRequest()));
        // A bare value after and/or keeps the qualifiers before it (libpcap's grammar).
        QVERIFY(passes("host 10.0.0.1 or 172.17.0.2", echo(true, 1)));
        QVERIFY(passes("tcp port 443 or 80", tcp(kIp1, 45000, kIp2, 80, TcpSegment::Syn, 1, 0)));
        QVERIFY(!passes("port 443 or 8080", tcp(kIp1, 45000, kIp2, 80, TcpSegment::Syn, 1, 0)));
        QVERIFY(passes("src or dst host 172.17.0.3", echo(true, 1)));
        QVERIFY(!passes("src and dst host 172.17.0.3", echo(true, 1)));
    }

    // libpcap 1.10's IPv6 primitives, checked against tcpdump -d on tcpdump 4.99.3 / libpcap 1.10.3.
    void filterIpv6() {
        const Bytes echo6 = ipv6Frame(), tcp6 = ipv6Frame(6);
        QVERIFY(passes("icmp6", echo6));
        QVERIFY(passes("ip6", echo6));
        QVERIFY(!passes("icmp", echo6));
        QVERIFY(!passes("ip", echo6));
        QVERIFY(!passes("icmp6", echo(true, 1)));
        QVERIFY(!passes("ip6", arpRequest()));
        QVERIFY(passes("ip6 and not icmp", echo6));
        QVERIFY(passes("host 2001:db8:1::3", echo6));
        QVERIFY(passes("src host 2001:db8:1::2 and icmp6", echo6));
        QVERIFY(!passes("dst 2001:db8:1::2", echo6));
        QVERIFY(passes("ip6 net 2001:db8:1::/64", echo6));
        QVERIFY(passes("net 2001:db8::/32", echo6));
        QVERIFY(!passes("net 2001:db8:2::/48", echo6));
        QVERIFY(!passes("host 172.17.0.2", echo6));
        QVERIFY(passes("host 10.0.0.1 or 2001:db8:1::2", echo6)); // a bare value keeps "host"
        // tcp, udp and port cover IPv6 too.
        QVERIFY(passes("tcp", tcp6));
        QVERIFY(passes("tcp port 80", tcp6));
        QVERIFY(passes("port 45000", tcp6));
        QVERIFY(!passes("udp", tcp6));
        QVERIFY(!passes("icmp6", tcp6));
        QVERIFY(!passes("tcp", echo6));
    }

    void filterIpv6Errors() {
        QCOMPARE(error("ip6 host 1.2.3.4"), std::string("'ip6' modifier applied to ip host"));
        QCOMPARE(error("ip6 net 10.0.0.0/8"), std::string("'ip6' modifier applied to ip host"));
        QCOMPARE(error("icmp6 host 1.2.3.4"), std::string("'icmp6' modifier applied to host"));
        QCOMPARE(error("icmp6 net 10.0.0.0/8"), std::string("'icmp6' modifier applied to net"));
        QCOMPARE(error("icmp6 host 2001:db8::1"), std::string("'icmp6' modifier applied to ip6 host"));
        QCOMPARE(error("ip host 2001:db8::1"), std::string("'ip' modifier applied to ip6 host"));
        QCOMPARE(error("arp host 2001:db8::1"), std::string("'arp' modifier applied to ip6 host"));
        QCOMPARE(error("tcp host 2001:db8::1"), std::string("'tcp' modifier applied to ip6 host"));
        QCOMPARE(error("udp net 2001:db8::/64"), std::string("'udp' modifier applied to ip6 net"));
        QCOMPARE(error("ether host 2001:db8::1"), std::string("link-layer modifier applied to ip6 host"));
        QCOMPARE(error("icmp6 port 5"), std::string("illegal qualifier of 'port'"));
        QCOMPARE(error("ip6 port 53"), std::string("illegal qualifier of 'port'"));
        QCOMPARE(error("port 53 or 2001:db8::1"), std::string("invalid qualifier against IPv6 address"));
        QCOMPARE(error("net 2001:db8::1/64"), std::string("non-network bits set in \"2001:db8::1/64\""));
        QCOMPARE(error("net 2001:db8::/129"), std::string("mask length must be <= 128"));
        QCOMPARE(error("host 2001:db8::/64"), std::string("Mask syntax for networks only"));
        QCOMPARE(error("src 10.0.0.0/8"), std::string("Mask syntax for networks only"));
        QCOMPARE(error("2001:db8::/64"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("10.0.0.0/8"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("host fe80::1%eth0"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("icmp6 icmp6"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("net 2001:db8::1"), std::string()); // a whole address is a /128 net
    }

    void filterErrors() {
        QCOMPARE(error("tcp port"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("icmp and"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("(arp"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("arp )"), std::string("can't parse filter expression: syntax error"));
        QCOMPARE(error("port 70000"), std::string("illegal port number 70000 > 65535"));
        QCOMPARE(error("port nosuch"), std::string("unknown port 'nosuch'"));
        QCOMPARE(error("host nosuch"), std::string("unknown host 'nosuch'"));
        QCOMPARE(error("nosuch"), std::string("unknown host 'nosuch'"));
        QCOMPARE(error("tcp host 172.17.0.2"), std::string("'tcp' modifier applied to host"));
        QCOMPARE(error("icmp port 80"), std::string("illegal qualifier of 'port'"));
        QCOMPARE(error("net 172.17.0.2/16"), std::string("non-network bits set in \"172.17.0.2/16\""));
        QCOMPARE(error("net 172.17.0.0/33"), std::string("mask length must be <= 32"));
    }

    void arpAndIcmpLines() {
        TcpdumpPrinter p(numeric());
        QCOMPARE(p.print(kAt, arpRequest()),
                 std::string("18:20:13.090380 ARP, Request who-has 172.17.0.3 tell 172.17.0.2, length 28\n"));
        QCOMPARE(p.print(kAt, arpReply()),
                 std::string("18:20:13.090380 ARP, Reply 172.17.0.3 is-at 02:42:ac:11:00:03, length 28\n"));
        QCOMPARE(
            p.print(kAt, echo(true, 1)),
            std::string(
                "18:20:13.090380 IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 7, seq 1, length 64\n"));
        TcpdumpOptions e = numeric();
        e.linkHeader = true;
        QCOMPARE(
            TcpdumpPrinter(e).print(kAt, arpRequest()),
            std::string(
                "18:20:13.090380 02:42:ac:11:00:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: "
                "Request who-has 172.17.0.3 tell 172.17.0.2, length 28\n"));
        QCOMPARE(
            TcpdumpPrinter(e).print(kAt, echo(false, 1)),
            std::string(
                "18:20:13.090380 02:42:ac:11:00:03 > 02:42:ac:11:00:02, ethertype IPv4 (0x0800), length 98: "
                "172.17.0.3 > 172.17.0.2: ICMP echo reply, id 7, seq 1, length 64\n"));
        TcpdumpOptions v = numeric();
        v.verbose = 1;
        QCOMPARE(TcpdumpPrinter(v).print(kAt, echo(true, 2)),
                 std::string("18:20:13.090380 IP (tos 0x0, ttl 64, id 7238, offset 0, flags [DF], proto ICMP "
                             "(1), length 84)\n"
                             "    172.17.0.2 > 172.17.0.3: ICMP echo request, id 7, seq 2, length 64\n"));
        shell::CookedInfo any{"veth1a2b3c4", "P", 7};
        QCOMPARE(
            p.print(kAt, echo(true, 1), &any),
            std::string(
                "18:20:13.090380 veth1a2b3c4 P   IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 7, seq 1, "
                "length 64\n"));
    }

    void dnsLines() {
        TcpdumpPrinter p(numeric());
        QCOMPARE(p.print(kAt, dnsFrame(false)),
                 std::string("18:20:13.090380 IP 172.17.0.2.41000 > 127.0.0.11.53: 10775+ A? web. (21)\n"));
        QCOMPARE(p.print(kAt, dnsFrame(true)),
                 std::string(
                     "18:20:13.090380 IP 127.0.0.11.53 > 172.17.0.2.41000: 10775 1/0/0 A 172.18.0.2 (37)\n"));
        TcpdumpOptions names = numeric();
        names.numeric = false;
        QCOMPARE(
            TcpdumpPrinter(names).print(kAt, dnsFrame(false)),
            std::string("18:20:13.090380 IP 172.17.0.2.41000 > 127.0.0.11.domain: 10775+ A? web. (21)\n"));
    }

    void tcpRelativeSequenceNumbers() {
        TcpdumpPrinter p(numeric());
        const std::uint32_t c = 1000000000, s = 2000000000;
        QCOMPARE(
            p.print(kAt, tcp(kIp1, 45000, kIp2, 80, TcpSegment::Syn, c, 0, {}, 1460)),
            std::string(
                "18:20:13.090380 IP 172.17.0.2.45000 > 172.17.0.3.80: Flags [S], seq 1000000000, win 64240, "
                "options [mss 1460], length 0\n"));
        QCOMPARE(
            p.print(kAt, tcp(kIp2, 80, kIp1, 45000, TcpSegment::Syn | TcpSegment::Ack, s, c + 1, {}, 1460)),
            std::string(
                "18:20:13.090380 IP 172.17.0.3.80 > 172.17.0.2.45000: Flags [S.], seq 2000000000, ack "
                "1000000001, win 64240, options [mss 1460], length 0\n"));
        QCOMPARE(p.print(kAt, tcp(kIp1, 45000, kIp2, 80, TcpSegment::Ack, c + 1, s + 1)),
                 std::string("18:20:13.090380 IP 172.17.0.2.45000 > 172.17.0.3.80: Flags [.], ack 1, win "
                             "64240, length 0\n"));
        QCOMPARE(p.print(kAt, tcp(kIp1, 45000, kIp2, 80, TcpSegment::Psh | TcpSegment::Ack, c + 1, s + 1,
                                  "GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
                 std::string("18:20:13.090380 IP 172.17.0.2.45000 > 172.17.0.3.80: Flags [P.], seq 1:28, ack "
                             "1, win 64240, "
                             "length 27: HTTP: GET / HTTP/1.1\n"));
        QCOMPARE(
            p.print(kAt, tcp(kIp2, 80, kIp1, 45000, TcpSegment::Fin | TcpSegment::Ack, s + 1, c + 28)),
            std::string(
                "18:20:13.090380 IP 172.17.0.3.80 > 172.17.0.2.45000: Flags [F.], seq 1, ack 28, win 64240, "
                "length 0\n"));
        TcpdumpOptions absolute = numeric();
        absolute.absoluteSeq = true;
        absolute.noTimestamp = true;
        QCOMPARE(
            TcpdumpPrinter(absolute).print(kAt, tcp(kIp1, 45000, kIp2, 80, TcpSegment::Ack, c + 1, s + 1)),
            std::string(
                "IP 172.17.0.2.45000 > 172.17.0.3.80: Flags [.], ack 2000000001, win 64240, length 0\n"));
    }
};

QTEST_GUILESS_MAIN(Tcpdump)
#include "test_tcpdump.moc"
