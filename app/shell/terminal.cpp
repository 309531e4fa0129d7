#include "terminal.h"

#include <algorithm>
#include <set>

#include "docker_cli.h"
#include "http_tools.h"
#include "kernel_rollback.h"
#include "net_tools.h"
#include "ping.h"
#include "resolver.h"
#include "text_tools.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

struct SimpleCommand {
    std::vector<std::string> argv;
    bool dropOut = false, dropErr = false, errToOut = false;
};

// Commands that need the packet engine: they exist in the images, but vethlab does not move packets yet.
const std::set<std::string> kEngineCommands = {"ping", "curl",       "wget",   "nslookup", "getent",
                                               "dig",  "traceroute", "nc",     "arp",      "tcpdump",
                                               "ss",   "netstat",    "telnet", "host"};
// Shell built-ins and the coreutils every image has.
const std::set<std::string> kAlwaysThere = {"echo",   "true",  "false", "exit", "cd",       "pwd",
                                            "export", "clear", "cat",   "env",  "hostname", "sleep",
                                            "ls",     "grep",  "head",  "tail", "wc",       "sort"};

class Parser {
public:
    Parser(const std::string& text, std::function<std::string(const std::string&)> substitute,
           std::function<std::string(const std::string&)> variable)
        : s_(text), substitute_(std::move(substitute)), variable_(std::move(variable)) {}

    /// One pipeline (the line is already split at ;, && and ||): its commands, in order.
    std::optional<std::vector<SimpleCommand>> parse(std::string& error) {
        std::vector<SimpleCommand> out;
        SimpleCommand cmd;
        std::string word;
        bool inWord = false;
        auto endWord = [&] {
            if (inWord) cmd.argv.push_back(word);
            word.clear();
            inWord = false;
        };
        auto endCommand = [&] {
            endWord();
            if (!cmd.argv.empty()) out.push_back(cmd);
            cmd = SimpleCommand{};
        };
        std::size_t i = 0;
        while (i < s_.size()) {
            char c = s_[i];
            if (c == '#' && !inWord) break;
            if (c == ' ' || c == '\t') {
                endWord();
                ++i;
                continue;
            }
            if (c == '\'') {
                auto close = s_.find('\'', i + 1);
                if (close == std::string::npos) {
                    error = "unexpected EOF while looking for matching `''";
                    return std::nullopt;
                }
                word += s_.substr(i + 1, close - i - 1);
                inWord = true;
                i = close + 1;
                continue;
            }
            if (c == '"') {
                ++i;
                inWord = true;
                while (i < s_.size() && s_[i] != '"') {
                    if (s_[i] == '\\' && i + 1 < s_.size() &&
                        std::string("\"\\$`").find(s_[i + 1]) != std::string::npos) {
                        word += s_[i + 1];
                        i += 2;
                    } else if (s_[i] == '$') {
                        word += dollar(i);
                    } else {
                        word += s_[i++];
                    }
                }
                if (i >= s_.size()) {
                    error = "unexpected EOF while looking for matching `\"'";
                    return std::nullopt;
                }
                ++i;
                continue;
            }
            if (c == '\\' && i + 1 < s_.size()) {
                word += s_[i + 1];
                inWord = true;
                i += 2;
                continue;
            }
            if (c == '$') {
                std::string value = dollar(i);
                // Unquoted: the result is split into words.
                std::string part;
                for (char v : value) {
                    if (v == ' ' || v == '\n' || v == '\t') {
                        if (!part.empty() || inWord) {
                            word += part;
                            endWord();
                        }
                        part.clear();
                    } else {
                        part += v;
                    }
                }
                if (!part.empty()) {
                    word += part;
                    inWord = true;
                }
                continue;
            }
            if (c == '|' || c == '&') { // a pipe; a lone & (background) ends the command too
                endCommand();
                ++i;
                continue;
            }
            if (c == '>' || ((c == '2' || c == '1') && !inWord && i + 1 < s_.size() && s_[i + 1] == '>')) {
                bool err = c == '2';
                if (c != '>') ++i;
                ++i; // past '>'
                if (i < s_.size() && s_[i] == '&') {
                    std::string target;
                    ++i;
                    while (i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i])))
                        target += s_[i++];
                    if (err && target == "1") cmd.errToOut = true;
                    continue;
                }
                while (i < s_.size() && s_[i] == ' ')
                    ++i;
                std::string target;
                while (i < s_.size() && s_[i] != ' ' && s_[i] != ';' && s_[i] != '|' && s_[i] != '&')
                    target += s_[i++];
                if (target != "/dev/null") {
                    error = "vethlab: redirection to files is not supported (only /dev/null)";
                    return std::nullopt;
                }
                (err ? cmd.dropErr : cmd.dropOut) = true;
                continue;
            }
            word += c;
            inWord = true;
            ++i;
        }
        if (!error_.empty()) {
            error = error_;
            return std::nullopt;
        }
        endCommand();
        return out;
    }

private:
    std::string dollar(std::size_t& i) {
        if (i + 1 < s_.size() && s_[i + 1] == '(') {
            int depth = 1;
            std::size_t j = i + 2;
            while (j < s_.size() && depth) {
                if (s_[j] == '(') ++depth;
                if (s_[j] == ')') --depth;
                ++j;
            }
            if (depth) { // never substitute an unclosed $(: each level would re-copy the rest of the line
                error_ = "unexpected EOF while looking for matching `)'";
                i = s_.size();
                return {};
            }
            std::string inner = s_.substr(i + 2, j - i - 3);
            i = j;
            std::string out = substitute_(inner);
            while (!out.empty() && out.back() == '\n')
                out.pop_back();
            return out;
        }
        std::size_t j = i + 1;
        bool braced = j < s_.size() && s_[j] == '{';
        if (braced) ++j;
        std::string name;
        while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_' ||
                                 (name.empty() && s_[j] == '?'))) {
            name += s_[j++];
            if (name == "?") break;
        }
        if (braced && j < s_.size() && s_[j] == '}') ++j;
        if (name.empty()) {
            ++i;
            return "$";
        }
        i = j;
        return variable_(name);
    }

    std::string s_;
    std::string error_; // set by dollar(): a syntax error found inside $(...)
    std::function<std::string(const std::string&)> substitute_;
    std::function<std::string(const std::string&)> variable_;
};

// Splits a command line at ;, && and || outside quotes and $(...), so each part is expanded only
// when it runs ($? and $(...) see the effects of the parts before).
std::vector<std::pair<std::string, std::string>> splitLists(const std::string& s) {
    std::vector<std::pair<std::string, std::string>> parts;
    std::string op, cur;
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quote) {
            if (c == '\\' && quote == '"' && i + 1 < s.size()) {
                cur += c;
                cur += s[++i];
                continue;
            }
            if (c == quote) quote = 0;
            cur += c;
            continue;
        }
        if (c == '\\' && i + 1 < s.size()) {
            cur += c;
            cur += s[++i];
            continue;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '$' && i + 1 < s.size() && s[i + 1] == '(') {
            ++depth;
            cur += "$(";
            ++i;
            continue;
        } else if (c == ')' && depth > 0)
            --depth;
        else if (c == '#' && depth == 0 && (cur.empty() || cur.back() == ' '))
            break;
        else if (depth == 0 && (c == ';' || (c == '&' && i + 1 < s.size() && s[i + 1] == '&') ||
                                (c == '|' && i + 1 < s.size() && s[i + 1] == '|'))) {
            parts.push_back({op, cur});
            op = c == ';' ? ";" : std::string(2, c);
            if (c != ';') ++i;
            cur.clear();
            continue;
        }
        cur += c;
    }
    parts.push_back({op, cur});
    return parts;
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
            if (c->isRunning() && lab_->daemon().namespaceOf(*c) == ns && c->networkModeKind() != "container")
                asker = c;
        if (!asker) return std::nullopt;
        sim::Resolver records(*lab_, asker->id);
        sim::DnsMessage a = q;
        a.response = true;
        if (q.type == 12) {
            // d.c.b.a.in-addr.arpa
            unsigned o[4];
            if (std::sscanf(q.name.c_str(), "%u.%u.%u.%u.in-addr.arpa", &o[3], &o[2], &o[1], &o[0]) != 4)
                return std::nullopt;
            auto name = records.recordFor(Ipv4{(o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]});
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
        return a; // AAAA for a known name: an empty NOERROR answer
    });
    sessions_.push_back(Session{"", "bash", "/root", false});
}

std::string Terminal::prompt() const {
    const Session& s = sessions_.back();
    if (s.containerId.empty()) return lab_->settings().prompt;
    const docker::Container* c = lab_->daemon().containerById(s.containerId);
    if (!c) return "# ";
    std::string hostname = c->hostname();
    if (c->networkModeKind() == "host") hostname = lab_->settings().hostname;
    if (c->networkModeKind() == "container")
        if (const docker::Container* owner = lab_->daemon().containerById(c->joinedTo))
            hostname = owner->hostname();
    return promptFor(s.shell, hostname, s.cwd);
}

ExecContext Terminal::contextFor(const Session& s) {
    ExecContext ctx;
    ctx.lab = lab_;
    if (s.containerId.empty()) {
        ctx.namespaceId = kernel::KernelState::kRootNamespace;
        ctx.shellName = lab_->settings().hostShell;
        return ctx;
    }
    const docker::Container* c = lab_->daemon().containerById(s.containerId);
    ctx.containerId = s.containerId;
    if (c) {
        ctx.namespaceId = lab_->daemon().namespaceOf(*c);
        ctx.flavour = c->image.flavour;
    }
    ctx.shellName = s.shell == "sh" ? "sh" : s.shell;
    return ctx;
}

int Terminal::execute(const std::string& line, const Sink& out, const Sink& err) {
    lab_->beginCommand(line);
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
    const int status = runPipelineText(ctx, line, io);
    reportMirrorErrors(io);
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
        "ip",  "ifconfig", "route",  "arp", "netstat", "brctl",    "bridge",     "iptables", "ping",
        "cat", "hostname", "getent", "ss",  "tcpdump", "nslookup", "traceroute", "curl",     "wget"};
    const std::string prog = argv[0].substr(argv[0].rfind('/') + 1);
    if (!realPrograms_ || !real.count(prog)) return std::nullopt;
    if (prog == "iptables" && !ctx.isHost()) return std::nullopt; // a container is not allowed to
    if (prog == "cat")
        for (std::size_t i = 1; i < argv.size(); ++i)
            if (argv[i] != "/etc/hosts" && argv[i] != "/etc/resolv.conf" && argv[i] != "/etc/hostname" &&
                argv[i].rfind("/proc/sys/net/", 0) != 0)
                return std::nullopt;
    reportMirrorErrors(io);
    const docker::Container* c = ctx.isHost() ? nullptr : lab_->daemon().containerById(ctx.containerId);
    RealProgram p;
    p.namespaceId = c ? lab_->daemon().namespaceOf(*c) : kernel::KernelState::kRootNamespace;
    p.argv = argv;
    p.argv[0] = prog;
    // The simulation's curl draws no progress meter (as at a terminal); the real one, writing to a pipe
    // here, would. Both then show what a person at the terminal sees.
    if (prog == "curl") p.argv.insert(p.argv.begin() + 1, "--no-progress-meter");
    p.input = in;
    p.hostname = c ? c->hostname() : lab_->settings().hostname;
    p.busybox = ctx.flavour == docker::Flavour::Busybox || ctx.flavour == docker::Flavour::BusyboxDebian;
    const bool counted =
        std::any_of(argv.begin(), argv.end(), [](const std::string& a) { return a.rfind("-c", 0) == 0; });
    if (prog == "ping" && !counted) p.interruptAfterMs = pingInterruptAfter_ * 1000 - 500;
    RealOutcome r = realPrograms_(p);
    if (r.chunks.empty()) r.chunks = {{1, r.out}, {2, r.err}};
    // The terminal echoes the Ctrl-C the person pressed, before ping's statistics.
    bool echoed = !(p.interruptAfterMs > 0 && ctx.tty);
    for (auto& [stream, text] : r.chunks) {
        if (auto stats = text.find("\n--- "); !echoed && stream == 1 && stats != std::string::npos) {
            text.insert(stats + 1, "^C\n");
            echoed = true;
        }
        if (!text.empty()) stream == 1 ? io.print(text) : io.error(text);
    }
    return r.status;
}

int Terminal::runPipelineText(ExecContext& ctx, const std::string& text, Streams& io) {
    int lastStatus = 0;
    for (const auto& [op, part] : splitLists(text)) {
        if (op == "&&" && lastStatus != 0) continue;
        if (op == "||" && lastStatus == 0) continue;
        bool exited = false;
        lastStatus = runPipeline(ctx, part, lastStatus, io, exited);
        if (exited) return lastStatus;
    }
    return lastStatus;
}

int Terminal::runPipeline(ExecContext& ctx, const std::string& text, int previousStatus, Streams& io,
                          bool& exited) {
    int lastStatus = previousStatus;
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
            runPipelineText(ctx, inner, sub);
            --substitutionDepth_;
            return sub.out;
        },
        [&](const std::string& name) -> std::string {
            if (name == "?") return std::to_string(lastStatus);
            if (!ctx.isHost())
                if (const docker::Container* c = lab_->daemon().containerById(ctx.containerId))
                    for (const auto& e : c->env)
                        if (e.rfind(name + "=", 0) == 0) return e.substr(name.size() + 1);
            if (name == "HOSTNAME" && ctx.isHost()) return lab_->settings().hostname;
            if (name == "HOME") return "/root";
            return "";
        });
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
    {
        std::string carried;
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
            if (cmd.argv[0] == "exit") {
                int code = lastStatus;
                if (cmd.argv.size() > 1) {
                    const std::string& a = cmd.argv[1];
                    const std::size_t digits = !a.empty() && a[0] == '-' ? 1 : 0;
                    bool numeric = a.size() > digits && // "exit -" has no digits
                                   a.find_first_not_of("0123456789", digits) == std::string::npos &&
                                   a.size() < 12;
                    const docker::Container* c =
                        ctx.isHost() ? nullptr : lab_->daemon().containerById(ctx.containerId);
                    const bool ash = c && ctx.shellName == "sh" &&
                                     (c->image.flavour == docker::Flavour::Busybox ||
                                      c->image.flavour == docker::Flavour::BusyboxDebian);
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
                if (sessions_.size() > 1 && ctx.containerId == sessions_.back().containerId) {
                    Session s = sessions_.back();
                    sessions_.pop_back();
                    if (s.shell == "bash") io.print("exit\n");
                    if (s.mainProcess) {
                        auto hctx = lab_->context();
                        lab_->daemon().processExited(hctx, s.containerId, code);
                    }
                    exited = true;
                    return code;
                }
                if (ctx.isHost() && sessions_.size() == 1) {
                    finished_ = true;
                    io.print("logout\n");
                }
                exited = true;
                return code; // exit inside sh -c
            }
            lastStatus = runSimple(ctx, cmd.argv, carried, stage);
            carried = last ? std::string() : stage.out;
            if (last && cmd.dropOut) {
            } else if (last && !stage.sink) {
                io.print(stage.out);
            }
        }
    }
    return lastStatus;
}

int Terminal::runScript(ExecContext& ctx, const std::string& script, Streams& io) {
    return runPipelineText(ctx, script, io);
}

int Terminal::runInContainer(const std::string& containerId, const std::vector<std::string>& argv,
                             Streams& io, bool tty) {
    const docker::Container* c = lab_->daemon().containerById(containerId);
    if (!c || argv.empty()) return 1;
    Session s{containerId, "sh", c->image.workdir.empty() ? "/" : c->image.workdir, false};
    ExecContext ctx = contextFor(s);
    ctx.tty = tty;
    std::string prog = argv[0].substr(argv[0].rfind('/') + 1);
    // The official images' /docker-entrypoint.sh ends in `exec "$@"`: its arguments are what runs.
    if (prog == "docker-entrypoint.sh" && argv.size() > 1)
        return runInContainer(containerId, {argv.begin() + 1, argv.end()}, io, tty);
    if (!c->image.hasTool(prog) && !kAlwaysThere.count(prog)) {
        io.error("OCI runtime exec failed: exec failed: unable to start container process: exec: \"" +
                 argv[0] + "\": executable file not found in $PATH: unknown\n");
        return 126;
    }
    if ((prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh") && argv.size() >= 3 &&
        argv[1] == "-c") {
        ctx.shellName = prog;
        return runScript(ctx, argv[2], io);
    }
    return runSimple(ctx, argv, "", io);
}

int Terminal::runSimple(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
                        Streams& io) {
    const std::string& name = argv[0];
    const std::string prog = name.substr(name.rfind('/') + 1);
    const docker::Container* c = ctx.isHost() ? nullptr : lab_->daemon().containerById(ctx.containerId);
    auto notFound = [&] {
        if (ctx.shellName == "zsh")
            io.error("zsh: command not found: " + name + "\n");
        else if (ctx.shellName == "sh" || ctx.shellName == "/bin/sh")
            io.error(ctx.shellName + ": " + name + ": not found\n");
        else
            io.error(ctx.shellName + ": " + name + ": command not found\n");
        return 127;
    };
    if (c && !c->image.hasTool(prog) && !kAlwaysThere.count(prog)) return notFound();
    if (!c && prog == "brctl" && !lab_->settings().hostHasBrctl) return notFound();

    if (prog == "docker") {
        if (c) return notFound();
        if (lab_->mirror() && rebuildMirror_) return runDockerOnKernel(*this, argv, io);
        return runDocker(*this, argv, io);
    }
    if (auto status = runReal(ctx, argv, in, io)) return *status;
    if (prog == "ip") return runIp(ctx, argv, io);
    if (prog == "ifconfig") return runIfconfig(ctx, argv, io);
    if (prog == "route") return runRoute(ctx, argv, io);
    if (prog == "brctl") return runBrctl(ctx, argv, io);
    if (prog == "bridge") return runBridge(ctx, argv, io);
    if (prog == "iptables") {
        if (c) {
            io.error("iptables v1.8.7 (legacy): can't initialize iptables table `filter': Permission denied "
                     "(you must be root)\n"
                     "Perhaps iptables or your kernel needs to be upgraded.\n");
            return 3;
        }
        return runIptables(ctx, argv, io);
    }
    if (prog == "grep") return runGrep(argv, in, io);
    if (prog == "head") return runHeadTail(argv, in, io, true);
    if (prog == "tail") return runHeadTail(argv, in, io, false);
    if (prog == "wc") return runWc(argv, in, io);
    if (prog == "sort") return runSort(argv, in, io);
    if (prog == "echo") return runEcho(argv, io);
    if (prog == "true") return 0;
    if (prog == "false") return 1;
    if (prog == "clear") return 0;
    if (prog == "pwd") {
        io.print(sessions_.back().cwd + "\n");
        return 0;
    }
    if (prog == "cd") {
        if (argv.size() > 1) sessions_.back().cwd = argv[1];
        return 0;
    }
    if (prog == "sleep") {
        if (argv.size() < 2) {
            io.error("sleep: missing operand\nTry 'sleep --help' for more information.\n");
            return 1;
        }
        auto seconds = parseSleepSeconds(argv[1]);
        if (!seconds) {
            io.error("sleep: invalid time interval '" + argv[1] +
                     "'\nTry 'sleep --help' for more information.\n");
            return 1;
        }
        // Nobody waits out `sleep inf` or `sleep 1e300`: the person presses Ctrl-C, as for ping.
        constexpr Nanos kPatience = 30LL * 24 * 3600 * kSecond;
        const Nanos duration = secondsToNanos(*seconds, kPatience);
        if (duration >= kPatience) {
            lab_->advance(pingInterruptAfter_ * kSecond);
            io.print("^C\n");
            return 130;
        }
        lab_->advance(duration);
        return 0;
    }
    if (prog == "cat") {
        if (argv.size() == 1) {
            io.print(in);
            return 0;
        }
        int status = 0;
        for (std::size_t i = 1; i < argv.size(); ++i) {
            const std::string& path = argv[i];
            std::optional<std::string> content;
            const kernel::NetworkNamespace* ns = lab_->kernel().find(ctx.namespaceId);
            if (path.rfind("/proc/sys/net/ipv6/conf/", 0) == 0 && path.ends_with("/disable_ipv6") && ns)
                content = ns->ipv6Disabled ? "1\n" : "0\n";
            else if (path == "/proc/sys/net/ipv4/ip_forward" && ns)
                content = ns->ipForward ? "1\n" : "0\n";
            else if (c && c->networkModeKind() != "host")
                content = lab_->daemon().containerFile(lab_->context(), *c, path);
            else if (ns) {
                auto it = ns->files.find(path);
                if (it != ns->files.end()) content = it->second;
            }
            if (!content) {
                io.error("cat: " + path + ": No such file or directory\n");
                status = 1;
                continue;
            }
            io.print(*content);
        }
        return status;
    }
    if (prog == "hostname") {
        std::string h = lab_->settings().hostname;
        if (c) {
            if (c->networkModeKind() == "container") {
                if (const docker::Container* owner = lab_->daemon().containerById(c->joinedTo))
                    h = owner->hostname();
            } else if (c->networkModeKind() != "host") {
                h = c->hostname();
            }
        }
        if (argv.size() > 1 && (argv[1] == "-i" || argv[1] == "-I")) {
            const kernel::NetworkNamespace* ns = lab_->kernel().find(ctx.namespaceId);
            std::string ips;
            if (ns)
                for (const auto& l : ns->links)
                    if (l.kind != kernel::LinkKind::Loopback)
                        for (const auto& a : l.ipv4)
                            ips += a.prefix.addr.str() + " ";
            if (argv[1] == "-i" && !ips.empty()) ips.pop_back();
            io.print(ips + "\n");
            return 0;
        }
        io.print(h + "\n");
        return 0;
    }
    if (prog == "env" || prog == "printenv") {
        std::string out;
        if (c) {
            bool hasHome = false;
            for (const auto& e : c->env) {
                out += e + "\n";
                if (e.rfind("HOME=", 0) == 0) hasHome = true;
            }
            if (!hasHome) out += "HOME=/root\n";
        } else {
            out = "SHELL=/bin/bash\nPWD=/root\nLOGNAME=root\nHOME=/root\nUSER=root\nHOSTNAME=" +
                  lab_->settings().hostname +
                  "\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n";
        }
        io.print(out);
        return 0;
    }
    if (prog == "ls") {
        io.error(
            "vethlab: ls: the container's file system is not simulated; only /etc/hosts, /etc/resolv.conf, "
            "/etc/hostname and /proc/sys/net are\n");
        return 1;
    }
    if (prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh") {
        if (argv.size() >= 3 && argv[1] == "-c") {
            ExecContext inner = ctx;
            inner.shellName = prog;
            return runScript(inner, argv[2], io);
        }
        return 0;
    }
    if (prog == "ping") {
        engine_->syncTo(lab_->now());
        sim::Resolver resolver(*lab_, ctx.containerId, engine_.get());
        auto flavour = c && (c->image.flavour == docker::Flavour::Busybox ||
                             c->image.flavour == docker::Flavour::BusyboxDebian)
                           ? sim::PingFlavour::Busybox
                           : sim::PingFlavour::Iputils;
        auto run = sim::runPing(*engine_, *lab_, ctx.namespaceId, resolver, flavour, argv,
                                pingInterruptAfter_, ctx.tty);
        io.print(run.out);
        if (!run.err.empty()) io.error(run.err);
        lab_->advance(std::max<Nanos>(0, engine_->now() - lab_->now()));
        if (run.duration > 0 && lab_->now() < engine_->now()) lab_->advance(engine_->now() - lab_->now());
        return run.status;
    }
    if (prog == "curl" || prog == "wget") {
        engine_->syncTo(lab_->now());
        sim::Resolver resolver(*lab_, ctx.containerId, engine_.get());
        const int status = prog == "curl" ? runCurl(*engine_, resolver, ctx, argv, io)
                                          : runWget(*engine_, resolver, ctx, argv, io);
        lab_->advance(std::max<Nanos>(0, engine_->now() - lab_->now()));
        return status;
    }
    if (prog == "getent") {
        if (argv.size() < 3 || (argv[1] != "hosts" && argv[1] != "ahostsv4")) {
            io.error("Unknown database: " + (argv.size() > 1 ? argv[1] : std::string()) + "\n");
            return 1;
        }
        sim::Resolver resolver(*lab_, ctx.containerId, engine_.get());
        int status = 0;
        for (std::size_t i = 2; i < argv.size(); ++i) {
            auto pad = [](const std::string& ip) {
                return ip + std::string(ip.size() < 15 ? 15 - ip.size() : 0, ' ') + " ";
            };
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
                if (argv[1] == "hosts") {
                    io.print(pad(found[k].address.str()) + found[k].canonical + "\n");
                } else {
                    io.print(pad(found[k].address.str()) + "STREAM " + (k == 0 ? found[k].canonical : "") +
                             "\n");
                    io.print(pad(found[k].address.str()) + "DGRAM  \n");
                    io.print(pad(found[k].address.str()) + "RAW    \n");
                }
            }
        }
        return status;
    }
    if (prog == "nslookup" && c &&
        (c->image.flavour == docker::Flavour::Busybox ||
         c->image.flavour == docker::Flavour::BusyboxDebian)) {
        // busybox nslookup: A and AAAA at once (PTR for an address), each answer printed as it arrives.
        if (argv.size() < 2) {
            io.error("BusyBox v1.35.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST "
                     "[DNS_SERVER]\n");
            return 1;
        }
        engine_->syncTo(lab_->now());
        const std::string host = argv[1];
        std::string resolv;
        if (const auto* ns = lab_->kernel().find(ctx.namespaceId))
            if (auto it = ns->files.find("/etc/resolv.conf"); it != ns->files.end()) resolv = it->second;
        std::optional<Ipv4> server;
        for (const auto& line : splitLines(resolv))
            if (line.rfind("nameserver ", 0) == 0 && !server) server = Ipv4::parse(trim(line.substr(11)));
        if (!server) return 1;
        std::vector<std::pair<std::string, std::uint16_t>> questions;
        if (auto ip = Ipv4::parse(host))
            questions.push_back({std::to_string(ip->octet(3)) + "." + std::to_string(ip->octet(2)) + "." +
                                     std::to_string(ip->octet(1)) + "." + std::to_string(ip->octet(0)) +
                                     ".in-addr.arpa",
                                 12});
        else
            questions = {{host, 1}, {host, 28}};
        auto answers = engine_->queryDnsTogether(ctx.namespaceId, *server, questions);
        lab_->advance(std::max<Nanos>(0, engine_->now() - lab_->now()));
        std::string out = "Server:\t\t" + server->str() + "\nAddress:\t" + server->str() + ":53\n\n";
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
    if (kEngineCommands.count(prog)) {
        io.error("vethlab: " + prog + " needs the packet engine, which this version does not have yet\n");
        return 127;
    }
    if (c) return notFound();
    return notFound();
}

} // namespace vethlab::shell
