// bash's job-control built-ins over the terminal's JobTable: `jobs`, `kill %N` and `wait`.
#include <algorithm>
#include <chrono>

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

// Blocks as bash's wait does until the lab's clock reaches `end` (none: never), like a foreground
// sleep: in real time at an interactive terminal, until Ctrl-C. False when Ctrl-C ended the wait.
bool blockUntil(ExecContext& ctx, std::optional<Nanos> end, Streams& io) {
    Lab& lab = *ctx.lab;
    const bool forever = !end || *end - lab.now() >= kPatience;
    if (const auto& wait = ctx.terminal->interruptibleWait()) {
        using Clock = std::chrono::steady_clock;
        const auto begin = Clock::now();
        const bool done =
            wait(forever ? Clock::time_point::max() : begin + std::chrono::nanoseconds(*end - lab.now()));
        const Nanos waited =
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - begin).count();
        lab.advance(done ? std::max(waited, *end - lab.now()) : waited);
        if (done) return true;
        io.print("\n"); // after the ^C the terminal echoed
        ctx.terminal->abortLine();
        return false;
    }
    if (forever) {
        lab.advance(ctx.terminal->pingInterruptAfter() * kSecond);
        io.print("^C\n");
        return false;
    }
    if (*end > lab.now()) lab.advance(*end - lab.now());
    return true;
}

// `wait [spec...]`: the clock moves on until the jobs have ended, and bash reports them at once
// (wait_for's notify_and_cleanup). No spec: status 0; a job: its status. Ctrl-C: 130, the jobs run on.
int runWait(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    JobTable& jobs = ctx.terminal->jobs();
    std::vector<std::string> specs(argv.begin() + 1, argv.end());
    if (specs.empty()) specs.push_back("");
    int status = 0;
    for (const auto& spec : specs) {
        const auto targets = jobs.waitTargets(spec, io, ctx.shellName, status);
        if (!targets) continue;
        if (!blockUntil(ctx, jobs.lastEnd(*targets), io)) return 130;
        jobs.poll(io);
        if (!spec.empty() && !targets->empty()) status = jobs.statusOf(targets->front());
        jobs.notify(io);
    }
    return status;
}

} // namespace

void addJobControl(CommandRegistry& r) {
    r.add({"jobs"}, runJobs);
    r.add({"kill"}, runKill);
    r.add({"wait"}, runWait);
}

} // namespace vethlab::shell
