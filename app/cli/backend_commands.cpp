#include "backend_commands.h"

#include <QCoreApplication>
#include <QProcess>
#include <fstream>
#include <iostream>
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

// What is measured, not decided: times and rates differ from run to run on a real kernel.
std::string normalized(const std::string& line) {
    static const std::regex decimal("[0-9]+\\.[0-9]+");
    static const std::regex ms("time [0-9]+ms");
    return std::regex_replace(std::regex_replace(line, ms, "time <N>ms"), decimal, "<T>");
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

int compareTranscripts(const std::string& where, const std::string& sim, const std::string& real) {
    const auto a = lines(sim), b = lines(real);
    int differences = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const std::string x = i < a.size() ? a[i] : "<nothing>", y = i < b.size() ? b[i] : "<nothing>";
        if (normalized(x) == normalized(y)) continue;
        ++differences;
        std::cout << where << " line " << i + 1 << ":\n  simulation: " << x << "\n  kernel:     " << y
                  << "\n";
    }
    return differences;
}

std::string replay(shell::Terminal& term, const std::string& script) {
    std::string out;
    std::istringstream in(script);
    for (std::string line; !term.finished() && std::getline(in, line);) {
        out += term.prompt() + line + "\n";
        term.execute(
            line, [&](const std::string& s) { out += s; }, [&](const std::string& s) { out += s; });
    }
    return out;
}

int compareStates(Lab& lab) {
    auto* mirror = lab.mirror();
    if (!mirror) return 0;
    kernel::DiffOptions options;
    options.hostUplink = lab.settings().eth0Name;
    int n = 0;
    for (const auto& d : kernel::diffStates(lab.kernel(), mirror->snapshot(), options)) {
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
        scenario::Player sim(*s), real(*s, kernelHook());
        if (!real.lab().mirror()) return 2;
        while (sim.position() < sim.stepCount()) {
            const std::string where = file + " step " + std::to_string(sim.position() + 1);
            differences +=
                compareTranscripts(where, sim.stepForward().transcript, real.stepForward().transcript);
        }
        differences += compareStates(real.lab());
    } else {
        Lab simLab(settings), realLab(settings);
        shell::Terminal simTerm(simLab), realTerm(realLab);
        if (!useKernel(realLab, realTerm)) return 2;
        differences += compareTranscripts(file, replay(simTerm, text.str()), replay(realTerm, text.str()));
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
