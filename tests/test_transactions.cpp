// Every request that fails changes nothing: the kernel and the daemon are exactly as before.
// (A `docker run` that fails while starting leaves one Created container, as Docker does, and
// nothing else: no namespace, no veth, no address.)
#include <QtTest>

#include "lab_session.h"

using vethlab::testing::LabSession;

namespace {

// The whole lab as far as a command can change it: the kernel (links, addresses, routes, neighbours,
// netfilter, files), the daemon (networks and their IPAM, containers) and the op log.
struct Snapshot {
    vethlab::kernel::KernelState kernel;
    vethlab::docker::Daemon daemon;
    std::uint64_t ops = 0;
};

Snapshot take(LabSession& s) {
    return {s.lab().kernel(), s.lab().daemon(), s.lab().opsRecorded()};
}

bool sameKernel(const vethlab::kernel::KernelState& a, vethlab::kernel::KernelState b) {
    b.setNow(a.now()); // the clock moves on; that is not state
    return a == b;
}

} // namespace

class Transactions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void failedCommandsChangeNothing_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("status");
        const std::pair<const char*, int> cases[] = {
            {"docker network create tomcat_network", 1},
            {"docker network create --subnet 172.18.5.0/24 clash", 1},
            {"docker network create --subnet bogus net7", 1},
            {"docker network create --subnet 10.40.0.0/16 --gateway 10.50.0.1 net7", 1},
            {"docker network create --subnet 10.40.0.0/16 --ip-range 10.50.0.0/24 net7", 1},
            {"docker network create --subnet 10.40.0.0/16 --aux-address a=10.50.0.1 net7", 1},
            {"docker network create --subnet 10.70.0.0/16 --subnet 10.71.0.0/16 net11", 1},
            {"docker network create -d host host2", 1},
            {"docker network create -d nosuchdriver x1", 1},
            {"docker network create bridge", 1},
            {"docker network create", 1},
            {"docker network create --bogus x2", 125},
            {"docker network rm tomcat_network", 1},
            {"docker network rm bridge", 1},
            {"docker network rm host none", 1},
            {"docker network rm nosuchnet", 1},
            {"docker network connect tomcat_network tomcat81", 1},
            {"docker network connect nosuchnet tomcat81", 1},
            {"docker network connect tomcat_network nosuchctr", 1},
            {"docker network connect host tomcat81", 1},
            {"docker network connect none tomcat81", 1},
            {"docker network connect tomcat_network hostc", 1},
            {"docker network connect tomcat_network nonec", 1},
            {"docker network connect --alias x bridge tomcat81", 1},
            {"docker network connect --ip 172.18.0.100 tomcat_network alp1", 1},
            {"docker network disconnect bridge tomcat81", 1},
            {"docker network disconnect host hostc", 1},
            {"docker network disconnect tomcat_network nosuchctr", 1},
            {"docker run -d --name alp1 alpine", 125},
            {"docker run -d --network container:alp1 -p 81:80 alpine", 125},
            {"docker run -d --network container:alp1 -P alpine", 125},
            {"docker run -d --network container:alp1 --expose 80 alpine", 125},
            {"docker run -d --network container:alp1 -h foo alpine", 125},
            {"docker run -d --network container:alp1 --dns 1.1.1.1 alpine", 125},
            {"docker run -d --network container:alp1 --mac-address 02:42:ac:11:00:99 alpine", 125},
            {"docker run -d --network container:alp1 --add-host a:1.2.3.4 alpine", 125},
            {"docker run -d --network container:alp1 --link alp2 alpine", 125},
            {"docker run -d --network host --link alp2 alpine", 125},
            {"docker run -d --network bridge --network-alias foo alpine", 125},
            {"docker run -d --link nosuchctr:db alpine", 125},
            {"docker run -d --link db:db:extra alpine", 125},
            {"docker run -d --network tomcat_network --ip bogus alpine", 125},
            {"docker run -d nosuchimage", 125},
            {"docker run --bogus alpine", 125},
            {"docker rm alp1", 1},
            {"docker rm nosuchctr", 1},
            {"docker stop nosuchctr", 1},
            {"docker start nosuchctr", 1},
            {"docker exec nosuchctr ls", 1},
            {"docker exec stopped1 ls", 1},
            {"docker inspect nosuchctr", 1},
            {"docker network inspect nosuchnet", 1},
            {"docker network ls extra", 1},
            {"docker network bogus", 1},
        };
        for (const auto& [command, status] : cases)
            QTest::newRow(command) << QString(command) << status;
    }

    void failedCommandsChangeNothing() {
        QFETCH(QString, command);
        QFETCH(int, status);
        LabSession s;
        for (const char* setup :
             {"docker network create tomcat_network", "docker run -dit --name alp1 alpine",
              "docker run -dit --name alp2 alpine",
              "docker run -d --name tomcat81 --network tomcat_network tomcat:8.2 sleep 99999",
              "docker run -d --name db alpine sleep 99999",
              "docker run -d --name hostc --network host alpine sleep 99999",
              "docker run -d --name nonec --network none alpine sleep 99999",
              "docker create --name stopped1 alpine sleep 1000"})
            QCOMPARE(s.run(setup).status, 0);
        Snapshot before = take(s);
        auto r = s.run(command.toStdString());
        QCOMPARE(r.status, status);
        QVERIFY2(!r.err.empty(), "a failure says why on stderr");
        QVERIFY(sameKernel(before.kernel, s.lab().kernel()));
        QVERIFY(before.daemon == s.lab().daemon());
        QCOMPARE(s.lab().opsRecorded(), before.ops); // nothing done and undone in the kernel either
    }

    void startFailureLeavesOnlyACreatedContainer_data() {
        QTest::addColumn<QString>("command");
        QTest::newRow("port taken") << "docker run -d --name web2 -p 8081:80 alpine httpd -f -p 80";
        QTest::newRow("no such network") << "docker run -d --network nosuchnet alpine";
        QTest::newRow("container:nosuch") << "docker run -d --network container:nosuch alpine";
        QTest::newRow("ip without user subnet")
            << "docker run -d --network tomcat_network --ip 172.18.0.50 alpine";
        QTest::newRow("link to another network") << "docker run -d --link tomcat81:x alpine sleep 10";
        QTest::newRow("link to stopped") << "docker run -d --name lk2 --link dbstopped:x alpine sleep 10";
    }

    void startFailureLeavesOnlyACreatedContainer() {
        QFETCH(QString, command);
        LabSession s;
        for (const char* setup :
             {"docker network create tomcat_network",
              "docker run -d --name web -p 8081:80 alpine httpd -f -p 80",
              "docker run -d --name tomcat81 --network tomcat_network tomcat:8.2 sleep 99999",
              "docker create --name dbstopped alpine"})
            QCOMPARE(s.run(setup).status, 0);
        Snapshot before = take(s);
        auto r = s.run(command.toStdString());
        QCOMPARE(r.status, 125);
        QCOMPARE(r.out.size(), std::size_t{65}); // the ID, then the error
        QVERIFY(sameKernel(before.kernel, s.lab().kernel()));
        auto containers = s.lab().daemon().containers();
        QCOMPARE(containers.size(), before.daemon.containers().size() + 1);
        QVERIFY(containers.front()->state == vethlab::docker::ContainerState::Created);
        QVERIFY(s.run("docker rm " + containers.front()->id).status == 0);
        QVERIFY(sameKernel(before.kernel, s.lab().kernel()));
    }

    void stopAndRemoveGiveEverythingBack() {
        LabSession s;
        s.run("docker network create tomcat_network");
        Snapshot clean = take(s);
        s.run("docker run -d --name web -p 8081:80 --network tomcat_network alpine httpd -f -p 80");
        s.run("docker network connect bridge web");
        QVERIFY(!sameKernel(clean.kernel, s.lab().kernel()));
        QCOMPARE(s.run("docker rm -f web").status, 0);
        // Addresses, veths, routes, rules, files and namespaces are all gone; only the clock, the ifindex
        // counter and what traffic leaves behind (neighbours, learned FDB entries, counters) moved.
        auto after = s.lab().kernel();
        after.setNextIfindex(clean.kernel.peekIfindex());
        QCOMPARE(after.namespaces().size(), clean.kernel.namespaces().size());
        const auto& root = after.root();
        const auto& cleanRoot = clean.kernel.root();
        QCOMPARE(root.links.size(), cleanRoot.links.size());
        for (std::size_t i = 0; i < root.links.size(); ++i) {
            QCOMPARE(root.links[i].name, cleanRoot.links[i].name);
            QVERIFY(root.links[i].ipv4 == cleanRoot.links[i].ipv4);
            QCOMPARE(root.links[i].adminUp, cleanRoot.links[i].adminUp);
        }
        QVERIFY(root.routes == cleanRoot.routes);
        QVERIFY(root.files == cleanRoot.files);
        QVERIFY(root.netfilter == cleanRoot.netfilter);
        for (const auto* n : clean.daemon.networks())
            QVERIFY(s.lab().daemon().findNetwork(n->name)->pool == n->pool); // every address given back
        QVERIFY(s.lab().daemon().containers().empty());
    }
};

QTEST_GUILESS_MAIN(Transactions)
#include "test_transactions.moc"
