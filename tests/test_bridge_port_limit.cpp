// A Linux bridge takes at most 1023 ports (net/bridge/br_if.c find_portno(): BR_MAX_PORTS is 1024 and
// port 0 is reserved). The container after that cannot start: libnetwork's CreateEndpoint fails to
// enslave its veth with EXFULL, and docker run prints the daemon's error and exits 125, leaving the
// container Created and the bridge as it was.
#include <QRegularExpression>
#include <QtTest>

#include "lab_session.h"

using namespace vethlab;
using vethlab::testing::LabSession;

namespace {

int bridgePorts(LabSession& s, const std::string& bridge) {
    const auto& root = s.lab().kernel().root();
    const kernel::Link* br = root.linkByName(bridge);
    if (!br) return -1;
    int n = 0;
    for (const auto& l : root.links)
        n += l.master == br->ifindex;
    return n;
}

} // namespace

class BridgePortLimitTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theThousandTwentyFourthPortFailsWithExchangeFull() {
        LabSession s;
        QCOMPARE(s.run("docker network create --subnet 10.0.0.0/16 big").status, 0);
        const std::string bridge = "br-" + s.lab().daemon().findNetwork("big")->id.substr(0, 12);
        for (int i = 0; i < 1023; ++i)
            QCOMPARE(
                s.run("docker run -d --network big --name c" + std::to_string(i) + " alpine sleep infinity")
                    .status,
                0);
        QCOMPARE(bridgePorts(s, bridge), 1023);
        const auto before = s.lab().kernel().root().links.size();

        const auto r = s.run("docker run -d --network big --name full alpine sleep infinity");
        QCOMPARE(r.status, 125);
        // stdout has the new container's id; stderr the daemon's error, as docker run reports it.
        QVERIFY(QRegularExpression("^[0-9a-f]{64}\n$").match(QString::fromStdString(r.out)).hasMatch());
        const QRegularExpression error(QString::fromStdString(
            "^docker: Error response from daemon: failed to create endpoint full on network big: adding "
            "interface veth[0-9a-f]{7} to bridge " +
            bridge + " failed: exchange full\\.\n$"));
        QVERIFY2(error.match(QString::fromStdString(r.err)).hasMatch(), r.err.c_str());
        QCOMPARE(bridgePorts(s, bridge), 1023);
        QCOMPARE(s.lab().kernel().root().links.size(), before); // no veth left behind
        QVERIFY(s.run("docker ps -a --filter name=full --format '{{.Status}}'").out == "Created\n");

        // One port freed: the same container starts.
        QCOMPARE(s.run("docker rm -f c0").status, 0);
        QCOMPARE(s.run("docker start full").status, 0);
        QCOMPARE(bridgePorts(s, bridge), 1023);
    }
};

QTEST_GUILESS_MAIN(BridgePortLimitTest)
#include "test_bridge_port_limit.moc"
