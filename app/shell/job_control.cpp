// bash's job-control built-ins over the terminal's JobTable: `jobs`, `kill %N` and `wait`.
#include "command_registry.h"
#include "terminal.h"

namespace vethlab::shell {
namespace {

int runJobs(ExecContext& ctx, const std::vector<std::string>&, const std::string&, Streams& io) {
    io.print(ctx.terminal->jobs().list());
    return 0;
}

int runKill(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    std::vector<std::string> targets;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        // A signal name or number: tcpdump ends the same way on TERM, INT and HUP.
        if (i == 1 && argv[i].size() > 1 && argv[i][0] == '-' && argv[i][1] != '-') continue;
        if (argv[i] == "-s" || argv[i] == "-n") {
            ++i;
            continue;
        }
        targets.push_back(argv[i]);
    }
    const std::string& shell = ctx.shellName;
    if (targets.empty()) {
        io.error(shell +
                 ": kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l "
                 "[sigspec]\n");
        return 2;
    }
    int status = 0;
    for (const auto& t : targets)
        if (ctx.terminal->jobs().kill(t, io, shell) != 0) status = 1;
    return status;
}

// `wait`: the background programs have been polled after the last command already.
int runWait(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    int status = 0;
    if (argv.size() == 1) return ctx.terminal->jobs().wait("", io, ctx.shellName);
    for (std::size_t i = 1; i < argv.size(); ++i)
        status = ctx.terminal->jobs().wait(argv[i], io, ctx.shellName);
    return status;
}

} // namespace

void addJobControl(CommandRegistry& r) {
    r.add({"jobs"}, runJobs);
    r.add({"kill"}, runKill);
    r.add({"wait"}, runWait);
}

} // namespace vethlab::shell
