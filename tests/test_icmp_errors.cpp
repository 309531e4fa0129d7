// ICMP errors as Linux sends them: the host answers an expiring TTL with Time Exceeded from the bridge
// gateway, the LAN router from its own address, MASQUERADE hands both back to the container (the
// quoted packet's source restored), a closed UDP port gets Port Unreachable, and the internet's web
// hosts answer HTTP over TCP through NAT.
#include <QtTest>

#include "engine.h"
#include "lab_session.h"
#include "packet.h"

using namespace vethlab;
using vethlab::testing::LabSession;

namespace {

struct Heard {
    sim::Ipv4Header outer;
    sim::IcmpMessage message;
};

int namespaceOf(LabSession& s, const std::string& name) {
    const auto* c = s.lab().daemon().findContainer(name);
    return c ? s.lab().daemon().namespaceOf(*c) : -1;
}

// One UDP probe with `ttl` from `ns`; what came back to its raw ICMP socket within 5 s.
std::optional<Heard> probe(LabSession& s, int ns, const std::string& to, std::uint8_t ttl) {
    sim::Engine& e = s.terminal().engine();
    e.syncTo(s.lab().now());
    std::optional<Heard> heard;
    e.setIcmpErrorListener(ns, [&](const sim::Ipv4Header& h, const sim::IcmpMessage& m) {
        heard = Heard{h, m};
    });
    if (!e.sendUdpProbe(ns, *Ipv4::parse(to), 40000, 33435, 18, ttl)) return std::nullopt;
    const Nanos deadline = e.now() + 5 * kSecond;
    while (!heard && e.runNext(deadline)) {
    }
    e.setIcmpErrorListener(ns, nullptr);
    return heard;
}

Ipv4 quotedSource(const sim::IcmpMessage& m) {
    const auto& q = m.payload;
    return Ipv4{static_cast<std::uint32_t>(q[12]) << 24 | static_cast<std::uint32_t>(q[13]) << 16 |
                static_cast<std::uint32_t>(q[14]) << 8 | q[15]};
}

} // namespace

class IcmpErrorsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ttlOneExpiresAtTheBridgeGateway() {
        LabSession s;
        s.run("docker run -dit --name c1 alpine");
        auto heard = probe(s, namespaceOf(s, "c1"), "8.8.8.8", 1);
        QVERIFY(heard);
        QCOMPARE(int(heard->message.type), 11);
        QCOMPARE(int(heard->message.code), 0);
        QCOMPARE(heard->outer.source.str(), std::string("172.17.0.1"));
        QCOMPARE(quotedSource(heard->message).str(), std::string("172.17.0.2"));
        QCOMPARE(int(heard->message.payload[8]), 1); // the quoted header as it arrived, TTL 1
    }

    void ttlTwoExpiresAtTheLanRouterAndComesBackThroughNat() {
        LabSession s;
        s.run("docker run -dit --name c1 alpine");
        const std::string router = s.lab().settings().gateway.str();
        auto heard = probe(s, namespaceOf(s, "c1"), "8.8.8.8", 2);
        QVERIFY(heard);
        QCOMPARE(int(heard->message.type), 11);
        QCOMPARE(heard->outer.source.str(), router);
        // MASQUERADE made the probe the host's; the error reached the container with its own address quoted.
        QCOMPARE(heard->outer.destination.str(), std::string("172.17.0.2"));
        QCOMPARE(quotedSource(heard->message).str(), std::string("172.17.0.2"));
    }

    void theInternetsRoutersStaySilentAndTheHostAnswersPortUnreachable() {
        LabSession s;
        s.run("docker run -dit --name c1 alpine");
        const int ns = namespaceOf(s, "c1");
        const int hops = s.lab().settings().internetHops;
        QVERIFY(!probe(s, ns, "8.8.8.8", static_cast<std::uint8_t>(2 + hops)));
        auto heard = probe(s, ns, "8.8.8.8", static_cast<std::uint8_t>(3 + hops));
        QVERIFY(heard);
        QCOMPARE(int(heard->message.type), 3);
        QCOMPARE(int(heard->message.code), 3);
        QCOMPARE(heard->outer.source.str(), std::string("8.8.8.8"));
    }

    void closedUdpPortOnAContainerIsPortUnreachable() {
        LabSession s;
        s.run("docker run -dit --name c1 alpine");
        s.run("docker run -dit --name c2 alpine");
        auto heard = probe(s, namespaceOf(s, "c1"), "172.17.0.3", 64);
        QVERIFY(heard);
        QCOMPARE(int(heard->message.type), 3);
        QCOMPARE(int(heard->message.code), 3);
        QCOMPARE(heard->outer.source.str(), std::string("172.17.0.3"));
    }

    void noErrorAboutAnError() {
        LabSession s;
        s.run("docker run -dit --name c1 alpine");
        const std::size_t before = s.terminal().engine().trace().size();
        probe(s, namespaceOf(s, "c1"), "8.8.8.8", 1);
        std::size_t errors = 0;
        const auto& trace = s.terminal().engine().trace();
        for (std::size_t i = before; i < trace.size(); ++i)
            if (trace[i].direction == "tx" && trace[i].summary.find("ICMP") != std::string::npos) ++errors;
        QVERIFY(errors >= 1);
        QVERIFY(errors <=
                3); // the one Time Exceeded crossing eth0, the veth and docker0: never an error back
    }

    void webHostsAnswerHttpThroughNat() {
        LabSession s;
        s.run("docker run -dit --name c1 alpine");
        auto r = s.run("docker exec c1 wget -qO- http://example.com");
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.find("<title>Example Domain</title>") != std::string::npos);
        QCOMPARE(s.terminal().engine().tcpConnections(), std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(IcmpErrorsTest)
#include "test_icmp_errors.moc"
