// nc over the engine's TCP: busybox's (networking/nc_bloaty.c, NC_110_COMPAT as Alpine builds it) in
// alpine and busybox, OpenBSD's netcat (Alpine's netcat-openbsd) in nicolaka/netshoot. Connecting
// (-z, -v, -w, data from stdin) and listening in the background (-l -p PORT &).
#include <chrono>
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

// How nc names the peer of a listener: getnameinfo() as musl does it (/etc/hosts, then a PTR question
// to the resolver, v4-mapped addresses included), else the address.
std::optional<std::string> peerName(Lab& lab, const std::string& containerId, Ipv4 peer) {
    return sim::Resolver(lab, containerId).reverse(peer);
}

// busybox: "connect to LOCAL from NAME:PORT (ADDR:PORT)", the v4-mapped forms of its IPv6 socket;
// OpenBSD: "Connection received on NAME PORT".
std::string connectReport(Lab& lab, const std::string& containerId, Ipv4 local, std::uint16_t port, Ipv4 peer,
                          std::uint16_t peerPort, bool numeric, bool openbsd) {
    const auto name = numeric ? std::nullopt : peerName(lab, containerId, peer);
    const std::string p = std::to_string(peerPort);
    if (openbsd) return "Connection received on " + name.value_or(peer.str()) + " " + p + "\n";
    const std::string mapped = "[::ffff:" + peer.str() + "]:" + p;
    return "connect to [::ffff:" + local.str() + "]:" + std::to_string(port) + " from " +
           (name ? *name + ":" + p : mapped) + " (" + mapped + ")\n";
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
    Lab* lab = ctx.lab;
    const std::string container = ctx.containerId;
    const bool numeric = o.numeric;
    server.closed = [heard, verbose, port, openbsd, e, ns, lab, container,
                     numeric](Ipv4 peer, std::uint16_t peerPort, const sim::Bytes& received) {
        if (heard->done) return;
        const Ipv4 local = e->sourceFor(ns, peer).value_or(Ipv4{});
        if (verbose)
            heard->text += connectReport(*lab, container, local, port, peer, peerPort, numeric, openbsd);
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
    program.terminate = [&engine, ns, port, openbsd](Streams& out) {
        engine.closeTcpListener(ns, port);
        if (!openbsd) out.error("punt!\n"); // busybox's catch(), then it dies of the signal
        return 143;
    };
    ctx.terminal->jobs().attach(ctx.terminal->startingJob(), std::move(program));
    return 0;
}

// nc -u -l -p PORT &: the first datagram names the peer (recvfrom with MSG_PEEK, then connect()); from
// then on the socket hears that peer only and prints what it sends. It never sees an end: UDP has no
// close, so the job runs until it is killed (busybox -w: "nc: timeout" if nothing came in time).
int listenUdpInBackground(ExecContext& ctx, const NcOptions& o, std::uint16_t port, Streams& io,
                          bool openbsd) {
    sim::Engine& engine = ctx.terminal->engine();
    const int ns = ctx.namespaceId;
    struct Heard {
        bool connected = false, timedOut = false;
        std::string text;
    };
    auto heard = std::make_shared<Heard>();
    sim::Engine* e = &engine;
    Lab* lab = ctx.lab;
    const std::string container = ctx.containerId;
    const bool verbose = o.verbose > 0, numeric = o.numeric;
    const bool bound =
        engine.bindUdp(ns, port,
                       [heard, e, ns, port, lab, container, verbose, numeric,
                        openbsd](const sim::Ipv4Header& ip, const sim::UdpDatagram& d) {
                           if (!heard->connected) {
                               heard->connected = true;
                               e->connectUdp(ns, port, ip.source, d.sourcePort);
                               if (verbose)
                                   heard->text += connectReport(*lab, container, ip.destination, port,
                                                                ip.source, d.sourcePort, numeric, openbsd);
                           }
                           heard->text += std::string(d.payload.begin(), d.payload.end());
                       });
    if (!bound) {
        io.error(openbsd ? "nc: Address already in use\n" : "nc: bind: Address in use\n");
        return 1;
    }
    if (o.verbose)
        io.error(openbsd ? "Bound on 0.0.0.0 " + std::to_string(port) + "\n"
                         : "listening on [::]:" + std::to_string(port) + " ...\n");
    const std::optional<Nanos> deadline = o.wait && *o.wait > 0 && !openbsd
                                              ? std::optional<Nanos>(lab->now() + *o.wait * kSecond)
                                              : std::nullopt;
    // busybox arms SIGALRM for the first datagram: at -w the socket is gone, whatever comes later.
    if (deadline)
        engine.at(std::max(engine.now(), *deadline), [heard, e, ns, port] {
            if (heard->connected || heard->timedOut) return;
            heard->timedOut = true;
            e->closeUdpSocket(ns, port);
        });
    JobTable::Program program;
    program.poll = [heard, &engine, ns, port, lab, deadline](Streams& out, int& status) {
        out.print(std::exchange(heard->text, {}));
        if (heard->connected || !deadline || (!heard->timedOut && lab->now() < *deadline)) return false;
        out.error("nc: timeout\n");
        if (!heard->timedOut) engine.closeUdpSocket(ns, port);
        status = 1;
        return true;
    };
    program.terminate = [&engine, ns, port, openbsd](Streams& out) {
        engine.closeUdpSocket(ns, port);
        if (!openbsd) out.error("punt!\n"); // busybox's catch(), then it dies of the signal
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
    if (ctx.terminal->startingJob())
        return o.udp ? listenUdpInBackground(ctx, o, port, io, openbsd)
                     : listenInBackground(ctx, o, port, io, openbsd);
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

// nc -u HOST PORT: connect() only fixes the peer; what comes on stdin leaves as datagrams (one per
// read(): busybox reads 8 KiB, OpenBSD 16 KiB at a time), then nc waits for answers. A Port
// Unreachable coming back makes the connected socket's next read or write fail (ECONNREFUSED).
struct UdpPeer {
    bool refused = false;
    std::string received;
};

std::shared_ptr<UdpPeer> openUdpPeer(sim::Engine& engine, int ns, Ipv4 ip, std::uint16_t port,
                                     std::uint16_t& local) {
    auto peer = std::make_shared<UdpPeer>();
    local = engine.openUdpSocket(ns, [peer](const sim::Ipv4Header&, const sim::UdpDatagram& d) {
        peer->received.append(d.payload.begin(), d.payload.end());
    });
    engine.connectUdp(ns, local, ip, port);
    const std::uint16_t from = local;
    engine.setIcmpErrorListener(ns, [peer, from, ip, port](const sim::Ipv4Header&,
                                                           const sim::IcmpMessage& m) {
        const sim::Bytes& q = m.payload;
        const std::size_t ihl = static_cast<std::size_t>(q[0] & 0x0f) * 4;
        if (m.type != 3 || m.code != 3 || q.size() < ihl + 8 || q[9] != sim::kProtoUdp) return;
        const auto be16 = [&q](std::size_t at) { return static_cast<std::uint16_t>(q[at] << 8 | q[at + 1]); };
        const Ipv4 to{static_cast<std::uint32_t>(be16(16)) << 16 | be16(18)};
        if (be16(ihl) == from && be16(ihl + 2) == port && to == ip) peer->refused = true;
    });
    return peer;
}

void closeUdpPeer(sim::Engine& engine, int ns, std::uint16_t local) {
    engine.setIcmpErrorListener(ns, nullptr);
    engine.closeUdpSocket(ns, local);
}

// Runs the engine until the peer refuses, or `limit` (nullopt: only what is due now).
void runUntilRefused(sim::Engine& engine, const UdpPeer& peer, Nanos limit) {
    while (!peer.refused && engine.runNext(limit)) {
    }
    if (!peer.refused) engine.runUntil(limit);
}

// A program that would wait for ever (UDP never ends) until the person presses Ctrl-C.
int waitForCtrlC(ExecContext& ctx, Streams& io, const std::string& lastWords) {
    if (const auto& wait = ctx.terminal->interruptibleWait()) {
        const auto begin = std::chrono::steady_clock::now();
        while (wait(begin + std::chrono::hours(24))) {
        }
        ctx.lab->advance(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - begin)
                .count());
    } else {
        ctx.lab->advance(ctx.terminal->pingInterruptAfter() * kSecond);
        io.print("^C\n");
    }
    // Without -t the signal reaches the docker client, not the program: it has no last words here.
    if (ctx.tty && !lastWords.empty()) io.error(lastWords);
    ctx.terminal->abortLine();
    return 130;
}

int udpClient(ExecContext& ctx, const NcOptions& o, const std::string& host, Ipv4 ip,
              const std::string& portText, std::uint16_t port, const std::string& in, Streams& io,
              bool openbsd) {
    sim::Engine& engine = ctx.terminal->engine();
    Lab& lab = *ctx.lab;
    const int ns = ctx.namespaceId;
    const std::string where = host + " (" + ip.str() + ":" + std::to_string(port) + ")";
    if (!engine.sourceFor(ns, ip)) { // connect() of a UDP socket needs a route
        const bool musl = ctx.flavour != docker::Flavour::BusyboxDebian;
        const std::string why = musl ? "Network unreachable" : "Network is unreachable";
        if (openbsd && o.verbose)
            io.error("nc: connect to " + host + " (" + ip.str() + ") port " + portText +
                     " (udp) failed: " + why + "\n");
        if (!openbsd && o.verbose) io.error("nc: " + where + ": " + why + "\n");
        return 1;
    }
    std::uint16_t local = 0;
    auto peer = openUdpPeer(engine, ns, ip, port, local);
    std::size_t sent = 0;
    auto send = [&](const std::string& data) {
        engine.sendUdp(ns, ip, local, port, sim::Bytes(data.begin(), data.end()));
        sent += data.size();
    };
    auto done = [&](int status) {
        closeUdpPeer(engine, ns, local);
        lab.advance(std::max<Nanos>(0, engine.now() - lab.now()));
        return status;
    };
    if (o.zero) {
        if (openbsd) {
            // udptest(): only with -v; two X's, then one a second for -w (default 3) seconds.
            if (!o.verbose) return done(0);
            send("X");
            send("X");
            const unsigned seconds = o.wait && *o.wait > 0 ? *o.wait : 3;
            for (unsigned i = 0; i < seconds && !peer->refused; ++i) {
                runUntilRefused(engine, *peer, engine.now() + kSecond);
                if (!peer->refused) send("X");
            }
            if (peer->refused) return done(1);
            io.error("Connection to " + host + (host != ip.str() ? " (" + ip.str() + ")" : "") + " " +
                     portText + " port [udp/" + serviceName(port) + "] succeeded!\n");
            return done(0);
        }
        // busybox's udptest(): one byte, -w seconds (or a TCP connect to port 31337 as a round trip), one
        // more.
        send(std::string(1, '\0'));
        if (o.wait && *o.wait > 0)
            runUntilRefused(engine, *peer, engine.now() + *o.wait * kSecond);
        else
            engine.tcpExchange(ns, ip, 31337, {}, 5 * kSecond);
        if (!peer->refused) send(std::string(1, '\0'));
        if (peer->refused) {
            if (o.verbose > 1) io.error("nc: " + where + ": Connection refused\n");
        } else if (o.verbose) {
            io.error(where + " open\n");
        }
        if (o.verbose > 1) io.error("sent 0, rcvd 0\n"); // udptest()'s writes are not counted
        return done(peer->refused ? 1 : 0);
    }
    if (o.verbose && !openbsd) io.error(where + " open\n");
    const std::size_t chunk = openbsd ? 16384 : 8192;
    for (std::size_t at = 0; at < in.size(); at += chunk)
        send(in.substr(at, chunk));
    // After stdin's end nc reads the socket: busybox gives up after two quiet -w periods, OpenBSD after
    // one; without -w it waits for ever. A refusal ends it at once, with status 0.
    if (o.wait && *o.wait > 0) {
        const Nanos quiet = *o.wait * kSecond;
        const int periods = openbsd ? 1 : 2;
        for (int p = 0; p < periods && !peer->refused; ++p) {
            std::size_t before = peer->received.size();
            runUntilRefused(engine, *peer, engine.now() + quiet);
            if (peer->received.size() != before) --p; // data came: the period starts again
        }
    } else {
        runUntilRefused(engine, *peer, engine.now() + kSecond);
    }
    io.print(peer->received);
    if (peer->refused && !openbsd && o.verbose > 1) io.error("nc: net read: Connection refused\n");
    const std::string stats =
        "sent " + std::to_string(sent) + ", rcvd " + std::to_string(peer->received.size()) + "\n";
    if (!peer->refused && !(o.wait && *o.wait > 0)) {
        done(0);
        return waitForCtrlC(ctx, io, openbsd ? "" : (o.verbose > 1 ? stats : "") + "punt!\n");
    }
    if (!openbsd && o.verbose > 1) io.error(stats);
    return done(0);
}

int runNcImpl(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    if (ctx.isHost()) return commandNotFound(ctx, argv[0], io);
    const bool openbsd = ctx.flavour == docker::Flavour::Netshoot;
    NcOptions o;
    if (auto status = parseNc(ctx, argv, o, io, openbsd)) return *status;
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
    if (o.udp) return udpClient(ctx, o, host, ip, portText, port, in, io, openbsd);
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
