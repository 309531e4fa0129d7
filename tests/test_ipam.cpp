// IPAM: lowest-free allocation and reuse, --subnet/--ip-range/--gateway, static --ip, exhaustion and
// overlap errors, and the rotating default-pool index.
#include <QtTest>

#include "docker/ipam_pool.h"
#include "docker/ipv6_pool.h"
#include "lab_session.h"

using vethlab::Ipv4;
using vethlab::Ipv4Prefix;
using vethlab::testing::LabSession;

class Ipam : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void poolMarksNetworkAndBroadcast() {
        vethlab::docker::IpamPool pool(*Ipv4Prefix::parse("10.0.0.0/30"), std::nullopt);
        QVERIFY(pool.isUsed(*Ipv4::parse("10.0.0.0")));
        QVERIFY(pool.isUsed(*Ipv4::parse("10.0.0.3")));
        QCOMPARE(pool.lowestFree()->str(), std::string("10.0.0.1"));
        pool.markUsed(*Ipv4::parse("10.0.0.1"));
        pool.markUsed(*Ipv4::parse("10.0.0.2"));
        QVERIFY(!pool.lowestFree());
        pool.release(*Ipv4::parse("10.0.0.1"));
        QCOMPARE(pool.lowestFree()->str(), std::string("10.0.0.1"));
    }

    void seedIpReuse() {
        // The seed: u1 gets .2, u2 .3; remove u2, start u3: it gets .3 again.
        LabSession s("seed");
        s.run("docker run -dit --name u1 alpine");
        s.run("docker run -dit --name u2 alpine");
        QCOMPARE(s.run("docker inspect -f '{{.NetworkSettings.IPAddress}}' u1 u2").out,
                 std::string("172.17.0.2\n172.17.0.3\n"));
        QCOMPARE(s.run("docker rm -f u2").status, 0);
        s.run("docker run -dit --name u3 alpine");
        QCOMPARE(s.run("docker inspect -f '{{.NetworkSettings.IPAddress}}' u3").out,
                 std::string("172.17.0.3\n"));
    }

    void stopReleasesAddress() {
        LabSession s;
        QCOMPARE(s.run("docker run -dit --name c1 alpine").status, 0);
        QCOMPARE(s.run("docker run -dit --name c2 alpine").status, 0);
        QCOMPARE(s.run("docker stop -t 0 c2").out, std::string("c2\n"));
        QCOMPARE(s.run("docker run -dit --name c3 alpine").status, 0);
        QCOMPARE(s.run("docker inspect -f '{{.NetworkSettings.IPAddress}}' c3").out,
                 std::string("172.17.0.3\n"));
        s.run("docker start c2");
        QCOMPARE(
            s.run("docker inspect -f '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}}' c2")
                .out,
            std::string("172.17.0.4 02:42:ac:11:00:04\n"));
    }

    void slash24RunsOut() {
        LabSession s;
        QCOMPARE(s.run("docker network create --subnet 10.5.0.0/24 small").status, 0);
        // .0 network, .1 gateway, .255 broadcast: 253 addresses for containers.
        for (int i = 0; i < 253; ++i)
            QCOMPARE(s.run("docker run -d --network small alpine sleep 1000").status, 0);
        auto r = s.run("docker run -d --network small alpine sleep 1000");
        QCOMPARE(r.status, 125);
        const auto* n = s.lab().daemon().findNetwork("small");
        QVERIFY(r.err ==
                "docker: Error response from daemon: no available IPv4 addresses on this network's address "
                "pools: small (" +
                    n->id + ").\n");
        QCOMPARE(r.out.size(), std::size_t{65}); // the ID is printed before the start error
    }

    void staticIpErrors() {
        LabSession s;
        s.run(
            "docker network create --subnet 10.20.0.0/16 --gateway 10.20.0.254 --ip-range 10.20.5.0/24 net6");
        QCOMPARE(s.run("docker run -d --name r1 --network net6 alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker inspect -f '{{.NetworkSettings.Networks.net6.IPAddress}}' r1").out,
                 std::string("10.20.5.0\n"));
        QCOMPARE(s.run("docker run -d --name r2 --network net6 --ip 10.20.0.7 alpine sleep 1000").status, 0);
        auto inUse = s.run("docker run -d --name r3 --network net6 --ip 10.20.0.7 alpine sleep 1000");
        QCOMPARE(inUse.status, 125);
        QVERIFY(inUse.err.ends_with("docker: Error response from daemon: Address already in use.\n"));
        auto outside = s.run("docker run -d --name r4 --network net6 --ip 10.30.0.7 alpine sleep 1000");
        QVERIFY(outside.err.ends_with(
            "Invalid address 10.30.0.7: It does not belong to any of this network's subnets.\n"));
        auto gateway = s.run("docker run -d --network net6 --ip 10.20.0.254 alpine");
        QVERIFY(gateway.err.ends_with("Address already in use.\n"));
        auto bogus = s.run("docker run -d --network net6 --ip bogus alpine");
        QCOMPARE(bogus.status, 125);
        QCOMPARE(bogus.all, std::string("docker: Error response from daemon: invalid IPv4 address: bogus.\n"
                                        "See 'docker run --help'.\n"));
        auto noUserSubnet = s.run("docker network create plain");
        QCOMPARE(noUserSubnet.status, 0);
        auto r = s.run("docker run -d --network plain --ip 172.18.0.50 alpine");
        QVERIFY(r.err.ends_with(
            "docker: Error response from daemon: user specified IP address is supported only when "
            "connecting to networks with user configured subnets.\n"));
        auto onBridge = s.run("docker run -d --network bridge --ip 172.17.0.50 alpine sleep 10");
        QVERIFY(onBridge.err.ends_with(
            "user specified IP address is supported on user defined networks only.\n"));
    }

    void overlappingSubnets() {
        LabSession s;
        QCOMPARE(s.run("docker network create --subnet 10.10.0.0/24 net4").status, 0);
        for (const char* subnet : {"10.10.0.0/24", "10.10.0.128/25", "10.10.0.0/16", "172.17.5.0/24"}) {
            auto r = s.run(std::string("docker network create --subnet ") + subnet + " clash");
            QCOMPARE(r.status, 1);
            QCOMPARE(r.err,
                     std::string(
                         "Error response from daemon: Pool overlaps with other one on this address space\n"));
        }
    }

    void singleCharacterNamesAreInvalid() {
        LabSession s;
        QCOMPARE(s.run("docker run -d --name c alpine").all,
                 std::string("docker: Error response from daemon: Invalid container name (c), only "
                             "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\nSee 'docker run --help'.\n"));
    }

    void defaultPoolsRotateAndRunOut() {
        // A host whose LAN does not overlap 192.168.0.0/20, so every default pool is a candidate.
        LabSession s("facts", 1, "host_address: 10.0.2.15/24\ngateway: 10.0.2.2");
        // 31 candidates, docker0 has the first: 30 networks fit, the 31st does not.
        std::vector<std::string> subnets;
        for (int i = 0; i < 30; ++i) {
            auto r = s.run("docker network create n" + std::to_string(i));
            QCOMPARE(r.status, 0);
            subnets.push_back(s.run("docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' n" +
                                    std::to_string(i))
                                  .out);
        }
        QCOMPARE(subnets.front(), std::string("172.18.0.0/16\n"));
        QCOMPARE(subnets[13], std::string("172.31.0.0/16\n"));
        QCOMPARE(subnets[14], std::string("192.168.0.0/20\n"));
        QCOMPARE(subnets.back(), std::string("192.168.240.0/20\n"));
        auto r = s.run("docker network create full");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err,
                 std::string("Error response from daemon: could not find an available, non-overlapping IPv4 "
                             "address pool among the defaults to assign to the network\n"));
        // A removed network's subnet is not reused at once: the index rotates on.
        s.run("docker network rm n1");
        QCOMPARE(s.run("docker network create again").status, 0);
        QCOMPARE(s.run("docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' again").out,
                 std::string("172.19.0.0/16\n")); // wrapped around: the only free one
    }

    void gatewayErrors() {
        LabSession s;
        QCOMPARE(s.run("docker network create --subnet 10.40.0.0/16 --gateway 10.50.0.1 x").err,
                 std::string("no matching subnet for gateway 10.50.0.1\n"));
        QCOMPARE(s.run("docker network create --gateway 10.40.0.1 x").err,
                 std::string("every ip-range or gateway must have a corresponding subnet\n"));
        QCOMPARE(s.run("docker network create --subnet 10.41.0.0/16 --gateway 10.41.0.0 x").err,
                 std::string("Error response from daemon: failed to allocate gateway (10.41.0.0): Address "
                             "already in use\n"));
        QCOMPARE(s.run("docker network create --subnet 10.40.0.0/33 x").err,
                 std::string("Error response from daemon: Invalid subnet 10.40.0.0/33 : invalid CIDR "
                             "address: 10.40.0.0/33\n"));
    }

    void ipv6PoolAllocatesFromOne() {
        using vethlab::docker::Ipv6Pool;
        using vethlab::docker::Ipv6Prefix;
        auto p = Ipv6Prefix::parse("2001:db8:1::7/64"); // host bits are cleared, as net.ParseCIDR does
        QVERIFY(p);
        QCOMPARE(p->at(0), std::string("2001:db8:1::"));
        QCOMPARE(p->at(0x1ff), std::string("2001:db8:1::1ff"));
        QVERIFY(p->contains(*Ipv6Prefix::parseAddress("2001:db8:1::ffff")));
        QVERIFY(!p->contains(*Ipv6Prefix::parseAddress("2001:db8:2::1")));
        QVERIFY(p->overlaps(*Ipv6Prefix::parse("2001:db8:1:0:8000::/80")));
        QVERIFY(!Ipv6Prefix::parse("10.0.0.0/8"));
        QVERIFY(!Ipv6Prefix::parse("2001:db8::/129"));
        Ipv6Pool pool(*p);
        QCOMPARE(*pool.lowestFree(), std::uint64_t{1});
        pool.markUsed(1);
        pool.markUsed(2);
        QCOMPARE(*pool.lowestFree(), std::uint64_t{3});
        pool.release(1);
        QCOMPARE(*pool.lowestFree(), std::uint64_t{1});
        Ipv6Pool tiny(*Ipv6Prefix::parse("2001:db8::/127"));
        tiny.markUsed(1);
        QVERIFY(!tiny.lowestFree()); // offset 0 is the network address
    }
};

QTEST_GUILESS_MAIN(Ipam)
#include "test_ipam.moc"
