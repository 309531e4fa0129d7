#include "terminal.h"

#include <algorithm>
#include <set>

#include "command_registry.h"
#include "docker/resolv_conf.h"
#include "docker_cli.h"
#include "kernel_rollback.h"
#include "net/reverse_name.h"
#include "program_name.h"
#include "resolver.h"
#include "shell_parser.h"
#include "uts_name.h"

namespace vethlab::shell {
namespace {

// Network tools the images carry that vethlab does not simulate yet: one honest line instead of
// "command not found" (the simulated ones are in the command registry and run first).
const std::set<std::string> kEngineCommands = {"telnet", "host", "nslookup"};
// Shell built-ins and the coreutils every image has.
const std::set<std::string> kAlwaysThere = {"echo",  "true", "false", "exit",     "cd",    "pwd", "export",
                                            "clear", "cat",  "env",   "hostname", "sleep", "ls",  "grep",
                                            "head",  "tail", "wc",    "sort",     "cut",   "awk", "xargs",
                                            "tr",    "uniq", "jobs",  "kill",     "wait"};

// What a terminal shows of text with carriage returns inside lines: each \r goes back to the start of
// the line and what follows is written over it (a \r just before \n changes nothing and is kept).
// The terminal echoes the Ctrl-C the person pressed where the program's last words begin: ping's
// "\n--- " statistics on stdout; tcpdump's newline on stdout before its counts on stderr. Without a
// tty (`docker exec` without -t) the Ctrl-C ends the docker client instead: the last words never reach
// the screen (the kernel's program got the SIGINT; what it wrote after it is dropped). False when
// the program ended by itself.
bool echoInterrupt(const std::string& prog, std::vector<std::pair<int, std::string>>& chunks, bool tty) {
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        auto& [stream, text] = chunks[k];
        std::size_t at = std::string::npos;
        if (prog == "ping" && stream == 1) at = text.find("\n--- ");
        if (prog == "tcpdump" && stream == 1 && k + 1 < chunks.size() && chunks[k + 1].first == 2 &&
            chunks[k + 1].second.find(" captured\n") != std::string::npos && text.ends_with('\n'))
            at = text.size() - 1;
        if (at == std::string::npos) continue;
        if (tty) {
            text.insert(at, "^C");
        } else {
            text = text.substr(0, at) + "^C\n";
            chunks.resize(k + 1);
        }
        return true;
    }
    return false;
}

void printChunks(const RealOutcome& r, Streams& io) {
    for (const auto& [stream, text] : r.chunks)
        if (!text.empty()) stream == 1 ? io.print(text) : io.error(text);
}

// Consecutive pieces of one stream, joined: a \r redraw may span two reads of the pipe.
std::vector<std::pair<int, std::string>> joinedChunks(std::vector<std::pair<int, std::string>> chunks) {
    std::vector<std::pair<int, std::string>> out;
    for (auto& c : chunks)
        if (!out.empty() && out.back().first == c.first)
            out.back().second += c.second;
        else
            out.push_back(std::move(c));
    return out;
}

std::string drawnOver(const std::string& text) {
    if (text.find('\r') == std::string::npos) return text;
    std::string out, line;
    std::size_t column = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' && i + 1 < text.size() && text[i + 1] != '\n') {
            column = 0;
            continue;
        }
        if (c == '\n') {
            out += line + '\n';
            line.clear();
            column = 0;
            continue;
        }
        if (column < line.size())
            line[column] = c;
        else
            line += c;
        ++column;
    }
    return out + line;
}

// curl -o FILE (or --output, or -o in a bundle such as -so): the body goes to a file, not the screen.
bool curlWritesAFile(const std::vector<std::string>& argv) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--output", 0) == 0) return true;
        if (a.size() > 1 && a[0] == '-' && a[1] != '-' && a.find('o') != std::string::npos) return true;
    }
    return false;
}

std::string promptFor(const std::string& shell, const std::string& hostname, const std::string& cwd) {
    if (shell == "bash") return "root@" + hostname + ":" + (cwd == "/root" ? "~" : cwd) + "# ";
    if (shell == "zsh") return hostname + "# ";
    return (cwd == "/root" ? "~" : cwd) + " # ";
}

} // namespace

Terminal::Terminal(Lab& lab)
    : lab_(&lab), engine_(std::make_unique<sim::Engine>(lab, sim::EngineSettings::fromLab(lab.settings()))),
      pingInterruptAfter_(lab.settings().pingInterruptAfter) {
    // Docker's embedded DNS answers from the daemon's records, as seen by the asking container.
    engine_->setEmbeddedDns([this](int ns, const sim::DnsMessage& q) -> std::optional<sim::DnsMessage> {
        const docker::Container* asker = nullptr;
        for (const auto* c : lab_->daemon().containers())
            if (c->isRunning() && lab_->daemon().namespaceOf(*c) == ns &&
                c->networkModeKind() != docker::NetworkMode::Container)
                asker = c;
        if (!asker) return std::nullopt;
        sim::Resolver records(*lab_, asker->id);
        sim::DnsMessage a = q;
        a.response = true;
        if (q.type == 12) {
            // resolver.go handlePTRQuery: IPv4 and IPv6 endpoints are in the same ipMap.
            std::optional<std::string> name;
            if (auto v4 = reverseNameAddress(q.name))
                name = records.recordFor(*v4);
            else if (auto v6 = reverseNameAddress6(q.name))
                name = records.recordFor6(*v6);
            if (!name) return std::nullopt;
            a.pointer = *name;
            return a;
        }
        auto found = records.records(q.name);
        if (found.empty()) return std::nullopt;
        if (q.type == 1) {
            // Several containers behind one alias: all of them, shuffled on every answer.
            for (std::size_t k = found.size(); k > 1; --k)
                std::swap(found[k - 1], found[lab_->random().below(k)]);
            a.addresses = found;
        }
        if (q.type == 28) { // AAAA: the endpoints' IPv6 addresses, or an empty NOERROR answer without
            a.addresses6 = records.records6(q.name);
            for (std::size_t k = a.addresses6.size(); k > 1; --k) // shuffled as A answers are
                std::swap(a.addresses6[k - 1], a.addresses6[lab_->random().below(k)]);
        }
        return a;
    });
    // What it cannot answer goes to the container's --dns servers, else the host's (sandbox_dns_unix.go).
    engine_->setEmbeddedDnsUpstreams([this](int ns) {
        std::vector<Ipv4> out;
        for (const auto* c : lab_->daemon().containers())
            if (c->isRunning() && lab_->daemon().namespaceOf(*c) == ns &&
                c->networkModeKind() != docker::NetworkMode::Container) {
                docker::DnsConfig dns{c->config.dns, c->config.dnsSearch, c->config.dnsOptions};
                for (const auto& s : docker::embeddedDnsUpstreams(lab_->settings().resolvConf, dns))
                    if (auto ip = Ipv4::parse(s)) out.push_back(*ip);
            }
        return out;
    });
    sessions_.push_back(Session{"", "bash", std::make_shared<std::string>("/root"), false});
}

std::string Terminal::prompt() const {
    const Session& s = sessions_.back();
    if (s.containerId.empty()) return lab_->settings().prompt;
    const docker::Container* c = lab_->daemon().containerById(s.containerId);
    if (!c) return "# ";
    std::string hostname = c->hostname();
    if (c->networkModeKind() == docker::NetworkMode::Host) hostname = lab_->settings().hostname;
    if (c->networkModeKind() == docker::NetworkMode::Container)
        if (const docker::Container* owner = lab_->daemon().containerById(c->joinedTo))
            hostname = owner->hostname();
    return promptFor(s.shell, hostname, *s.cwd);
}

ExecContext Terminal::contextFor(const Session& s) {
    ExecContext ctx;
    ctx.lab = lab_;
    ctx.terminal = this;
    ctx.vars = s.vars; // a shell's variables last from one line to the next (IP=$(...), then ping $IP)
    if (s.containerId.empty()) {
        ctx.namespaceId = kernel::KernelState::kRootNamespace;
        ctx.shellName = lab_->settings().hostShell;
        ctx.cwd = s.cwd;
        return ctx;
    }
    const docker::Container* c = lab_->daemon().containerById(s.containerId);
    ctx.containerId = s.containerId;
    if (c) {
        ctx.namespaceId = lab_->daemon().namespaceOf(*c);
        ctx.flavour = c->image.flavour;
    }
    ctx.shellName = s.shell == "sh" ? "sh" : s.shell;
    ctx.cwd = s.cwd;
    return ctx;
}

int Terminal::execute(const std::string& line, const Sink& out, const Sink& err) {
    lab_->beginCommand(line);
    lineAborted_ = false;
    // The container whose shell this is may have stopped meanwhile: the shell is gone with it.
    while (sessions_.size() > 1) {
        const docker::Container* c = lab_->daemon().containerById(sessions_.back().containerId);
        if (c && c->isRunning()) break;
        sessions_.pop_back();
    }
    // Ctrl-P Ctrl-Q (typed as "^P^Q" in a script) detaches from a container's console.
    if (line == "^P^Q" || line == "\x10\x11") {
        if (sessions_.size() > 1 && sessions_.back().mainProcess) {
            sessions_.pop_back();
            out("read escape sequence\n");
        }
        return 0;
    }
    ExecContext ctx = contextFor(sessions_.back());
    Streams io;
    io.sink = out;
    io.err = err;
    io.errIsTerminal = true;
    lineIo_ = &io;
    const int status = runPipelineText(ctx, line, io, lastStatus_);
    lineIo_ = nullptr;
    lastStatus_ = status;
    reportMirrorErrors(io);
    // Before the next prompt: what background programs printed meanwhile, then bash's job notices.
    jobs_.poll(io);
    jobs_.notify(io);
    return status;
}

std::vector<kernel::KernelError> Terminal::releaseMirrorErrors() {
    if (lab_->mirror())
        for (auto& e : lab_->syncMirror())
            heldMirrorErrors_.push_back(std::move(e));
    holdingMirrorErrors_ = false;
    return std::exchange(heldMirrorErrors_, {});
}

void Terminal::reportMirrorErrors(Streams& io) {
    if (!lab_->mirror()) return;
    if (holdingMirrorErrors_) {
        for (auto& e : lab_->syncMirror())
            heldMirrorErrors_.push_back(std::move(e));
        return;
    }
    for (const auto& e : lab_->syncMirror())
        io.error("vethlab: the real kernel refused: " + e.command + ": " + e.message +
                 (e.message.ends_with("\n") ? "" : "\n"));
}

// The tools that run for real on the kernel backend; `cat` only of the files the lab writes.
std::optional<int> Terminal::runReal(const ExecContext& ctx, const std::vector<std::string>& argv,
                                     const std::string& in, Streams& io) {
    static const std::set<std::string> real = {
        "ip",       "ifconfig",      "route",      "arp",  "netstat",  "brctl",  "bridge",
        "iptables", "iptables-save", "ping",       "cat",  "hostname", "getent", "ss",
        "tcpdump",  "nslookup",      "traceroute", "curl", "wget"};
    const std::string prog = baseName(argv[0]);
    if (!realPrograms_ || !real.count(prog)) return std::nullopt;
    if (prog.starts_with("iptables") && !ctx.isHost()) return std::nullopt; // a container is not allowed to
    if (prog == "traceroute" && ctx.isHost()) return std::nullopt;          // the reference host has none
    // cat of the files the lab writes, and in a container of what its programs saved (a bare name).
    if (prog == "cat")
        for (std::size_t i = 1; i < argv.size(); ++i)
            if (argv[i] != "/etc/hosts" && argv[i] != "/etc/resolv.conf" && argv[i] != "/etc/hostname" &&
                argv[i].rfind("/proc/sys/net/", 0) != 0 &&
                (ctx.isHost() || argv[i].empty() || argv[i].find('/') != std::string::npos))
                return std::nullopt;
    reportMirrorErrors(io);
    const docker::Container* c = ctx.isHost() ? nullptr : lab_->daemon().containerById(ctx.containerId);
    RealProgram p;
    p.namespaceId = c ? lab_->daemon().namespaceOf(*c) : kernel::KernelState::kRootNamespace;
    p.argv = argv;
    p.argv[0] = prog;
    // curl behaves otherwise at a terminal (no meter with the body on the screen, its output unbuffered):
    // it gets a pseudo-terminal when both its streams go to the person's. At a terminal with stderr
    // dropped it would not draw its meter either.
    p.terminal = prog == "curl" && ctx.stdoutIsTerminal(io) && io.errIsTerminal;
    // Without a terminal (docker run/exec without -t) both streams still reach the screen in the order
    // they were written (the docker client relays them as they come): two pipes would lose that order.
    p.oneStream = (prog == "curl" || prog == "wget") && !p.terminal && io.sink && io.errIsTerminal;
    if (prog == "curl" && ctx.stdoutIsTerminal(io) && !p.terminal && !curlWritesAFile(argv))
        p.argv.insert(p.argv.begin() + 1, "--no-progress-meter");
    // At a terminal curl prints header names in bold; the console shows plain text, as the simulation.
    if (p.terminal) p.argv.insert(p.argv.begin() + 1, "--no-styled-output");
    p.input = in;
    p.hostname = utsHostname(*lab_, c);
    if (c) p.container = c->shortId();
    p.busybox = ctx.isBusybox();
    const bool counted =
        std::any_of(argv.begin(), argv.end(), [](const std::string& a) { return a.rfind("-c", 0) == 0; });
    // ping and tcpdump without -c run until the person presses Ctrl-C.
    if ((prog == "ping" || prog == "tcpdump") && !counted)
        p.interruptAfterMs = pingInterruptAfter_ * 1000 - 500;
    if (startingJob_ && prog == "tcpdump") return startRealJob(p, io);
    runTwin(ctx, argv, in, io);
    RealOutcome r = realPrograms_(p);
    if (r.chunks.empty()) r.chunks = {{1, r.out}, {2, r.err}};
    // Two pipes lose the order between the streams. curl writing its body to a pipe keeps it in its
    // buffer until it exits, after everything it wrote to stderr (the meter, -v's lines).
    if (prog == "curl" && !ctx.stdoutIsTerminal(io) && !p.oneStream)
        std::stable_partition(r.chunks.begin(), r.chunks.end(), [](const auto& k) { return k.first == 2; });
    r.chunks = joinedChunks(std::move(r.chunks));
    for (auto& chunk : r.chunks)
        chunk.second = drawnOver(chunk.second); // curl's meter, as the screen shows it at the end
    if (p.interruptAfterMs > 0 && echoInterrupt(prog, r.chunks, ctx.tty) && !ctx.tty)
        r.status = 130; // the docker client died of SIGINT
    printChunks(r, io);
    return r.status;
}

// The simulation's twin of a real program runs first, unseen, the mirror paused: the lab's clock, random
// draws, engine and model then move as in the simulation (docker ps's "Up 45 seconds", the next
// container's ID, the rule an `iptables -D` removed), while the real program makes the real change.
void Terminal::runTwin(const ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
                       const Streams& io) {
    const CommandRunner* run = standardCommands().find(baseName(argv[0]));
    if (!run) return;
    Streams quiet;
    if (io.sink) quiet.sink = [](const std::string&) {};
    quiet.err = [](const std::string&) {};
    quiet.errIsTerminal = io.errIsTerminal;
    ExecContext twin = ctx;
    const Wait wait = std::exchange(wait_, {}); // no real-time wait: the real program takes the time
    struct Resume {
        Lab& lab;
        Wait& slot;
        const Wait& wait;
        ~Resume() {
            lab.pauseMirror(false);
            slot = wait;
        }
    } resume{*lab_, wait_, wait};
    lab_->pauseMirror(true);
    (*run)(twin, argv, in, quiet);
}

// `tcpdump ... &` on the kernel: the real tcpdump keeps capturing in the lab while the shell goes on;
// after each command the job's table asks it what it printed meanwhile.
int Terminal::startRealJob(const RealProgram& program, Streams& io) {
    if (!realJobs_.start) {
        io.error("vethlab: this kernel backend cannot keep a program running in the background\n");
        return 1;
    }
    RealProgram p = program;
    p.argv.insert(p.argv.begin() + 1, "-l"); // line-buffered: each packet as it comes, not at exit
    RealJobOutcome r = realJobs_.start(p);
    printChunks(r, io);
    if (r.exited) return r.status;
    const int id = r.job;
    JobTable::Program job;
    // Back on the simulation, the kernel and its programs are gone: so is the job.
    job.poll = [this, id](Streams& out, int& status) {
        if (!realJobs_.collect) return true;
        RealJobOutcome c = realJobs_.collect(id);
        printChunks(c, out);
        status = c.status;
        return c.exited;
    };
    job.terminate = [this, id](Streams& out) {
        if (!realJobs_.stop) return 0;
        RealJobOutcome c = realJobs_.stop(id);
        printChunks(c, out);
        return c.status;
    };
    jobs_.attach(startingJob_, std::move(job));
    return 0;
}

int Terminal::runPipelineText(ExecContext& ctx, const std::string& text, Streams& io, int previousStatus) {
    int lastStatus = previousStatus;
    if (!syntaxCheck(ctx, text, io)) return 2;
    for (const auto& [op, part, background] : splitLists(text)) {
        if (op == "&&" && lastStatus != 0) continue;
        if (op == "||" && lastStatus == 0) continue;
        if (op == "&" && part.find_first_not_of(" \t") == std::string::npos)
            continue; // "cmd &" ends the line
        bool exited = false;
        if (background) {
            // A job: announced, then run; a program that keeps running (tcpdump) attaches to it and
            // returns at once. The shell goes on with status 0.
            const int job = jobs_.start(part, io, ctx.isAsh());
            const int saved = std::exchange(startingJob_, job);
            const int status = runPipeline(ctx, part, lastStatus, io, exited);
            startingJob_ = saved;
            jobs_.commandReturned(job, status);
            lastStatus = 0;
        } else if (auto status = runCompound(ctx, part, io, lastStatus)) {
            lastStatus = *status;
        } else {
            lastStatus = runPipeline(ctx, part, lastStatus, io, exited);
        }
        // Background programs print as the foreground command's traffic reaches them.
        if (&io == lineIo_ && substitutionDepth_ == 0) jobs_.poll(io);
        if (exited || lineAborted_) return lastStatus;
    }
    return lastStatus;
}

int Terminal::runPipeline(ExecContext& ctx, const std::string& text, int previousStatus, Streams& io,
                          bool& exited, const std::string& input) {
    int lastStatus = previousStatus;
    int substituted = -1; // the status of the last $(...), which an assignment alone returns
    Parser parser(
        text,
        [&](const std::string& inner) {
            // bash recurses until its stack runs out; vethlab stops at a depth no script needs.
            constexpr int kMaxSubstitutionDepth = 128;
            if (substitutionTooDeep_ || substitutionDepth_ >= kMaxSubstitutionDepth) {
                substitutionTooDeep_ = true;
                return std::string();
            }
            Streams sub;
            sub.err = io.err;
            ++substitutionDepth_;
            substituted = runPipelineText(ctx, inner, sub, lastStatus); // $? inside is the one outside
            --substitutionDepth_;
            return sub.out;
        },
        [&](const std::string& name) { return variableValue(ctx, name, lastStatus); });
    std::string error;
    auto commands = parser.parse(error);
    if (substitutionTooDeep_) {
        if (substitutionDepth_ == 0) {
            io.error(ctx.shellName + ": command substitution nested too deeply\n");
            substitutionTooDeep_ = false;
        }
        exited = substitutionDepth_ > 0; // unwinds the inner levels without running anything
        return 2;
    }
    if (!commands) {
        io.error(ctx.shellName + ": " + error + "\n");
        return 2;
    }
    std::string carried = input; // what the command before wrote into the pipe
    for (std::size_t i = 0; i < commands->size(); ++i) {
        const auto& cmd = (*commands)[i];
        const bool last = i + 1 == commands->size();
        Streams stage;
        if (last && !cmd.dropOut) stage.sink = io.sink;
        if (cmd.dropErr)
            stage.err = [](const std::string&) {};
        else if (cmd.errToOut)
            stage.err = [&](const std::string& s) { stage.print(s); };
        else
            stage.err = io.err;
        stage.errIsTerminal =
            !cmd.dropErr && (cmd.errToOut ? static_cast<bool>(stage.sink) : io.errIsTerminal);
        if (cmd.argv.empty()) {
            lastStatus = assign(ctx, cmd, substituted < 0 ? 0 : substituted);
            continue;
        }
        if (cmd.argv[0] == "exit") return runExit(ctx, cmd.argv, lastStatus, stage, io, exited);
        lastStatus = runSimple(ctx, cmd.argv, carried, stage);
        carried = last ? std::string() : stage.out;
        if (last && !cmd.dropOut && !stage.sink) io.print(stage.out);
    }
    return lastStatus;
}

// `exit [N]` ends the shell it is typed in: a container's shell (and the container, when the shell is
// its main process), `sh -c`, or the host's login shell. It always ends the pipeline.
int Terminal::runExit(const ExecContext& ctx, const std::vector<std::string>& argv, int lastStatus,
                      Streams& stage, Streams& io, bool& exited) {
    int code = lastStatus;
    if (argv.size() > 1) {
        const std::string& a = argv[1];
        const std::size_t digits = !a.empty() && a[0] == '-' ? 1 : 0;
        const bool numeric = a.size() > digits && // "exit -" has no digits
                             a.find_first_not_of("0123456789", digits) == std::string::npos && a.size() < 12;
        const bool ash = ctx.isAsh();
        if (ash && (!numeric || a[0] == '-')) {
            // busybox ash's number(): digits only; the error aborts the command, not the shell.
            stage.error("sh: exit: Illegal number: " + a + "\n");
            return 2;
        }
        if (numeric) {
            code = static_cast<int>(std::stol(a) & 255);
        } else {
            stage.error(ctx.shellName + ": exit: " + a + ": numeric argument required\n");
            code = 2;
        }
    }
    exited = true;
    if (sessions_.size() > 1 && ctx.containerId == sessions_.back().containerId) {
        Session s = sessions_.back();
        sessions_.pop_back();
        if (s.shell == "bash") io.print("exit\n");
        if (s.mainProcess) {
            auto hctx = lab_->context();
            lab_->daemon().processExited(hctx, s.containerId, code);
        }
        return code;
    }
    if (ctx.isHost() && sessions_.size() == 1) {
        finished_ = true;
        io.print("logout\n");
    }
    return code; // exit inside sh -c
}

int Terminal::runScript(ExecContext& ctx, const std::string& script, Streams& io) {
    return runPipelineText(ctx, script, io);
}

int Terminal::runInContainer(const std::string& containerId, const std::vector<std::string>& argv,
                             Streams& io, bool tty, const std::string& workdir) {
    const docker::Container* c = lab_->daemon().containerById(containerId);
    if (!c || argv.empty()) return 1;
    // runc chdirs to the process's cwd before it looks the program up (daemon/exec.go: -w, else the
    // image's WorkingDir, else "/").
    const std::string cwd = !workdir.empty() ? workdir : c->image.workdir.empty() ? "/" : c->image.workdir;
    if (!docker::imageHasDirectory(c->image, cwd)) {
        io.error("OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"" +
                 cwd + "\") set in config.json failed: no such file or directory: unknown\n");
        return 126;
    }
    Session s{containerId, "sh", std::make_shared<std::string>(cwd), false};
    ExecContext ctx = contextFor(s);
    ctx.tty = tty;
    ctx.execTerminal = tty;
    const std::string prog = baseName(argv[0]);
    // The official images' /docker-entrypoint.sh ends in `exec "$@"`: its arguments are what runs.
    if (prog == "docker-entrypoint.sh" && argv.size() > 1)
        return runInContainer(containerId, {argv.begin() + 1, argv.end()}, io, tty, workdir);
    // cd, export, unset, exit, jobs and wait are shell builtins: no image has them as programs.
    const bool builtinOnly =
        prog == "cd" || prog == "export" || prog == "unset" || prog == "exit" || prog == "jobs" ||
        prog == "wait" ||
        (prog == "kill" && !ctx.isBusybox()); // busybox has a kill applet; the others, a shell builtin
    if ((!c->image.hasTool(prog) && !kAlwaysThere.count(prog)) || builtinOnly) {
        io.error("OCI runtime exec failed: exec failed: unable to start container process: exec: \"" +
                 argv[0] + "\": executable file not found in $PATH: unknown\n");
        return 126;
    }
    if (isShellProgram(prog) && argv.size() >= 3 && argv[1] == "-c") {
        ctx.shellName = prog;
        ctx.interactive = false;
        return runScript(ctx, argv[2], io);
    }
    return runSimple(ctx, argv, "", io);
}

int Terminal::runSimple(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
                        Streams& io) {
    const std::string& name = argv[0];
    const std::string prog = baseName(name);
    const docker::Container* c = ctx.isHost() ? nullptr : lab_->daemon().containerById(ctx.containerId);
    auto notFound = [&] { return commandNotFound(ctx, name, io); };
    if (c && !c->image.hasTool(prog) && !kAlwaysThere.count(prog)) return notFound();
    if (!c && prog == "brctl" && !lab_->settings().hostHasBrctl) return notFound();

    if (prog == "docker") {
        if (c) return notFound();
        if (lab_->mirror() && rebuildMirror_) return runDockerOnKernel(*this, argv, io);
        return runDocker(*this, argv, io);
    }
    if (auto status = runReal(ctx, argv, in, io)) return *status;
    if (const CommandRunner* run = standardCommands().find(prog)) return (*run)(ctx, argv, in, io);
    if (kEngineCommands.count(prog)) return runMissingTool(prog, io);
    return notFound();
}

} // namespace vethlab::shell
