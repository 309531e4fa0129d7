// vethlab-cli: the lab without a window. `shell` is an interactive terminal (or reads a script from
// stdin); `run FILE` prints the transcript of a script: prompt, command, output.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "lab.h"
#include "terminal.h"

namespace {

const char* kUsage =
    "Usage: vethlab-cli COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  shell             an interactive terminal on a simulated Docker host (reads a script\n"
    "                    from standard input when it is not a terminal)\n"
    "  run FILE          replays FILE, a script typed line by line, and prints the transcript\n"
    "\n"
    "Options:\n"
    "  --seed N          seed for everything random (IDs, veth names, MACs); default 1\n"
    "  --lab PRESET      the host: seed (the article's CentOS host, default), facts, default\n"
    "  --set KEY=VALUE   a lab setting (hostname, prompt, host_address, resolv_conf, ...)\n"
    "  --exit-status     after each command print \"[exit N]\", as the reference transcript does\n";

struct Options {
    std::string command;
    std::string file;
    std::uint64_t seed = 1;
    bool seedGiven = false;
    std::string preset = "seed";
    std::vector<std::string> settings;
    bool exitStatus = false;
};

int replay(vethlab::shell::Terminal& term, std::istream& in, bool showExit) {
    std::string line;
    int status = 0;
    while (!term.finished() && std::getline(in, line)) {
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
    }
    std::cout << std::flush;
    return status;
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
        else if (a == "-h" || a == "--help") {
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
    if (o.command != "shell" && o.command != "run") {
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
    vethlab::Lab lab(*settings);
    vethlab::shell::Terminal term(lab);

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
        return replay(term, f, o.exitStatus);
    }
    if (!isatty(STDIN_FILENO)) return replay(term, std::cin, o.exitStatus);
    std::string line;
    int status = 0;
    while (!term.finished()) {
        std::cout << term.prompt() << std::flush;
        if (!std::getline(std::cin, line)) {
            std::cout << "\n";
            break;
        }
        status = term.execute(
            line, [](const std::string& s) { std::cout << s << std::flush; },
            [](const std::string& s) { std::cerr << s << std::flush; });
        if (o.exitStatus) std::cout << "[exit " << status << "]\n";
    }
    return status;
}
