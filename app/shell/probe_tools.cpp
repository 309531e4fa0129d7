// The tools that send packets through the engine and wait for answers: ping, curl, wget, getent and
// busybox nslookup. Each syncs the engine to the lab's clock first and moves the clock on by the
// time the program ran.
#include "command_registry.h"
#include "docker/go_net.h"
#include "http_tools.h"
#include "ping.h"
#include "program_name.h"
#include "resolver.h"
#include "terminal.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

void catchUp(Lab& lab, const sim::Engine& engine) {
    lab.advance(std::max<Nanos>(0, engine.now() - lab.now()));
}

int runPing(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    Lab& lab = *ctx.lab;
    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    sim::Resolver resolver(lab, ctx.containerId, &engine);
    const auto flavour = ctx.isBusybox() ? sim::PingFlavour::Busybox : sim::PingFlavour::Iputils;
    // At an interactive terminal ping without -c runs in real time until Ctrl-C, as the real one does.
    std::optional<sim::PingTerminal> live;
    if (const auto& wait = ctx.terminal->interruptibleWait()) {
        const auto begin = std::chrono::steady_clock::now();
        live = sim::PingTerminal{
            [&wait, begin](Nanos since) { return wait(begin + std::chrono::nanoseconds(since)); },
            [&io](const std::string& s) { io.print(s); }};
    }
    auto run = sim::runPing(engine, lab, ctx.namespaceId, resolver, flavour, argv,
                            ctx.terminal->pingInterruptAfter(), ctx.tty, live ? &*live : nullptr);
    io.print(run.out);
    if (!run.err.empty()) io.error(run.err);
    catchUp(lab, engine);
    return run.status;
}

int runHttpClient(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    Lab& lab = *ctx.lab;
    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    sim::Resolver resolver(lab, ctx.containerId, &engine);
    const int status = baseName(argv[0]) == "curl" ? runCurl(engine, resolver, ctx, argv, io)
                                                   : runWget(engine, resolver, ctx, argv, io);
    catchUp(lab, engine);
    return status;
}

// glibc's getent: "hosts" as /etc/hosts lines, "ahostsv4" once per socket type.
int runGetent(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    if (argv.size() < 3 || (argv[1] != "hosts" && argv[1] != "ahostsv4")) {
        io.error("Unknown database: " + (argv.size() > 1 ? argv[1] : std::string()) + "\n");
        return 1;
    }
    sim::Resolver resolver(*ctx.lab, ctx.containerId, &ctx.terminal->engine());
    auto pad = [](const std::string& ip) {
        return ip + std::string(ip.size() < 15 ? 15 - ip.size() : 0, ' ') + " ";
    };
    int status = 0;
    for (std::size_t i = 2; i < argv.size(); ++i) {
        if (auto ip = Ipv4::parse(argv[i])) {
            auto ptr = resolver.reverse(*ip);
            if (!ptr) {
                status = 2;
                continue;
            }
            io.print(pad(ip->str()) + *ptr + "\n");
            continue;
        }
        auto found = resolver.lookup(argv[i]);
        if (found.empty()) {
            status = 2;
            continue;
        }
        for (std::size_t k = 0; k < found.size(); ++k) {
            const std::string at = pad(found[k].address.str());
            if (argv[1] == "hosts") {
                io.print(at + found[k].canonical + "\n");
            } else {
                io.print(at + "STREAM " + (k == 0 ? found[k].canonical : "") + "\n");
                io.print(at + "DGRAM  \n");
                io.print(at + "RAW    \n");
            }
        }
    }
    return status;
}

std::optional<Ipv4> firstNameserver(const Lab& lab, int namespaceId) {
    std::string resolv;
    if (const auto* ns = lab.kernel().find(namespaceId))
        if (auto it = ns->files.find("/etc/resolv.conf"); it != ns->files.end()) resolv = it->second;
    for (const auto& line : splitLines(resolv))
        if (line.rfind("nameserver ", 0) == 0)
            if (auto server = Ipv4::parse(trim(line.substr(11)))) return server;
    return std::nullopt;
}

// busybox nslookup: A and AAAA at once (PTR for an address), each answer printed as it arrives.
int runBusyboxNslookup(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    if (argv.size() < 2) {
        io.error("BusyBox v1.35.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST "
                 "[DNS_SERVER]\n");
        return 1;
    }
    Lab& lab = *ctx.lab;
    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    const std::string host = argv[1];
    const std::optional<Ipv4> server = firstNameserver(lab, ctx.namespaceId);
    if (!server) return 1;
    std::vector<std::pair<std::string, std::uint16_t>> questions;
    if (auto ip = Ipv4::parse(host))
        questions.push_back({std::to_string(ip->octet(3)) + "." + std::to_string(ip->octet(2)) + "." +
                                 std::to_string(ip->octet(1)) + "." + std::to_string(ip->octet(0)) +
                                 ".in-addr.arpa",
                             12});
    else
        questions = {{host, 1}, {host, 28}};
    auto answers = engine.queryDnsTogether(ctx.namespaceId, *server, questions);
    catchUp(lab, engine);
    // The server is named with the first answer: when none comes, only the timeout line is printed.
    std::string out =
        answers.empty() ? "" : "Server:\t\t" + server->str() + "\nAddress:\t" + server->str() + ":53\n\n";
    int status = 0;
    for (const auto& a : answers) {
        if (a.rcode == 3) {
            out += "** server can't find " + host + ": NXDOMAIN\n\n";
            status = 1;
            continue;
        }
        out += "Non-authoritative answer:\n";
        for (Ipv4 address : a.addresses)
            out += "Name:\t" + host + "\nAddress: " + address.str() + "\n";
        if (!a.pointer.empty()) out += a.name + "\tname = " + a.pointer + "\n";
        out += "\n";
    }
    if (answers.size() < questions.size()) {
        out += ";; connection timed out; no servers could be reached\n\n";
        status = 1;
    }
    io.print(out);
    return status;
}

} // namespace

int commandNotFound(const ExecContext& ctx, const std::string& name, Streams& io) {
    if (ctx.shellName == "zsh")
        io.error("zsh: command not found: " + name + "\n");
    else if (ctx.shellName == "sh" || ctx.shellName == "/bin/sh")
        io.error(ctx.shellName + ": " + name + ": not found\n");
    else
        io.error(ctx.shellName + ": " + name + ": command not found\n");
    return 127;
}

int runMissingTool(const std::string& prog, Streams& io) {
    io.error("vethlab: " + prog + " is not simulated in this version\n");
    return 127;
}

void addProbeTools(CommandRegistry& r) {
    r.add({"ping", "ping6"}, runPing);
    r.add({"curl", "wget"}, runHttpClient);
    r.add({"getent"}, runGetent);
    r.add({"nslookup"}, [](ExecContext& ctx, const auto& argv, const std::string&, Streams& io) {
        if (!ctx.isBusybox()) return runMissingTool("nslookup", io); // bind9's nslookup (netshoot) is not
        return runBusyboxNslookup(ctx, argv, io);
    });
}

} // namespace vethlab::shell
