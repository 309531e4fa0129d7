// netstat: the listening sockets of a namespace and its routing table, as net-tools 2.10 (the host)
// and busybox (alpine) print them. The sockets are the lab's: docker-proxy on the host for each
// published port (one per address family, TCP and UDP), and each container's server in its
// namespace (engine/sim's tcpServices).
#include <algorithm>
#include <cstdio>

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

} // namespace

void addSocketTools(CommandRegistry& r) {
    r.add({"netstat"}, runNetstat);
}

} // namespace vethlab::shell
