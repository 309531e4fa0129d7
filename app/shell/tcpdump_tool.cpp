// tcpdump 4.99.3 with libpcap 1.10.3 (Debian 12 on the host; Alpine's build in nicolaka/netshoot):
// its options, its messages on stderr ("listening on ...", the packet counts, the errors), and one
// line per frame the engine carried on the device, in tcpdump's own format. In the foreground it runs
// until -c frames are seen or Ctrl-C; typed with & it is a job that prints, after each command, the
// frames that command's traffic put on the device.
#include <algorithm>
#include <memory>
#include <sstream>

#include "bpf_filter.h"
#include "command_registry.h"
#include "tcpdump_print.h"
#include "terminal.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

constexpr const char* kUsage =
    "tcpdump version 4.99.3\n"
    "libpcap version 1.10.3 (with TPACKET_V3)\n"
    "OpenSSL 3.0.11 19 Sep 2023\n"
    "Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n"
    "\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n"
    "\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n"
    "\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n"
    "\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n"
    "\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n"
    "\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n"
    "\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n";

struct Invocation {
    std::string device;
    long count = -1;
    int snaplen = 262144;
    bool promiscuous = true;
    TcpdumpOptions print;
    std::string expression;
};

// An option with a value (-i -c -s; -w and -r are refused as a read-only sandbox would refuse them;
// the rest are taken and have no effect). Returns the exit status on error, after printing.
std::optional<int> setValueOption(char c, const std::string& value, Invocation& inv, Streams& io) {
    if (c == 'i') inv.device = value;
    if (c == 'c') {
        const long n = std::strtol(value.c_str(), nullptr, 10);
        if (n <= 0) {
            io.error("tcpdump: invalid packet count " + value + "\n");
            return 1;
        }
        inv.count = n;
    }
    if (c == 's') {
        const long n = std::strtol(value.c_str(), nullptr, 10);
        inv.snaplen = n <= 0 || n > 262144 ? 262144 : static_cast<int>(n);
    }
    if (c == 'w' || c == 'r') {
        io.error("tcpdump: " + value + ": Read-only file system\n");
        return 1;
    }
    return std::nullopt;
}

// A switch; false when tcpdump does not know it.
bool setSwitch(char c, Invocation& inv) {
    // Decodes vethlab does not draw (payload in ASCII or hex, ...) and buffering (-l: every line is
    // shown as it comes anyway): the one-line form stays.
    static const std::string withoutEffect = "lqNUAbdDfHIJKLOuxXY#";
    switch (c) {
    case 'n':
        inv.print.numeric = true;
        return true;
    case 'e':
        inv.print.linkHeader = true;
        return true;
    case 'v':
        ++inv.print.verbose;
        return true;
    case 'S':
        inv.print.absoluteSeq = true;
        return true;
    case 't':
        inv.print.noTimestamp = true;
        return true;
    case 'p':
        inv.promiscuous = false;
        return true;
    default:
        return withoutEffect.find(c) != std::string::npos;
    }
}

// getopt over tcpdump's option string. Returns the exit status when tcpdump ends here (--help,
// --version, an error, after printing).
std::optional<int> parseArgs(const std::vector<std::string>& argv, Invocation& inv, Streams& io) {
    static const std::string withArgument = "BcCEFGiMrsTVwWyzZjQ";
    std::vector<std::string> rest;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--") {
            rest.insert(rest.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
            break;
        }
        if (a == "--help" || a == "-h") {
            io.print(kUsage);
            return 0;
        }
        if (a == "--version") {
            io.print(std::string(kUsage).substr(0, std::string(kUsage).find("Usage:")));
            return 0;
        }
        if (a.rfind("--", 0) == 0) {
            io.error("tcpdump: unrecognized option '" + a + "'\n" + kUsage);
            return 1;
        }
        if (a.size() < 2 || a[0] != '-') {
            rest.push_back(a);
            continue;
        }
        for (std::size_t k = 1; k < a.size(); ++k) {
            const char c = a[k];
            if (withArgument.find(c) != std::string::npos) { // the rest of the word, or the next one
                std::string value = a.substr(k + 1);
                if (value.empty() && i + 1 >= argv.size()) {
                    io.error(std::string("tcpdump: option requires an argument -- '") + c + "'\n" + kUsage);
                    return 1;
                }
                if (value.empty()) value = argv[++i];
                if (auto status = setValueOption(c, value, inv, io)) return status;
                break;
            }
            if (!setSwitch(c, inv)) {
                io.error(std::string("tcpdump: invalid option -- '") + c + "'\n" + kUsage);
                return 1;
            }
        }
    }
    for (std::size_t k = 0; k < rest.size(); ++k)
        inv.expression += (k ? " " : "") + rest[k];
    return std::nullopt;
}

/// One capture: the device it listens on and what it has printed so far.
struct Capture {
    Terminal* terminal = nullptr;
    int namespaceId = 0;
    std::string device; // "any": every device of the namespace
    CaptureFilter filter;
    std::unique_ptr<TcpdumpPrinter> printer;
    long count = -1;
    std::size_t cursor = 0; // the next frame of the engine's capture to look at
    long captured = 0;
    bool promiscuous = true; // -p turns it off

    /// The packet type libpcap gives a frame on `-i any`.
    CookedInfo cooked(const sim::Engine::CapturedFrame& fr) const {
        CookedInfo c{fr.device, "Out", 0};
        const auto* ns = terminal->lab().kernel().find(fr.namespaceId);
        const auto* link = ns ? ns->linkByName(fr.device) : nullptr;
        if (link) c.ifindex = link->ifindex;
        // libpcap drops a loopback packet's outgoing copy (it is also received): "In" is all it shows.
        if (link && link->kind == kernel::LinkKind::Loopback) c.packetType = "In";
        if (fr.transmitted || fr.bytes.size() < 6) return c;
        const bool broadcast =
            std::all_of(fr.bytes.begin(), fr.bytes.begin() + 6, [](auto b) { return b == 0xff; });
        if (broadcast)
            c.packetType = "B";
        else if (fr.bytes[0] & 1)
            c.packetType = "M";
        else if (link && std::equal(link->mac.bytes.begin(), link->mac.bytes.end(), fr.bytes.begin()))
            c.packetType = "In";
        else
            c.packetType = "P";
        return c;
    }

    /// The bridge a frame received on a bridge port goes up to (br_pass_frame_up), or nullptr: a
    /// frame for the bridge's own address, a broadcast or multicast, or any frame while the bridge is
    /// promiscuous (tcpdump without -p on it) is also received on the bridge device itself.
    const kernel::Link* passedUp(const sim::Engine::CapturedFrame& fr, bool everything) const {
        if (fr.transmitted || fr.bytes.size() < 6) return nullptr;
        const auto* ns = terminal->lab().kernel().find(fr.namespaceId);
        const auto* port = ns ? ns->linkByName(fr.device) : nullptr;
        const auto* br = port && port->master ? ns->link(port->master) : nullptr;
        if (!br) return nullptr;
        const bool forBridge =
            (fr.bytes[0] & 1) || std::equal(br->mac.bytes.begin(), br->mac.bytes.end(), fr.bytes.begin());
        return forBridge || everything ? br : nullptr;
    }

    void emit(std::string& out, const sim::Engine::CapturedFrame& fr, const std::string& on) {
        if (!filter.matches(fr.bytes)) return;
        ++captured;
        if (device != "any") {
            out += printer->print(fr.time, fr.bytes);
            return;
        }
        sim::Engine::CapturedFrame seen = fr;
        seen.device = on;
        const CookedInfo c = cooked(seen);
        out += printer->print(fr.time, fr.bytes, &c);
    }

    /// Prints the frames the device carried since the last call; true once -c frames were printed.
    bool drain(Streams& io) {
        const auto& frames = terminal->engine().captured();
        std::string out;
        for (; cursor < frames.size() && captured != count; ++cursor) {
            const auto& fr = frames[cursor];
            if (fr.namespaceId != namespaceId) continue;
            if (device == "any" || fr.device == device) emit(out, fr, fr.device);
            if (captured == count) break;
            // The "any" device is never promiscuous; a capture on the bridge makes it so (unless -p).
            if (const auto* br = passedUp(fr, device != "any" && promiscuous))
                if (device == "any" || br->name == device) emit(out, fr, br->name);
        }
        if (!out.empty()) io.print(out);
        return captured == count;
    }

    /// info(1): the counts on stderr as tcpdump exits.
    void statistics(Streams& io) const {
        auto plural = [](long n, const char* what) {
            return std::to_string(n) + (n == 1 ? " packet " : " packets ") + what + "\n";
        };
        io.error(plural(captured, "captured") + plural(captured, "received by filter") +
                 plural(0, "dropped by kernel"));
    }
};

std::string hostsName(const Lab& lab, int namespaceId, std::uint32_t ip) {
    const auto* ns = lab.kernel().find(namespaceId);
    if (!ns) return "";
    auto it = ns->files.find("/etc/hosts");
    if (it == ns->files.end()) return "";
    const std::string want = Ipv4{ip}.str();
    for (const auto& line : splitLines(it->second)) {
        std::istringstream words(line);
        std::string address, name;
        if (words >> address >> name && address == want) return name;
    }
    return "";
}

// What tcpdump says on stderr as it starts listening.
std::string listeningMessage(const Invocation& inv) {
    // -i any without -y: tcpdump 4.99 asks for LINUX_SLL2 itself and says so first.
    const std::string linkType = inv.device == "any" ? "tcpdump: data link type LINUX_SLL2\n" : "";
    return linkType +
           (inv.print.verbose
                ? "tcpdump: "
                : "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n") +
           "listening on " + inv.device + ", link-type " +
           (inv.device == "any" ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)") +
           ", snapshot length " + std::to_string(inv.snaplen) + " bytes\n";
}

// tcpdump typed with &: after each command the job prints what that command's traffic put on the device.
void runAsJob(Terminal& terminal, int job, const std::shared_ptr<Capture>& capture) {
    JobTable::Program program;
    program.poll = [capture](Streams& out, int& status) {
        if (!capture->drain(out)) return false;
        capture->statistics(out);
        status = 0;
        return true;
    };
    program.terminate = [capture](Streams& out) {
        capture->drain(out);
        out.print("\n"); // pcap_breakloop: tcpdump ends the line it may have been printing
        capture->statistics(out);
        return 0;
    };
    terminal.jobs().attach(job, std::move(program));
}

// In the foreground nothing else runs: the person waits, then presses Ctrl-C (or -c frames end it).
int runInForeground(ExecContext& ctx, const std::shared_ptr<Capture>& capture, Streams& io) {
    if (const auto& wait = ctx.terminal->interruptibleWait())
        wait(std::chrono::steady_clock::now() + std::chrono::hours(24));
    ctx.lab->advance(static_cast<Nanos>(ctx.terminal->pingInterruptAfter()) * kSecond);
    ctx.terminal->engine().syncTo(ctx.lab->now());
    if (capture->drain(io)) {
        capture->statistics(io);
        return 0;
    }
    io.print("^C\n");         // the person's terminal (or, under -t, the container's pty) echoes it
    if (!ctx.tty) return 130; // Ctrl-C stopped the docker client: tcpdump's last words are lost
    capture->statistics(io);
    return 0;
}

int runTcpdump(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    Invocation inv;
    if (auto status = parseArgs(argv, inv, io)) return *status;
    Lab& lab = *ctx.lab;
    if (inv.device.empty()) inv.device = ctx.isHost() ? lab.settings().eth0Name : "eth0";
    const auto* ns = lab.kernel().find(ctx.namespaceId);
    if (inv.device != "any" && (!ns || !ns->linkByName(inv.device))) {
        io.error("tcpdump: " + inv.device + ": No such device exists\n(No such device exists)\n");
        return 1;
    }
    auto compiled = CaptureFilter::compile(inv.expression);
    if (auto* error = std::get_if<std::string>(&compiled)) {
        io.error("tcpdump: " + *error + "\n");
        return 1;
    }
    inv.print.zone = lab.settings().zone;
    const int nsId = ctx.namespaceId;
    inv.print.hostName = [&lab, nsId](std::uint32_t ip) { return hostsName(lab, nsId, ip); };

    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    engine.setTraceRecording(true);
    auto capture = std::make_shared<Capture>();
    capture->terminal = ctx.terminal;
    capture->namespaceId = nsId;
    capture->device = inv.device;
    capture->filter = std::get<CaptureFilter>(compiled);
    capture->printer = std::make_unique<TcpdumpPrinter>(inv.print);
    capture->count = inv.count;
    capture->promiscuous = inv.promiscuous;
    capture->cursor = engine.captured().size();

    io.error(listeningMessage(inv));
    if (const int job = ctx.terminal->startingJob()) {
        runAsJob(*ctx.terminal, job, capture);
        return 0;
    }
    return runInForeground(ctx, capture, io);
}

} // namespace

void addTcpdump(CommandRegistry& r) {
    r.add({"tcpdump"}, runTcpdump);
}

} // namespace vethlab::shell
