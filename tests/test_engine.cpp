// The packet engine: real frames with valid checksums, ARP before the first packet, isolation between
// networks recorded at the rule that dropped the frame, icc, and the same trace for the same seed.
#include <QtTest>

#include "engine.h"
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
