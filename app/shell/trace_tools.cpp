// busybox traceroute (networking/traceroute.c, 1.36) over the engine: TTL-limited UDP probes (or ICMP
// echoes with -I) that the bridge gateway, the LAN router and the far host answer with ICMP errors.
// Each probe waits for its answer in simulated time; the lab's clock moves on by what the run took.
#include "trace_tools.h"

#include <cstdint>
#include <optional>

#include "command_registry.h"
#include "engine.h"
#include "program_name.h"
#include "resolver.h"
#include "terminal.h"

namespace vethlab::shell {
namespace {

constexpr std::uint16_t kBasePort = 33434;

std::string traceUsage(const ExecContext& ctx) {
    return ctx.busyboxBanner() +
           "\nUsage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]\n"
           "\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]\n"
           "\t[-z PAUSE_MSEC] HOST [BYTES]\n\n"
           "Trace the route to HOST\n\n"
           "\t-4,-6\tForce IP or IPv6 name resolution\n"
           "\t-F\tSet don't fragment bit\n"
           "\t-I\tUse ICMP ECHO instead of UDP datagrams\n"
           "\t-l\tDisplay TTL value of the returned packet\n"
           "\t-n\tPrint numeric addresses\n"
           "\t-r\tBypass routing tables, send directly to HOST\n"
           "\t-v\tVerbose\n"
           "\t-f N\tFirst number of hops (default 1)\n"
           "\t-m N\tMax number of hops\n"
           "\t-q N\tNumber of probes per hop (default 3)\n"
           "\t-p N\tBase UDP port number used in probes\n"
           "\t\t(default 33434)\n"
           "\t-s IP\tSource address\n"
           "\t-i IFACE Source interface\n"
           "\t-t N\tType-of-service in probe packets (default 0)\n"
           "\t-w SEC\tWait for a response (default 3)\n"
           "\t-z MSEC\tWait before each send\n";
}

struct TraceOptions {
    bool icmp = false, numeric = false, showTtl = false;
    unsigned maxTtl = 30, firstTtl = 1, probes = 3, wait = 5;
    std::uint16_t port = kBasePort;
    std::string host;
    std::optional<std::string> bytes;
};

// One answer to a probe: who sent it, when, its TTL, and what it says (ICMP type and code).
struct ProbeAnswer {
    Ipv4 from;
    Nanos at = 0;
    int ttl = 0;
    int type = 0, code = 0;
};

std::uint16_t be16(const sim::Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

// Sends probe `seq` with `ttl` and runs the engine until its answer or the wait runs out.
std::optional<ProbeAnswer> probe(sim::Engine& engine, int ns, Ipv4 target, const TraceOptions& o,
                                 std::uint16_t sourcePort, int seq, int ttl, std::size_t dataBytes) {
    std::optional<ProbeAnswer> answer;
    const auto dport = static_cast<std::uint16_t>(o.port + seq);
    // -I: an ICMP socket, whose identifier the echo requests carry.
    std::uint16_t socket = 0;
    if (o.icmp)
        socket = engine.openIcmpSocket(ns, [&](const sim::Ipv4Header& ip, const sim::IcmpMessage& m) {
            if (!answer && m.type == 0 && m.sequence == seq)
                answer = ProbeAnswer{ip.source, engine.now(), ip.ttl, 0, 0};
        });
    const std::uint16_t ident = socket;
    // packet_ok(): Time Exceeded in transit or Destination Unreachable quoting this very probe.
    engine.setIcmpErrorListener(ns, [&](const sim::Ipv4Header& ip, const sim::IcmpMessage& m) {
        if (answer || !((m.type == 11 && m.code == 0) || m.type == 3)) return;
        const sim::Bytes& q = m.payload;
        const std::size_t ihl = q.empty() ? 0 : static_cast<std::size_t>(q[0] & 0x0f) * 4;
        if (q.size() < ihl + 8) return;
        const bool ours =
            o.icmp ? q[9] == sim::kProtoIcmp && be16(q, ihl + 4) == ident && be16(q, ihl + 6) == seq
                   : q[9] == sim::kProtoUdp && be16(q, ihl) == sourcePort && be16(q, ihl + 2) == dport;
        if (ours) answer = ProbeAnswer{ip.source, engine.now(), ip.ttl, m.type, m.code};
    });
    const Nanos sent = engine.now();
    const auto t = static_cast<std::uint8_t>(ttl);
    if (o.icmp)
        engine.sendEchoProbe(ns, target, socket, static_cast<std::uint16_t>(seq), dataBytes, t);
    else
        engine.sendUdpProbe(ns, target, sourcePort, dport, dataBytes, t);
    const Nanos deadline = sent + static_cast<Nanos>(o.wait) * kSecond;
    while (!answer && engine.runNext(deadline)) {
    }
    if (!answer) engine.runUntil(deadline);
    engine.setIcmpErrorListener(ns, nullptr);
    if (o.icmp) engine.closeIcmpSocket(socket);
    if (answer) answer->at -= sent;
    return answer;
}

// getopt on "FIlnrdvt:i:m:p:q:s:w:z:f:46" (musl's: options stop at the first operand).
std::optional<int> parseTraceOptions(ExecContext& ctx, const std::vector<std::string>& argv, TraceOptions& o,
                                     Streams& io) {
    const bool musl = ctx.flavour != docker::Flavour::BusyboxDebian;
    auto die = [&](const std::string& message) {
        io.error("traceroute: " + message + "\n");
        return 1;
    };
    auto number = [&](const std::string& text, unsigned low, unsigned high, unsigned& out) -> bool {
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 10) {
            die("invalid number '" + text + "'");
            return false;
        }
        const unsigned long long v = std::stoull(text);
        if (v < low || v > high) {
            die("number " + text + " is not in " + std::to_string(low) + ".." + std::to_string(high) +
                " range");
            return false;
        }
        out = static_cast<unsigned>(v);
        return true;
    };
    std::size_t i = 1;
    std::string maxTtl, firstTtl, probes, wait, port;
    for (; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--") {
            ++i;
            break;
        }
        if (a.size() < 2 || a[0] != '-') break;
        for (std::size_t k = 1; k < a.size(); ++k) {
            const char c = a[k];
            if (std::string("FIlnrdv46").find(c) != std::string::npos) {
                o.icmp |= c == 'I';
                o.numeric |= c == 'n';
                o.showTtl |= c == 'l';
                continue;
            }
            if (std::string("timpqswzf").find(c) == std::string::npos) {
                io.error(musl ? std::string("traceroute: unrecognized option: ") + c + "\n"
                              : std::string("traceroute: invalid option -- '") + c + "'\n");
                io.error(traceUsage(ctx));
                return 1;
            }
            std::string value;
            if (k + 1 < a.size())
                value = a.substr(k + 1);
            else if (i + 1 < argv.size())
                value = argv[++i];
            else {
                io.error(musl ? std::string("traceroute: option requires an argument: ") + c + "\n"
                              : std::string("traceroute: option requires an argument -- '") + c + "'\n");
                io.error(traceUsage(ctx));
                return 1;
            }
            if (c == 'm') maxTtl = value;
            if (c == 'f') firstTtl = value;
            if (c == 'q') probes = value;
            if (c == 'w') wait = value;
            if (c == 'p') port = value;
            break;
        }
    }
    if (i >= argv.size() || argv.size() - i > 2) {
        io.error(traceUsage(ctx));
        return 1;
    }
    o.host = argv[i];
    if (i + 1 < argv.size()) o.bytes = argv[i + 1];
    // In traceroute_init()'s order.
    if (!maxTtl.empty() && !number(maxTtl, 1, 255, o.maxTtl)) return 1;
    unsigned p = o.port;
    if (!port.empty() && !number(port, 0, 65535, p)) return 1;
    o.port = static_cast<std::uint16_t>(p);
    if (!probes.empty() && !number(probes, 1, 2147483647, o.probes)) return 1;
    if (!wait.empty() && !number(wait, 1, 86400, o.wait)) return 1;
    if (!firstTtl.empty() && !number(firstTtl, 1, o.maxTtl, o.firstTtl)) return 1;
    return std::nullopt;
}

int runTraceroute(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    if (ctx.isHost()) return commandNotFound(ctx, argv[0], io);
    TraceOptions o;
    if (auto status = parseTraceOptions(ctx, argv, o, io)) return *status;
    Lab& lab = *ctx.lab;
    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    sim::Resolver resolver(lab, ctx.containerId, &engine);
    const auto found = resolver.lookup(o.host);
    auto finish = [&](int status) {
        lab.advance(std::max<Nanos>(0, engine.now() - lab.now()));
        return status;
    };
    if (found.empty()) {
        io.error("traceroute: bad address '" + o.host + "'\n");
        return finish(1);
    }
    const Ipv4 target = found.front().address;
    unsigned packlen = 46; // IP + UDP (or ICMP) header + busybox's 18-byte outdata_t
    if (o.bytes) {
        const std::string& b = *o.bytes;
        if (b.empty() || b.find_first_not_of("0123456789") != std::string::npos || b.size() > 10) {
            io.error("traceroute: invalid number '" + b + "'\n");
            return finish(1);
        }
        const unsigned long long v = std::stoull(b);
        if (v < 46 || v > 32 * 1024) {
            io.error("traceroute: number " + b + " is not in 46..32768 range\n");
            return finish(1);
        }
        packlen = static_cast<unsigned>(v);
    }
    if (!engine.sourceFor(ctx.namespaceId, target)) {
        io.error("traceroute: can't connect to remote host (" + target.str() + "): Network is unreachable\n");
        return finish(1);
    }
    io.print("traceroute to " + o.host + " (" + target.str() + "), " + std::to_string(o.maxTtl) +
             " hops max, " + std::to_string(packlen) + " byte packets\n");
    // The UDP socket's ephemeral port (connect() picks it), or the ICMP identifier (the pid, big-endian).
    const std::uint16_t sourcePort = engine.openUdpSocket(ctx.namespaceId, [](const auto&, const auto&) {});
    const std::size_t dataBytes = packlen - 28;
    std::optional<Ipv4> last;
    int seq = 0;
    for (unsigned ttl = o.firstTtl; ttl <= o.maxTtl; ++ttl) {
        char head[8];
        std::snprintf(head, sizeof head, "%2u", ttl);
        std::string line = head;
        bool there = false;
        unsigned unreachable = 0;
        for (unsigned n = 0; n < o.probes; ++n) {
            auto a = probe(engine, ctx.namespaceId, target, o, sourcePort, ++seq, static_cast<int>(ttl),
                           dataBytes);
            if (!a) {
                line += "  *";
                continue;
            }
            if (n == 0 || !last || *last != a->from) {
                if (o.numeric) {
                    line += "  " + a->from.str();
                } else {
                    const auto name = resolver.reverse(a->from);
                    line += "  " + (name ? *name : a->from.str()) + " (" + a->from.str() + ")";
                }
                last = a->from;
            }
            const auto us = static_cast<unsigned long long>(a->at / 1000);
            char ms[32];
            std::snprintf(ms, sizeof ms, "  %llu.%03llu ms", us / 1000, us % 1000);
            line += ms;
            if (o.showTtl) line += " (" + std::to_string(a->ttl) + ")";
            if (a->type == 0 || (a->type == 3 && a->code == 3)) {
                if (a->ttl <= 1) line += " !";
                there = true;
            } else if (a->type == 3) {
                static const char* const marks[] = {" !N", " !H", " !P"};
                line += a->code < 3 ? marks[a->code] : " !<" + std::to_string(a->code) + ">";
                if (a->code == 2)
                    there = true;
                else
                    ++unreachable;
            }
        }
        io.print(line + "\n");
        if (there || (unreachable > 0 && unreachable + 1 >= o.probes)) break;
    }
    engine.closeUdpSocket(ctx.namespaceId, sourcePort);
    return finish(0);
}

} // namespace

void addTraceTools(CommandRegistry& r) {
    r.add({"traceroute"}, runTraceroute);
    r.add({"nc"}, runNc);
    r.add({"dig"}, runDig);
}

} // namespace vethlab::shell
