// The shell's background jobs (`cmd &`), as bash keeps them: a number and a PID announced as
// "[1] 2318", `jobs`, `kill %1`, and the "[1]+  Done                    cmd" notice before the next
// prompt. A program that keeps running while the shell reads the next line (tcpdump) attaches a
// poll function: after each command it prints what it saw meanwhile and says whether it has ended.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec_context.h"
#include "util/sim_time.h"

namespace vethlab::shell {

/// Beyond this nobody waits for a command (sleep, wait): the person presses Ctrl-C, as for ping.
constexpr Nanos kPatience = 30LL * 24 * 3600 * kSecond;

class JobTable {
public:
    /// A program running in the background.
    struct Program {
        /// Prints what the program did since the last poll; true once it has exited (status set).
        std::function<bool(Streams& io, int& status)> poll;
        /// SIGTERM: the program's last words (tcpdump's statistics); it exits with the status it returns.
        std::function<int(Streams& io)> terminate;
        /// The lab time at which it ends by itself (sleep); none: it runs until it is stopped (tcpdump).
        std::optional<Nanos> endsAt;
    };

    /// A new job for `text` (the command as typed, without the &): "[N] PID" on stderr in bash; busybox
    /// ash (`ash`) announces nothing, and words its notices and `jobs` lines its own way.
    int start(const std::string& text, Streams& io, bool ash = false);
    /// The job's command keeps running as `program` (otherwise it ended when its command returned).
    void attach(int number, Program program);
    /// The command of job `number` returned with `status`: without a program attached, the job is done.
    void commandReturned(int number, int status);
    /// Lets every running program print what it saw.
    void poll(Streams& io);
    /// bash's notices for the jobs that ended since the last prompt; they are forgotten.
    void notify(Streams& io);
    /// `jobs`: one line per job.
    std::string list() const;
    /// `kill %N` (or a PID): 0, or bash's error on stderr and 1.
    int kill(const std::string& spec, Streams& io, const std::string& shellName);
    /// The jobs `wait [spec]` waits for (all running ones without a spec), or bash's error on stderr
    /// and its status in `status`. A PID whose job has ended and been reported is no error: bash keeps
    /// its status (bgpids), and `status` is set to it with no job to wait for.
    std::optional<std::vector<int>> waitTargets(const std::string& spec, Streams& io,
                                                const std::string& shellName, int& status) const;
    /// When the last of `numbers` ends by itself in the lab's time; none if one of them never does.
    std::optional<Nanos> lastEnd(const std::vector<int>& numbers) const;
    /// The job's exit status once it has ended (0 while it runs or when it is gone).
    int statusOf(int number) const;
    bool empty() const { return jobs_.empty(); }

private:
    struct Job {
        int number = 0, pid = 0;
        std::string text;
        Program program; // empty: nothing keeps running
        bool running = true, terminated = false;
        bool ash = false; // started in busybox ash: showjob's format
        int status = 0;
    };
    /// '+' for the current job, '-' for the previous one, ' ' otherwise.
    char marker(const Job& j) const;
    std::string line(const Job& j, const std::string& state) const;
    /// "Done", "Exit 1" (bash) or "Done(1)" (ash), "Terminated", "Running".
    static std::string stateOf(const Job& j);
    Job* find(int number);
    const Job* find(int number) const;

    std::vector<Job> jobs_;
    std::map<int, int> endedPids_; // bash's bgpids: the status of each background PID once reported
    int nextPid_ = 2318;
};

} // namespace vethlab::shell
