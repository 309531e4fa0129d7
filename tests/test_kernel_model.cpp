// The kernel model: ifindex numbering of veth pairs, link-netnsid, carrier and operstate, IPv6
// link-local addresses, and kernel operations printed as the commands that do the same.
#include <QtTest>

#include "kernel/kernel_op.h"
#include "lab_session.h"
#include "net/ipv6.h"
#include "net/reverse_name.h"

using namespace vethlab;
using vethlab::testing::LabSession;

class KernelModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // dev->promiscuity as the drivers hold it: a bridge port 1 (br_manage_promisc), a passthru macvlan's
    // parent 1 while the macvlan is up (macvlan_open / macvlan_stop), none of it in `ip link`'s flags
    // (dev_get_flags shows IFF_PROMISC only when a user asked for it).
    void promiscuityOfPortsAndPassthruParents() {
        LabSession s("facts");
        auto eth0 = [&] { return s.lab().kernel().root().linkByName("eth0")->promiscuity; };
        QCOMPARE(eth0(), 0);
        s.run("docker run -d --name b1 alpine sleep 1000");
        int ports = 0;
        for (const auto& l : s.lab().kernel().root().links)
            if (l.master) {
                QCOMPARE(l.promiscuity, 1);
                ++ports;
            }
        QCOMPARE(ports, 1);
        QCOMPARE(s.lab().kernel().root().linkByName("docker0")->promiscuity, 0);
        QCOMPARE(s.run("docker network create -d macvlan -o parent=eth0 -o macvlan_mode=passthru "
                       "--subnet 192.168.1.0/24 --gateway 192.168.1.1 --ip-range 192.168.1.64/26 lan")
                     .status,
                 0);
        QCOMPARE(s.run("docker run -d --name p1 --network lan alpine sleep 1000").status, 0);
        QCOMPARE(eth0(), 1);
        QVERIFY(s.run("ip link show eth0").out.find("PROMISC") == std::string::npos);
        QCOMPARE(s.run("docker stop p1").status, 0);
        QCOMPARE(eth0(), 0);
        QCOMPARE(s.run("docker start p1").status, 0);
        QCOMPARE(eth0(), 1);
        QCOMPARE(s.run("docker rm -f p1 b1").status, 0);
        QCOMPARE(eth0(), 0);
        for (const auto& l : s.lab().kernel().root().links)
            QCOMPARE(l.promiscuity, 0);
    }
    // ipvlan l3 (ipvlan_joinleave.go, ipvlan_main.c ipvlan_open): NOARP, a connected default route, no
    // gateway; siblings reach each other by address without ARP; the LAN router cannot resolve them.
    void ipvlanL3() {
        LabSession s("facts");
        QCOMPARE(s.run("docker network create -d ipvlan -o parent=eth0 -o ipvlan_mode=l3 "
                       "--subnet 192.168.1.0/24 --gateway 192.168.1.1 --ip-range 192.168.1.64/26 l3net")
                     .status,
                 0);
        QCOMPARE(s.run("docker run -d --name v1 --network l3net alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker run -d --name v2 --network l3net alpine sleep 1000").status, 0);
        const std::string link = s.run("docker exec v1 ip link show eth0").out;
        QVERIFY2(link.find("<BROADCAST,MULTICAST,NOARP,UP,LOWER_UP,M-DOWN>") != std::string::npos,
                 link.c_str());
        QCOMPARE(s.run("docker exec v1 ip route").out,
                 std::string("default dev eth0 scope link \n"
                             "192.168.1.0/24 dev eth0 scope link  src 192.168.1.64 \n"));
        QCOMPARE(s.run("docker inspect -f '{{.NetworkSettings.Networks.l3net.Gateway}}' v1").out,
                 std::string("\n"));
        QCOMPARE(s.run("docker exec v1 ping -c 1 -W 1 192.168.1.65").status, 0);
        QCOMPARE(s.run("docker exec v1 ip neigh").out, std::string());
        QCOMPARE(s.run("docker exec v2 ip neigh").out, std::string());
        QCOMPARE(s.run("docker exec v1 ping -c 1 -W 2 192.168.1.1").status, 1);
        // l2 on the same parent still ARPs and has its gateway.
        QCOMPARE(s.run("docker rm -f v1 v2").status, 0);
        QCOMPARE(s.run("docker network rm l3net").status, 0);
        QCOMPARE(s.run("docker network create -d ipvlan -o parent=eth0 --subnet 192.168.1.0/24 "
                       "--gateway 192.168.1.1 --ip-range 192.168.1.64/26 l2net")
                     .status,
                 0);
        QCOMPARE(s.run("docker run -d --name v3 --network l2net alpine sleep 1000").status, 0);
        QVERIFY(s.run("docker exec v3 ip link show eth0").out.find("NOARP") == std::string::npos);
        QCOMPARE(s.run("docker exec v3 ping -c 1 -W 2 192.168.1.1").status, 0);
    }
    // dig -x, the engine's internet and kerneld's resolvers spell and read PTR names one way.
    void reverseNames() {
        QCOMPARE(reverseName(*Ipv4::parse("172.17.0.2")), std::string("2.0.17.172.in-addr.arpa"));
        QCOMPARE(reverseNameAddress("8.8.4.4.IN-ADDR.ARPA.")->str(), std::string("4.4.8.8"));
        QCOMPARE(reverseNameAddress("2.0.17.172.in-addr.arpa")->str(), std::string("172.17.0.2"));
        QVERIFY(!reverseNameAddress("in-addr.arpa"));
        QVERIFY(!reverseNameAddress("2.0.17.in-addr.arpa"));
        QVERIFY(!reverseNameAddress("2.0.17.300.in-addr.arpa"));
        QVERIFY(!reverseNameAddress("2.0.17.172.ip6.arpa"));
        // The embedded DNS reads ip6.arpa questions back into the address, in any case.
        const Ipv6 v6 = *Ipv6::parse("2001:db8:1::2");
        QCOMPARE(reverseNameAddress6(v6.reverseName())->str(), std::string("2001:db8:1::2"));
        std::string upper = v6.reverseName();
        for (char& c : upper)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        QCOMPARE(reverseNameAddress6(upper)->str(), std::string("2001:db8:1::2"));
        QCOMPARE(reverseNameAddress6(upper + ".")->str(), std::string("2001:db8:1::2"));
        QVERIFY(!reverseNameAddress6("2.0.17.172.in-addr.arpa"));
        QVERIFY(!reverseNameAddress6(v6.reverseName().substr(2)));
        std::string badNibble = v6.reverseName();
        badNibble[0] = 'g';
        QVERIFY(!reverseNameAddress6(badNibble));
    }
    // The seed's docker0 kept its link-local from an earlier carrier: the first container must not add it
    // again. `ip -6 addr` shows only inet6 lines, as iproute2 does.
    void linkLocalOnceAndIp6() {
        LabSession s("seed");
        s.run("docker run -d --name tomcat81 billygoo/tomcat8-jdk8");
        const std::string all = s.run("ip addr show docker0").out;
        std::size_t lines = 0;
        for (std::size_t at = all.find("inet6 "); at != std::string::npos; at = all.find("inet6 ", at + 1))
            ++lines;
        QCOMPARE(lines, std::size_t{1});
        const std::string v6 = s.run("ip -6 addr show docker0").out;
        QVERIFY(v6.find("inet 172.17.0.1") == std::string::npos);
        QVERIFY(v6.find("link/ether") == std::string::npos);
        QVERIFY(v6.find("    inet6 fe80::") != std::string::npos);
        const auto routes = s.run("ip -6 route");
        QCOMPARE(routes.status, 0);
        QVERIFY2(routes.out.find("fe80::/64 dev docker0 proto kernel metric 256 pref medium\n") !=
                     std::string::npos,
                 routes.out.c_str());
        s.run("docker exec tomcat81 ping -c 1 172.17.0.1");
        QVERIFY(s.run("bridge fdb show br docker0").out.find(" master docker0") != std::string::npos);
        QCOMPARE(s.run("bridge fdb show br nosuchbr").out, std::string());
    }

    void vethPairIndexes() {
        // The container end gets N, the host end N+1; a bridge created in between takes a number too.
        LabSession s("default");
        const int first = s.lab().kernel().peekIfindex();
        s.run("docker run -dit --name a1 alpine");
        const auto* c = s.lab().daemon().findContainer("a1");
        const auto& a = c->attachments.front();
        QCOMPARE(a.ifindex, first);
        QCOMPARE(a.hostIfindex, first + 1);
        s.run("docker network create n1");
        s.run("docker run -dit --name a2 --network n1 alpine");
        const auto& b = s.lab().daemon().findContainer("a2")->attachments.front();
        QCOMPARE(b.ifindex, first + 3);
        QCOMPARE(s.run("docker exec a2 ip link")
                         .out.find(std::to_string(first + 3) + ": eth0@if" + std::to_string(first + 4)) !=
                     std::string::npos,
                 true);
    }

    void netnsidsPerViewer() {
        LabSession s;
        s.run("docker run -dit --name a1 alpine");
        s.run("docker run -dit --name a2 alpine");
        auto host = s.run("ip link show master docker0").out;
        QVERIFY(host.find("link-netnsid 0") != std::string::npos);
        QVERIFY(host.find("link-netnsid 1") != std::string::npos);
        // Inside a container the host is always the first peer: netnsid 0 (iproute2 images only).
        s.run("docker run -d --name t1 tomcat:8.2 sleep 1000");
        QVERIFY(s.run("docker exec t1 ip addr").out.find("link-netnsid 0") != std::string::npos);
        // IDs are reused once a namespace is gone.
        s.run("docker rm -f a1");
        s.run("docker run -dit --name a3 alpine");
        QCOMPARE(s.lab().kernel().root().peerNsids.size(), std::size_t{3});
    }

    void docker0CarrierFollowsPorts() {
        LabSession s;
        QVERIFY(s.run("ip addr show docker0")
                    .out.rfind("8: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc "
                               "noqueue state DOWN group default \n",
                               0) == 0);
        QVERIFY(s.run("ifconfig docker0").out.find("inet6") == std::string::npos);
        s.run("docker run -dit --name a1 alpine");
        QVERIFY(s.run("ifconfig docker0")
                    .out.rfind("docker0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500", 0) == 0);
        s.run("docker rm -f a1");
        auto out = s.run("ifconfig docker0").out;
        QVERIFY(out.rfind("docker0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500", 0) == 0);
        QVERIFY2(out.find("inet6 fe80::") != std::string::npos,
                 "the link-local address stays after the containers leave");
        QVERIFY(s.run("ip route").out.find("src 172.17.0.1 linkdown ") != std::string::npos);
    }

    void eui64() {
        Mac m{{0x96, 0xce, 0xfb, 0x87, 0xfc, 0xca}};
        QCOMPARE(m.linkLocalV6(), std::string("fe80::94ce:fbff:fe87:fcca"));
        Mac d{{0x02, 0x42, 0x7a, 0xd9, 0xb5, 0x43}};
        QCOMPARE(d.linkLocalV6(), std::string("fe80::42:7aff:fed9:b543"));
        QCOMPARE(Mac::fromDockerIp(*Ipv4::parse("192.168.80.2")).str(), std::string("02:42:c0:a8:50:02"));
    }

    void noIpv6InContainers() {
        LabSession s;
        s.run("docker run -d --name t1 tomcat:8.2 sleep 1000");
        auto out = s.run("docker exec t1 ip addr").out;
        QVERIFY(out.find("inet6") == std::string::npos);
        QCOMPARE(s.run("docker exec t1 cat /proc/sys/net/ipv6/conf/all/disable_ipv6").out,
                 std::string("1\n"));
    }

    void opsRenderAsCommands() {
        LabSession s;
        const std::size_t before = s.lab().opLog().size();
        s.run("docker run -dit --name a1 alpine");
        std::string all;
        for (std::size_t i = before; i < s.lab().opLog().size(); ++i) {
            QCOMPARE(s.lab().opLog()[i].cause, std::string("docker run -dit --name a1 alpine"));
            all += kernel::render(s.lab().opLog()[i].op) + "\n";
        }
        const auto* c = s.lab().daemon().findContainer("a1");
        const std::string ns = c->sandboxId.substr(0, 12);
        const auto& a = c->attachments.front();
        QVERIFY(all.find("ip netns add " + ns + "\n") != std::string::npos);
        QVERIFY(all.find("ip link set " + a.hostVeth + " master docker0\n") != std::string::npos);
        QVERIFY(all.find("ip -n " + ns + " addr add 172.17.0.2/16 brd 172.17.255.255 dev eth0\n") !=
                std::string::npos);
        QVERIFY(all.find("ip -n " + ns + " route add default via 172.17.0.1 dev eth0\n") !=
                std::string::npos);
        QVERIFY(all.find("ip netns exec " + ns + " sysctl -w net.ipv6.conf.all.disable_ipv6=1\n") !=
                std::string::npos);
    }

    // A network's MTU goes to both veth ends when the pair is made, and the op says so.
    void vethOpCarriesTheNetworksMtu() {
        LabSession s;
        s.run("docker network create -o com.docker.network.driver.mtu=1400 n1");
        const std::size_t before = s.lab().opLog().size();
        s.run("docker run -d --name c1 --network n1 alpine sleep 100");
        const auto& a = s.lab().daemon().findContainer("c1")->attachments.front();
        std::string all;
        for (std::size_t i = before; i < s.lab().opLog().size(); ++i)
            all += kernel::render(s.lab().opLog()[i].op) + "\n";
        const std::string add = "ip link add " + a.hostVeth + " mtu 1400 type veth peer name ";
        QVERIFY2(all.find(add) != std::string::npos, all.c_str());
        QVERIFY2(all.find(" mtu 1400 address 02:42:ac:12:00:02  # ") != std::string::npos, all.c_str());
        QVERIFY(s.run("docker exec c1 ip link show eth0").out.find(" mtu 1400 ") != std::string::npos);
    }

    void deletingOneEndDeletesThePair() {
        LabSession s;
        s.run("docker run -dit --name a1 alpine");
        const auto before = s.lab().kernel().root().links.size();
        s.run("docker stop -t 0 a1");
        QCOMPARE(s.lab().kernel().root().links.size(), before - 1);
        QCOMPARE(s.lab().kernel().namespaces().size(), std::size_t{1});
    }

    void iptablesRulesPerNetwork() {
        LabSession s;
        s.run("docker network create --internal -o com.docker.network.bridge.name=mybr0 "
              "-o com.docker.network.bridge.enable_icc=false --subnet 10.99.0.0/24 richnet");
        auto filter = s.run("iptables -S").out;
        QVERIFY(filter.find("-A DOCKER-ISOLATION-STAGE-1 ! -s 10.99.0.0/24 -o mybr0 -j DROP\n"
                            "-A DOCKER-ISOLATION-STAGE-1 ! -d 10.99.0.0/24 -i mybr0 -j DROP\n") !=
                std::string::npos);
        QVERIFY(filter.find("-A FORWARD -i mybr0 -o mybr0 -j DROP\n") != std::string::npos);
        QVERIFY(s.run("iptables -t nat -S").out.find("mybr0") ==
                std::string::npos); // internal: no MASQUERADE
        s.run("docker network rm richnet");
        QVERIFY(s.run("iptables -S").out.find("mybr0") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(KernelModel)
#include "test_kernel_model.moc"
