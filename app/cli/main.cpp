// vethlab-cli: the lab without a window. `shell` is an interactive terminal (or reads a script from
// stdin); `run FILE` prints the transcript of a script: prompt, command, output.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "backend_commands.h"
#include "kernel/kernel_op.h"
#include "lab.h"
#include "lesson_finder.h"
#include "lesson_session.h"
#include "pcapng.h"
#include "player.h"
#include "scenario.h"
#include "terminal.h"

namespace {

volatile std::sig_atomic_t gInterrupted = 0;
void onInterrupt(int) {
    gInterrupted = 1;
}

const char* kUsage =
    "Usage: vethlab-cli COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  shell             an interactive terminal on a simulated Docker host (reads a script\n"
    "                    from standard input when it is not a terminal)\n"
    "  run FILE          replays FILE, a script typed line by line, and prints the transcript\n"
    "  play SCENARIO     plays a scenario (.md, or an installed lesson's name such as tour):\n"
    "                    narration and transcript, step by step\n"
    "  check [FILE|DIR]  checks scenarios: every expected output and check; exit 1 on a difference\n"
    "                    (default: ./scenarios, else the installed lessons)\n"
    "  export SCENARIO   writes the lesson's topology: --format svg|png|pdf|dot|graphml|drawio|mermaid\n"
    "                    -o FILE [--step N] (after N steps, at most the lesson's; default: all)\n"
    "  diff FILE         runs a lesson (.md) or a script on the simulation and on the real kernel\n"
    "                    and prints every difference (outputs, then the kernel state object by\n"
    "                    object); exit 1 when there is one\n"
    "                    (--known FILE: understood differences, listed and not counted)\n"
    "  kernel clean      removes every namespace and file a vethlab lab left behind (needs root)\n"
    "\n"
    "Options:\n"
    "  --backend B       sim (default) or kernel: the same lab built for real in network namespaces\n"
    "                    of its own by vethlab-kerneld (root or sudo), its tools run for real\n"
    "  --seed N          seed for everything random (IDs, veth names, MACs); default 1\n"
    "  --lab PRESET      the host: seed (the article's CentOS host, default), facts, default\n"
    "  --set KEY=VALUE   a lab setting (hostname, prompt, host_address, resolv_conf, ...)\n"
    "  --exit-status     after each command print \"[exit N]\", as the reference transcript does\n"
    "  --trace           after each command, print the engine's events (frames sent, received,\n"
    "                    dropped and why) to standard error\n"
    "  --ops             after each command, print what Docker did in the kernel, as ip/iptables\n"
    "                    commands, to standard error\n"
    "  --pcap FILE       write every frame the engine moved to FILE (pcapng, one interface per link)\n"
    "  --lang en|zh_CN   play: the narration's language (default en)\n"
    "  --version         print vethlab-cli's version\n"
    "  --step            play: wait for Enter between steps (b: back, q: quit, .: the next step one\n"
    "                    engine event at a time, with , to go back an event)\n";

struct Options {
    std::string command;
    std::string file;
    std::uint64_t seed = 1;
    bool seedGiven = false;
    std::string preset = "seed";
    std::vector<std::string> settings;
    bool exitStatus = false;
    bool trace = false;
    bool ops = false;
    std::string pcap;
    std::string lang = "en";
    bool step = false;
    int steps = -1;
    std::string format, output;
    std::string backend = "sim";
};

std::optional<vethlab::scenario::Scenario> loadScenario(const std::string& pathOrName) {
    // A path, or a lesson's name ("tour") looked up where the lessons are installed.
    const auto found = vethlab::scenario::findLesson(pathOrName);
    const std::string path = found ? found->string() : pathOrName;
    std::ifstream f(path);
    if (!f) {
        std::cerr << "vethlab-cli: " << path << ": " << std::strerror(errno) << "\n";
        return std::nullopt;
    }
    std::stringstream text;
    text << f.rdbuf();
    std::string error;
    auto s = vethlab::scenario::parseScenario(text.str(), path, error);
    if (!s) std::cerr << error << "\n";
    return s;
}

// `check` without a target: ./scenarios, else the installed lessons.
std::string defaultLessonDirectory() {
    if (std::filesystem::is_directory("scenarios")) return "scenarios";
    for (const auto& dir : vethlab::scenario::lessonDirectories())
        if (std::filesystem::is_directory(dir)) return dir.string();
    return "scenarios";
}

int checkCommand(const std::string& target, const vethlab::scenario::LabHook& hook) {
    std::vector<std::string> files;
    if (std::filesystem::is_directory(target)) {
        for (const auto& e : std::filesystem::directory_iterator(target))
            if (e.path().extension() == ".md" && e.path().filename() != "README.md")
                files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(target);
    }
    int passed = 0, failed = 0;
    for (const auto& f : files) {
        auto s = loadScenario(f);
        std::vector<std::string> differences;
        if (s) differences = vethlab::scenario::checkLesson(std::move(*s), hook); // the window's path
        if (s && differences.empty()) {
            ++passed;
            std::cout << "ok      " << f << "\n";
            continue;
        }
        ++failed;
        std::cout << "FAILED  " << f << "\n";
        for (const auto& d : differences)
            std::cout << d << "\n";
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
}

// `export` draws with the window's canvas, which needs Qt Widgets: vethlab-export does it, so that
// vethlab-cli itself links no GUI library. It lives beside vethlab-cli in the build tree, and in
// libexec/vethlab once installed.
int exportCommand(const std::string& scenarioPath, const Options& o) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path dir = ec ? std::filesystem::path(".") : self.parent_path();
    for (const auto& helper : {dir / "vethlab-export", dir / VETHLAB_LIBEXEC_FROM_BIN / "vethlab-export"}) {
        if (::access(helper.c_str(), X_OK) != 0) continue;
        const std::string steps = std::to_string(o.steps);
        std::cout << std::flush;
        ::execl(helper.c_str(), "vethlab-export", scenarioPath.c_str(), steps.c_str(), o.format.c_str(),
                o.output.c_str(), o.lang.c_str(), static_cast<char*>(nullptr));
        std::cerr << "vethlab-cli: export: " << helper.string() << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    std::cerr << "vethlab-cli: export: vethlab-export is not installed (this build has no GUI)\n";
    return 1;
}

// Names namespaces after the containers that live in them, remembered while they run.
class NamespaceNames {
public:
    void update(const vethlab::Lab& lab) {
        for (const auto* c : lab.daemon().containers())
            if (c->isRunning() && c->namespaceId > 0) names_[c->namespaceId] = c->name;
    }
    std::string operator()(int ns, const std::string& device) const {
        auto it = names_.find(ns);
        std::string owner = ns == 0 ? "host" : it != names_.end() ? it->second : "netns" + std::to_string(ns);
        return owner + ":" + device;
    }

private:
    std::map<int, std::string> names_;
};

void printEvent(const vethlab::sim::TraceEvent& e, const NamespaceNames& names, std::ostream& out) {
    char when[32];
    std::snprintf(when, sizeof when, "%.6f", static_cast<double>(e.time % (3600 * vethlab::kSecond)) / 1e9);
    std::string line = std::string("trace ") + when + " " + names(e.namespaceId, e.device) + " " +
                       e.direction + " " + e.summary;
    if (e.reason != vethlab::sim::DropReason::None)
        line += " [" + vethlab::sim::toString(e.reason) + (e.rule.empty() ? "" : ": " + e.rule) + "]";
    out << line << "\n";
}

void printTrace(const vethlab::shell::Terminal& term, std::size_t from, const NamespaceNames& names,
                std::ostream& out = std::cerr) {
    const auto& trace = const_cast<vethlab::shell::Terminal&>(term).engine().trace();
    for (std::size_t i = from; i < trace.size(); ++i)
        printEvent(trace[i], names, out);
}

// What Docker did in the kernel for the last command, as the commands that do the same.
void printOps(const vethlab::Lab& lab, std::uint64_t mark) {
    for (const auto& record : lab.opsSince(mark)) {
        std::istringstream lines(vethlab::kernel::render(record.op));
        std::string l;
        while (std::getline(lines, l))
            std::cerr << "kernel " << l << "\n";
    }
}

int replay(vethlab::shell::Terminal& term, std::istream& in, bool showExit, bool trace, bool ops,
           NamespaceNames& names) {
    std::string line;
    int status = 0;
    while (!term.finished() && std::getline(in, line)) {
        names.update(term.lab());
        const std::size_t traceFrom = term.engine().trace().size();
        const std::uint64_t opsFrom = term.lab().opsRecorded();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // Ctrl-P Ctrl-Q does not echo: the terminal shows the prompt, then docker's message.
        if (line == "^P^Q")
            std::cout << term.prompt();
        else
            std::cout << term.prompt() << line << "\n";
        status = term.execute(
            line, [](const std::string& s) { std::cout << s << std::flush; },
            [](const std::string& s) {
                std::cout << std::flush;
                std::cerr << s << std::flush;
            });
        if (showExit) std::cout << "[exit " << status << "]\n";
        std::cout << std::flush;
        if (ops) printOps(term.lab(), opsFrom);
        if (trace) printTrace(term, traceFrom, names);
    }
    std::cout << std::flush;
    return status;
}

// Packet-level micro-steps through the next step, on the lesson session the window uses: each hop's
// frames and the kernel's decisions for it (FDB, route, netfilter, NAT), forward (.) and back (,); the
// lab is exactly as it was at that event. The whole step then plays as usual.
void microSteps(vethlab::scenario::LessonSession& session) {
    NamespaceNames names;
    const std::size_t total = session.player().eventsOfNextStep();
    std::string answer = ".";
    while (answer == "." || answer == ",") {
        const std::size_t at = session.microStep().value_or(0);
        if (answer == "." && at + 1 >= total) break; // the last event: the step plays whole
        if (answer == ".")
            session.microStepForward();
        else if (at > 1) // back, but not out of the micro-steps
            session.microStepBack();
        names.update(session.player().lab());
        std::cout << "-- engine event " << *session.microStep() << " of " << session.microTotal() << "\n";
        const auto hop = session.lastHop();
        for (const auto& e : hop.events)
            printEvent(e, names, std::cout);
        for (const auto& d : hop.decisions)
            std::cout << "   " << vethlab::sim::describe(d) << "\n";
        std::cout << "[.: next event, ,: event back, Enter: the whole step] " << std::flush;
        if (!std::getline(std::cin, answer)) break;
    }
}

int playCommand(const Options& o) {
    auto s = loadScenario(o.file);
    if (!s) return 1;
    const bool zh = o.lang == "zh_CN";
    std::cout << (zh ? s->titleZh : s->title) << "\n\n";
    // The window's lesson state: steps, back and micro-steps go through the same LessonSession.
    vethlab::scenario::LessonSession session(
        std::move(*s), o.backend == "kernel" ? vethlab::cli::kernelHook() : vethlab::scenario::LabHook{});
    const auto& lesson = session.lesson();
    while (session.position() < session.player().stepCount()) {
        const auto& step = lesson.steps[session.position()];
        std::string narration = zh ? step.narrationZh : step.narrationEn;
        while (!narration.empty() && (narration.back() == '\n' || narration.back() == ' '))
            narration.pop_back();
        std::cout << "== " << session.position() + 1 << "/" << session.player().stepCount() << " "
                  << step.title << " ==\n"
                  << narration << "\n\n";
        auto r = session.stepForward();
        if (!r) break;
        std::cout << r->transcript << std::flush;
        for (const auto& d : r->differences)
            std::cerr << d << "\n";
        if (!o.step) {
            std::cout << "\n";
            continue;
        }
        std::cout << "\n[Enter: next, .: next step one engine event at a time, b: back, q: quit] "
                  << std::flush;
        std::string answer;
        if (!std::getline(std::cin, answer) || answer == "q") break;
        if (answer == "b") {
            // Back to before the step just shown, and one more: the previous step plays again.
            session.stepBack();
            session.stepBack();
        }
        if (answer == "." && session.position() < session.player().stepCount()) microSteps(session);
    }
    return 0;
}

bool writePcap(vethlab::shell::Terminal& term, const std::string& path, const NamespaceNames& names) {
    std::ofstream f(path, std::ios::binary);
    f << vethlab::sim::toPcapng(term.engine(),
                                [&](int ns, const std::string& dev) { return names(ns, dev); });
    if (!f) {
        std::cerr << "vethlab-cli: " << path << ": cannot write\n";
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) {
                std::cerr << "vethlab-cli: " << a << " needs a value\n";
                std::exit(2);
            }
            return args[++i];
        };
        if (a == "--seed") {
            try {
                o.seed = std::stoull(value());
                o.seedGiven = true;
            } catch (...) {
                std::cerr << "vethlab-cli: --seed takes a number\n";
                return 2;
            }
        } else if (a == "--lab")
            o.preset = value();
        else if (a == "--set")
            o.settings.push_back(value());
        else if (a == "--exit-status")
            o.exitStatus = true;
        else if (a == "--trace")
            o.trace = true;
        else if (a == "--ops")
            o.ops = true;
        else if (a == "--pcap")
            o.pcap = value();
        else if (a == "--lang")
            o.lang = value();
        else if (a == "--known") {
            if (!vethlab::cli::loadKnownDifferences(value())) return 2;
        } else if (a == "--backend") {
            o.backend = value();
            if (o.backend != "sim" && o.backend != "kernel") {
                std::cerr << "vethlab-cli: --backend is sim or kernel\n";
                return 2;
            }
        } else if (a == "--step" && o.command == "export") {
            try {
                o.steps = std::stoi(value());
            } catch (...) {
                std::cerr << "vethlab-cli: --step takes a number\n";
                return 2;
            }
        } else if (a == "--step")
            o.step = true;
        else if (a == "--format")
            o.format = value();
        else if (a == "-o")
            o.output = value();
        else if (a == "--version") {
            std::cout << "vethlab-cli " VETHLAB_VERSION "\n";
            return 0;
        } else if (a == "-h" || a == "--help") {
            std::cout << kUsage;
            return 0;
        } else if (o.command.empty())
            o.command = a;
        else if (o.file.empty())
            o.file = a;
        else {
            std::cerr << "vethlab-cli: unexpected argument " << a << "\n" << kUsage;
            return 2;
        }
    }
    if (o.command == "check")
        return checkCommand(o.file.empty() ? defaultLessonDirectory() : o.file,
                            o.backend == "kernel" ? vethlab::cli::kernelHook()
                                                  : vethlab::scenario::LabHook{});
    if (o.command == "kernel") return vethlab::cli::kernelCommand(o.file);
    if (o.command == "export") {
        if (o.file.empty() || o.format.empty() || o.output.empty()) {
            std::cerr << "vethlab-cli: export needs a SCENARIO, --format and -o FILE\n";
            return 2;
        }
        const auto lesson = vethlab::scenario::findLesson(o.file);
        return exportCommand(lesson ? lesson->string() : o.file, o);
    }
    if (o.command == "play") {
        if (o.file.empty()) {
            std::cerr << "vethlab-cli: play needs a SCENARIO\n";
            return 2;
        }
        return playCommand(o);
    }
    if (o.command != "shell" && o.command != "run" && o.command != "diff") {
        std::cerr << kUsage;
        return 2;
    }
    auto settings = vethlab::LabSettings::preset(o.preset);
    if (!settings) {
        std::cerr << "vethlab-cli: unknown lab preset " << o.preset << " (seed, facts, default)\n";
        return 2;
    }
    for (const auto& kv : o.settings) {
        std::string line = kv;
        if (auto eq = line.find('='); eq != std::string::npos) line[eq] = ':';
        if (auto err = settings->apply(line)) {
            std::cerr << "vethlab-cli: --set " << kv << ": " << *err << "\n";
            return 2;
        }
    }
    if (o.seedGiven) settings->seed = o.seed;
    if (o.command == "diff") {
        if (o.file.empty()) {
            std::cerr << "vethlab-cli: diff needs a FILE (a lesson or a script)\n";
            return 2;
        }
        return vethlab::cli::diffCommand(o.file, *settings);
    }
    vethlab::Lab lab(*settings);
    vethlab::shell::Terminal term(lab);
    NamespaceNames names;
    if (o.backend == "kernel") vethlab::cli::useKernel(lab, term);

    if (o.command == "run") {
        if (o.file.empty()) {
            std::cerr << "vethlab-cli: run needs a FILE\n";
            return 2;
        }
        std::ifstream f(o.file);
        if (!f) {
            std::cerr << "vethlab-cli: " << o.file << ": " << std::strerror(errno) << "\n";
            return 1;
        }
        int status = replay(term, f, o.exitStatus, o.trace, o.ops, names);
        if (!o.pcap.empty() && !writePcap(term, o.pcap, names)) return 1;
        return status;
    }
    if (!isatty(STDIN_FILENO)) {
        int status = replay(term, std::cin, o.exitStatus, o.trace, o.ops, names);
        if (!o.pcap.empty() && !writePcap(term, o.pcap, names)) return 1;
        return status;
    }
    // Ctrl-C at the prompt drops the line being typed, as a shell does, instead of ending the lab;
    // while a command runs, it interrupts the command.
    struct sigaction interrupt {};
    interrupt.sa_handler = onInterrupt;
    sigemptyset(&interrupt.sa_mask);
    sigaction(SIGINT, &interrupt, nullptr); // no SA_RESTART: the read at the prompt returns
    // A command that runs until Ctrl-C (ping without -c, sleep) waits in real time, and Ctrl-C ends it.
    term.setInterruptibleWait([](std::chrono::steady_clock::time_point until) {
        while (!gInterrupted && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                until - std::chrono::steady_clock::now(), std::chrono::milliseconds(20)));
        if (!gInterrupted) return true;
        gInterrupted = 0; // this Ctrl-C is the command's: the next one in the line runs on
        return false;
    });
    std::string line;
    int status = 0;
    while (!term.finished()) {
        std::cout << term.prompt() << std::flush;
        if (!std::getline(std::cin, line)) {
            if (gInterrupted) {
                gInterrupted = 0;
                std::clearerr(stdin);
                std::cin.clear();
                std::cout << "\n";
                continue;
            }
            std::cout << "\n";
            break;
        }
        gInterrupted = 0; // a Ctrl-C while the last command ran
        names.update(lab);
        const std::size_t traceFrom = term.engine().trace().size();
        status = term.execute(
            line, [](const std::string& s) { std::cout << s << std::flush; },
            [](const std::string& s) { std::cerr << s << std::flush; });
        if (o.exitStatus) std::cout << "[exit " << status << "]\n";
        if (o.trace) printTrace(term, traceFrom, names);
    }
    if (!o.pcap.empty() && !writePcap(term, o.pcap, names)) return 1;
    return status;
}
