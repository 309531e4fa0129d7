// The host's FORWARD hook sees a packet after routing: ip_forward() has already checked and
// decremented its TTL, so a drop there shows ttl 63 for a container's ttl 64 (as an iptables LOG
// rule in FORWARD would print TTL=63).
#include <QtTest>

#include "engine.h"
#include "lab_session.h"
#include "packet.h"

using namespace vethlab;
using vethlab::testing::LabSession;

class ForwardHookTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dropInForwardShowsTheDecrementedTtl() {
        LabSession s;
        s.run("docker network create net1");
        s.run("docker run -dit --name a1 alpine");
        s.run("docker run -dit --name b1 --network net1 alpine");
        QCOMPARE(s.run("docker exec b1 ping -c 1 -W 1 172.17.0.2").status, 1);
        int sent = 0, dropped = 0;
        for (const auto& e : s.terminal().engine().trace()) {
            if (e.summary.rfind("ICMP echo request 172.18.0.2 > 172.17.0.2", 0) != 0) continue;
            if (e.direction == "tx" && e.device == "eth0") {
                QVERIFY2(e.summary.ends_with(" ttl 64"), e.summary.c_str());
                ++sent;
            }
            if (e.direction == "drop") {
                QVERIFY(e.reason == sim::DropReason::FilterRule);
                QVERIFY2(e.summary.ends_with(" ttl 63"), e.summary.c_str());
                ++dropped;
            }
        }
        QCOMPARE(sent, 1);
        QCOMPARE(dropped, 1);
    }
};

QTEST_GUILESS_MAIN(ForwardHookTest)
#include "test_forward_hook.moc"
