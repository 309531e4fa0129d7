// nc over the engine's TCP: busybox's (networking/nc_bloaty.c, NC_110_COMPAT as Alpine builds it) in
// alpine and busybox, OpenBSD's netcat (Alpine's netcat-openbsd) in nicolaka/netshoot. Connecting
// (-z, -v, -w, data from stdin) and listening in the background (-l -p PORT &).
#include <memory>

#include "command_registry.h"
#include "engine.h"
#include "job_table.h"
#include "resolver.h"
#include "terminal.h"
#include "trace_tools.h"

namespace vethlab::shell {
namespace {

struct NcOptions {
    bool zero = false, listen = false, numeric = false, udp = false;
    int verbose = 0;
    std::optional<unsigned> wait;
    std::string port; // -p
    std::vector<std::string> operands;
};

std::string busyboxNcUsage(const ExecContext& ctx) {
    return ctx.busyboxBanner() + "\nUsage: nc [OPTIONS] HOST PORT  - connect\n"
                                 "nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n\n"
                                 "\t-e PROG\tRun PROG after connect (must be last)\n"
                                 "\t-l\tListen mode, for inbound connects\n"
                                 "\t-lk\tWith -e, provides persistent server\n"
                                 "\t-p PORT\tLocal port\n"
                                 "\t-s ADDR\tLocal address\n"
                                 "\t-w SEC\tTimeout for connects and final net reads\n"
                                 "\t-i SEC\tDelay interval for lines sent\n"
                                 "\t-n\tDon't do DNS resolution\n"
                                 "\t-u\tUDP mode\n"
                                 "\t-b\tAllow broadcasts\n"
                                 "\t-v\tVerbose\n"
                                 "\t-o FILE\tHex dump traffic\n"
                                 "\t-z\tZero-I/O mode (scanning)\n";
}

// bb_lookup_port(): a number up to 65535, else a service name, else 0.
std::uint16_t lookupPort(const std::string& text) {
    if (!text.empty() && text.size() <= 5 && text.find_first_not_of("0123456789") == std::string::npos) {
        const unsigned long v = std::stoul(text);
        if (v <= 65535) return static_cast<std::uint16_t>(v);
    }
    static const std::map<std::string, std::uint16_t> services = {
        {"http", 80}, {"https", 443}, {"domain", 53}, {"ssh", 22}, {"http-alt", 8080}};
    auto s = services.find(text);
    return s == services.end() ? 0 : s->second;
}

// Alpine's /etc/services names for the ports a lesson uses.
std::string serviceName(std::uint16_t port) {
    switch (port) {
    case 22:
        return "ssh";
    case 53:
        return "domain";
    case 80:
        return "http";
    case 443:
        return "https";
    case 8080:
        return "http-alt";
    default:
        return "*";
    }
}

std::optional<int> parseNc(const ExecContext& ctx, const std::vector<std::string>& argv, NcOptions& o,
                           Streams& io, bool openbsd) {
    const std::string withValue = openbsd ? "IiMmOPpqsTVWwX" : "psiow";
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 2 || a[0] != '-' || a == "--") {
            if (a == "--") ++i;
            for (; i < argv.size(); ++i)
                o.operands.push_back(argv[i]);
            break;
        }
        for (std::size_t k = 1; k < a.size(); ++k) {
            const char c = a[k];
            if (withValue.find(c) != std::string::npos) {
                std::string v;
                if (k + 1 < a.size())
                    v = a.substr(k + 1);
                else if (i + 1 < argv.size())
                    v = argv[++i];
                else {
                    io.error(openbsd ? std::string("nc: option requires an argument: ") + c + "\n"
                                     : std::string("nc: option requires an argument: ") + c + "\n" +
                                           busyboxNcUsage(ctx));
                    return 1;
                }
                if (c == 'p') o.port = v;
                if (c == 'w') {
                    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9) {
                        io.error(openbsd ? "nc: timeout " + v + ": invalid\n"
                                         : "nc: invalid number '" + v + "'\n");
                        return 1;
                    }
                    o.wait = static_cast<unsigned>(std::stoul(v));
                }
                break;
            }
            if (c == 'z')
                o.zero = true;
            else if (c == 'v')
                ++o.verbose;
            else if (c == 'l')
                o.listen = true;
            else if (c == 'n')
                o.numeric = true;
            else if (c == 'u')
                o.udp = true;
            else if (std::string(openbsd ? "46CDdFhkNrStUZ" : "bk").find(c) == std::string::npos) {
                io.error(std::string("nc: unrecognized option: ") + c + "\n" +
                         (openbsd ? std::string() : busyboxNcUsage(ctx)));
                return 1;
            }
        }
    }
    return std::nullopt;
}

// nc -l in the background: the port stays open until a peer has connected, sent and closed.
int listenInBackground(ExecContext& ctx, const NcOptions& o, std::uint16_t port, Streams& io, bool openbsd) {
    sim::Engine& engine = ctx.terminal->engine();
    const int ns = ctx.namespaceId;
    if (o.verbose)
        io.error(openbsd ? "Listening on 0.0.0.0 " + std::to_string(port) + "\n"
                         : "listening on [::]:" + std::to_string(port) + " ...\n");
    struct Heard {
        bool done = false;
        std::string text;
    };
    auto heard = std::make_shared<Heard>();
    sim::Engine::TcpServer server;
    const bool verbose = o.verbose > 0;
    sim::Engine* e = &engine;
    server.closed = [heard, verbose, port, openbsd, e, ns](Ipv4 peer, std::uint16_t peerPort,
                                                           const sim::Bytes& received) {
        if (heard->done) return;
        const Ipv4 local = e->sourceFor(ns, peer).value_or(Ipv4{});
        if (verbose)
            heard->text +=
                openbsd ? "Connection received on " + peer.str() + " " + std::to_string(peerPort) + "\n"
                        : "connect to [::ffff:" + local.str() + "]:" + std::to_string(port) +
                              " from [::ffff:" + peer.str() + "]:" + std::to_string(peerPort) +
                              " ([::ffff:" + peer.str() + "]:" + std::to_string(peerPort) + ")\n";
        heard->text += std::string(received.begin(), received.end());
        heard->done = true;
    };
    engine.listenTcp(ns, port, server);
    JobTable::Program program;
    program.poll = [heard, &engine, ns, port](Streams& out, int& status) {
        if (!heard->done) return false;
        out.print(heard->text);
        engine.closeTcpListener(ns, port);
        status = 0;
        return true;
    };
    program.terminate = [&engine, ns, port](Streams&) {
        engine.closeTcpListener(ns, port);
        return 143;
    };
    ctx.terminal->jobs().attach(ctx.terminal->startingJob(), std::move(program));
    return 0;
}

int listen(ExecContext& ctx, const NcOptions& o, Streams& io, bool openbsd) {
    std::string portText = o.port;
    if (openbsd && portText.empty() && !o.operands.empty()) portText = o.operands.back();
    const std::uint16_t port = lookupPort(portText);
    if (port == 0) {
        io.error(openbsd ? "nc: missing port number\n" : busyboxNcUsage(ctx));
        return 1;
    }
    if (ctx.terminal->startingJob()) return listenInBackground(ctx, o, port, io, openbsd);
    if (o.wait && !openbsd) {
        // Nothing else runs while the listener holds the terminal: no one connects before -w runs out.
        if (o.verbose) io.error("listening on [::]:" + std::to_string(port) + " ...\n");
        ctx.lab->advance(static_cast<Nanos>(*o.wait) * kSecond);
        io.error("nc: timeout\n");
        return 1;
    }
    io.error("vethlab: nc -l in the foreground waits for a peer this terminal cannot start: run it with &\n");
    return 1;
}

int runNcImpl(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    if (ctx.isHost()) return commandNotFound(ctx, argv[0], io);
    const bool openbsd = ctx.flavour == docker::Flavour::Netshoot;
    NcOptions o;
    if (auto status = parseNc(ctx, argv, o, io, openbsd)) return *status;
    if (o.udp) {
        io.error("vethlab: nc -u is not simulated (TCP only)\n");
        return 1;
    }
    if (o.listen) return listen(ctx, o, io, openbsd);
    if (o.operands.empty() || (!openbsd && o.operands.size() > 2)) {
        io.error(openbsd ? "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
                           "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
                           "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
                           "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
                           "\t  [destination] [port]\n"
                         : busyboxNcUsage(ctx));
        return 1;
    }
    if (openbsd && o.operands.size() < 2) {
        io.error("nc: missing port number\n");
        return 1;
    }
    Lab& lab = *ctx.lab;
    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    auto finish = [&](int status) {
        lab.advance(std::max<Nanos>(0, engine.now() - lab.now()));
        return status;
    };
    const std::string& host = o.operands[0];
    const std::string portText = o.operands.size() > 1 ? o.operands[1] : std::string();
    sim::Resolver resolver(lab, ctx.containerId, &engine);
    const auto found =
        o.numeric && !Ipv4::parse(host) ? std::vector<sim::Resolution>{} : resolver.lookup(host);
    if (found.empty()) {
        io.error(openbsd ? "nc: getaddrinfo for host \"" + host + "\" port " + portText +
                               ": Name does not resolve\n"
                         : "nc: bad address '" + host + "'\n");
        return finish(1);
    }
    const Ipv4 ip = found.front().address;
    const std::uint16_t port = lookupPort(portText);
    const std::string where = host + " (" + ip.str() + ":" + std::to_string(port) + ")";
    // -z, or nothing on stdin: connect() and close(); else the data goes out and the answer comes back.
    const std::string request = o.zero ? std::string() : in;
    const Nanos timeout = o.wait && *o.wait > 0 ? static_cast<Nanos>(*o.wait) * kSecond : 127 * kSecond;
    // An HTTP request gets its response as a web client reads it; anything else goes out with FIN after
    // it (stdin's end: nc shuts its writing side down) and the answer is what comes until the peer closes.
    const bool http = request.rfind("GET ", 0) == 0 || request.rfind("HEAD ", 0) == 0;
    const auto r = engine.tcpExchange(ctx.namespaceId, ip, port, sim::Bytes(request.begin(), request.end()),
                                      timeout, !request.empty() && !http);
    using Outcome = sim::Engine::TcpResult::Outcome;
    const bool open = r.outcome == Outcome::Response || r.outcome == Outcome::Empty;
    if (open) {
        if (o.verbose) {
            if (openbsd)
                io.error("Connection to " + host + (host != ip.str() ? " (" + ip.str() + ")" : "") + " " +
                         portText + " port [tcp/" + serviceName(port) + "] succeeded!\n");
            else
                io.error(where + " open\n");
        }
        io.print(std::string(r.response.begin(), r.response.end()));
        if (!openbsd && o.verbose > 1)
            io.error("sent " + std::to_string(request.size()) + ", rcvd " +
                     std::to_string(r.response.size()) + "\n");
        return finish(0);
    }
    // strerror() of the image's libc: musl (Alpine, netshoot) or glibc (busybox on Debian).
    const bool musl = ctx.flavour != docker::Flavour::BusyboxDebian;
    const std::string why =
        r.outcome == Outcome::Refused    ? "Connection refused"
        : r.outcome == Outcome::TimedOut ? (musl ? "Operation timed out" : "Connection timed out")
        : r.outcome == Outcome::NoRoute  ? (musl ? "Network unreachable" : "Network is unreachable")
                                         : (musl ? "Host is unreachable" : "No route to host");
    if (openbsd) {
        if (o.verbose)
            io.error("nc: connect to " + host + " (" + ip.str() + ") port " + portText +
                     " (tcp) failed: " + why + "\n");
    } else {
        // One -v does not report refusals (a scan would be all noise); -vv reports everything.
        if (o.verbose > 1 || (o.verbose && r.outcome != Outcome::Refused))
            io.error("nc: " + where + ": " + why + "\n");
        if (o.verbose > 1) io.error("sent 0, rcvd 0\n");
    }
    return finish(1);
}

} // namespace

int runNc(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    return runNcImpl(ctx, argv, in, io);
}

} // namespace vethlab::shell
