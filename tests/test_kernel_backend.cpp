// The real-kernel backend, on this machine's kernel (root only; skipped with the reason otherwise):
// every op kind the daemon emits applied for real and read back equal to the model, the tools run in
// the lab's namespaces, the helper's protocol and its refusals, and cleanup after a kill -9.
#include <QJsonArray>
#include <QtTest>
#include <csignal>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "kernel/state_diff.h"
#include "lab_session.h"
#include "netns.h"
#include "program.h"
#include "program_policy.h"
#include "protocol.h"
#include "real_backend.h"
#include "real_kernel.h"
#include "sandbox_clean.h"
#include "server.h"

using namespace vethlab;
using vethlab::testing::LabSession;

namespace {

std::set<std::string> labNamespaces(const std::string& prefix) {
    std::set<std::string> s;
    for (const auto& n : kernel::listNetns())
        if (n.rfind(prefix, 0) == 0) s.insert(n);
    return s;
}

std::string whyNoKernel() {
    if (geteuid() != 0) return "the real-kernel backend needs root";
    const std::string probe = "vethlab-probe-" + std::to_string(getpid());
    if (auto err = kernel::createNetns(probe); !err.empty()) return "cannot make a network namespace: " + err;
    kernel::deleteNetns(probe);
    return {};
}

std::vector<std::string> diffWithKernel(Lab& lab) {
    kernel::DiffOptions o;
    o.hostUplink = lab.settings().eth0Name;
    return kernel::diffStates(lab.kernel(), lab.mirror()->snapshot(), o);
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += x + "\n";
    return s;
}

std::string joined(const std::vector<kernel::KernelError>& v) {
    std::string s;
    for (const auto& e : v)
        s += e.command + ": " + e.message + "\n";
    return s;
}

} // namespace

class KernelBackend : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (auto why = whyNoKernel(); !why.empty()) QSKIP(why.c_str());
    }

    // Docker's commands, each applied to the real kernel and read back: no difference with the model,
    // whether the container's veth end is made in its namespace or made in the host's and moved.
    void everyOpKindReadsBackEqual_data() {
        QTest::addColumn<bool>("fuse");
        QTest::newRow("veth made in place") << true;
        QTest::newRow("Docker's order: made, then moved") << false;
    }
    void everyOpKindReadsBackEqual() {
        QFETCH(bool, fuse);
        LabSession s("facts");
        auto real =
            std::make_shared<kernel::RealKernel>(kernel::SandboxNames{"t" + std::to_string(getpid())},
                                                 kernel::WorldPlan{{s.lab().settings().gateway, 24}, {}});
        QVERIFY2(real->error().empty(), real->error().c_str());
        real->setFuseVethMoves(fuse);
        s.lab().attachMirror(real);
        QCOMPARE(joined(s.lab().syncMirror()), std::string());
        QTRY_VERIFY2_WITH_TIMEOUT(diffWithKernel(s.lab()).empty(), joined(diffWithKernel(s.lab())).c_str(),
                                  5000);
        const char* lines[] = {"docker network create mynet", "docker run -dit --name a1 alpine",
                               "docker run -dit --name a2 --network mynet alpine",
                               "docker network connect mynet a1",
                               // anet sorts before bridge: a1's default route moves (RouteDel); MTU on veths
                               "docker network create -o com.docker.network.driver.mtu=1400 anet",
                               "docker network connect anet a1", "docker network disconnect anet a1",
                               "docker run -d --name web -p 8081:80 nginx",
                               "docker run -dit --name joined --network container:a1 alpine",
                               "docker network disconnect mynet a1", "docker rm -f web", "docker stop a2",
                               // IPv6: the container's address and its v6 default route, then removed
                               "docker network create --ipv6 --subnet 2001:db8:1::/64 v6net",
                               "docker run -dit --name a3 --network v6net alpine",
                               "docker network connect mynet a3", "docker network disconnect v6net a3",
                               // a macvlan link on the host's eth0, moved in and renamed eth0@ifN
                               "docker network create -d macvlan -o parent=eth0 --subnet 192.168.1.0/24 "
                               "--gateway 192.168.1.1 lan",
                               "docker run -dit --name m1 --network lan alpine", "docker rm -f m1"};
        std::set<std::size_t> kinds;
        for (const char* line : lines) {
            const auto r = s.run(line);
            QVERIFY2(r.status == 0, (std::string(line) + ": " + r.all).c_str());
            QCOMPARE(joined(s.lab().syncMirror()), std::string());
            // The kernel finishes carrier changes (and the link-local addresses they bring) a moment later.
            QTRY_VERIFY2_WITH_TIMEOUT(diffWithKernel(s.lab()).empty(),
                                      (std::string(line) + ":\n" + joined(diffWithKernel(s.lab()))).c_str(),
                                      5000);
        }
        for (const auto& r : s.lab().opLog())
            kinds.insert(r.op.index());
        // Every kind but a MAC change (Docker sets the MAC at creation) and one more.
        QVERIFY2(kinds.size() >= std::variant_size_v<kernel::KernelOp> - 2,
                 std::to_string(kinds.size()).c_str());
        real->teardown();
        QVERIFY(labNamespaces(real->names().prefix()).empty());
    }

    // What the ops carry survives the helper's protocol unchanged.
    void opsRoundTripThroughJson() {
        LabSession s("seed");
        s.run("docker network create --subnet 10.5.0.0/16 n1");
        s.run("docker run -d --name t81 -p 8081:8080 billygoo/tomcat8-jdk8");
        s.run("docker run -d --name t82 --link t81 --network n1 billygoo/tomcat8-jdk8");
        s.run("docker network create -d macvlan -o parent=eth0 --subnet 192.168.9.0/24 mv");
        QCOMPARE(s.run("docker run -d --name m1 --network mv alpine sleep 1000").status, 0);
        QVERIFY(s.lab().opLog().size() > 40);
        for (const auto& r : s.lab().opLog()) {
            auto back = kerneld::opFromJson(kerneld::opToJson(r.op));
            QVERIFY(back.has_value());
            QCOMPARE(kernel::render(*back), kernel::render(r.op));
        }
        const kernel::KernelState again = kerneld::stateFromJson(kerneld::stateToJson(s.lab().kernel()));
        QCOMPARE(joined(kernel::diffStates(s.lab().kernel(), again)), std::string());
    }

    // The seed's lesson on the real kernel: real ip addr, /etc/hosts and ping through the helper.
    void toolsRunInTheLabNamespaces() {
        LabSession s("seed");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        QVERIFY(s.terminal().onRealKernel());
        QCOMPARE(s.run("docker run -d --name tomcat81 billygoo/tomcat8-jdk8").status, 0);
        QCOMPARE(s.run("docker run -d --name tomcat82 --link tomcat81 billygoo/tomcat8-jdk8").status, 0);
        const auto* t81 = s.lab().daemon().findContainer("tomcat81");
        const auto& a = t81->attachments.front();
        const auto addr = s.run("docker exec tomcat81 ip addr show eth0");
        QCOMPARE(addr.status, 0);
        const std::string pairing = std::to_string(a.ifindex) + ": eth0@if" + std::to_string(a.hostIfindex) +
                                    ": <BROADCAST,MULTICAST,UP,LOWER_UP>";
        QVERIFY2(addr.out.find(pairing) != std::string::npos, addr.all.c_str());
        QVERIFY(addr.out.find("link/ether 02:42:ac:11:00:02") != std::string::npos);
        QVERIFY(addr.out.find("inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0") !=
                std::string::npos);
        const auto hosts = s.run("docker exec tomcat82 cat /etc/hosts");
        QVERIFY2(hosts.out.find("172.17.0.2\ttomcat81 ") != std::string::npos, hosts.all.c_str());
        const auto ping = s.run("docker exec tomcat82 ping -c 2 -i 0.2 tomcat81");
        QVERIFY2(ping.out.find("2 packets transmitted, 2 received, 0% packet loss") != std::string::npos,
                 ping.all.c_str());
        const auto host = s.run("brctl show");
        QVERIFY2(host.out.find("docker0") != std::string::npos &&
                     host.out.find(a.hostVeth) != std::string::npos,
                 host.all.c_str());
        const int pid = client->helperPid();
        QVERIFY(!labNamespaces("vethlab-" + std::to_string(pid) + "-").empty());
        s.lab().attachMirror(nullptr);
        client.reset(); // the helper removes its lab when its client goes
        QTRY_VERIFY_WITH_TIMEOUT(labNamespaces("vethlab-" + std::to_string(pid) + "-").empty(), 10000);
    }

    // A container's own files on the kernel: a host-mode container with --add-host reads its own hosts
    // file while the host keeps its own; what wget saves stays in the container's working directory
    // (a second wget of the same URL will not overwrite it); its directory goes with the lab.
    void containerFilesOnTheKernel() {
        LabSession s("facts");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        const auto own =
            s.run("docker run --rm --network host --add-host db:172.17.0.9 alpine cat /etc/hosts");
        QVERIFY2(own.out.find("172.17.0.9\tdb\n") != std::string::npos, own.all.c_str());
        const auto host = s.run("cat /etc/hosts");
        QVERIFY2(host.out.find("db") == std::string::npos, host.all.c_str());
        QCOMPARE(s.run("docker run -d --name web nginx").status, 0);
        QCOMPARE(s.run("docker run -dit --name c1 alpine").status, 0);
        const auto* web = s.lab().daemon().findContainer("web");
        const std::string url = "http://" + web->attachments.front().ip.str() + "/";
        const auto saved = s.run("docker exec c1 wget " + url);
        QVERIFY2(saved.status == 0 && saved.all.find("'index.html' saved") != std::string::npos,
                 saved.all.c_str());
        const auto again = s.run("docker exec c1 wget " + url);
        QVERIFY2(again.status == 1 &&
                     again.all.find("can't open 'index.html': File exists") != std::string::npos,
                 again.all.c_str());
        const auto page = s.run("docker exec c1 cat index.html");
        QVERIFY2(page.out.find("<title>Welcome to nginx!</title>") != std::string::npos, page.all.c_str());
        const std::string dir = std::string(kernel::kContainerFilesRoot) + "/vethlab-" +
                                std::to_string(client->helperPid()) + "-" +
                                s.lab().daemon().findContainer("c1")->shortId();
        QVERIFY2(std::filesystem::exists(dir + "/cwd/index.html"), dir.c_str());
        s.lab().attachMirror(nullptr);
        client.reset(); // the helper removes its lab when its client goes
        QTRY_VERIFY_WITH_TIMEOUT(!std::filesystem::exists(dir), 10000);
    }

    // Servers on the kernel: docker-proxy relays a published port from the host, Docker's DNAT takes a
    // container's request to the host's address, busybox httpd answers its own 404, real curl and
    // busybox wget print it, and wget's progress line sits between its messages as a terminal shows it.
    void serversAnswerOnTheKernel() {
        LabSession s("seed");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        QCOMPARE(s.run("docker run -d --name t81 -p 8081:8080 billygoo/tomcat8-jdk8").status, 0);
        QCOMPARE(s.run("docker run -d --name web busybox httpd -f -p 80").status, 0);
        const auto proxied = s.run("curl -s localhost:8081");
        QCOMPARE(proxied.status, 0);
        QCOMPARE(proxied.out,
                 std::string("vethlab: Apache Tomcat in container t81 (172.17.0.2:8080) answered "
                             "GET /; the page itself is not simulated.\n"));
        const auto notFound = s.run("docker run --rm alpine wget -q -O - 172.17.0.3");
        QCOMPARE(notFound.status, 1);
        // Both streams reach the screen: on the kernel they share one pipe to keep their order, so the
        // text is compared as the screen shows it.
        QCOMPARE(notFound.all, std::string("wget: server returned error: HTTP/1.1 404 Not Found\n"));
        const auto page = s.run("docker run --rm alpine wget -O - 192.168.1.10:8081");
        QCOMPARE(page.status, 0);
        // In the order busybox wrote it: the note, the body, the meter's last drawing, the end.
        QVERIFY2(page.all.find("writing to stdout\nvethlab: Apache Tomcat") != std::string::npos,
                 page.all.c_str());
        QVERIFY2(
            page.all.find("-                    100% |********************************|   108  0:00:00 ETA\n"
                          "written to stdout\n") != std::string::npos,
            page.all.c_str());
        // The nginx image's own index.html and headers, through docker-proxy, as the simulation has them.
        QCOMPARE(s.run("docker run -d --name ngx -p 8080:80 nginx").status, 0);
        const auto index = s.run("curl -si localhost:8080");
        QCOMPARE(index.status, 0);
        QVERIFY2(index.out.find("HTTP/1.1 200 OK\r\nServer: nginx/1.21.5\r\n") == 0, index.all.c_str());
        QVERIFY2(index.out.find("Content-Length: 615\r\nLast-Modified: Tue, 28 Dec 2021 15:28:38 GMT\r\n"
                                "Connection: keep-alive\r\nETag: \"61cb2d26-267\"\r\n") != std::string::npos,
                 index.all.c_str());
        QVERIFY2(index.out.find("<title>Welcome to nginx!</title>") != std::string::npos, index.all.c_str());
        const auto refused = s.run("curl -s localhost:8089");
        QCOMPARE(refused.status, 7);
        // The lab's internet: example.com serves its page on port 80, the rest of TCP is silent (a
        // firewall, not a reset), and the public resolvers publish their reverse names.
        const auto example = s.run("docker run --rm alpine wget -q -O - example.com");
        QCOMPARE(example.status, 0);
        QVERIFY2(example.out.find("<title>Example Domain</title>") != std::string::npos, example.all.c_str());
        QCOMPARE(s.run("curl -s -m 1 93.184.216.34:443").status, 28);
        const auto reverse = s.run("docker run --rm alpine nslookup 8.8.8.8");
        QVERIFY2(reverse.out.find("8.8.8.8.in-addr.arpa\tname = dns.google") != std::string::npos,
                 reverse.all.c_str());
        // Files stay out of reach: curl may only write to /dev/null.
        const auto file = s.run("curl -s -o /etc/vethlab-test localhost:8081");
        QVERIFY2(file.err.find("refused: curl -o reads or writes files") != std::string::npos,
                 file.all.c_str());
        QVERIFY(!std::filesystem::exists("/etc/vethlab-test"));
        s.lab().attachMirror(nullptr);
    }

    // docker-proxy is a process of its own per binding, as on a Docker host: ss sees it with Docker's
    // backlog and fd, the UDP table first; it relays; it goes with its container.
    void dockerProxyProcesses() {
        LabSession s("seed");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        QCOMPARE(s.run("docker run -d --name web -p 8080:80 -p 127.0.0.1:9090:90/udp nginx").status, 0);
        const auto ss = s.run("ss -tulnp");
        QCOMPARE(ss.status, 0);
        const std::regex row("(udp|tcp) +(UNCONN|LISTEN) +0 +(0|4096) +([0-9.:\\[\\]]+):(9090|8080) .*"
                             "users:\\(\\(\"docker-proxy\",pid=[0-9]+,fd=4\\)\\)");
        std::vector<std::string> rows;
        std::istringstream lines(ss.out);
        for (std::string l; std::getline(lines, l);)
            if (std::smatch m; std::regex_match(l, m, row)) rows.push_back(m[1].str() + " " + m[4].str());
        QCOMPARE(joined(rows), joined({"udp 127.0.0.1", "tcp 0.0.0.0", "tcp [::]"}));
        const auto index = s.run("curl -s localhost:8080");
        QCOMPARE(index.status, 0);
        QVERIFY2(index.out.find("<title>Welcome to nginx!</title>") != std::string::npos, index.all.c_str());
        QCOMPARE(s.run("docker stop web").status, 0);
        QVERIFY2(s.run("ss -tulnp").out.find("docker-proxy") == std::string::npos,
                 "a proxy outlived its container");
        QCOMPARE(s.run("curl -s localhost:8080").status, 7);
        s.lab().attachMirror(nullptr);
    }

    // A start the kernel refuses halfway is undone as Docker undoes it: Docker's error and status,
    // the container kept (created), the sandbox rebuilt from the lab's op log, and a second start works.
    void refusedStartIsUndone() {
        LabSession s("seed");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        // The index the next container's host-side veth will get, from a twin on the simulation.
        LabSession twin("seed");
        QCOMPARE(twin.run("docker run -d --name web alpine sleep 1d").status, 0);
        const int hostIndex = twin.lab().daemon().findContainer("web")->attachments.front().hostIfindex;
        // Something else holds that index in the sandbox's host namespace.
        const std::string hostNs = "vethlab-" + std::to_string(client->helperPid()) + "-host";
        const auto squat =
            kernel::runProgram({hostNs,
                                {"/usr/sbin/ip", "link", "add", "squat0", "index", std::to_string(hostIndex),
                                 "type", "veth", "peer", "name", "squat1"},
                                "",
                                "",
                                10000});
        QCOMPARE(squat.status, 0);
        const auto before = s.lab().kernel();
        const auto run = s.run("docker run -d --name web alpine sleep 1d");
        QCOMPARE(run.status, 125);
        QVERIFY2(
            std::regex_match(
                run.err, std::regex("docker: Error response from daemon: failed to create endpoint web "
                                    "on network bridge: failed to add the host \\(veth[0-9a-f]{7}\\) "
                                    "<=> sandbox \\(veth[0-9a-f]{7}\\) pair interfaces: file exists\\.\n")),
            run.all.c_str());
        QCOMPARE(run.out, std::string());
        QVERIFY(kernel::diffStates(before, s.lab().kernel()).empty());
        const auto ps = s.run("docker ps -a --format '{{.Names}} {{.Status}}'");
        QCOMPARE(ps.out, std::string("web Created\n"));
        // The squatter went with the old sandbox. (Carrier changes finish a moment later in the kernel.)
        QTRY_VERIFY2_WITH_TIMEOUT(diffWithKernel(s.lab()).empty(), joined(diffWithKernel(s.lab())).c_str(),
                                  5000);
        QCOMPARE(s.run("docker start web").status, 0);
        QTRY_VERIFY2_WITH_TIMEOUT(diffWithKernel(s.lab()).empty(), joined(diffWithKernel(s.lab())).c_str(),
                                  5000);
        s.lab().attachMirror(nullptr);
    }

    // tcpdump in the background on the kernel (`&`): the real capture is ready when the shell goes on,
    // prints the next command's packets after that command's own output, ends after -c with bash's
    // "Done"; one without -c ends on `kill %1` with its counts.
    void backgroundTcpdumpOnTheKernel() {
        LabSession s("seed");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        QCOMPARE(s.run("docker run -d --name box1 alpine sleep 1000").status, 0);
        const auto started = s.run("tcpdump -i docker0 -n -c 2 icmp &");
        QCOMPARE(started.status, 0);
        QVERIFY2(started.all.find("listening on docker0, link-type EN10MB (Ethernet)") != std::string::npos,
                 started.all.c_str());
        const auto ping = s.run("ping -c 1 172.17.0.2");
        const std::regex request(
            "\\d{2}:\\d{2}:\\d{2}\\.\\d{6} IP 172\\.17\\.0\\.1 > 172\\.17\\.0\\.2: ICMP echo "
            "request, id \\d+, seq 1, length 64\n");
        QVERIFY2(std::regex_search(ping.all, request), ping.all.c_str());
        const auto done = ping.all.find("[1]+  Done                    tcpdump -i docker0 -n -c 2 icmp\n");
        QVERIFY2(done != std::string::npos && ping.all.find("2 packets captured\n") < done, ping.all.c_str());
        QVERIFY(ping.all.find("1 received") < ping.all.find("ICMP echo request"));
        // A bridge that has just come up sends IPv6 and IGMP chatter of its own: icmp only.
        QVERIFY(s.run("tcpdump -i docker0 -n icmp &").all.find("listening on docker0") != std::string::npos);
        QVERIFY(s.run("jobs").out.find("Running                 tcpdump -i docker0 -n icmp &") !=
                std::string::npos);
        const auto killed = s.run("kill %1");
        QVERIFY2(killed.all.find("0 packets captured\n") != std::string::npos, killed.all.c_str());
        QVERIFY2(killed.all.find("[1]+  Done                    tcpdump -i docker0 -n icmp\n") !=
                     std::string::npos,
                 killed.all.c_str());
        QCOMPARE(s.run("jobs").all, std::string());
        s.lab().attachMirror(nullptr);
    }

    // The helper's validation: only its lab, only known programs, argv only.
    void helperRefusesWhatIsNotItsLab() {
        kerneld::Server server("r" + std::to_string(getpid()));
        auto ask = [&](QJsonObject o) {
            o["v"] = kerneld::kProtocolVersion;
            return server.handle(o);
        };
        QCOMPARE(ask({{"cmd", "run"}, {"ns", 0}})["error"].toString(), QString("no lab: send boot first"));
        QVERIFY(ask({{"cmd", "boot"}, {"gateway", "192.168.1.1/24"}})["ok"].toBool());
        auto refused = [&](QJsonObject o) {
            const QJsonObject a = ask(o);
            return a["ok"].toBool() ? QString() : a["error"].toString();
        };
        QVERIFY(refused({{"cmd", "run"}, {"ns", 7}, {"argv", QJsonArray{"ip", "addr"}}})
                    .contains("not this lab's"));
        QVERIFY(
            refused({{"cmd", "run"}, {"ns", 0}, {"argv", "ip addr; rm -rf /"}}).contains("no shell strings"));
        QVERIFY(refused({{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"sh", "-c", "id"}}})
                    .contains("not a program"));
        QVERIFY(refused({{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"/bin/ip", "addr"}}})
                    .contains("not a program"));
        QVERIFY(
            refused(
                {{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"ip", "link", "set", "lo", "netns", "1"}}})
                .contains("reaches other namespaces"));
        QVERIFY(refused({{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"ip", "-n", "x", "addr"}}})
                    .contains("other namespaces"));
        QVERIFY(refused({{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"cat", "/etc/shadow"}}})
                    .contains("outside"));
        QVERIFY(refused({{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"hostname", "evil"}}})
                    .contains("changes the machine"));
        QVERIFY(
            refused({{"cmd", "apply"},
                     {"ops", QJsonArray{QJsonObject{{"op", "NetnsAdd"},
                                                    {"ns", QJsonObject{{"id", 3}, {"name", "../../etc"}}}}}}})
                .contains("not a namespace name"));
        QVERIFY(refused({{"cmd", "apply"}, {"ops", QJsonArray{QJsonObject{{"op", "Format"}}}}})
                    .contains("not a kernel operation"));
        QVERIFY(refused({{"cmd", "reboot"}}).contains("unknown command"));
        QVERIFY(refused({{"cmd", "collect"}, {"job", 99}}).contains("no job 99"));
        QVERIFY(refused({{"cmd", "proxies"},
                         {"proxies", QJsonArray{QJsonObject{{"proto", "sctp"},
                                                            {"hostIp", "0.0.0.0"},
                                                            {"hostPort", 80},
                                                            {"containerIp", "172.17.0.2"},
                                                            {"containerPort", 80}}}}})
                    .contains("not a proxy"));
        QVERIFY(refused({{"cmd", "proxies"},
                         {"proxies", QJsonArray{QJsonObject{{"proto", "tcp"},
                                                            {"hostIp", "0.0.0.0; rm"},
                                                            {"hostPort", 80},
                                                            {"containerIp", "172.17.0.2"},
                                                            {"containerPort", 80}}}}})
                    .contains("not a proxy"));
        QVERIFY(refused({{"cmd", "start"}, {"ns", 0}, {"argv", QJsonArray{"tcpdump", "-w", "/tmp/x"}}})
                    .contains("reads or writes files"));
        QJsonObject old{{"v", 0}, {"cmd", "hello"}};
        QVERIFY(!server.handle(old)["ok"].toBool());
        const QJsonObject ok = ask({{"cmd", "run"}, {"ns", 0}, {"argv", QJsonArray{"ip", "-br", "link"}}});
        QVERIFY2(ok["ok"].toBool(), qPrintable(ok["error"].toString()));
        QCOMPARE(ok["out"].toString(),
                 QString("lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"));
        server.shutdown();
        QVERIFY(labNamespaces("vethlab-r" + std::to_string(getpid()) + "-").empty());
    }

    // Mininet's `mn -c`: a helper killed with SIGKILL leaves its lab; `--clean` removes all of it.
    void killNineThenClean() {
        LabSession s("default");
        std::string error;
        auto client = kerneld::attachRealKernel(s.lab(), s.terminal(), error);
        QVERIFY2(client, error.c_str());
        s.run("docker run -dit --name a1 alpine");
        QVERIFY(s.lab().syncMirror().empty());
        const std::string prefix = "vethlab-" + std::to_string(client->helperPid()) + "-";
        QCOMPARE(labNamespaces(prefix).size(), std::size_t{3}); // host, world, a1
        QVERIFY(std::filesystem::exists("/etc/netns/" + prefix + "host"));
        ::kill(client->helperPid(), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(client->helperPid(), 0) != 0, 5000);
        QCOMPARE(labNamespaces(prefix).size(), std::size_t{3}); // a crash leaves it behind
        const auto removed = kernel::cleanSandboxes(kernel::CleanScope::Stale);
        QVERIFY(removed.size() >= 4);
        QVERIFY(labNamespaces(prefix).empty());
        QVERIFY(!std::filesystem::exists("/etc/netns/" + prefix + "host"));
        s.lab().attachMirror(nullptr);
        client.reset();
    }

    void programPolicy() {
        auto ok = kernel::resolveProgram({"ping", "-c", "1", "tomcat81"}, true);
        QVERIFY(std::holds_alternative<std::vector<std::string>>(ok));
        QCOMPARE(std::get<std::vector<std::string>>(ok).front(), std::string("/bin/busybox"));
        QVERIFY(std::holds_alternative<std::string>(
            kernel::resolveProgram({"tcpdump", "-w", "/etc/passwd"}, false)));
        QVERIFY(std::holds_alternative<std::string>(
            kernel::resolveProgram({"cat", "/etc/../etc/shadow"}, false)));
        QVERIFY(std::holds_alternative<std::vector<std::string>>(
            kernel::resolveProgram({"cat", "/etc/hosts"}, false)));
    }
};

QTEST_GUILESS_MAIN(KernelBackend)
#include "test_kernel_backend.moc"
