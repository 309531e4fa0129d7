// Linux's ARP learning (arp_process and neigh_update in net/ipv4/arp.c and net/core/neighbour.c), as
// `ip neigh` shows it: a request for us creates the asker's entry as STALE; a request overheard from a
// sender we have an entry for updates that entry (to STALE with the sender's MAC, unless it changed less
// than locktime ago, and a REACHABLE entry with the same MAC stays REACHABLE); nobody else learns.
#include <QtTest>

#include "engine.h"
#include "lab_session.h"

using namespace vethlab;
using vethlab::testing::LabSession;

namespace {

// a1 172.17.0.2, a2 .3, a3 .4 on docker0.
void threeOnDocker0(LabSession& s) {
    for (const char* name : {"a1", "a2", "a3"})
        s.run(std::string("docker run -dit --name ") + name + " alpine");
}

kernel::NetworkNamespace& nsOf(LabSession& s, const std::string& container) {
    return *s.lab().kernel().find(s.lab().daemon().findContainer(container)->namespaceId);
}

// Plants an entry for a1's address in a container's table, as an earlier exchange would have left it.
void plant(LabSession& s, const std::string& container, kernel::Neighbour::State state, Mac mac,
           Nanos updated) {
    auto& n = nsOf(s, container);
    n.neighbours.push_back({n.linkByName("eth0")->ifindex, *Ipv4::parse("172.17.0.2"), mac, state, updated});
}

const Mac kOtherMac{{0x02, 0x42, 0xde, 0xad, 0xbe, 0xef}};

} // namespace

class ArpLearningTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void requestForUsCreatesTheAskerAsStale() {
        LabSession s;
        threeOnDocker0(s);
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0);
        QCOMPARE(s.run("docker exec a1 ip neigh").out,
                 std::string("172.17.0.3 dev eth0 lladdr 02:42:ac:11:00:03 REACHABLE \n"));
        QCOMPARE(s.run("docker exec a2 ip neigh").out,
                 std::string("172.17.0.2 dev eth0 lladdr 02:42:ac:11:00:02 STALE \n"));
        // a3 overheard the request but had no entry for a1: unsolicited ARP creates none.
        QCOMPARE(s.run("docker exec a3 ip neigh").out, std::string());
    }

    void overheardRequestUpdatesAnEntryToStale() {
        LabSession s;
        threeOnDocker0(s);
        plant(s, "a3", kernel::Neighbour::State::Reachable, kOtherMac, 0); // long ago: past locktime
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0);
        QCOMPARE(s.run("docker exec a3 ip neigh").out,
                 std::string("172.17.0.2 dev eth0 lladdr 02:42:ac:11:00:02 STALE \n"));
    }

    void overheardRequestResolvesAnIncompleteEntry() {
        LabSession s;
        threeOnDocker0(s);
        plant(s, "a3", kernel::Neighbour::State::Incomplete, Mac{}, s.lab().now());
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0);
        QCOMPARE(s.run("docker exec a3 ip neigh").out,
                 std::string("172.17.0.2 dev eth0 lladdr 02:42:ac:11:00:02 STALE \n"));
    }

    void locktimeKeepsTheFirstAddress() {
        LabSession s;
        threeOnDocker0(s);
        // Changed just now: a request within the next second may not replace its address.
        plant(s, "a3", kernel::Neighbour::State::Stale, kOtherMac, s.lab().now());
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0);
        QCOMPARE(s.run("docker exec a3 ip neigh").out,
                 std::string("172.17.0.2 dev eth0 lladdr 02:42:de:ad:be:ef STALE \n"));
    }

    void overheardRequestKeepsReachable() {
        LabSession s;
        threeOnDocker0(s);
        QCOMPARE(s.run("docker exec a3 ping -c 1 172.17.0.2").status, 0); // a3: a1 REACHABLE
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0); // a1 asks for a2; a3 hears it
        QCOMPARE(s.run("docker exec a3 ip neigh").out,
                 std::string("172.17.0.2 dev eth0 lladdr 02:42:ac:11:00:02 REACHABLE \n"));
    }

    void resolvedEntryLeavesNoTimer() {
        LabSession s;
        threeOnDocker0(s);
        QCOMPARE(s.run("docker exec a1 ping -c 1 172.17.0.3").status, 0);
        // The retry timer (due 1 s after the request) went with the answer: nothing is left to run.
        QVERIFY(s.terminal().engine().idle());
    }

    void overhearingSavesRequests() {
        // Six containers all ping each other at once: a request overheard by a host that is itself
        // resolving the sender resolves it too, so fewer than one request per ordered pair go out.
        Lab lab(*LabSettings::preset("default"));
        shell::Terminal term(lab);
        auto quiet = [](const std::string&) {};
        std::vector<std::pair<int, Ipv4>> hosts;
        for (int i = 0; i < 6; ++i) {
            term.execute("docker run -d --name c" + std::to_string(i) + " alpine sleep infinity", quiet,
                         quiet);
            const auto* c = lab.daemon().findContainer("c" + std::to_string(i));
            hosts.push_back({c->namespaceId, c->attachments.front().ip});
        }
        sim::Engine engine(lab);
        engine.syncTo(lab.now());
        int replies = 0;
        for (const auto& [nsId, self] : hosts) {
            const auto socket = engine.openIcmpSocket(
                nsId, [&](const sim::Ipv4Header&, const sim::IcmpMessage& m) { replies += m.type == 0; });
            for (const auto& [other, address] : hosts)
                if (other != nsId) engine.sendEcho(nsId, address, socket, 1, 56);
        }
        engine.runUntil(engine.now() + 5 * kSecond);
        QCOMPARE(replies, 30);
        QVERIFY(engine.arpRequestsSent() >= 15); // each pair resolved by at least one request
        QVERIFY2(engine.arpRequestsSent() < 30, std::to_string(engine.arpRequestsSent()).c_str());
        QVERIFY(engine.idle());
    }
};

QTEST_GUILESS_MAIN(ArpLearningTest)
#include "test_arp_learning.moc"
