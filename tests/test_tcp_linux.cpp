// The engine's TCP as a Linux 5.x/6.x stack with the default sysctls sends it, and tcpdump's lines for it:
// SYN options (mss from the route's MTU, sackOK, TS, nop, wscale 7) in tcp_options_write's layout,
// timestamps on every later segment, the windows tcp_select_initial_window and tcp_select_window give
// (64240/65160 then 502/509 on a 1500-byte link, 65495/65483 then 512/511 on the loopback), and
// libpcap's "In" for loopback packets on -i any (it drops their outgoing copy).
#include <QtTest>
#include <regex>
#include <sstream>

#include "lab_session.h"
#include "packet.h"
#include "tcp_segment.h"
#include "tcp_window.h"
#include "tcpdump_print.h"

using namespace vethlab;
using namespace vethlab::sim;
using vethlab::testing::LabSession;

namespace {

// The tcpdump lines of `out` that are TCP, without their time stamps.
std::vector<std::string> tcpLines(const std::string& out) {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);)
        if (l.find("Flags [") != std::string::npos) lines.push_back(l.substr(16));
    return lines;
}

// A segment's line with its random parts (ISN, TS values) replaced, for comparison.
std::string masked(const std::string& line) {
    static const std::regex seq("(Flags \\[S\\.?\\], seq )[0-9]+");
    static const std::regex ack("(Flags \\[S\\.\\], seq N, ack )[0-9]+");
    static const std::regex val("TS val [0-9]+ ecr [1-9][0-9]*");
    static const std::regex first("TS val [0-9]+ ecr 0");
    std::string s = std::regex_replace(line, seq, "$1N");
    s = std::regex_replace(s, ack, "$1N");
    s = std::regex_replace(s, val, "TS val V ecr E");
    return std::regex_replace(s, first, "TS val V ecr 0");
}

std::string captureOf(LabSession& s, const std::string& tcpdump, const std::string& command) {
    s.run(tcpdump + " &");
    return s.run(command).all;
}

} // namespace

class TcpLinuxTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowsOnAnEthernetLink() {
        QCOMPARE(TcpReceiveWindow::mssFor(1500), std::uint16_t{1460});
        QCOMPARE(TcpReceiveWindow::mssFor(1400), std::uint16_t{1360});
        QCOMPARE(TcpReceiveWindow::mssFor(65536), std::uint16_t{65495});
        TcpReceiveWindow client(1460, false), server(1460, true);
        QCOMPARE(client.initial(), std::uint16_t{64240}); // 44 segments of 1460
        QCOMPARE(server.initial(), std::uint16_t{65160}); // 45 of 1448: room for the timestamps
        client.established(1001, true);
        server.established(5001, true);
        QCOMPARE(client.select(1001, 0, true), std::uint16_t{502}); // the ACK of the handshake
        server.grew();
        QCOMPARE(server.select(5079, 78 + 768, true), std::uint16_t{509}); // 78 bytes in, unread
        client.grew();
        QCOMPARE(client.select(1001 + 853, 0, true), std::uint16_t{501}); // a response read, then FIN
        // Without a window scale from the peer, the window is in bytes, whole segments.
        TcpReceiveWindow plain(1460, false);
        plain.established(1, false);
        QCOMPARE(plain.select(1, 0, false), std::uint16_t{64240});
    }

    void windowsOnTheLoopback() {
        TcpReceiveWindow client(65495, false), server(65495, true);
        QCOMPARE(client.initial(), std::uint16_t{65495});
        QCOMPARE(server.initial(), std::uint16_t{65483});
        client.established(1, true);
        server.established(1, true);
        QCOMPARE(client.select(1, 0, true), std::uint16_t{512});
        server.grew();
        QCOMPARE(server.select(79, 78 + 768, true), std::uint16_t{511});
    }

    void optionsInLinuxLayout() {
        TcpSegment s;
        s.sourcePort = 45000;
        s.destinationPort = 80;
        s.flags = TcpSegment::Syn;
        s.mss = 1460;
        s.sackPermitted = true;
        s.windowScale = 7;
        s.timestamp = std::pair{123456u, 0u};
        const Ipv4 a{0xAC110002}, b{0xAC110003};
        const Bytes syn = encodeTcp(a, b, s);
        QCOMPARE(syn.size(), std::size_t{40});
        QCOMPARE(syn[12] >> 4, 10);
        const Bytes options(syn.begin() + 20, syn.end());
        const Bytes expected{2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 1, 0xe2, 0x40, 0, 0, 0, 0, 1, 3, 3, 7};
        QCOMPARE(options, expected);
        s.flags = TcpSegment::Ack;
        s.mss = 0;
        s.sackPermitted = false;
        s.windowScale.reset();
        s.timestamp = std::pair{7u, 9u};
        const Bytes ack = encodeTcp(a, b, s);
        QCOMPARE(ack.size(), std::size_t{32});
        QCOMPARE(Bytes(ack.begin() + 20, ack.begin() + 24), (Bytes{1, 1, 8, 10}));
        // Decoded back, as NAT re-encodes it.
        Ipv4Header h;
        h.protocol = kProtoTcp;
        h.source = a;
        h.destination = b;
        const auto d = decodeTcp(encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, encodeIpv4(h, syn)));
        QVERIFY(d);
        QCOMPARE(d->mss, std::uint16_t{1460});
        QVERIFY(d->sackPermitted);
        QCOMPARE(d->windowScale, std::optional<std::uint8_t>{7});
        QCOMPARE(d->timestamp, (std::optional<std::pair<std::uint32_t, std::uint32_t>>{{123456u, 0u}}));
        shell::TcpdumpOptions numeric;
        numeric.numeric = true;
        shell::TcpdumpPrinter p(numeric);
        const std::string line =
            p.print(0, encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, encodeIpv4(h, syn)));
        QVERIFY2(line.find("Flags [S], seq 0, win 64240, options [mss 1460,sackOK,TS val 123456 ecr 0,nop,"
                           "wscale 7], length 0") != std::string::npos,
                 line.c_str());
    }

    // curl to a published port: the loopback connection to docker-proxy, then the proxy's to the container,
    // as tcpdump -i any prints them on the host.
    void handshakeAndWindowsOnTheWire() {
        LabSession s("seed");
        s.run("docker network create mynet");
        s.run("docker run -d --name web --network mynet -p 8080:80 nginx");
        const auto lines = tcpLines(captureOf(s, "tcpdump -i any -n -c 11 'tcp port 8080 or port 80'",
                                              "curl -s -o /dev/null localhost:8080"));
        QCOMPARE(lines.size(), std::size_t{11});
        const std::vector<std::string> expected{
            "lo    In  IP 127.0.0.1.45000 > 127.0.0.1.8080: Flags [S], seq N, win 65495, options [mss "
            "65495,sackOK,TS val V ecr 0,nop,wscale 7], length 0",
            "lo    In  IP 127.0.0.1.8080 > 127.0.0.1.45000: Flags [S.], seq N, ack N, win 65483, options "
            "[mss "
            "65495,sackOK,TS val V ecr E,nop,wscale 7], length 0",
            "lo    In  IP 127.0.0.1.45000 > 127.0.0.1.8080: Flags [.], ack 1, win 512, options [nop,nop,TS "
            "val "
            "V ecr E], length 0",
            "lo    In  IP 127.0.0.1.45000 > 127.0.0.1.8080: Flags [P.], seq 1:79, ack 1, win 512, options "
            "[nop,nop,TS val V ecr E], length 78: HTTP: GET / HTTP/1.1",
            "lo    In  IP 127.0.0.1.8080 > 127.0.0.1.45000: Flags [.], ack 79, win 511, options [nop,nop,TS "
            "val V ecr E], length 0",
        };
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(masked(lines[i]), expected[i]);
        // The proxy's connection over the bridge: a 1500-byte link.
        QVERIFY2(masked(lines[5]).ends_with("Flags [S], seq N, win 64240, options [mss 1460,sackOK,TS val V "
                                            "ecr 0,nop,wscale 7], length 0"),
                 lines[5].c_str());
        QVERIFY2(
            masked(lines[7]).ends_with("Flags [S.], seq N, ack N, win 65160, options [mss 1460,sackOK,TS "
                                       "val V ecr E,nop,wscale 7], length 0"),
            lines[7].c_str());
        QVERIFY2(lines[9].find("Flags [.], ack 1, win 502, options [nop,nop,TS val ") != std::string::npos,
                 lines[9].c_str());
        // The connect() returns on the SYN-ACK: the ACK crosses the bridge and the veth before the request.
        QVERIFY2(lines[10].find("veth") == 0 && lines[10].find("Flags [.]") != std::string::npos,
                 lines[10].c_str());
    }

    void timestampsEchoAndAdvance() {
        LabSession s("seed");
        s.run("docker network create mynet");
        s.run("docker run -d --name web --network mynet -p 8080:80 nginx");
        const auto lines = tcpLines(
            captureOf(s, "tcpdump -i lo -n -c 5 tcp port 8080", "curl -s -o /dev/null localhost:8080"));
        QCOMPARE(lines.size(), std::size_t{5});
        static const std::regex ts("TS val ([0-9]+) ecr ([0-9]+)");
        std::vector<std::pair<std::uint64_t, std::uint64_t>> values;
        for (const auto& l : lines) {
            std::smatch m;
            QVERIFY2(std::regex_search(l, m, ts), l.c_str());
            values.emplace_back(std::stoull(m[1]), std::stoull(m[2]));
        }
        QCOMPARE(values[0].second, std::uint64_t{0});
        QCOMPARE(values[1].second, values[0].first); // the SYN-ACK echoes the SYN's
        QCOMPARE(values[2].second, values[1].first); // the ACK echoes the SYN-ACK's
        QVERIFY(values[0].first != values[1].first); // each side has its own offset
        QVERIFY(values[3].first >= values[2].first); // a millisecond clock: it never goes back
    }

    void mssFollowsTheNetworksMtu() {
        LabSession s("seed");
        s.run("docker network create -o com.docker.network.driver.mtu=1400 small");
        s.run("docker run -d --name web --network small nginx");
        s.run("docker run -d --name a1 --network small alpine sleep 1000");
        const auto lines = tcpLines(captureOf(s, "tcpdump -i any -n -c 2 tcp port 80",
                                              "docker exec a1 wget -q -O /dev/null http://web/"));
        QVERIFY(!lines.empty());
        QVERIFY2(lines[0].find("win 65280, options [mss 1360,sackOK,TS val ") != std::string::npos,
                 lines[0].c_str());
    }
};

QTEST_GUILESS_MAIN(TcpLinuxTest)
#include "test_tcp_linux.moc"
