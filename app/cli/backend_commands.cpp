#include "backend_commands.h"

#include <QCoreApplication>
#include <QProcess>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "kernel/state_diff.h"
#include "real_backend.h"
#include "scenario.h"

namespace vethlab::cli {
namespace {

// Keeps every helper alive as long as its lab (the lab holds it too; this is for the terminal runner).
std::vector<std::shared_ptr<kerneld::KernelClient>>& clients() {
    static std::vector<std::shared_ptr<kerneld::KernelClient>> all;
    return all;
}

QCoreApplication& qtApp() {
    static int argc = 1;
    static char name[] = "vethlab-cli";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    return app ? *app : *QCoreApplication::instance();
}

// What is measured, not decided, differs from run to run on a real kernel: times, dates, counters, whether
// duplicate address detection has finished, and the operstate word that only some busybox versions print.
std::string normalized(const std::string& line) {
    static const std::regex decimal("[0-9]+\\.[0-9]+");
    static const std::regex ms("time [0-9]+ms");
    static const std::regex after("after [0-9]+ (ms|milliseconds)"); // curl's elapsed time in its errors
    static const std::regex counters(
        "(packets|bytes|errors|dropped|overruns|frame|carrier|collisions)([: ]+)[0-9]+");
    static const std::regex state(" state (UP|DOWN|UNKNOWN|LOWERLAYERDOWN)");
    // tcpdump's closing counts: what reached the filter before it stopped depends on when it stopped.
    static const std::regex filtered("^[0-9]+ (packets? (received by filter|dropped by kernel))$");
    // An HTTP server's Date header: the lab's clock on one side, the machine's on the other.
    static const std::regex date("^(< )?Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT");
    // A DNS question in tcpdump: the asker's port and the query's ID are chosen at random.
    static const std::regex dnsQuery("IP ([0-9.]+)\\.[0-9]+ > ([0-9.]+)\\.53: [0-9]+([+ ])");
    // tcpdump's time stamp: the lab's clock against the machine's.
    static const std::regex stamp("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ");
    // curl's progress meter: the average and current speeds are measured.
    static const std::regex meter(
        "^( *[0-9]{1,3} [ 0-9.kMG]{5}  +[0-9]{1,3} [ 0-9.kMG]{5}  +[0-9]{1,3} [ 0-9.kMG]{5})  "
        "[ 0-9.kMG]{5}  ([ 0-9.kMG]{5} .{8} .{8} .{8}) [ 0-9.kMG]{5}$");
    std::string s = std::regex_replace(line, meter, "$1  <SPEED>  $2 <SPEED>");
    s = std::regex_replace(s, stamp, "<TIME> ");
    s = std::regex_replace(s, dnsQuery, "$1.<PORT> > $2.53: <ID>$3");
    s = std::regex_replace(s, ms, "time <N>ms");
    s = std::regex_replace(s, date, "$1Date: <DATE>");
    s = std::regex_replace(s, after, "after <N> $1");
    s = std::regex_replace(s, decimal, "<T>");
    s = std::regex_replace(s, counters, "$1$2<N>");
    s = std::regex_replace(s, state, "");
    s = std::regex_replace(s, filtered, "<N> $1");
    if (auto t = s.find(" tentative"); t != std::string::npos) s.erase(t, 10);
    return s;
}

// IDs, veth names, random MACs and ping's ICMP identifiers (the program's pid, or the socket's port on
// the real kernel) are random by nature: the same value must be renamed the same way
// every time it appears (one to one), as the golden transcripts are checked.
class Renaming {
public:
    bool same(const std::string& a, const std::string& b) {
        static const std::regex token("[0-9a-f]{64}|[0-9a-f]{12}|veth[0-9a-f]{7}|([0-9a-f]{2}:){5}[0-9a-f]{2}"
                                      "|ICMP echo (request|reply), id "
                                      "[0-9]+");
        std::vector<std::string> ta, tb;
        const std::string ra = masked(a, token, ta), rb = masked(b, token, tb);
        if (ra != rb || ta.size() != tb.size()) return false;
        for (std::size_t i = 0; i < ta.size(); ++i) {
            auto [fa, newA] = forward_.emplace(ta[i], tb[i]);
            auto [fb, newB] = backward_.emplace(tb[i], ta[i]);
            if (fa->second != tb[i] || fb->second != ta[i]) return false;
        }
        return true;
    }

private:
    static std::string masked(const std::string& s, const std::regex& token,
                              std::vector<std::string>& found) {
        std::string out;
        auto begin = std::sregex_iterator(s.begin(), s.end(), token);
        std::size_t last = 0;
        for (auto it = begin; it != std::sregex_iterator(); ++it) {
            out += s.substr(last, static_cast<std::size_t>(it->position()) - last) + "<R>";
            found.push_back(it->str());
            last = static_cast<std::size_t>(it->position() + it->length());
        }
        return out + s.substr(last);
    }
    std::map<std::string, std::string> forward_, backward_;
};

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

// Differences that are understood and not the simulation's fault (`--known FILE`): each entry is
// "SIMULATION-REGEX => KERNEL-REGEX  # why", matched against the two whole lines.
struct Known {
    std::regex simulation, kernel;
    std::string why;
};
std::vector<Known>& knownDifferences() {
    static std::vector<Known> all;
    return all;
}

const Known* explained(const std::string& sim, const std::string& real) {
    for (const auto& k : knownDifferences())
        if (std::regex_match(sim, k.simulation) && std::regex_match(real, k.kernel)) return &k;
    return nullptr;
}

// busybox nslookup prints each answer (A, AAAA) as it arrives: their order is a race (the reference
// transcript shows both), so the blocks after its "Server:/Address:" header are compared as a set.
std::vector<std::string> answersInOrder(std::vector<std::string> out) {
    auto server =
        std::find_if(out.begin(), out.end(), [](const auto& l) { return l.starts_with("Server:\t\t"); });
    const auto header = static_cast<std::size_t>(server - out.begin()) + 3;
    if (header > out.size() || !out[header - 2].starts_with("Address:\t")) return out;
    std::vector<std::vector<std::string>> blocks(1);
    for (std::size_t i = header; i < out.size(); ++i) {
        blocks.back().push_back(out[i]);
        if (out[i].empty()) blocks.emplace_back();
    }
    std::sort(blocks.begin(), blocks.end());
    out.resize(header);
    for (const auto& b : blocks)
        out.insert(out.end(), b.begin(), b.end());
    return out;
}

int compareTranscripts(Renaming& names, const std::string& where, const std::string& sim,
                       const std::string& real) {
    const auto a = answersInOrder(lines(sim)), b = answersInOrder(lines(real));
    int differences = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const std::string x = i < a.size() ? a[i] : "<nothing>", y = i < b.size() ? b[i] : "<nothing>";
        if (names.same(normalized(x), normalized(y))) continue;
        if (const Known* k = explained(x, y)) {
            std::cout << where << " line " << i + 1 << ": known: " << k->why << "\n";
            continue;
        }
        ++differences;
        std::cout << where << " line " << i + 1 << ":\n  simulation: " << x << "\n  kernel:     " << y
                  << "\n";
    }
    return differences;
}

// A script's transcript, one entry per line typed, so that one command's extra line does not shift
// every later comparison.
std::vector<std::string> replay(shell::Terminal& term, const std::string& script) {
    std::vector<std::string> out;
    std::istringstream in(script);
    for (std::string line; !term.finished() && std::getline(in, line);) {
        std::string& o = out.emplace_back(term.prompt() + line + "\n");
        term.execute(
            line, [&](const std::string& s) { o += s; }, [&](const std::string& s) { o += s; });
    }
    return out;
}

int compareStates(Lab& lab) {
    auto* mirror = lab.mirror();
    if (!mirror) return 0;
    kernel::DiffOptions options;
    options.hostUplink = lab.settings().eth0Name;
    // The kernel applies carrier changes (and the link-local addresses they bring) a moment later.
    auto differences = kernel::diffStates(lab.kernel(), mirror->snapshot(), options);
    for (int wait = 0; wait < 10 && !differences.empty(); ++wait) {
        usleep(300000);
        differences = kernel::diffStates(lab.kernel(), mirror->snapshot(), options);
    }
    int n = 0;
    for (const auto& d : differences) {
        std::cout << "state: " << d << "\n";
        ++n;
    }
    return n;
}

} // namespace

bool useKernel(Lab& lab, shell::Terminal& terminal) {
    qtApp();
    std::string error;
    auto client = kerneld::attachRealKernel(lab, terminal, error);
    if (!client) {
        std::cerr << "vethlab-cli: --backend kernel: " << error << "; staying on the simulation\n";
        return false;
    }
    clients().push_back(client);
    return true;
}

scenario::LabHook kernelHook() {
    return [](Lab& lab, shell::Terminal& terminal) {
        clients().clear(); // the player's previous lab is gone: so is its helper
        useKernel(lab, terminal);
    };
}

bool loadKnownDifferences(const std::string& path) {
    std::ifstream f(path);
    if (!f) {
        std::cerr << "vethlab-cli: " << path << ": cannot read\n";
        return false;
    }
    for (std::string line; std::getline(f, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto arrow = line.find(" => "), hash = line.find("  # ");
        if (arrow == std::string::npos || hash == std::string::npos || hash < arrow) {
            std::cerr << "vethlab-cli: " << path << ": not \"SIM => KERNEL  # why\": " << line << "\n";
            return false;
        }
        try {
            knownDifferences().push_back({std::regex(line.substr(0, arrow)),
                                          std::regex(line.substr(arrow + 4, hash - arrow - 4)),
                                          line.substr(hash + 4)});
        } catch (const std::regex_error& e) {
            std::cerr << "vethlab-cli: " << path << ": " << e.what() << ": " << line << "\n";
            return false;
        }
    }
    return true;
}

int diffCommand(const std::string& file, const LabSettings& settings) {
    std::ifstream f(file);
    if (!f) {
        std::cerr << "vethlab-cli: " << file << ": cannot read\n";
        return 2;
    }
    std::stringstream text;
    text << f.rdbuf();
    int differences = 0;
    if (file.ends_with(".md")) {
        std::string error;
        auto s = scenario::parseScenario(text.str(), file, error);
        if (!s) {
            std::cerr << error << "\n";
            return 2;
        }
        Renaming names;
        scenario::Player sim(*s), real(*s, kernelHook());
        if (!real.lab().mirror()) return 2;
        while (sim.position() < sim.stepCount()) {
            const std::string where = file + " step " + std::to_string(sim.position() + 1);
            differences +=
                compareTranscripts(names, where, sim.stepForward().transcript, real.stepForward().transcript);
        }
        differences += compareStates(real.lab());
    } else {
        Lab simLab(settings), realLab(settings);
        shell::Terminal simTerm(simLab), realTerm(realLab);
        if (!useKernel(realLab, realTerm)) return 2;
        Renaming names;
        const auto simOut = replay(simTerm, text.str()), realOut = replay(realTerm, text.str());
        for (std::size_t i = 0; i < std::max(simOut.size(), realOut.size()); ++i)
            differences +=
                compareTranscripts(names, file + " command " + std::to_string(i + 1),
                                   i < simOut.size() ? simOut[i] : "", i < realOut.size() ? realOut[i] : "");
        differences += compareStates(realLab);
    }
    std::cout << differences << (differences == 1 ? " difference\n" : " differences\n");
    clients().clear();
    return differences == 0 ? 0 : 1;
}

int kernelCommand(const std::string& what) {
    if (what != "clean") {
        std::cerr << "vethlab-cli: kernel: unknown action " << what << " (clean)\n";
        return 2;
    }
    qtApp();
    QProcess p;
    const QString helper = QString::fromStdString(kerneld::helperPath());
    if (geteuid() == 0)
        p.start(helper, {"--clean"});
    else
        p.start("sudo", {"-n", helper, "--clean"});
    if (!p.waitForFinished(60000)) {
        std::cerr << "vethlab-cli: kernel clean: " << p.errorString().toStdString() << "\n";
        return 1;
    }
    std::cout << p.readAllStandardOutput().toStdString();
    std::cerr << p.readAllStandardError().toStdString();
    return p.exitCode();
}

} // namespace vethlab::cli
