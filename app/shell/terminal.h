// The terminal a student types into: a host shell, and interactive shells inside containers that
// change the prompt until `exit`. It parses command lines (quotes, pipes, ;, &&, ||, $(...),
// redirections to /dev/null) and runs each command in the right namespace with the right userland.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine.h"
#include "exec_context.h"
#include "job_table.h"
#include "shell_parser.h"

namespace vethlab::shell {

/// A program to run on the real kernel: by name (argv[0]), in the lab namespace `namespaceId`.
struct RealProgram {
    int namespaceId = 0;
    std::vector<std::string> argv;
    std::string input;
    std::string hostname;
    bool busybox = false;     // the image's userland is busybox: run the applet
    int interruptAfterMs = 0; // > 0: the person presses Ctrl-C then
    bool terminal = false;    // its stdout and stderr are the person's terminal (a pty on the kernel)
    bool oneStream = false;   // both go to the screen without a terminal: one pipe keeps their order
    std::string container;    // the container's short ID ("" on the host): its own files and directory
};
struct RealOutcome {
    int status = 0;
    std::string out, err;
    std::vector<std::pair<int, std::string>> chunks; // (1 out | 2 err, text) in order; empty: out, then err
};
using RealProgramRunner = std::function<RealOutcome(const RealProgram&)>;
/// A real program kept running in the background (`tcpdump ... &`): what it printed so far.
struct RealJobOutcome : RealOutcome {
    int job = 0;        // the kernel helper's number for it while it runs
    bool exited = true; // it has ended: `status` is its exit status
};
struct RealJobRunner {
    std::function<RealJobOutcome(const RealProgram&)> start; // returns once the program is ready
    std::function<RealJobOutcome(int job)> collect;          // its output since the last call
    std::function<RealJobOutcome(int job)> stop;             // SIGTERM: its last words
};

class Terminal {
public:
    using Sink = std::function<void(const std::string&)>;

    explicit Terminal(Lab& lab);

    Lab& lab() { return *lab_; }
    /// The packet engine that runs this terminal's programs (ping, getent).
    sim::Engine& engine() { return *engine_; }
    /// How many echoes a ping without -c sends before the person at the keyboard presses Ctrl-C.
    void setPingInterruptAfter(int n) { pingInterruptAfter_ = n; }
    int pingInterruptAfter() const { return pingInterruptAfter_; }
    /// The prompt of the current shell: the lab's host prompt, "root@<id>:/usr/local/tomcat# ", "/ # ".
    std::string prompt() const;
    bool atHost() const { return sessions_.size() == 1; }
    /// Runs one typed line; returns the exit status of its last command.
    int execute(const std::string& line, const Sink& out, const Sink& err);
    /// True once `exit` was typed at the host prompt.
    bool finished() const { return finished_; }
    /// On the real-kernel backend, the tools (ip, ping, ifconfig, cat of /etc files, ...) run for real
    /// through `runner` in the lab's namespaces; docker commands stay with the model.
    void setRealPrograms(RealProgramRunner runner) { realPrograms_ = std::move(runner); }
    bool onRealKernel() const { return static_cast<bool>(realPrograms_); }
    /// On the real-kernel backend, how a program typed with & keeps running (tcpdump).
    void setRealJobs(RealJobRunner jobs) { realJobs_ = std::move(jobs); }
    /// On the real-kernel backend: tears the sandbox down and builds it again from the lab's op log
    /// (a docker command the kernel refused is undone this way). Returns "" or why it could not.
    using MirrorRebuilder = std::function<std::string()>;
    void setMirrorRebuilder(MirrorRebuilder rebuild) { rebuildMirror_ = std::move(rebuild); }
    const MirrorRebuilder& mirrorRebuilder() const { return rebuildMirror_; }
    /// While a docker command runs on the kernel, what the kernel refuses is kept for it to undo, not
    /// printed; returns what was kept and stops keeping.
    void holdMirrorErrors() { holdingMirrorErrors_ = true; }
    std::vector<kernel::KernelError> releaseMirrorErrors();
    /// An interactive terminal (vethlab-cli shell on a tty): what runs until Ctrl-C (ping without -c,
    /// sleep) waits in real time through `wait`, which returns false once Ctrl-C was pressed.
    using Wait = std::function<bool(std::chrono::steady_clock::time_point until)>;
    void setInterruptibleWait(Wait wait) { wait_ = std::move(wait); }
    const Wait& interruptibleWait() const { return wait_; }
    /// A command was killed by Ctrl-C: as bash does, the rest of the line does not run.
    void abortLine() { lineAborted_ = true; }
    /// The shell's background jobs (`cmd &`).
    JobTable& jobs() { return jobs_; }
    /// While a command typed with & runs: its job number (a program that keeps running attaches to
    /// it and returns at once); 0 for a command in the foreground.
    int startingJob() const { return startingJob_; }

    // Used by the docker command.
    struct Session {
        std::string containerId; // "" for the host shell
        std::string shell;       // "bash", "sh", "zsh"
        std::shared_ptr<std::string> cwd =
            std::make_shared<std::string>("/"); // shared with its commands' contexts
        bool mainProcess = false; // the container's own PID 1 (docker run -it / attach): exit stops it
        std::shared_ptr<ShellVariables> vars = std::make_shared<ShellVariables>();
    };
    void pushSession(Session s) { sessions_.push_back(std::move(s)); }
    /// The working directory of the shell at the prompt (pwd, cd).
    std::string& cwd() { return *sessions_.back().cwd; }
    /// Runs a command (argv, no shell) inside a container, as `docker exec c cmd` does, in `workdir`
    /// (docker exec -w) or the image's WorkingDir.
    int runInContainer(const std::string& containerId, const std::vector<std::string>& argv, Streams& io,
                       bool tty = false, const std::string& workdir = "");
    /// Runs one simple command (argv) in `ctx`'s shell, as xargs does.
    int runCommand(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
                   Streams& io) {
        return runSimple(ctx, argv, in, io);
    }
    /// Runs a shell script inside a container (sh -c '...').
    int runScript(ExecContext& ctx, const std::string& script, Streams& io);

private:
    ExecContext contextFor(const Session& s);
    int runPipelineText(ExecContext& ctx, const std::string& text, Streams& io, int previousStatus = 0);
    /// `input`: what the stage before wrote into the pipe (a loop piped onward).
    int runPipeline(ExecContext& ctx, const std::string& text, int previousStatus, Streams& io, bool& exited,
                    const std::string& input = {});
    int runSimple(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io);
    int runExit(const ExecContext& ctx, const std::vector<std::string>& argv, int lastStatus, Streams& stage,
                Streams& io, bool& exited);
    std::optional<int> runReal(const ExecContext& ctx, const std::vector<std::string>& argv,
                               const std::string& in, Streams& io);
    void reportMirrorErrors(Streams& io);
    void runTwin(const ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
                 const Streams& io);
    int startRealJob(const RealProgram& p, Streams& io);
    // shell_compound.cpp: `for` loops and the syntax errors found before a line runs.
    std::optional<int> runCompound(ExecContext& ctx, const std::string& part, Streams& io, int status);
    bool syntaxCheck(const ExecContext& ctx, const std::string& text, Streams& io);
    int assign(ExecContext& ctx, const SimpleCommand& cmd, int status);
    std::string variableValue(const ExecContext& ctx, const std::string& name, int status);

    Lab* lab_;
    std::unique_ptr<sim::Engine> engine_;
    int pingInterruptAfter_;
    std::vector<Session> sessions_;
    bool finished_ = false;
    RealProgramRunner realPrograms_;
    RealJobRunner realJobs_;
    MirrorRebuilder rebuildMirror_;
    bool holdingMirrorErrors_ = false;
    std::vector<kernel::KernelError> heldMirrorErrors_;
    Wait wait_;
    bool lineAborted_ = false;
    JobTable jobs_;
    int startingJob_ = 0;
    Streams* lineIo_ = nullptr;        // the terminal's own streams while a line runs (jobs print there)
    int lastStatus_ = 0;               // $? at the start of the next line
    int substitutionDepth_ = 0;        // $( $( ... ) ) being run now
    bool substitutionTooDeep_ = false; // the line nests deeper than the shell's limit: it runs nothing
};

} // namespace vethlab::shell
