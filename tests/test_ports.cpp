// Published ports as Docker 20.10.24 handles them: go-connections/nat's parsing and its errors,
// libnetwork's port allocator (range, cursor, per address and protocol), the PORTS column as
// docker/cli compacts it, --link variables for port runs, and the flags' validators.
#include <QtTest>

#include "docker/cli_opts.h"
#include "docker/go_net.h"
#include "docker/link_env.h"
#include "docker/port_allocator.h"
#include "docker/port_spec.h"
#include "docker/resolv_conf.h"
#include "lab_session.h"

using namespace vethlab::docker;
using vethlab::testing::LabSession;

namespace {

std::string specError(const std::string& raw) {
    std::vector<PortBinding> out;
    auto e = parsePortSpec(raw, out);
    return e ? *e : std::string();
}

// Container's bindings as "ip|hostPort|port/proto" lines.
std::string specText(const std::string& raw) {
    std::vector<PortBinding> out;
    if (auto e = parsePortSpec(raw, out)) return "error: " + *e;
    std::string s;
    for (const auto& b : out)
        s += b.hostIp + "|" + b.hostPort + "|" + b.container.str() + "\n";
    return s;
}

} // namespace

class Ports : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesNatSpecs() {
        QCOMPARE(specText("80"), std::string("||80/tcp\n"));
        QCOMPARE(specText("8080:80"), std::string("|8080|80/tcp\n"));
        QCOMPARE(specText("08080:80"), std::string("|8080|80/tcp\n"));
        QCOMPARE(specText("127.0.0.1:9090:90/udp"), std::string("127.0.0.1|9090|90/udp\n"));
        QCOMPARE(specText("127.0.0.1::80"), std::string("127.0.0.1||80/tcp\n"));
        QCOMPARE(specText("8000-8001:80-81"), std::string("|8000|80/tcp\n|8001|81/tcp\n"));
        QCOMPARE(specText("8000-8010:80"), std::string("|8000-8010|80/tcp\n"));
        QCOMPARE(specText("80-81"), std::string("||80/tcp\n||81/tcp\n"));
        QCOMPARE(specText("[::1]:8080:80"), std::string("::1|8080|80/tcp\n"));
        QCOMPARE(specText("53:53/UDP"), std::string("|53|53/udp\n"));
        QCOMPARE(specText("80/tcp/extra"), std::string("||80/tcp\n"));
    }

    void refusesWhatNatRefuses() {
        QCOMPARE(specError("70000:80"), std::string("Invalid hostPort: 70000"));
        QCOMPARE(specError("80:70000"), std::string("Invalid containerPort: 70000"));
        QCOMPARE(specError("abc"), std::string("Invalid containerPort: abc"));
        QCOMPARE(specError("8000-8001:80-82"),
                 std::string("Invalid ranges specified for container and host Ports: 80-82 and 8000-8001"));
        QCOMPARE(specError("81-80"), std::string("Invalid containerPort: 81-80"));
        QCOMPARE(specError("80/icmp"), std::string("Invalid proto: icmp"));
        QCOMPARE(specError("1.2.3:80:80"), std::string("Invalid ip address: 1.2.3"));
        QCOMPARE(specError("127.000.0.1:80:80"), std::string("Invalid ip address: 127.000.0.1"));
        QCOMPARE(specError("::1:80:80"),
                 std::string("Invalid ip address ::1: address ::1:: too many colons in address"));
        QCOMPARE(specError("8080:"), std::string("No port specified: 8080:<empty>"));
        QCOMPARE(specError(":8080:/tcp"), std::string("No port specified: :8080:/tcp<empty>"));
        QCOMPARE(specError("-1:80"), std::string("Invalid hostPort: -1"));
    }

    void readsPortRangesAsGo() {
        std::uint64_t s = 0, e = 0;
        QCOMPARE(*parsePortRange("abc", s, e),
                 std::string("strconv.ParseUint: parsing \"abc\": invalid syntax"));
        QCOMPARE(*parsePortRange("70000", s, e),
                 std::string("strconv.ParseUint: parsing \"70000\": value out of range"));
        QCOMPARE(*parsePortRange("", s, e), std::string("Empty string specified for ports."));
        QCOMPARE(*parsePortRange("9-8", s, e), std::string("Invalid range specified for the Port: 9-8"));
        QVERIFY(!parsePortRange("1-2-3", s, e)); // Go reads the first two parts only
        QCOMPARE(s, std::uint64_t(1));
        QCOMPARE(e, std::uint64_t(2));
    }

    void exposeRangesAndErrors() {
        std::vector<PortProto> ports;
        QVERIFY(!parseExpose("7000-7002/udp", ports));
        QCOMPARE(ports.size(), std::size_t(3));
        QCOMPARE(ports[2].str(), std::string("7002/udp"));
        QCOMPARE(*parseExpose("80:80", ports), std::string("invalid port format for --expose: 80:80"));
        QCOMPARE(
            *parseExpose("abc", ports),
            std::string("invalid range format for --expose: abc, error: strconv.ParseUint: parsing \"abc\": "
                        "invalid syntax"));
        std::string out;
        QCOMPARE(*convertToStandardNotation("published=8080,target", out),
                 std::string("invalid publish opts format (should be name=value but got 'target')"));
        QVERIFY(!convertToStandardNotation("published=8080,target=80,protocol=udp", out));
        QCOMPARE(out, std::string("8080:80/udp"));
    }

    void allocatorCountsPerAddressAndProtocol() {
        PortAllocator a; // Linux's default ip_local_port_range
        QCOMPARE(a.request("0.0.0.0", "tcp", 0, 0).port, 32768);
        QCOMPARE(a.request("0.0.0.0", "tcp", 0, 0).port, 32769);
        QCOMPARE(a.request("0.0.0.0", "udp", 0, 0).port, 32768);
        QCOMPARE(a.request("::", "tcp", 0, 0).port, 32768);
        QCOMPARE(a.request("127.0.0.1", "tcp", 8080, 8080).port, 8080);
        QCOMPARE(a.request("0.0.0.0", "tcp", 8080, 8080).port, 8080);
        QCOMPARE(a.request("0.0.0.0", "tcp", 8080, 8080).error,
                 std::string("Bind for 0.0.0.0:8080 failed: port is already allocated"));
        // The cursor moves on: a released ephemeral port is not handed out again at once.
        a.release("0.0.0.0", "tcp", 32768);
        QCOMPARE(a.request("0.0.0.0", "tcp", 0, 0).port, 32770);
        // A host range has its own cursor and runs out.
        QCOMPARE(a.request("0.0.0.0", "tcp", 9000, 9001).port, 9000);
        QCOMPARE(a.request("0.0.0.0", "tcp", 9000, 9001).port, 9001);
        QCOMPARE(a.request("0.0.0.0", "tcp", 9000, 9001).error, std::string("all ports are allocated"));
        QCOMPARE(a.request("0.0.0.0", "icmp", 0, 0).error, std::string("unknown protocol"));
    }

    void linkVariablesForPortRuns() {
        auto env = legacyLinkEnv("/app/db-1", "172.17.0.2", {"PASSWORD=gordon", "PATH=/bin", "HOME=/root"},
                                 {{6380, "tcp"}, {6379, "tcp"}, {6381, "tcp"}});
        std::vector<std::string> expected = {
            "DB_1_PORT=tcp://172.17.0.2:6379",    "DB_1_PORT_6379_TCP_START=tcp://172.17.0.2:6379",
            "DB_1_PORT_6379_TCP_ADDR=172.17.0.2", "DB_1_PORT_6379_TCP_PROTO=tcp",
            "DB_1_PORT_6379_TCP_PORT_START=6379", "DB_1_PORT_6379_TCP_END=tcp://172.17.0.2:6381",
            "DB_1_PORT_6379_TCP_PORT_END=6381",   "DB_1_PORT_6379_TCP=tcp://172.17.0.2:6379",
            "DB_1_PORT_6379_TCP_ADDR=172.17.0.2", "DB_1_PORT_6379_TCP_PORT=6379",
            "DB_1_PORT_6379_TCP_PROTO=tcp",       "DB_1_PORT_6380_TCP=tcp://172.17.0.2:6380",
            "DB_1_PORT_6380_TCP_ADDR=172.17.0.2", "DB_1_PORT_6380_TCP_PORT=6380",
            "DB_1_PORT_6380_TCP_PROTO=tcp",       "DB_1_PORT_6381_TCP=tcp://172.17.0.2:6381",
            "DB_1_PORT_6381_TCP_ADDR=172.17.0.2", "DB_1_PORT_6381_TCP_PORT=6381",
            "DB_1_PORT_6381_TCP_PROTO=tcp",       "DB_1_NAME=/app/db-1",
            "DB_1_ENV_PASSWORD=gordon",
        };
        QCOMPARE(env, expected);
        // Two consecutive ports are not a run (links.go needs j > i+1).
        auto two = legacyLinkEnv("/a/b", "10.0.0.2", {}, {{80, "tcp"}, {81, "tcp"}});
        QCOMPARE(two.size(), std::size_t(1 + 8 + 1));
    }

    void goNetParsing() {
        QCOMPARE(gonet::parseIP("::ffff:1.2.3.4")->str(), std::string("1.2.3.4"));
        QCOMPARE(gonet::parseIP("2001:db8:0:0:1:0:0:1")->str(), std::string("2001:db8::1:0:0:1"));
        QCOMPARE(gonet::parseIP("fe80:0:0:1::")->str(), std::string("fe80:0:0:1::"));
        QCOMPARE(gonet::parseIP("1:0:2:3:4:5:6:7")->str(), std::string("1:0:2:3:4:5:6:7"));
        QVERIFY(!gonet::parseIP("1.2.3.04"));
        QVERIFY(!gonet::parseIP("1::2::3"));
        QVERIFY(gonet::parseMAC("92:d0:c6:0a:29:33"));
        QVERIFY(gonet::parseMAC("92-d0-c6-0a-29-33"));
        QVERIFY(gonet::parseMAC("92d0.c60a.2933"));
        QVERIFY(!gonet::parseMAC("92:d0:c6:0a:29"));
        QVERIFY(!gonet::parseMAC("92:d0:c6:0a:29:3g"));
        QVERIFY(!gonet::parseMAC("92:d0-c6:0a:29:33"));
    }

    void validators() {
        std::string kept;
        QCOMPARE(*validateIPAddress("8.8.8", kept), std::string("8.8.8 is not an ip address"));
        QVERIFY(!validateIPAddress(" 8.8.8.8 ", kept));
        QCOMPARE(kept, std::string("8.8.8.8"));
        QVERIFY(!validateDNSSearch("example.com.", kept));
        QCOMPARE(kept, std::string("example.com"));
        QVERIFY(!validateDNSSearch(".", kept));
        QCOMPARE(*validateDNSSearch("123", kept), std::string("123 is not a valid domain"));
        QCOMPARE(*validateDNSSearch("-bad.com", kept), std::string("-bad.com is not a valid domain"));
        QCOMPARE(*validateExtraHost("nocolon"), std::string("bad format for add-host: \"nocolon\""));
        QCOMPARE(*validateExtraHost(":1.2.3.4"), std::string("bad format for add-host: \":1.2.3.4\""));
        QCOMPARE(*validateExtraHost("db:1.2.3"), std::string("invalid IP address in add-host: \"1.2.3\""));
        QVERIFY(!validateExtraHost("db:host-gateway"));
        QVERIFY(!validateExtraHost("db:::1"));
    }

    // The files are kept per (host file, flags): each answer follows its own inputs, whatever came before.
    void resolvConfAnswersFollowTheirInputs() {
        const std::string a = "nameserver 10.0.0.2\nsearch a.example\n", b = "nameserver 10.9.9.9\n";
        const DnsConfig none, flag{{"9.9.9.9"}, {}, {}}, other{{"1.1.1.1"}, {}, {}};
        for (int round = 0; round < 2; ++round) {
            QCOMPARE(bridgeResolvConf(a, none), a);
            QCOMPARE(bridgeResolvConf(b, none), b);
            QCOMPARE(bridgeResolvConf(a, flag), std::string("search a.example\nnameserver 9.9.9.9\n"));
            QCOMPARE(bridgeResolvConf(a, other), std::string("search a.example\nnameserver 1.1.1.1\n"));
            QCOMPARE(embeddedResolvConf(a, none),
                     std::string("search a.example\nnameserver 127.0.0.11\noptions ndots:0\n"));
            QCOMPARE(embeddedResolvConf(b, none), std::string("nameserver 127.0.0.11\noptions ndots:0\n"));
            QCOMPARE(embeddedDnsUpstreams(a, none), (std::vector<std::string>{"10.0.0.2"}));
            QCOMPARE(embeddedDnsUpstreams(b, none), (std::vector<std::string>{"10.9.9.9"}));
            QCOMPARE(embeddedDnsUpstreams(a, other), (std::vector<std::string>{"1.1.1.1"}));
        }
    }

    void resolvConfAsLibnetworkWritesIt() {
        const std::string host = "# comment\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver fd00::1\n"
                                 "search a.example\nsearch b.example c.example\noptions edns0\n";
        // No flag: loopback and IPv6 servers filtered, the rest kept as is.
        QCOMPARE(bridgeResolvConf(host, {}),
                 std::string("# comment\nnameserver 10.0.0.2\nsearch a.example\nsearch b.example c.example\n"
                             "options edns0\n"));
        // One flag: built; the host's nameservers (all of them) and last search/options lines fill in.
        QCOMPARE(bridgeResolvConf(host, {{}, {}, {"timeout:2"}}),
                 std::string("search b.example c.example\nnameserver 127.0.0.53\nnameserver 10.0.0.2\n"
                             "nameserver fd00::1\noptions timeout:2\n"));
        QCOMPARE(bridgeResolvConf("nameserver 127.0.0.1\n", {}),
                 std::string("\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n"));
        QCOMPARE(embeddedResolvConf(host, {{"9.9.9.9"}, {}, {}}),
                 std::string("search b.example c.example\nnameserver 127.0.0.11\noptions edns0 ndots:0\n"));
        // An ndots rebuildDNS cannot read: the file stays as setupDNS wrote it.
        QCOMPARE(embeddedResolvConf(host, {{"9.9.9.9"}, {}, {"ndots:x"}}),
                 std::string("search b.example c.example\nnameserver 9.9.9.9\noptions ndots:x\n"));
        QCOMPARE(embeddedDnsUpstreams(host, {}), (std::vector<std::string>{"127.0.0.53", "10.0.0.2"}));
        QCOMPARE(embeddedDnsUpstreams(host, {{"9.9.9.9", "1.1.1.1"}, {}, {}}),
                 (std::vector<std::string>{"9.9.9.9", "1.1.1.1"}));
    }

    void failedPublishChangesNothingButTheCursor() {
        LabSession s("facts");
        QCOMPARE(s.run("docker run -d --name pa -p 8080:80 nginx").status, 0);
        auto before = s.run("iptables -t nat -S DOCKER").out;
        auto r = s.run("docker run -d --name pb -p 9000:80 -p 8080:81 nginx");
        QCOMPARE(r.status, 125);
        QVERIFY2(r.err.find("Bind for 0.0.0.0:8080 failed: port is already allocated") != std::string::npos,
                 r.err.c_str());
        QCOMPARE(s.run("iptables -t nat -S DOCKER").out, before);
        // 9000 was taken and given back: a later container can have it.
        QCOMPARE(s.run("docker run -d --name pc -p 9000:80 nginx").status, 0);
        auto port = s.run("docker port pc 80");
        QCOMPARE(port.out, std::string("0.0.0.0:9000\n:::9000\n"));
    }

    void ephemeralRangeFromTheKernelSetting() {
        LabSession linuxDefault("facts");
        QCOMPARE(linuxDefault.run("docker run -d -P --name web nginx").status, 0);
        QCOMPARE(linuxDefault.run("docker port web 80").out, std::string("0.0.0.0:32768\n:::32768\n"));
        LabSession tuned("facts", 1, "ip_local_port_range: 49153 65535");
        QCOMPARE(tuned.run("docker run -d -P --name web nginx").status, 0);
        QCOMPARE(tuned.run("docker port web 80").out, std::string("0.0.0.0:49153\n:::49153\n"));
    }

    void proxyBindCollision() {
        LabSession s("facts");
        QCOMPARE(s.run("docker run -d --name pa -p 127.0.0.1:8080:80 nginx").status, 0);
        auto r = s.run("docker run -d --name pb -p 8080:80 nginx");
        QCOMPARE(r.status, 125);
        QVERIFY2(
            r.err.find(
                "Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind: address already in use.") !=
                std::string::npos,
            r.err.c_str());
        // An ephemeral port steps over a port a proxy holds on another address.
        QCOMPARE(s.run("docker run -d --name pc -p 127.0.0.1::80 nginx").status, 0);
        QCOMPARE(s.run("docker run -d --name pd -p 80 nginx").status, 0);
        QCOMPARE(s.run("docker port pc").out, std::string("80/tcp -> 127.0.0.1:32768\n"));
        QCOMPARE(s.run("docker port pd").out, std::string("80/tcp -> 0.0.0.0:32769\n80/tcp -> :::32768\n"));
    }
};

QTEST_GUILESS_MAIN(Ports)
#include "test_ports.moc"
