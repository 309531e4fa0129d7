// The decisions behind a frame's hops, recorded while the engine traces: the bridge's FDB lookup (hit and
// port, or flood), the route chosen, the netfilter rule that decided (with its iptables -S text) and NAT
// rewrites; none at all when tracing is off. describe() tells each in one English sentence.
#include <QtTest>

#include "engine.h"
#include "hop_decision.h"
#include "lab.h"
#include "terminal.h"

using namespace vethlab;
using Kind = sim::HopDecision::Kind;

namespace {

struct Ran {
    std::vector<sim::HopDecision> decisions;
    std::size_t traceSize = 0;
};

// a1 and a2 on docker0, b1 on a user network; `from` pings `to` once with the engine tracing or not.
Ran ping(const std::string& from, const std::string& to, bool traced) {
    Lab lab(*LabSettings::preset("default"));
    shell::Terminal term(lab);
    auto quiet = [](const std::string&) {};
    term.execute("docker network create --subnet 10.9.0.0/24 other", quiet, quiet);
    for (const char* name : {"a1", "a2"})
        term.execute(std::string("docker run -d --name ") + name + " alpine sleep infinity", quiet, quiet);
    term.execute("docker run -d --network other --name b1 alpine sleep infinity", quiet, quiet);
    sim::Engine engine(lab);
    engine.setTraceRecording(traced);
    engine.syncTo(lab.now());
    const auto* source = lab.daemon().findContainer(from);
    Ipv4 destination;
    if (const auto* c = lab.daemon().findContainer(to))
        destination = c->attachments.front().ip;
    else
        destination = *Ipv4::parse(to);
    const auto socket = engine.openIcmpSocket(source->namespaceId, [](auto&, auto&) {});
    engine.sendEcho(source->namespaceId, destination, socket, 1, 56);
    engine.runUntil(engine.now() + 3 * kSecond);
    return {engine.decisions(), engine.trace().size()};
}

std::vector<sim::HopDecision> ofKind(const Ran& r, Kind kind) {
    std::vector<sim::HopDecision> out;
    for (const auto& d : r.decisions)
        if (d.kind == kind) out.push_back(d);
    return out;
}

} // namespace

class HopDecisionsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameBridgeFloodsThenHitsAndAccepts() {
        const Ran r = ping("a1", "a2", true);
        const auto routes = ofKind(r, Kind::Route);
        QVERIFY(!routes.empty());
        QCOMPARE(routes.front().destination.str(), std::string("172.17.0.3"));
        QCOMPARE(routes.front().device, std::string("eth0"));
        QVERIFY(!routes.front().gateway);
        // The ARP request is a broadcast: flooded; the echo then finds a2's MAC in the FDB.
        const auto floods = ofKind(r, Kind::FdbFlood);
        QVERIFY(!floods.empty());
        QCOMPARE(floods.front().device, std::string("docker0"));
        QCOMPARE(floods.front().mac.str(), std::string("ff:ff:ff:ff:ff:ff"));
        const auto hits = ofKind(r, Kind::FdbHit);
        QVERIFY(hits.size() >= 2); // the echo request and its reply
        QCOMPARE(hits.front().port.rfind("veth", 0), std::size_t{0});
        // br_netfilter: the bridged echo goes through FORWARD, accepted by Docker's -i docker0 -o docker0
        // rule.
        const auto filters = ofKind(r, Kind::Filter);
        QVERIFY(!filters.empty());
        QVERIFY(filters.front().accepted);
        QCOMPARE(filters.front().rule, std::string("-A FORWARD -i docker0 -o docker0 -j ACCEPT"));
        // In order, each placed within the trace.
        for (std::size_t i = 1; i < r.decisions.size(); ++i) {
            QVERIFY(r.decisions[i - 1].time <= r.decisions[i].time);
            QVERIFY(r.decisions[i - 1].traceIndex <= r.decisions[i].traceIndex);
        }
        QVERIFY(r.decisions.back().traceIndex <= r.traceSize);
    }

    void isolationDropNamesTheRule() {
        const Ran r = ping("a1", "b1", true);
        const auto routes = ofKind(r, Kind::Route);
        QVERIFY(routes.size() >= 2); // a1's default route, then the host's route to the other network
        QCOMPARE(routes.front().gateway->str(), std::string("172.17.0.1"));
        QCOMPARE(routes[1].device.rfind("br-", 0), std::size_t{0});
        const auto filters = ofKind(r, Kind::Filter);
        QVERIFY(!filters.empty());
        const auto& drop = filters.back();
        QVERIFY(!drop.accepted);
        QVERIFY(drop.rule.find("DOCKER-ISOLATION-STAGE-2") != std::string::npos);
        QVERIFY(drop.rule.find("-j DROP") != std::string::npos);
        QVERIFY(sim::describe(drop).find("dropped by the rule -A DOCKER-ISOLATION-STAGE-2") !=
                std::string::npos);
    }

    void masqueradeOnTheWayOut() {
        const Ran r = ping("a1", "8.8.8.8", true);
        const auto nats = ofKind(r, Kind::Nat);
        QVERIFY(!nats.empty());
        QCOMPARE(nats.front().natKind, std::string("MASQUERADE"));
        QCOMPARE(nats.front().before.str(), std::string("172.17.0.2"));
        QVERIFY(nats.front().after != nats.front().before);
    }

    void nothingWhenNotTracing() {
        QVERIFY(ping("a1", "a2", false).decisions.empty());
        QVERIFY(ping("a1", "b1", false).decisions.empty());
    }

    void plainWords() {
        sim::HopDecision d;
        d.kind = Kind::FdbHit;
        d.device = "docker0";
        d.mac = Mac{{0x02, 0x42, 0xac, 0x11, 0x00, 0x03}};
        d.port = "veth1a2b3c4";
        QCOMPARE(sim::describe(d),
                 std::string("bridge docker0: 02:42:ac:11:00:03 is behind port veth1a2b3c4 (FDB hit): "
                             "forwarded there only"));
        d.kind = Kind::FdbFlood;
        QCOMPARE(sim::describe(d), std::string("bridge docker0: 02:42:ac:11:00:03 is not in the FDB (unknown "
                                               "unicast), flooded to every other port"));
        d.mac = Mac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
        QCOMPARE(sim::describe(d), std::string("bridge docker0: broadcast, flooded to every other port"));
        sim::HopDecision route;
        route.kind = Kind::Route;
        route.destination = *Ipv4::parse("10.9.0.2");
        route.device = "eth0";
        route.gateway = *Ipv4::parse("172.17.0.1");
        QCOMPARE(sim::describe(route), std::string("route to 10.9.0.2: via gateway 172.17.0.1 out of eth0"));
        route.gateway.reset();
        QCOMPARE(sim::describe(route), std::string("route to 10.9.0.2: directly connected, out of eth0"));
        sim::HopDecision filter;
        filter.kind = Kind::Filter;
        filter.chain = "FORWARD";
        filter.in = "docker0";
        filter.out = "br-0123456789ab";
        filter.accepted = false;
        filter.rule = "-A DOCKER-ISOLATION-STAGE-2 -o br-0123456789ab -j DROP";
        QCOMPARE(sim::describe(filter),
                 std::string("netfilter FORWARD -i docker0 -o br-0123456789ab: dropped by the rule "
                             "-A DOCKER-ISOLATION-STAGE-2 -o br-0123456789ab -j DROP"));
        filter.accepted = true;
        filter.rule = "-P FORWARD ACCEPT";
        QCOMPARE(sim::describe(filter),
                 std::string("netfilter FORWARD -i docker0 -o br-0123456789ab: accepted "
                             "by the chain's policy (-P FORWARD ACCEPT)"));
        sim::HopDecision nat;
        nat.kind = Kind::Nat;
        nat.natKind = "DNAT";
        nat.before = *Ipv4::parse("192.168.1.10");
        nat.portBefore = 8081;
        nat.after = *Ipv4::parse("172.17.0.2");
        nat.portAfter = 8080;
        QCOMPARE(sim::describe(nat),
                 std::string("nat DNAT: destination 192.168.1.10:8081 becomes 172.17.0.2:8080"));
        nat.natKind = "MASQUERADE";
        nat.portBefore = nat.portAfter = 0;
        QCOMPARE(sim::describe(nat), std::string("nat MASQUERADE: source 192.168.1.10 becomes 172.17.0.2"));
        nat.natKind = "reply of DNAT";
        QCOMPARE(sim::describe(nat),
                 std::string("nat reply of DNAT: source 192.168.1.10 becomes 172.17.0.2 again"));
    }
};

QTEST_APPLESS_MAIN(HopDecisionsTest)
#include "test_hop_decisions.moc"
