// xargs as tutorials use it: `docker ps -q | xargs docker rm -f`, `-n N`, `-I {}`, `-r`. GNU findutils
// and busybox agree on these: without -r the command runs once even with no input.
#include <algorithm>

#include "command_registry.h"
#include "terminal.h"
#include "text_tools.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

int usage(const ExecContext& ctx, Streams& io, const std::string& message) {
    io.error("xargs: " + message + "\n");
    if (!ctx.isBusybox()) io.error("Try 'xargs --help' for more information.\n");
    return 1;
}

// The exit status GNU xargs gives: 123 if any run failed with 1-125, the command's own 126/127.
int combine(int status, int run) {
    if (run == 126 || run == 127) return run;
    if (run >= 1 && run <= 125) return std::max(status, 123);
    if (run > 125) return 124;
    return status;
}

int runXargs(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    long perRun = 0;
    std::string replace;
    bool noEmpty = false;
    std::size_t i = 1;
    for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
        const std::string& a = argv[i];
        if (a == "-r" || a == "--no-run-if-empty") {
            noEmpty = true;
        } else if (a.rfind("-n", 0) == 0 || a.rfind("-I", 0) == 0) {
            std::string value = a.size() > 2 ? a.substr(2) : (i + 1 < argv.size() ? argv[++i] : "");
            if (a[1] == 'I') {
                replace = value;
                continue;
            }
            if (value.empty()) return usage(ctx, io, "option requires an argument -- 'n'");
            if (value.find_first_not_of("0123456789") != std::string::npos ||
                std::stol(value.substr(0, 9)) < 1)
                return usage(ctx, io,
                             ctx.isBusybox() ? "invalid number '" + value + "'"
                                             : "invalid number \"" + value + "\" for -n option");
            perRun = std::stol(value.substr(0, 9));
        } else {
            return usage(ctx, io, std::string("invalid option -- '") + a[1] + "'");
        }
    }
    std::vector<std::string> command(argv.begin() + static_cast<long>(i), argv.end());
    if (command.empty()) command = {"echo"};
    int status = 0;
    if (!replace.empty()) { // -I: one run per input line, the line replacing each occurrence
        for (const auto& line : splitLines(in)) {
            const std::string item = trim(line);
            if (item.empty()) continue;
            auto run = command;
            for (auto& arg : run)
                for (auto p = arg.find(replace); p != std::string::npos;
                     p = arg.find(replace, p + item.size()))
                    arg.replace(p, replace.size(), item);
            status = combine(status, ctx.terminal->runCommand(ctx, run, "", io));
        }
        return status;
    }
    std::vector<std::string> items;
    std::string word;
    for (char c : in + "\n") {
        if (c == ' ' || c == '\t' || c == '\n') {
            if (!word.empty()) items.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (items.empty()) return noEmpty ? 0 : combine(0, ctx.terminal->runCommand(ctx, command, "", io));
    const std::size_t batch = perRun > 0 ? static_cast<std::size_t>(perRun) : items.size();
    for (std::size_t k = 0; k < items.size(); k += batch) {
        auto run = command;
        run.insert(run.end(), items.begin() + static_cast<long>(k),
                   items.begin() + static_cast<long>(std::min(items.size(), k + batch)));
        status = combine(status, ctx.terminal->runCommand(ctx, run, "", io));
    }
    return status;
}

} // namespace

void addXargs(CommandRegistry& r) {
    r.add({"xargs"}, runXargs);
}

} // namespace vethlab::shell
