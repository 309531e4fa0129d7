// The packet engine: real frames with valid checksums, ARP before the first packet, isolation between
// networks recorded at the rule that dropped the frame, icc, and the same trace for the same seed.
#include <QtTest>

#include "engine.h"
#include "frame_layers.h"
#include "lab_session.h"
#include "packet.h"

using namespace vethlab;
using vethlab::testing::LabSession;

class EngineTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void codecsRoundTrip() {
        sim::IcmpMessage m;
        m.type = 8;
        m.identifier = 7;
        m.sequence = 3;
        m.payload = sim::Bytes(56, 0xab);
        sim::Ipv4Header h;
        h.protocol = sim::kProtoIcmp;
        h.source = *Ipv4::parse("172.17.0.2");
        h.destination = *Ipv4::parse("172.17.0.3");
        Mac a{{2, 0x42, 0xac, 0x11, 0, 2}}, b{{2, 0x42, 0xac, 0x11, 0, 3}};
        auto frame = sim::encodeEthernet({b, a, sim::kEtherTypeIpv4}, sim::encodeIpv4(h, sim::encodeIcmp(m)));
        QCOMPARE(frame.size(), std::size_t{98}); // 14 + 20 + 8 + 56: what tcpdump shows for a ping
        auto ip = sim::decodeIpv4(frame);
        QVERIFY(ip);
        QCOMPARE(ip->totalLength, std::uint16_t{84});
        auto icmp = sim::decodeIcmp(frame);
        QVERIFY(icmp);
        QCOMPARE(icmp->sequence, std::uint16_t{3});
        frame[30] ^= 1; // corrupt the destination address: the header checksum no longer holds
        QVERIFY(!sim::decodeIpv4(frame));
        QCOMPARE(sim::summarize(sim::encodeEthernet({sim::kBroadcastMac, a, sim::kEtherTypeArp},
                                                    sim::encodeArp({1, a, h.source, Mac{}, h.destination}))),
                 std::string("ARP who-has 172.17.0.3 tell 172.17.0.2"));
    }

    void firstPingResolvesArp() {
        LabSession s;
        s.run("docker run -dit --name a1 alpine");
        s.run("docker run -dit --name a2 alpine");
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0);
        const auto& trace = s.terminal().engine().trace();
        QVERIFY(trace.size() > 8);
        QCOMPARE(trace.front().summary, std::string("ARP who-has 172.17.0.3 tell 172.17.0.2"));
        QCOMPARE(trace.front().device, std::string("eth0"));
        bool reply = false;
        for (const auto& e : trace)
            reply = reply || e.summary.rfind("ICMP echo reply 172.17.0.3 > 172.17.0.2", 0) == 0;
        QVERIFY(reply);
        // Both sides learned each other; the bridge learned both MACs.
        QVERIFY(s.run("docker exec a1 ip neigh")
                    .out.rfind("172.17.0.3 dev eth0 lladdr 02:42:ac:11:00:03 REACHABLE", 0) == 0);
        QVERIFY(s.run("bridge fdb show").out.find("02:42:ac:11:00:02 dev veth") != std::string::npos);
        // Every transmitted frame decodes: Ethernet, then ARP or IPv4 with a valid checksum.
        for (const auto& f : s.terminal().engine().captured())
            QVERIFY(sim::decodeArp(f.bytes) || sim::decodeIpv4(f.bytes));
    }

    void isolationBetweenNetworks() {
        LabSession s;
        s.run("docker network create net1");
        s.run("docker run -dit --name a1 alpine");
        s.run("docker run -dit --name b1 --network net1 alpine");
        auto r = s.run("docker exec b1 ping -c 2 -W 1 172.17.0.2");
        QCOMPARE(r.status, 1);
        QVERIFY(r.out.find("2 packets transmitted, 0 packets received, 100% packet loss") !=
                std::string::npos);
        const auto* net = s.lab().daemon().findNetwork("net1");
        bool dropped = false;
        for (const auto& e : s.terminal().engine().trace())
            if (e.reason == sim::DropReason::FilterRule &&
                e.rule == "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP") {
                QCOMPARE(e.device, net->bridgeName);
                dropped = true;
            }
        QVERIFY(dropped);
        // Both still reach their own gateways.
        QCOMPARE(s.run("docker exec b1 ping -c 1 " + net->gateway.str()).status, 0);
    }

    void iccFalseDropsOnTheSameBridge() {
        LabSession s;
        s.run("docker network create -o com.docker.network.bridge.enable_icc=false quiet");
        s.run("docker run -dit --name q1 --network quiet alpine");
        s.run("docker run -dit --name q2 --network quiet alpine");
        auto r = s.run("docker exec q1 ping -c 1 -W 1 q2");
        QCOMPARE(r.status, 1);
        bool dropped = false;
        for (const auto& e : s.terminal().engine().trace())
            dropped = dropped || (e.reason == sim::DropReason::FilterRule &&
                                  e.rule.find("-j DROP") != std::string::npos &&
                                  e.rule.rfind("-A FORWARD -i br-", 0) == 0);
        QVERIFY(dropped);
    }

    void containerModeSharesTheStack() {
        LabSession s;
        s.run("docker run -dit --name owner alpine");
        s.run("docker run -dit --name joiner --network container:owner alpine");
        QCOMPARE(s.run("docker exec joiner ping -c 1 172.17.0.2").status, 0); // its own address, via lo
        QCOMPARE(s.run("docker exec joiner ping -c 1 127.0.0.1").status, 0);
    }

    void noneModeHasNoRoute() {
        LabSession s;
        s.run("docker run -d --name n1 --network none tomcat:8.2 sleep 1000");
        auto r = s.run("docker exec n1 ping -c 1 172.17.0.1");
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, std::string("ping: connect: Network is unreachable\n"));
    }

    void defaultBridgeHasNoNames() {
        LabSession s;
        s.run("docker run -d --name t1 tomcat:8.2 sleep 1000");
        s.run("docker run -d --name t2 tomcat:8.2 sleep 1000");
        auto r = s.run("docker exec t1 ping -c 1 t2");
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, std::string("ping: t2: Name or service not known\n"));
    }

    void outsideWorldThroughMasquerade() {
        LabSession s;
        s.run("docker run -d --name t1 tomcat:8.2 sleep 1000");
        auto r = s.run("docker exec t1 ping -c 2 google.com");
        QCOMPARE(r.status, 0);
        // 128 from the far host, 12 routers and ours on the way, and the Docker host's forwarding.
        QVERIFY(r.out.find("64 bytes from 142.250.66.78: icmp_seq=1 ttl=114 time=") != std::string::npos);
        bool masqueraded = false, restored = false;
        for (const auto& e : s.terminal().engine().trace()) {
            masqueraded =
                masqueraded || (e.device == "eth0" && e.namespaceId == 0 && e.direction == "tx" &&
                                e.summary.rfind("ICMP echo request 192.168.1.10 > 142.250.66.78", 0) == 0);
            restored = restored || (e.device == "eth0" && e.namespaceId != 0 && e.direction == "rx" &&
                                    e.summary.rfind("ICMP echo reply 142.250.66.78 > 172.17.0.2", 0) == 0);
        }
        QVERIFY2(masqueraded, "the request leaves eth0 with the host's address");
        QVERIFY2(restored, "the reply reaches the container with its own address");
        QCOMPARE(s.run("docker exec t1 ping -c 1 nosuchhost.example").err,
                 std::string("ping: nosuchhost.example: Name or service not known\n"));
    }

    void dnsGoesOverTheWire() {
        LabSession s;
        s.run("docker network create n1");
        s.run("docker run -dit --name d1 --network n1 alpine");
        s.run("docker run -dit --name d2 --network n1 --network-alias web alpine");
        auto r = s.run("docker exec d1 nslookup web");
        QVERIFY(r.out.rfind("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n", 0) == 0);
        QVERIFY(r.out.find("Name:\tweb\nAddress: 172.18.0.3\n") != std::string::npos);
        auto missing = s.run("docker exec d1 nslookup nosuch");
        QCOMPARE(missing.status, 1);
        QCOMPARE(missing.out.substr(missing.out.find("**")),
                 std::string(
                     "** server can't find nosuch: NXDOMAIN\n\n** server can't find nosuch: NXDOMAIN\n\n"));
        bool local = false, forwarded = false;
        for (const auto& e : s.terminal().engine().trace()) {
            local = local || (e.device == "lo" && e.summary.rfind("DNS query A web (", 0) == 0);
            // Names Docker does not know leave through eth0, masqueraded, to the LAN's resolver.
            forwarded =
                forwarded || (e.namespaceId == 0 && e.device == "eth0" && e.direction == "tx" &&
                              e.summary.rfind("DNS query A nosuch (192.168.1.10 > 192.168.1.1:", 0) == 0);
        }
        QVERIFY(local);
        QVERIFY(forwarded);
        auto reverse = s.run("docker exec d1 nslookup 172.18.0.3").out;
        QCOMPARE(reverse.substr(reverse.find("Non-authoritative")),
                 std::string("Non-authoritative answer:\n3.0.18.172.in-addr.arpa\tname = d2.n1\n\n"));
    }

    void arpFailureIsHostUnreachable() {
        LabSession s;
        s.run("docker run -d --name t1 tomcat:8.2 sleep 1000");
        auto r = s.run("docker exec t1 ping -c 2 172.17.0.99");
        QCOMPARE(r.status, 1);
        QVERIFY(r.out.find("From 172.17.0.2 icmp_seq=1 Destination Host Unreachable\n"
                           "From 172.17.0.2 icmp_seq=2 Destination Host Unreachable\n\n") !=
                std::string::npos);
        QVERIFY(r.out.find("2 packets transmitted, 0 received, +2 errors, 100% packet loss, time ") !=
                std::string::npos);
        QVERIFY(r.out.ends_with("ms\npipe 2\n"));
        QCOMPARE(s.run("docker exec t1 ip neigh").out, std::string("172.17.0.99 dev eth0 FAILED \n"));
    }

    void tcpCodecRoundTrip() {
        sim::TcpSegment t;
        t.sourcePort = 45000;
        t.destinationPort = 8080;
        t.sequence = 1000;
        t.flags = sim::TcpSegment::Syn;
        t.mss = 1460;
        sim::Ipv4Header h;
        h.protocol = sim::kProtoTcp;
        h.source = *Ipv4::parse("172.17.0.1");
        h.destination = *Ipv4::parse("172.17.0.2");
        auto frame = sim::encodeEthernet({Mac{}, Mac{}, sim::kEtherTypeIpv4},
                                         sim::encodeIpv4(h, sim::encodeTcp(h.source, h.destination, t)));
        QCOMPARE(frame.size(), std::size_t{58}); // 14 + 20 + 24 (a SYN carries the MSS option): veth does not pad
        auto back = sim::decodeTcp(frame);
        QVERIFY(back);
        QCOMPARE(back->mss, std::uint16_t{1460});
        QCOMPARE(back->length(), 1u);
        QCOMPARE(sim::summarize(frame),
                 std::string("TCP 172.17.0.1:45000 > 172.17.0.2:8080 [SYN] seq 1000 len 0"));
        frame[14 + 20 + 4] ^= 1; // the checksum covers the segment
        QVERIFY(!sim::decodeTcp(frame));
    }

    // A published port from the host, two ways: 127.0.0.1 skips nat OUTPUT, so docker-proxy relays
    // from 172.17.0.1; the host's own address is DNATed straight to the container.
    void publishedPortFromTheHost() {
        LabSession s;
        s.run("docker run -d -p 8081:8080 --name tomcat81 billygoo/tomcat8-jdk8");
        auto viaProxy = s.run("curl -s localhost:8081");
        QCOMPARE(viaProxy.status, 0);
        QVERIFY(viaProxy.out.find("tomcat81 (172.17.0.2:8080) answered GET /") != std::string::npos);
        auto hasSyn = [&](const std::string& from, const std::string& device) {
            for (const auto& e : s.terminal().engine().trace())
                if (e.device == device && e.summary.rfind("TCP " + from, 0) == 0 &&
                    e.summary.find("> 172.17.0.2:8080 [SYN]") != std::string::npos)
                    return true;
            return false;
        };
        QVERIFY(hasSyn("172.17.0.1:", "eth0"));    // the proxy's own connection
        QVERIFY(!hasSyn("192.168.1.10:", "eth0")); // not DNATed yet
        QCOMPARE(s.run("curl -s 192.168.1.10:8081").status, 0);
        QVERIFY(hasSyn("192.168.1.10:", "eth0")); // DNAT kept the host's address as the source
        QCOMPARE(s.terminal().engine().tcpConnections(), std::size_t{0}); // every connection closed
        // Nothing listens on 8089: RST, and curl's exit 7.
        auto refused = s.run("curl localhost:8089");
        QCOMPARE(refused.status, 7);
        QCOMPARE(refused.err, std::string("curl: (7) Failed to connect to localhost port 8089 after 0 ms: "
                                          "Couldn't connect to server\n"));
        QCOMPARE(s.run("curl -s localhost:8089").err, std::string()); // -s without -S is silent
    }

    void httpServersAnswer() {
        LabSession s;
        s.run("docker run -d --name web alpine httpd -f -p 80");
        s.run("docker run -d --name c2 --network container:web alpine sleep 1000");
        // busybox httpd's own 404 page (no index.html in its document root), over the shared loopback.
        auto r = s.run("docker exec c2 wget -qO- 127.0.0.1");
        QCOMPARE(r.status, 1);
        QCOMPARE(QString::fromStdString(r.err),
                 QString("wget: server returned error: HTTP/1.1 404 Not Found\n"));
        auto code = s.run("curl -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' 172.17.0.2");
        QCOMPARE(QString::fromStdString(code.out + code.err), QString("404 172.17.0.2\n"));
        auto usage = s.run("docker exec web wget");
        QCOMPARE(usage.status, 1);
        QVERIFY(usage.err.rfind(
                    "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: wget ", 0) ==
                0);
        QVERIFY(usage.err.find("\t-O FILE\t\tSave to FILE ('-' for stdout)\n") != std::string::npos);
        // A container whose command is not the image's server listens on nothing.
        s.run("docker run -d --name quiet billygoo/tomcat8-jdk8 sleep 1000");
        QCOMPARE(s.run("curl -s 172.17.0.4:8080").status, 7);
        // Host mode: the server listens in the host's namespace.
        s.run("docker run -d --network host --name tomcat83 billygoo/tomcat8-jdk8");
        QVERIFY(s.run("curl -s localhost:8080").out.find("tomcat83 (127.0.0.1:8080)") != std::string::npos);
    }

    void isolationTimesOutTcp() {
        LabSession s;
        s.run("docker run -d --name tomcat81 billygoo/tomcat8-jdk8");
        s.run("docker network create n2");
        s.run("docker run -d --name t2 --network n2 billygoo/tomcat8-jdk8");
        auto r = s.run("docker exec t2 curl -m 3 172.17.0.2:8080");
        QCOMPARE(r.status, 28);
        // Under docker exec without -t curl's output is no terminal: its meter, 3 s spent, then the error.
        QVERIFY2(r.err.ends_with("--:--:--  0:00:03 --:--:--     0\n"
                                 "curl: (28) Connection timed out after 3000 milliseconds\n"),
                 r.err.c_str());
        int syns = 0;
        std::string rule;
        for (const auto& e : s.terminal().engine().trace())
            if (e.direction == "drop" && e.summary.find("[SYN]") != std::string::npos) {
                ++syns;
                rule = e.rule;
            }
        QCOMPARE(syns, 2); // the SYN and its retransmission after 1 s; the next would be at 3 s
        QCOMPARE(rule, std::string("-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP"));
        // Without -m the kernel gives up after its six retransmissions: 127 s.
        auto slow = s.run("docker exec t2 curl 172.17.0.2:8080");
        QCOMPARE(slow.status, 28);
        QVERIFY(slow.err.find("after 127") != std::string::npos);
    }

    void framesComeApartByLayer() {
        LabSession s;
        s.run("docker run -d --name web alpine httpd -f -p 80");
        QCOMPARE(s.run("curl -s -o /dev/null 172.17.0.2").status, 0);
        const auto& engine = s.terminal().engine();
        const sim::TraceEvent* get = nullptr;
        for (const auto& e : engine.trace())
            if (e.direction == "tx" && e.summary.rfind("HTTP GET", 0) == 0) {
                get = &e;
                break;
            }
        QVERIFY(get && get->frame >= 0);
        const auto layers = sim::dissect(engine.captured()[static_cast<std::size_t>(get->frame)].bytes);
        QCOMPARE(layers.size(), std::size_t{4});
        QCOMPARE(layers[0].name, std::string("Ethernet II"));
        QCOMPARE(layers[1].name, std::string("IPv4"));
        QCOMPARE(layers[1].fields[0].second, std::string("172.17.0.1"));
        QCOMPARE(layers[2].name, std::string("TCP"));
        QCOMPARE(layers[2].fields[2].second, std::string("PSH, ACK"));
        QCOMPARE(layers[3].fields[0].second, std::string("GET / HTTP/1.1"));
        for (const auto& e : engine.trace())
            QCOMPARE(e.frame >= 0, e.direction == "tx" || e.direction == "rx");
    }

    void sameSeedSameTrace() {
        auto run = [](std::uint64_t seed) {
            LabSession s("seed", seed);
            s.run("docker network create n1");
            s.run("docker run -d --name t1 --network n1 tomcat:8.2 sleep 1000");
            s.run("docker run -d --name t2 --network n1 tomcat:8.2 sleep 1000");
            std::string out = s.run("docker exec t1 ping -c 3 t2").out;
            for (const auto& e : s.terminal().engine().trace())
                out += std::to_string(e.time) + " " + e.device + " " + e.direction + " " + e.summary + "\n";
            return out;
        };
        QCOMPARE(run(5), run(5));
    }
};

QTEST_GUILESS_MAIN(EngineTest)
#include "test_engine.moc"
