// netstat and ss: the listening sockets of a namespace (and netstat's routing table), as net-tools
// 2.10 (the host), busybox (alpine) and iproute2 6.1's ss print them. The sockets are the lab's: docker-proxy
// on the host for each published port (one per address family, TCP and UDP), and each container's server in
// its namespace (engine/sim's tcpServices).
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <set>

#include "command_registry.h"
#include "lab.h"
#include "program_name.h"
#include "tcp_services.h"

namespace vethlab::shell {
namespace {

struct Socket {
    std::string proto; // "tcp", "tcp6", "udp", "udp6"
    std::string local, remote;
    int pid = 0;
    std::string program;
    std::string address; // the local address alone ("0.0.0.0", "::", "172.17.0.2")
    int port = 0;
};

/// The listening sockets of the namespace: tcp, tcp6, udp, udp6, in the order /proc/net lists them.
std::vector<Socket> listeners(const ExecContext& ctx) {
    std::vector<Socket> out;
    const Lab& lab = *ctx.lab;
    if (ctx.isHost()) {
        for (const auto* c : lab.daemon().containers()) {
            if (!c->isRunning()) continue;
            int k = 0;
            const int n = static_cast<int>(c->published.size());
            for (const auto& p : c->published) {
                const bool v6 = p.hostIp.find(':') != std::string::npos;
                Socket s;
                s.proto = p.container.proto + (v6 ? "6" : "");
                s.local = (v6 ? (p.hostIp == "::" ? std::string("::") : p.hostIp) : p.hostIp) + ":" +
                          std::to_string(p.hostPort);
                s.remote = v6 ? ":::*" : "0.0.0.0:*";
                // docker-proxy starts before the container's own process, one per binding.
                s.pid = c->pid - 3 * (n - k++);
                s.program = "docker-proxy";
                s.address = p.hostIp;
                s.port = p.hostPort;
                out.push_back(s);
            }
        }
    }
    for (const auto& service : sim::tcpServices(lab)) {
        if (service.namespaceId != ctx.namespaceId || service.kind == sim::TcpService::Kind::Proxy) continue;
        Socket s;
        s.proto = "tcp";
        s.local = service.bind.str() + ":" + std::to_string(service.port);
        s.remote = "0.0.0.0:*";
        s.address = service.bind.str();
        s.port = service.port;
        for (const auto* c : lab.daemon().containers())
            if (c->name == service.container) {
                s.pid = ctx.isHost() ? c->pid : 1;
                auto cmd = c->command();
                s.program = cmd.empty() ? "-" : baseName(cmd[0]);
            }
        out.push_back(s);
    }
    static const char* const order[] = {"tcp", "tcp6", "udp", "udp6"};
    std::stable_sort(out.begin(), out.end(), [](const Socket& a, const Socket& b) {
        auto rank = [](const std::string& p) {
            return std::find(std::begin(order), std::end(order), p) - std::begin(order);
        };
        return rank(a.proto) < rank(b.proto);
    });
    return out;
}

std::string routes(const ExecContext& ctx, bool busybox) {
    const auto* ns = ctx.lab->kernel().find(ctx.namespaceId);
    if (!ns) return "";
    std::vector<const kernel::Route*> sorted;
    for (const auto& r : ns->routes)
        sorted.push_back(&r);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
        if (a->isDefault() != b->isDefault()) return a->isDefault();
        return a->destination.network() < b->destination.network();
    });
    std::string out = "Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS "
                      "Window  irtt Iface\n";
    for (const auto* r : sorted) {
        const kernel::Link* dev = ns->link(r->device);
        const std::string flags = r->gateway ? "UG" : "U";
        char buf[160];
        if (busybox)
            std::snprintf(buf, sizeof buf, "%-15.15s %-15.15s %-16s%-6s%5d %-5d %6d %s\n",
                          r->destination.network().str().c_str(),
                          r->gateway ? r->gateway->str().c_str() : "0.0.0.0",
                          netmaskString(r->destination.length).c_str(), flags.c_str(), 0, 0, 0,
                          dev ? dev->name.c_str() : "?");
        else
            std::snprintf(buf, sizeof buf, "%-15s %-15s %-15s %-5s %5d %-5d %6d %s\n",
                          r->destination.network().str().c_str(),
                          r->gateway ? r->gateway->str().c_str() : "0.0.0.0",
                          netmaskString(r->destination.length).c_str(), flags.c_str(), 0, 0, 0,
                          dev ? dev->name.c_str() : "?");
        out += buf;
    }
    return out;
}

int runNetstat(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    bool tcp = false, udp = false, listening = false, all = false, programs = false, route = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 2 || a[0] != '-') continue;
        for (char c : a.substr(1)) {
            switch (c) {
            case 't':
                tcp = true;
                break;
            case 'u':
                udp = true;
                break;
            case 'l':
                listening = true;
                break;
            case 'a':
                all = true;
                break;
            case 'p':
                programs = true;
                break;
            case 'r':
                route = true;
                break;
            case 'n':
            case 'e':
            case 'W':
            case 'w':
                break;
            default:
                io.error(std::string("netstat: invalid option -- '") + c + "'\n");
                return 1;
            }
        }
    }
    const bool busybox = ctx.isBusybox();
    if (route) {
        io.print(routes(ctx, busybox));
        return 0;
    }
    if (!tcp && !udp) tcp = udp = true;
    std::string out = std::string("Active Internet connections ") + (all         ? "(servers and established)"
                                                                     : listening ? "(only servers)"
                                                                                 : "(w/o servers)");
    if (busybox)
        out += std::string(
                   "\nProto Recv-Q Send-Q Local Address           Foreign Address         State       ") +
               (programs ? "PID/Program name    " : "") + "\n";
    else
        out +=
            std::string("\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ") +
            (programs ? " PID/Program name    " : "") + "\n";
    if (!listening && !all) {
        io.print(out);
        return 0; // no connection stays established between commands
    }
    for (const Socket& s : listeners(ctx)) {
        const bool isTcp = s.proto.rfind("tcp", 0) == 0;
        if ((isTcp && !tcp) || (!isTcp && !udp)) continue;
        const std::string state = isTcp ? "LISTEN" : "";
        const std::string program = std::to_string(s.pid) + "/" + s.program;
        char buf[256];
        if (busybox) {
            const std::string proto = isTcp ? "tcp" : "udp";
            std::snprintf(buf, sizeof buf, "%s   %6d %6d %-23s %-23s %-12s", proto.c_str(), 0, 0,
                          s.local.c_str(), s.remote.c_str(), state.c_str());
            out += buf;
            if (programs) out += program.substr(0, 20);
        } else {
            if (isTcp)
                std::snprintf(buf, sizeof buf, "%-4s  %6d %6d %-23s %-23s %-11s", s.proto.c_str(), 0, 0,
                              s.local.c_str(), s.remote.c_str(), state.c_str());
            else
                std::snprintf(buf, sizeof buf, "%-5s %6d %6d %-23s %-23s %-11s", s.proto.c_str(), 0, 0,
                              s.local.c_str(), s.remote.c_str(), state.c_str());
            out += buf;
            if (programs) {
                std::snprintf(buf, sizeof buf, " %-20s", program.c_str());
                out += buf;
            }
        }
        out += "\n";
    }
    io.print(out);
    return 0;
}

// ss's columns (misc/ss.c): alignment, header and the delimiter printed before the field.
struct SsColumn {
    bool right;
    const char* header;
    const char* delimiter;
};
constexpr SsColumn kSsColumns[] = {{false, "Netid", ""},          {false, "State", " "},
                                   {false, "Recv-Q", " "},        {false, "Send-Q", " "},
                                   {true, "Local Address:", " "}, {false, "Port", ""},
                                   {true, "Peer Address:", " "},  {false, "Port", ""},
                                   {false, "Process", ""},        {false, "", ""}};
constexpr std::size_t kSsColumnCount = std::size(kSsColumns);

// ss renders its rows once all are known: each column as wide as its longest field (with the
// delimiter), as when its output is not a terminal (the lab transcripts' way: no terminal width to
// spread the columns over). Disabled columns (Netid with one protocol) are left out.
std::string renderSs(const std::vector<std::array<std::string, kSsColumnCount>>& rows,
                     const std::array<bool, kSsColumnCount>& shown) {
    std::array<std::size_t, kSsColumnCount> width{};
    bool first = true;
    for (std::size_t c = 0; c < kSsColumnCount; ++c) {
        if (!shown[c]) continue;
        std::size_t longest = 0;
        for (const auto& row : rows)
            longest = std::max(longest, row[c].size());
        width[c] = !first && longest ? longest + std::strlen(kSsColumns[c].delimiter) : longest;
        if (width[c]) first = false;
    }
    std::string out;
    for (const auto& row : rows) {
        bool started = false;
        for (std::size_t c = 0; c < kSsColumnCount; ++c) {
            if (!shown[c]) continue;
            std::size_t printed = 0;
            if (started) {
                out += kSsColumns[c].delimiter;
                printed = std::strlen(kSsColumns[c].delimiter);
            }
            started = true;
            const std::string& text = row[c];
            if (width[c] && kSsColumns[c].right && width[c] > text.size() + printed)
                out += std::string(width[c] - text.size() - printed, ' ');
            out += text;
            printed += text.size();
            if (width[c] && !kSsColumns[c].right && width[c] > printed)
                out += std::string(width[c] - printed, ' ');
        }
        out += "\n";
    }
    return out;
}

std::string ssServiceName(int port, bool numeric) {
    if (port == 0) return "*";
    if (!numeric) {
        static const std::pair<int, const char*> names[] = {
            {22, "ssh"}, {53, "domain"}, {80, "http"}, {443, "https"}, {8080, "http-alt"}};
        for (const auto& [number, name] : names)
            if (number == port) return name;
    }
    return std::to_string(port);
}

// The listen backlog each program asks for (ss shows it as a listener's Send-Q): Go's net package
// takes net.core.somaxconn (4096 since Linux 5.4), nginx 511, busybox httpd 9, Tomcat's acceptCount 100.
int backlogOf(const std::string& program) {
    if (program == "docker-proxy") return 4096;
    if (program == "nginx") return 511;
    if (program == "httpd" || program == "busybox") return 9;
    if (program == "java" || program == "catalina.sh") return 100;
    return 128;
}

// ss -s: /proc/net/sockstat and sockstat6 of the namespace with /proc/net/snmp's CurrEstab
// (iproute2 6.1's print_summary). "sockets: used" and TCP "inuse" count the namespace's sockets; TCP
// "alloc" is the kernel's, over every namespace. The sockets are the lab's (those ss -tuln lists, no
// Unix ones), and no connection stays open or in TIME-WAIT between commands.
std::string ssSummary(const ExecContext& ctx) {
    auto count = [](const std::vector<Socket>& list, const char* proto) {
        return static_cast<int>(
            std::count_if(list.begin(), list.end(), [proto](const Socket& s) { return s.proto == proto; }));
    };
    const auto mine = listeners(ctx);
    const int tcp4 = count(mine, "tcp"), tcp6 = count(mine, "tcp6");
    const int udp4 = count(mine, "udp"), udp6 = count(mine, "udp6");
    std::set<int> seen = {kernel::KernelState::kRootNamespace};
    ExecContext where = ctx;
    where.namespaceId = kernel::KernelState::kRootNamespace;
    where.containerId.clear();
    auto all = listeners(where);
    for (const auto* c : ctx.lab->daemon().containers()) {
        const int ns = ctx.lab->daemon().namespaceOf(*c);
        if (!c->isRunning() || !seen.insert(ns).second) continue;
        where.namespaceId = ns;
        where.containerId = c->id;
        for (auto& s : listeners(where))
            all.push_back(std::move(s));
    }
    const int alloc = count(all, "tcp") + count(all, "tcp6");
    char out[512];
    std::snprintf(out, sizeof out,
                  "Total: %zu\n"
                  "TCP:   %d (estab %d, closed %d, orphaned %d, timewait %d)\n\n"
                  "Transport Total     IP        IPv6\n"
                  "RAW\t  %-9d %-9d %-9d\n"
                  "UDP\t  %-9d %-9d %-9d\n"
                  "TCP\t  %-9d %-9d %-9d\n"
                  "INET\t  %-9d %-9d %-9d\n"
                  "FRAG\t  %-9d %-9d %-9d\n\n",
                  mine.size(), alloc, 0, alloc - (tcp4 + tcp6), 0, 0, 0, 0, 0, udp4 + udp6, udp4, udp6,
                  tcp4 + tcp6, tcp4, tcp6, udp4 + udp6 + tcp4 + tcp6, udp4 + tcp4, udp6 + tcp6, 0, 0, 0);
    return out;
}

const char* const kSsUsage =
    "Usage: ss [ OPTIONS ]\n"
    "       ss [ OPTIONS ] [ FILTER ]\n"
    "   -h, --help          this message\n"
    "   -V, --version       output version information\n"
    "   -n, --numeric       don't resolve service names\n"
    "   -r, --resolve       resolve host names\n"
    "   -a, --all           display all sockets\n"
    "   -l, --listening     display listening sockets\n"
    "   -o, --options       show timer information\n"
    "   -e, --extended      show detailed socket information\n"
    "   -m, --memory        show socket memory usage\n"
    "   -p, --processes     show process using socket\n"
    "   -T, --threads       show thread using socket\n"
    "   -i, --info          show internal TCP information\n"
    "       --tipcinfo      show internal tipc socket information\n"
    "   -s, --summary       show socket usage summary\n"
    "       --tos           show tos and priority information\n"
    "       --cgroup        show cgroup information\n"
    "   -b, --bpf           show bpf filter socket information\n"
    "   -E, --events        continually display sockets as they are destroyed\n"
    "   -Z, --context       display task SELinux security contexts\n"
    "   -z, --contexts      display task and socket SELinux security contexts\n"
    "   -N, --net           switch to the specified network namespace name\n"
    "\n"
    "   -4, --ipv4          display only IP version 4 sockets\n"
    "   -6, --ipv6          display only IP version 6 sockets\n"
    "   -0, --packet        display PACKET sockets\n"
    "   -t, --tcp           display only TCP sockets\n"
    "   -M, --mptcp         display only MPTCP sockets\n"
    "   -S, --sctp          display only SCTP sockets\n"
    "   -u, --udp           display only UDP sockets\n"
    "   -d, --dccp          display only DCCP sockets\n"
    "   -w, --raw           display only RAW sockets\n"
    "   -x, --unix          display only Unix domain sockets\n"
    "       --tipc          display only TIPC sockets\n"
    "       --vsock         display only vsock sockets\n"
    "       --xdp           display only XDP sockets\n"
    "   -f, --family=FAMILY display sockets of type FAMILY\n"
    "       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}\n"
    "\n"
    "   -K, --kill          forcibly close sockets, display what was closed\n"
    "   -H, --no-header     Suppress header line\n"
    "   -O, --oneline       socket's data printed on a single line\n"
    "       --inet-sockopt  show various inet socket options\n"
    "\n"
    "   -A, --query=QUERY, --socket=QUERY\n"
    "       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|"
    "packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]\n"
    "\n"
    "   -D, --diag=FILE     Dump raw information about TCP sockets to FILE\n"
    "   -F, --filter=FILE   read filter information from FILE\n"
    "       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]\n"
    "       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}\n"
    "         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|"
    "last-ack|listening|closing}\n"
    "          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|"
    "closing}\n"
    "       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}\n"
    "             bucket := {syn-recv|time-wait}\n"
    "                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|"
    "closing}\n";

// ss [-tuln p a 4 6 H]: the namespace's sockets from the same list netstat prints. No connection stays
// open between commands, so without -l or -a there is nothing but the header.
int runSs(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    bool tcp = false, udp = false, listening = false, all = false, processes = false, numeric = false;
    bool only4 = false, only6 = false, header = true, summary = false;
    static const std::pair<const char*, char> longOptions[] = {
        {"--summary", 's'}, {"--tcp", 't'},       {"--udp", 'u'},       {"--listening", 'l'},
        {"--all", 'a'},     {"--numeric", 'n'},   {"--processes", 'p'}, {"--ipv4", '4'},
        {"--ipv6", '6'},    {"--no-header", 'H'}, {"--help", 'h'}};
    std::string letters;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) == 0) {
            auto it = std::find_if(std::begin(longOptions), std::end(longOptions),
                                   [&](const auto& o) { return a == o.first; });
            if (it == std::end(longOptions)) {
                io.error("ss: unrecognized option '" + a + "'\n" + kSsUsage);
                return 255;
            }
            letters += it->second;
        } else if (a.size() > 1 && a[0] == '-') {
            letters += a.substr(1);
        } else {
            io.error("vethlab: ss filters (" + a + ") are not simulated; the options are\n");
            return 1;
        }
    }
    for (char c : letters) {
        switch (c) {
        case 't':
            tcp = true;
            break;
        case 'u':
            udp = true;
            break;
        case 'l':
            listening = true;
            break;
        case 'a':
            all = true;
            break;
        case 'p':
            processes = true;
            break;
        case 'n':
            numeric = true;
            break;
        case '4':
            only4 = true;
            break;
        case '6':
            only6 = true;
            break;
        case 'H':
            header = false;
            break;
        case 'h':
            io.print(kSsUsage);
            return 0;
        case 's':
            summary = true;
            break;
        case 'r':
        case 'e':
        case 'o':
        case 'm':
        case 'i':
        case 'O':
            break;
        default:
            io.error(std::string("ss: invalid option -- '") + c + "'\n" + kSsUsage);
            return 255;
        }
    }
    // -s alone prints the summary only; with a socket table asked for (-t, -u), the table follows.
    if (summary) io.print(ssSummary(ctx));
    if (summary && !tcp && !udp) return 0;
    if (!tcp && !udp) tcp = udp = true; // (and the Unix, raw and other sockets no lab models)
    std::array<bool, kSsColumnCount> shown;
    shown.fill(true);
    shown[0] = tcp && udp; // more than one socket table: the Netid column
    // The State column goes only when a single state is asked for, which no option here does.
    std::vector<std::array<std::string, kSsColumnCount>> rows;
    if (header) {
        std::array<std::string, kSsColumnCount> h;
        for (std::size_t c = 0; c < kSsColumnCount; ++c)
            h[c] = kSsColumns[c].header;
        rows.push_back(h);
    }
    // ss dumps the UDP table before the TCP one (iproute2 6.1's main: udp_show, then tcp_show).
    auto sockets = listeners(ctx);
    std::stable_partition(sockets.begin(), sockets.end(),
                          [](const Socket& s) { return s.proto.rfind("udp", 0) == 0; });
    if (listening || all)
        for (const Socket& s : sockets) {
            const bool isTcp = s.proto.rfind("tcp", 0) == 0;
            const bool v6 = s.proto.back() == '6';
            if ((isTcp && !tcp) || (!isTcp && !udp) || (v6 && only4) || (!v6 && only6)) continue;
            std::array<std::string, kSsColumnCount> r;
            r[0] = isTcp ? "tcp" : "udp";
            r[1] = isTcp ? "LISTEN" : "UNCONN";
            char queue[16];
            std::snprintf(queue, sizeof queue, "%-6d", 0);
            r[2] = queue;
            std::snprintf(queue, sizeof queue, "%-6d", isTcp ? backlogOf(s.program) : 0);
            r[3] = queue;
            // docker-proxy's IPv6 listener is IPV6_V6ONLY (Go's tcp6): "[::]", and "[::]" as its peer.
            r[4] = (v6 ? "[" + s.address + "]" : s.address) + ":";
            r[5] = ssServiceName(s.port, numeric);
            r[6] = v6 ? "[::]:" : "0.0.0.0:";
            r[7] = "*";
            if (processes)
                r[8] = " users:((\"" + s.program + "\",pid=" + std::to_string(s.pid) +
                       ",fd=" + (s.program == "docker-proxy" ? "4" : "3") + "))";
            rows.push_back(r);
        }
    io.print(renderSs(rows, shown));
    return 0;
}

} // namespace

void addSocketTools(CommandRegistry& r) {
    r.add({"netstat"}, runNetstat);
    r.add({"ss"}, runSs);
}

} // namespace vethlab::shell
