// Counters that move with the engine's traffic: iptables' per-rule and per-policy packets and bytes
// (the IP length, as the kernel's counters add it), the nat table counting connections rather than
// packets, `iptables -Z`, and `ip -s link` following the same link counters ifconfig prints.
#include <QtTest>

#include "kernel/netfilter.h"
#include "lab_session.h"
#include "nat_flows.h"

using namespace vethlab;
using vethlab::testing::LabSession;

namespace {

const kernel::NetfilterRule* ruleOf(LabSession& s, const std::string& table, const std::string& chain,
                                    const std::string& spec) {
    const auto* t = s.lab().kernel().root().netfilter.table(table);
    const auto* c = t ? t->chain(chain) : nullptr;
    if (!c) return nullptr;
    for (const auto& r : c->rules)
        if (r.spec() == spec) return &r;
    return nullptr;
}

const kernel::NetfilterChain* chainOf(LabSession& s, const std::string& table, const std::string& chain) {
    const auto* t = s.lab().kernel().root().netfilter.table(table);
    return t ? t->chain(chain) : nullptr;
}

} // namespace

class CountersTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void iptablesScalesLikeLibxtables() {
        // xtables_print_num: up to 99999 as is, then rounded to thousands while above 9999 of a unit.
        kernel::NetfilterTable t{"filter", {{"INPUT", true}}};
        const std::pair<std::uint64_t, const char*> cases[] = {
            {99999, "99999"},   {100000, "100K"}, {100499, "100K"},       {100500, "101K"},
            {9999499, "9999K"}, {9999500, "10M"}, {12345678901ull, "12G"}};
        for (const auto& [n, text] : cases) {
            t.chains[0].policyPackets = n;
            const std::string out = kernel::renderIptablesL(t, true, true);
            QVERIFY2(out.find("(policy ACCEPT " + std::string(text) + " packets") != std::string::npos,
                     out.c_str());
            const std::string exact = kernel::renderIptablesL(t, true, true, {}, true);
            QVERIFY2(exact.find("(policy ACCEPT " + std::to_string(n) + " packets") != std::string::npos,
                     exact.c_str());
        }
    }

    void forwardRulesCountPacketsAndIpBytes() {
        LabSession s;
        s.run("docker run -dit --name alp1 alpine");
        s.run("docker run -dit --name alp2 alpine");
        QCOMPARE(s.run("docker exec alp1 ping -c 3 172.17.0.3").status, 0);
        // br_netfilter: bridged IPv4 walks FORWARD; 3 requests and 3 replies of 84 bytes each.
        const auto* userJump = ruleOf(s, "filter", "FORWARD", "-j DOCKER-USER");
        const auto* bridged = ruleOf(s, "filter", "FORWARD", "-i docker0 -o docker0 -j ACCEPT");
        const auto* ret = ruleOf(s, "filter", "DOCKER-USER", "-j RETURN");
        QVERIFY(userJump && bridged && ret);
        QCOMPARE(userJump->packets, 6u);
        QCOMPARE(userJump->bytes, 6u * 84);
        QCOMPARE(ret->packets, 6u);
        // Only the first request is NEW; the replies and the later requests are ESTABLISHED.
        QCOMPARE(bridged->packets, 1u);
        const auto* established =
            ruleOf(s, "filter", "FORWARD", "-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        QVERIFY(established);
        QCOMPARE(established->packets, 5u);
        // iptables-nft's base chains have no counters of their own until -Z gives them some.
        QCOMPARE(chainOf(s, "filter", "FORWARD")->policyPackets, 0u);
    }

    void natCountsConnectionsNotPackets() {
        LabSession s;
        s.run("docker run -dit --name alp1 alpine");
        QCOMPARE(s.run("docker exec alp1 ping -c 3 8.8.8.8").status, 0);
        const auto* masq = ruleOf(s, "nat", "POSTROUTING", "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
        QVERIFY(masq);
        QCOMPARE(masq->packets, 1u); // one ICMP connection: its first packet only
        QCOMPARE(masq->bytes, 84u);
        QCOMPARE(s.run("docker exec alp1 ping -c 2 8.8.8.8").status, 0); // another ping, another ICMP id
        QCOMPARE(masq->packets, 2u);
    }

    void connectionsExpireAsConntrackSays() {
        sim::NatFlows flows;
        const sim::NatFlows::Tuple ping{1, 0xAC110002, 0x08080808, 7, 0};
        const sim::NatFlows::Tuple reply{1, 0x08080808, 0xC0A8010A, 7, 0}; // after MASQUERADE
        flows.confirm(ping, reply, 0);
        QVERIFY(flows.isKnown(reply, 29 * kSecond));
        QVERIFY(flows.isKnown(ping, 58 * kSecond));  // refreshed by the reply
        QVERIFY(!flows.isKnown(ping, 89 * kSecond)); // idle for 31 s: gone
        const sim::NatFlows::Tuple dns{17, 0xAC110002, 0xC0A80101, 40000, 53};
        flows.confirm(dns, dns.reversed(), 0);
        QVERIFY(!flows.isKnown(dns, 31 * kSecond)); // unanswered UDP: 30 s
        flows.confirm(dns, dns.reversed(), 100 * kSecond);
        QVERIFY(flows.isKnown(dns.reversed(), 101 * kSecond)); // answered: 120 s from now on
        QVERIFY(flows.isKnown(dns, 200 * kSecond));
        QVERIFY(!flows.isKnown(dns, 321 * kSecond + 1));
    }

    void zeroGivesPoliciesCounters() {
        LabSession s;
        s.run("docker run -dit --name alp1 alpine");
        QCOMPARE(s.run("docker exec alp1 ping -c 2 8.8.8.8").status, 0);
        // The chain right after -Z (getopt's optional argument); after -v it is a bad argument.
        QCOMPARE(s.run("iptables -Z -v FORWARD").status, 2);
        const auto r = s.run("iptables -Z FORWARD -v");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out, std::string("Zeroing chain `FORWARD'\n"));
        QCOMPARE(ruleOf(s, "filter", "FORWARD", "-j DOCKER-USER")->packets, 0u);
        QVERIFY(ruleOf(s, "filter", "DOCKER-USER", "-j RETURN")->packets > 0); // another chain: untouched
        s.run("iptables -Z");
        s.run("iptables -D FORWARD -i docker0 ! -o docker0 -j ACCEPT");
        QCOMPARE(s.run("docker exec alp1 ping -c 1 -W 1 8.8.8.8").status, 1);
        // The request is dropped by the policy now: counted, since -Z gave FORWARD its counters.
        QCOMPARE(chainOf(s, "filter", "FORWARD")->policyPackets, 1u);
        QCOMPARE(chainOf(s, "filter", "FORWARD")->policyBytes, 84u);
        QCOMPARE(s.run("iptables -Z NOPE").status, 1);
        // iptables-nft makes base chains on first use: Docker never touches filter INPUT/OUTPUT, so
        // -Z does not name them and cannot zero them (as the real iptables 1.8.9 answers).
        const auto input = s.run("iptables -Z INPUT -v");
        QCOMPARE(input.status, 1);
        QCOMPARE(input.err, std::string("iptables: No chain/target/match by that name.\n"));
        QCOMPARE(s.run("iptables -Z -v").out.find("`INPUT'"), std::string::npos);
        QCOMPARE(s.run("iptables -A INPUT -j ACCEPT").status, 0);
        QCOMPARE(s.run("iptables -Z INPUT -v").out, std::string("Zeroing chain `INPUT'\n"));
    }

    void ipStatsFollowTheLinkCounters() {
        LabSession s;
        s.run("docker run -dit --name alp1 alpine");
        s.run("docker exec alp1 ping -c 2 172.17.0.1");
        const auto* docker0 = s.lab().kernel().root().linkByName("docker0");
        QVERIFY(docker0 && docker0->counters.rxPackets > 0);
        const std::string out = s.run("ip -s link show docker0").out;
        char line[128];
        std::snprintf(line, sizeof line, "    %10llu %7llu %6d %7llu",
                      static_cast<unsigned long long>(docker0->counters.rxBytes),
                      static_cast<unsigned long long>(docker0->counters.rxPackets), 0,
                      static_cast<unsigned long long>(docker0->counters.rxDropped));
        QVERIFY2(out.find(line) != std::string::npos, out.c_str());
        QVERIFY(out.find("    RX:  bytes packets errors dropped  missed   mcast           \n") !=
                std::string::npos);
        const auto twice = s.run("ip -s -s link show docker0").out;
        QVERIFY2(twice.find("    RX errors:  length    crc   frame    fifo overrun\n") != std::string::npos,
                 twice.c_str());
        QVERIFY(twice.find("    TX errors: aborted   fifo  window heartbt transns\n") != std::string::npos);
        // busybox's ip knows no -s: its usage, status 1.
        const auto bb = s.run("docker exec alp1 ip -s link");
        QCOMPARE(bb.status, 1);
        QVERIFY(bb.err.find("Usage: ip [OPTIONS]") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(CountersTest)
#include "test_counters.moc"
