// Whatever is typed, the terminal answers and the lab stays consistent. Malformed lines each get an
// exit status; then a generator of Docker command sequences (mostly ones Docker accepts, on a few
// names, so the daemon really creates, connects, stops and removes) checks after every line that
// each live endpoint has its veth pair and address, IPAM's used set is exactly the endpoints (plus
// network, broadcast, gateway and aux addresses), no namespace, veth or rule outlives its owner, and
// /etc/hosts agrees with the endpoints and the legacy links.
#include <QtTest>
#include <algorithm>
#include <set>
#include <sstream>

#include "lab_session.h"
#include "util/random.h"

using vethlab::testing::LabSession;

namespace {

using vethlab::Ipv4;
using vethlab::docker::Container;
using vethlab::docker::Network;
using vethlab::kernel::LinkKind;
using vethlab::kernel::NetworkNamespace;

// Docker-first random lines on a few names: networks n1-n3 (10.K.0.0/16 when given a subnet),
// containers c1-c5, and the images the labs ship.
class CommandGenerator {
public:
    explicit CommandGenerator(std::uint64_t seed) : rnd_(seed) {}

    std::string next() {
        switch (rnd_.below(12)) {
        case 0:
            return networkCreate();
        case 1:
            return "docker network rm " + network();
        case 2:
            return "docker network connect" + maybe(" --alias a" + digit()) + " " + anyNetwork() + " " +
                   container();
        case 3:
            return "docker network disconnect" + maybe(" -f") + " " + anyNetwork() + " " + container();
        case 4:
        case 5:
        case 6:
            return run();
        case 7:
            return "docker create --name " + container() + " alpine sleep 100";
        case 8:
            return pick({"docker start ", "docker stop -t 1 ", "docker restart -t 1 "}) + container();
        case 9:
            return "docker rm" + maybe(" -f") + " " + container();
        case 10:
            return pick({"sleep 0.4", "sleep 2", "docker network prune -f", "docker ps -a"});
        default:
            return "docker exec " + container() + " cat /etc/hosts";
        }
    }

private:
    std::string digit() { return std::to_string(1 + rnd_.below(3)); }
    std::string network() { return "n" + digit(); }
    std::string anyNetwork() { return rnd_.below(4) == 0 ? std::string("bridge") : network(); }
    std::string container() { return "c" + std::to_string(1 + rnd_.below(5)); }
    std::string maybe(const std::string& s) { return rnd_.below(2) ? s : std::string(); }
    std::string pick(std::initializer_list<const char*> words) {
        return *(words.begin() + rnd_.below(words.size()));
    }
    std::string networkCreate() {
        const std::string k = digit();
        std::string line = "docker network create";
        if (rnd_.below(3)) {
            line += " --subnet 10." + k + ".0.0/16";
            if (rnd_.below(3) == 0) line += pick({" --ip-range 10.X.5.0/24", " --ip-range 10.X.5.0/4"});
            if (rnd_.below(3) == 0) line += " --gateway 10.X.0.254";
        }
        line += " n" + k;
        for (auto at = line.find(".X."); at != std::string::npos; at = line.find(".X."))
            line.replace(at, 3, "." + k + ".");
        return line;
    }
    std::string run() {
        std::string line = "docker run -d" + maybe(" --rm") + maybe(" --name " + container());
        switch (rnd_.below(6)) {
        case 0:
            break; // the default bridge
        case 1:
            line += " --network " + pick({"host", "none", "bridge"});
            break;
        case 2:
            line += " --network container:" + container();
            break;
        default: {
            const std::string k = digit();
            line += " --network n" + k + maybe(" --ip 10." + k + ".5." + digit());
        }
        }
        if (rnd_.below(4) == 0) line += " -p 80" + digit() + ":80";
        if (rnd_.below(4) == 0) line += " --link " + container() + maybe(":db");
        return line + " " + pick({"alpine sleep 100", "alpine sleep 0.5", "nginx", "tomcat:8.2 sleep 100"});
    }

    vethlab::Random rnd_;
};

const NetworkNamespace* namespaceOf(const vethlab::Lab& lab, const Container& c) {
    return lab.kernel().find(c.namespaceId);
}

// Each live endpoint: its container-side link with the address, and the host end of its veth pair
// enslaved to the network's bridge.
std::string checkEndpoints(const vethlab::Lab& lab) {
    for (const Container* c : lab.daemon().containers()) {
        for (const auto& a : c->attachments) {
            if (!a.active) continue;
            if (!c->isRunning())
                return c->name + " is not running but its endpoint on " + a.networkName + " is";
            const Network* n = lab.daemon().networkById(a.networkId);
            if (!n) return c->name + " is attached to a network that is gone";
            if (!n->isBridge()) continue; // host and none: no endpoint of its own
            const NetworkNamespace* ns = namespaceOf(lab, *c);
            if (!ns) return c->name + " has an endpoint but no namespace";
            const auto* inside = ns->link(a.ifindex);
            if (!inside || inside->name != a.ifname)
                return c->name + ": no " + a.ifname + " in its namespace";
            bool hasAddress = false;
            for (const auto& addr : inside->ipv4)
                hasAddress = hasAddress || addr.prefix.addr == a.ip;
            if (!hasAddress) return c->name + ": " + a.ifname + " lacks " + a.ip.str();
            const auto* outside = lab.kernel().root().link(a.hostIfindex);
            if (!outside || outside->kind != LinkKind::Veth || outside->peerIfindex != a.ifindex)
                return c->name + ": the host end of " + a.ifname + "'s veth pair is missing";
            if (outside->master != n->bridgeIfindex)
                return c->name + ": " + a.hostVeth + " is not a port of " + a.networkName + "'s bridge";
        }
    }
    return {};
}

// IPAM: the used set is exactly network, broadcast, gateway, aux addresses and live endpoints.
std::string checkIpam(const vethlab::Lab& lab) {
    for (const Network* n : lab.daemon().networks()) {
        if (!n->isBridge()) continue;
        const auto& subnet = n->pool.subnet();
        std::set<std::uint32_t> expected = {subnet.network().value, subnet.broadcast().value,
                                            n->gateway.value};
        for (const auto& [key, address] : n->auxAddresses)
            if (auto ip = Ipv4::parse(address)) expected.insert(ip->value);
        for (const Container* c : lab.daemon().containers())
            for (const auto& a : c->attachments)
                if (a.active && a.networkId == n->id && !expected.insert(a.ip.value).second)
                    return a.ip.str() + " is given twice on " + n->name;
        for (std::uint32_t ip : expected)
            if (!n->pool.isUsed(Ipv4{ip}))
                return Ipv4{ip}.str() + " is in use but free in " + n->name + "'s IPAM";
        if (n->pool.usedCount() != expected.size())
            return n->name + "'s IPAM holds " + std::to_string(n->pool.usedCount()) + " addresses, not " +
                   std::to_string(expected.size());
    }
    return {};
}

// No namespace without a running container in it, no host veth without its peer, no rule naming a
// bridge that is gone or a container address nobody has.
std::string checkOrphans(const vethlab::Lab& lab) {
    std::set<int> owned;
    std::set<std::uint32_t> liveAddresses;
    for (const Container* c : lab.daemon().containers()) {
        if (c->isRunning()) owned.insert(c->namespaceId);
        for (const auto& a : c->attachments)
            if (a.active) liveAddresses.insert(a.ip.value);
    }
    for (const auto& [id, ns] : lab.kernel().namespaces())
        if (id != 0 && !owned.count(id)) return "namespace " + ns.name + " has no running container";
    const NetworkNamespace& root = lab.kernel().root();
    for (const auto& link : root.links) {
        if (link.kind != LinkKind::Veth) continue;
        const NetworkNamespace* peerNs = lab.kernel().find(link.peerNamespace);
        if (!peerNs || !peerNs->link(link.peerIfindex)) return link.name + " has lost its peer";
    }
    for (const auto* table : {&root.netfilter.filter, &root.netfilter.nat}) {
        for (const auto& chain : table->chains) {
            for (const auto& rule : chain.rules) {
                for (const auto& dev : {rule.inInterface, rule.outInterface})
                    if (!dev.empty() && !root.linkByName(dev))
                        return table->name + " " + chain.name + ": " + rule.spec() +
                               " names a missing bridge";
                // Per-container rules: ACCEPT to its address in DOCKER, its hairpin MASQUERADE.
                const bool perContainer = rule.destination && rule.destination->length == 32 &&
                                          (chain.name == "DOCKER" || rule.target == "MASQUERADE");
                if (perContainer && !liveAddresses.count(rule.destination->addr.value))
                    return table->name + " DOCKER: " + rule.spec() + " outlives its container";
                const auto colon = rule.toDestination.find(':');
                if (auto to = Ipv4::parse(rule.toDestination.substr(0, colon));
                    to && !liveAddresses.count(to->value))
                    return table->name + " " + chain.name + ": " + rule.spec() + " outlives its container";
            }
        }
    }
    return {};
}

// /etc/hosts: no line of the container's own names for an address it no longer has; each live
// endpoint's line, unless a disconnect pruned them (Docker 20.10's etchosts.Delete drops every line
// ending in the container's names, whatever the address); each legacy link to a target that was
// running when the container started (Docker never rewrites them afterwards).
std::string checkHosts(const vethlab::Lab& lab, const std::set<std::string>& pruned) {
    const Network* bridge = lab.daemon().findNetwork("bridge");
    for (const Container* c : lab.daemon().containers()) {
        const auto kind = c->networkModeKind();
        if (!c->isRunning() || kind == vethlab::docker::NetworkMode::Host ||
            kind == vethlab::docker::NetworkMode::Container)
            continue;
        const NetworkNamespace* ns = namespaceOf(lab, *c);
        if (!ns || !ns->files.count("/etc/hosts")) return c->name + " has no /etc/hosts";
        const std::string hosts = "\n" + ns->files.at("/etc/hosts");
        std::set<std::string> own;
        for (const auto& a : c->attachments) {
            if (!a.active || a.ip == Ipv4{}) continue;
            own.insert(a.ip.str());
            if (!pruned.count(c->id) && hosts.find("\n" + a.ip.str() + "\t") == std::string::npos)
                return c->name + "'s /etc/hosts lacks its address " + a.ip.str();
        }
        std::istringstream lines(hosts);
        for (std::string line; std::getline(lines, line);) {
            const auto tab = line.find('\t');
            if (tab != std::string::npos && line.substr(tab + 1) == c->hostsNames() &&
                !own.count(line.substr(0, tab)))
                return c->name + "'s /etc/hosts still has " + line;
        }
        for (const auto& link : kind == vethlab::docker::NetworkMode::Bridge
                                    ? c->config.links
                                    : std::vector<vethlab::docker::LegacyLink>{}) {
            const Container* target = lab.daemon().findContainer(link.target);
            if (!target || !target->isRunning() || target->started > c->started || !bridge) continue;
            const auto* ta = target->attachment(bridge->id);
            if (!ta || !ta->active) continue;
            if (hosts.find("\n" + ta->ip.str() + "\t" + link.alias + " ") == std::string::npos)
                return c->name + "'s /etc/hosts lacks the link " + link.alias;
        }
    }
    return {};
}

std::string checkInvariants(const vethlab::Lab& lab, const std::set<std::string>& pruned = {}) {
    for (auto check : {checkEndpoints, checkIpam, checkOrphans})
        if (std::string broken = check(lab); !broken.empty()) return broken;
    return checkHosts(lab, pruned);
}

} // namespace

class Robustness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void malformedLines() {
        LabSession s;
        const char* lines[] = {"",
                               " ",
                               ";",
                               ";;",
                               "|",
                               "| grep x",
                               "&&",
                               "||",
                               "$(",
                               "$()",
                               "\"",
                               "'",
                               "\\",
                               "echo $(echo $(echo hi))",
                               "docker",
                               "docker run",
                               "docker run -p",
                               "docker run -p abc alpine",
                               "docker run -p 99999:80 alpine",
                               "docker run -p 1:2:3:4 alpine",
                               "docker run --ip",
                               "docker run --expose x alpine",
                               "docker run --add-host nocolon alpine",
                               "docker run --link a:b:c alpine",
                               "docker network create --subnet 1.2.3.4/99 x",
                               "docker network create --subnet 10.0.0.0/8 --ip-range bogus y",
                               "docker network create --aux-address a=bogus z",
                               "docker network create --subnet 10.1.0.0/16 --gateway bogus w",
                               "docker network connect",
                               "docker network disconnect a b c",
                               "docker inspect",
                               "docker inspect -f '{{' bridge",
                               "docker inspect -f '{{range .X}}' bridge",
                               "docker network ls --format '{{.Nope}}'",
                               "docker ps --format 'table {{.ID}}\\t'",
                               "docker exec",
                               "docker exec -it",
                               "docker stop -t x a",
                               "docker start",
                               "docker port nosuch",
                               "docker attach nosuch",
                               "ip",
                               "ip -z",
                               "ip addr show dev",
                               "ip route get",
                               "ip foo",
                               "ifconfig nosuch",
                               "brctl",
                               "bridge",
                               "bridge fdb",
                               "iptables",
                               "iptables -t raw -S",
                               "iptables -A",
                               "iptables -A NOCHAIN -j DROP",
                               "iptables -I FORWARD 1 -s bogus -j DROP",
                               "iptables -D FORWARD -j NOPE",
                               "grep",
                               "grep -z x",
                               "head -n x",
                               "tail -n",
                               "wc",
                               "sleep",
                               "sleep x",
                               "cat",
                               "cat /nope",
                               "exit 300x",
                               "docker run -d --name ok1 alpine sleep 1",
                               "sleep 2",
                               "docker ps -a",
                               "docker rm ok1",
                               "docker run -it alpine",
                               "exit",
                               "docker network create n1",
                               "docker run -d --network n1 --ip 10.0.0.1 alpine"};
        for (const char* line : lines) {
            auto r = s.run(line);
            QVERIFY2(r.status >= 0 && r.status < 256, line);
        }
        QVERIFY2(s.terminal().atHost(), "`exit` left the container's shell");
        QCOMPARE(checkInvariants(s.lab()), std::string());
        QCOMPARE(s.run("echo still alive").out, std::string("still alive\n"));
    }

    // The invariants themselves catch a broken lab (else the generator test could never fail).
    void invariantsDetectDamage() {
        LabSession s;
        QCOMPARE(s.run("docker network create --subnet 10.1.0.0/16 n1").status, 0);
        QCOMPARE(s.run("docker run -d --name c1 --network n1 alpine sleep 100").status, 0);
        QCOMPARE(checkInvariants(s.lab()), std::string());
        auto leaked = s.lab();
        const Network* n1 = leaked.daemon().findNetwork("n1");
        const_cast<Network*>(n1)->pool.markUsed(Ipv4{(10u << 24) | (1u << 16) | 77u});
        QVERIFY(checkIpam(leaked).find("IPAM holds") != std::string::npos);
        auto orphan = s.lab();
        orphan.kernel().addNamespace(orphan.kernel().peekNamespaceId(), "orphan");
        QVERIFY(checkOrphans(orphan).find("orphan") != std::string::npos);
    }

    void dockerSequencesKeepTheLabConsistent_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {1ULL, 7ULL, 2024ULL})
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }

    void dockerSequencesKeepTheLabConsistent() {
        QFETCH(quint64, seed);
        CommandGenerator generate(seed);
        LabSession s("facts", seed);
        int succeeded = 0, started = 0;
        std::string history;          // what led there, for the failure message
        std::set<std::string> pruned; // containers whose own /etc/hosts lines a disconnect removed
        for (int i = 0; i < 400; ++i) {
            const std::string line = generate.next();
            auto r = s.run(line);
            history += "\n  [" + std::to_string(r.status) + "] " + line;
            if (std::count(history.begin(), history.end(), '\n') > 10)
                history.erase(0, history.find('\n', 1));
            QVERIFY2(r.status >= 0 && r.status < 256, line.c_str());
            if (r.status == 0) ++succeeded;
            if (r.status == 0 && line.rfind("docker network disconnect", 0) == 0)
                if (const auto* c = s.lab().daemon().findContainer(line.substr(line.rfind(' ') + 1)))
                    pruned.insert(c->id);
            if (r.status == 0 && line.rfind("docker run", 0) == 0) ++started;
            const std::string broken = checkInvariants(s.lab(), pruned);
            QVERIFY2(broken.empty(), (history + "\n  -> " + broken).c_str());
        }
        // The sequence really reached the daemon: not a soup of refused lines.
        QVERIFY2(succeeded > 100, qPrintable(QString::number(succeeded)));
        QVERIFY2(started > 10, qPrintable(QString::number(started)));
        QVERIFY(s.lab().opLog().size() > 500);
    }
};

QTEST_GUILESS_MAIN(Robustness)
#include "test_robustness.moc"
