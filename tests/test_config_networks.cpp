// Configuration-only networks and --scope (libnetwork v20.10.24 controller.go NewNetwork, network.go
// validateConfiguration/applyConfigurationTo/delete): a config-only network is stored with the null
// driver and nothing else; a --config-from network takes its configuration; scopes other than local
// are refused without a swarm, and a refused network leaves nothing behind.
#include <QtTest>

#include "lab_session.h"

using vethlab::testing::LabSession;

namespace {

const char* kConfig = "docker network create --config-only --subnet 192.168.1.0/24 --gateway 192.168.1.1 "
                      "-o parent=eth0 mv-config";

std::size_t rootLinks(LabSession& s) {
    return s.lab().kernel().root().links.size();
}

} // namespace

class ConfigNetworks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void configOnlyMakesNothingOnTheHost() {
        LabSession s;
        const std::size_t links = rootLinks(s);
        QCOMPARE(s.run(kConfig).status, 0);
        QCOMPARE(rootLinks(s), links);
        QCOMPARE(s.run("docker network inspect -f '{{.Driver}} {{.Scope}} {{.ConfigOnly}} {{.Options}} "
                       "{{.IPAM.Config}}' "
                       "mv-config")
                     .out,
                 std::string("null local true map[parent:eth0] [{192.168.1.0/24  192.168.1.1 map[]}]\n"));
        // No pool was taken: an ordinary network may use the same subnet.
        QCOMPARE(s.run("docker network create --subnet 192.168.1.0/24 lan").status, 0);
    }

    void noContainerJoinsAConfigOnlyNetwork() {
        LabSession s;
        QCOMPARE(s.run(kConfig).status, 0);
        auto r = s.run("docker run -d --name c1 --network mv-config alpine sleep 1000");
        QCOMPARE(r.status, 125);
        QVERIFY(r.err.find("docker: Error response from daemon: cannot create endpoint on configuration-only "
                           "network.\n") != std::string::npos);
        QCOMPARE(s.run("docker ps -a --format '{{.Names}} {{.Status}}'").out, std::string("c1 Created\n"));
        QCOMPARE(s.run("docker run -d --name c2 alpine sleep 1000").status, 0);
        const std::size_t links = rootLinks(s);
        r = s.run("docker network connect mv-config c2");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err,
                 std::string(
                     "Error response from daemon: cannot create endpoint on configuration-only network\n"));
        QCOMPARE(rootLinks(s), links);
        QCOMPARE(s.run("docker inspect -f '{{len .NetworkSettings.Networks}}' c2").out, std::string("1\n"));
    }

    void configFromTakesTheConfiguration() {
        LabSession s;
        QCOMPARE(s.run("docker network create --config-only --subnet 192.168.1.0/24 --gateway 192.168.1.1 "
                       "-o parent=eth0 --label team=a mv-config")
                     .status,
                 0);
        QCOMPARE(s.run("docker network create -d macvlan --config-from mv-config mv-local").status, 0);
        QCOMPARE(
            s.run("docker network inspect -f '{{.Driver}} {{.ConfigFrom.Network}} {{.ConfigOnly}} "
                  "{{.Options}} "
                  "{{.Labels}} {{.IPAM.Config}}' mv-local")
                .out,
            std::string("macvlan mv-config false map[parent:eth0] map[team:a] [{192.168.1.0/24  192.168.1.1 "
                        "map[]}]\n"));
        QCOMPARE(s.run("docker run -d --name m1 --network mv-local alpine sleep 1000").status, 0);
        QCOMPARE(
            s.run("docker inspect -f '{{(index .NetworkSettings.Networks \"mv-local\").IPAddress}}' m1").out,
            std::string("192.168.1.2\n"));
    }

    void configFromRefusesUserConfiguration() {
        LabSession s;
        QCOMPARE(s.run(kConfig).status, 0);
        const std::string user =
            "Error response from daemon: user specified configurations are not supported if "
            "the network depends on a configuration network\n";
        for (const char* flags : {"--subnet 10.9.0.0/24", "--ipv6", "--label a=b", "--ipam-opt a=b"}) {
            auto r = s.run(std::string("docker network create -d macvlan --config-from mv-config ") + flags +
                           " x");
            QCOMPARE(r.status, 1);
            QCOMPARE(r.err, user);
        }
        auto r = s.run("docker network create -d macvlan --config-from mv-config -o macvlan_mode=private x");
        QCOMPARE(r.err,
                 std::string("Error response from daemon: network driver options are not supported if the "
                             "network depends on a configuration network\n"));
        r = s.run("docker network create --config-from nosuch x");
        QCOMPARE(r.err, std::string(
                            "Error response from daemon: configuration network \"nosuch\" does not exist\n"));
        // Found by name only, and only among config-only networks.
        QCOMPARE(s.run("docker network create plain").status, 0);
        r = s.run("docker network create --config-from plain x");
        QCOMPARE(r.err,
                 std::string("Error response from daemon: configuration network \"plain\" does not exist\n"));
        QCOMPARE(s.run("docker network ls -q --filter name=x").out, std::string());
    }

    void configOnlyRefusesOperatorFields() {
        LabSession s;
        const std::string operatorFields =
            "Error response from daemon: configuration network can only contain network specific fields. "
            "Network operator fields like [ ingress | internal | attachable | scope ] are not supported.\n";
        for (const char* flags : {"--internal", "--attachable", "--ingress", "--scope local"}) {
            auto r = s.run(std::string("docker network create --config-only ") + flags + " c");
            QCOMPARE(r.status, 1);
            QCOMPARE(r.err, operatorFields);
        }
        QCOMPARE(s.run("docker network create --config-only a").status, 0);
        auto r = s.run("docker network create --config-only --config-from a c");
        QCOMPARE(r.err,
                 std::string("Error response from daemon: a configuration network cannot depend on another "
                             "configuration network\n"));
        // The driver is never resolved: any -d is stored as null.
        QCOMPARE(s.run("docker network create --config-only -d nosuch b").status, 0);
        QCOMPARE(s.run("docker network inspect -f '{{.Driver}}' b").out, std::string("null\n"));
    }

    void removeAndPrune() {
        LabSession s;
        QCOMPARE(s.run(kConfig).status, 0);
        QCOMPARE(s.run("docker network create -d macvlan --config-from mv-config mv-local").status, 0);
        auto r = s.run("docker network rm mv-config");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err, std::string("Error response from daemon: error while removing network: configuration "
                                    "network \"mv-config\" is in use\n"));
        // prune skips the config-only network, and removes the unused one made from it.
        QCOMPARE(s.run("docker network prune -f").out, std::string("Deleted Networks:\nmv-local\n\n"));
        QCOMPARE(s.run("docker network rm mv-config").out, std::string("mv-config\n"));
    }

    void scopes() {
        LabSession s;
        std::size_t links = rootLinks(s);
        const std::string noSwarm =
            "Error response from daemon: This node is not a swarm manager. Use \"docker "
            "swarm init\" or \"docker swarm join\" to connect this node to swarm and try "
            "again.\n";
        auto subnetOf = [&](const std::string& name) {
            return s.run("docker network inspect -f '{{.Scope}} {{(index .IPAM.Config 0).Subnet}}' " + name)
                .out;
        };
        for (const char* scope : {"global", "foo"}) {
            auto r = s.run(std::string("docker network create --scope ") + scope + " g");
            QCOMPARE(r.status, 1);
            QCOMPARE(r.err, noSwarm);
            QCOMPARE(rootLinks(s), links);
            // A global network's pool came from the global address space and moved no local cursor; any
            // other scope's came from the local one, whose rotating start index moved past it
            // (ipam/allocator.go updateStartIndex).
            QCOMPARE(s.run(std::string("docker network create --scope local l") + scope).status, 0);
            QCOMPARE(subnetOf(std::string("l") + scope),
                     std::string(scope == std::string("global") ? "local 172.18.0.0/16\n"
                                                                : "local 172.20.0.0/16\n"));
            QCOMPARE(s.run(std::string("docker network rm l") + scope).status, 0);
            links = rootLinks(s);
        }
        auto r = s.run("docker network create --scope swarm g");
        QCOMPARE(r.err,
                 std::string("Error response from daemon: cannot create a swarm scoped network when swarm is "
                             "not active\n"));
        r = s.run("docker network create -d overlay --scope local g");
        QCOMPARE(
            r.err,
            std::string("Error response from daemon: cannot downgrade network scope for overlay networks\n"));
        r = s.run("docker network create --ingress g");
        QCOMPARE(
            r.err,
            std::string("Error response from daemon: Ingress network can only be global scope network\n"));
        QCOMPARE(s.run("docker network ls --format '{{.Name}}'").out, std::string("bridge\nhost\nnone\n"));
    }

    void refusedGlobalBridgeTookAnIfindex() {
        // The bridge driver made br-<id> before the datastore refused it; the next link's index shows it.
        LabSession a, b;
        QCOMPARE(b.run("docker network create --scope global g").status, 1);
        QCOMPARE(a.run("docker network create n").status, 0);
        QCOMPARE(b.run("docker network create n").status, 0);
        auto bridge = [](LabSession& s) {
            for (const auto& l : s.lab().kernel().root().links)
                if (l.name.rfind("br-", 0) == 0) return l.ifindex;
            return 0;
        };
        QCOMPARE(bridge(b), bridge(a) + 1);
    }

    void filters() {
        LabSession s;
        QCOMPARE(s.run(kConfig).status, 0);
        QCOMPARE(
            s.run("docker network ls --format '{{.Name}} {{.Driver}} {{.Scope}}' --filter type=custom").out,
            std::string("mv-config null local\n"));
        QCOMPARE(s.run("docker network ls --format '{{.Name}}' --filter driver=null").out,
                 std::string("mv-config\nnone\n"));
        QCOMPARE(s.run("docker network ls --format '{{.Name}}' --filter dangling=true").out,
                 std::string("mv-config\n"));
        QCOMPARE(s.run("docker network ls -q --filter scope=global").out, std::string());
    }
};

QTEST_GUILESS_MAIN(ConfigNetworks)
#include "test_config_networks.moc"
