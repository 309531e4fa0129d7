// A student's session with one lesson, without a window: the steps played, the lines typed between
// them (with undo and redo), packet-level micro-steps, what the last action did (kernel operations,
// engine events, the ping RTT series), read-only looks at the lab (inspector commands, reachability,
// the lesson's goals) on a twin, and the saved lab (a `.vethlab` file). The window draws it; the CLI
// and window-less tests drive it the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine.h"
#include "lab_file.h"
#include "player.h"
#include "reachability.h"
#include "scenario.h"

namespace vethlab::topology {
struct Node;
}

namespace vethlab::scenario {

/// One echo answered: the sequence number and the round trip on the wire, measured at the sender's
/// interface from the engine's trace (request sent to reply received).
struct RttSample {
    int sequence = 0;
    double milliseconds = 0;
};

/// Packet Tracer's "simple PDU": one ping (or one HTTP request) from a node to an address, sent on a
/// twin of the lab.
struct PingOutcome {
    bool ok = false;
    std::string command;                // what was run: "docker exec web ping -c 1 -W 1 172.18.0.3"
    std::string output;                 // what it printed
    std::vector<sim::TraceEvent> drops; // where the engine dropped its frames, with the reason and rule
};

/// A goal of the step, evaluated on a twin of the student's lab as it is now.
struct GoalStatus {
    Goal goal;
    bool met = false;
};

/// The answer a student gave to a step's question before it played, and what the lab said after.
struct PredictionOutcome {
    std::size_t step = 0; // 1-based: the step the question came before
    bool answer = false;
    bool actual = false;
    bool correct() const { return answer == actual; }
};

class LessonSession {
public:
    explicit LessonSession(Scenario lesson, LabHook onNewLab = {});
    ~LessonSession();
    LessonSession(const LessonSession&) = delete;
    LessonSession& operator=(const LessonSession&) = delete;

    const Scenario& lesson() const { return *lesson_; }
    Player& player() { return *player_; }
    const Player& player() const { return *player_; }
    std::size_t position() const { return player_->position(); }

    /// Plays the next step (nullopt at the end).
    std::optional<StepResult> stepForward();
    /// Back one step, or from the middle of a micro-stepped step to its beginning; false at the start.
    bool stepBack();
    void restart();

    /// Runs a line as typed at the console and returns what the terminal shows (prompt, line, output).
    /// `clear` clears the screen, not the lab.
    std::string runLine(const std::string& line);
    /// Text shown without running anything (Tab completion's list of matches).
    void note(const std::string& text) { typedText_.back() += text; }
    /// The last line typed in this step, undone: the lab is exactly as before it. nullopt: none.
    std::optional<std::string> undo();
    std::optional<std::string> redo();
    /// Lines typed at each position: [0] before the first step, [k] after step k.
    const std::vector<std::vector<std::string>>& typed() const { return typed_; }
    /// The console as a terminal shows it now: from the last `clear`, ending in the prompt (or, while
    /// micro-stepping, the partial step's output and where it stands).
    std::string consoleText() const;
    /// Everything the console ever showed in this session, `clear` or not (the exported transcript).
    std::string transcript() const;

    /// Packet-level micro-steps through the next step's engine events. Forward past the last event plays
    /// the whole step; back from the first leaves micro-stepping. Returns false when nothing moved.
    bool microStepForward();
    bool microStepBack();
    std::optional<std::size_t> microStep() const { return micro_; }
    std::size_t microTotal() const { return microTotal_; }
    /// The step being shown: the next one while micro-stepping, else the last played (0: none yet).
    std::size_t shownStep() const { return position() + (micro_ ? 1 : 0); }

    /// The hop a micro-step stopped at: the engine events of its latest moment, and the decisions the
    /// kernel took for them and for the frame it is about to send (FDB lookup, route, netfilter, NAT).
    struct Hop {
        std::vector<sim::TraceEvent> events;
        std::vector<sim::HopDecision> decisions;
    };
    Hop lastHop() const;

    /// What the last action did: its kernel operations and its engine events.
    std::span<const OpRecord> recentOps() const;
    std::vector<sim::TraceEvent> recentEvents() const;
    /// The last pinging program's echo round trips among the recent events, by sequence number.
    std::vector<RttSample> rttSeries() const;

    /// Runs commands on a twin of the lab (reading must not touch the lesson's lab); prompt, command and
    /// output for each.
    std::string runOnTwin(const std::vector<std::string>& commands) const;
    /// What a student would type to look at a node of the topology.
    static std::vector<std::string> inspectorCommands(const topology::Node& node);
    /// One ping from a container (or the host, when `fromContainer` is empty) to `address`, on a twin.
    PingOutcome pingOnTwin(const std::string& fromContainer, const std::string& address) const;
    /// One HTTP request (`curl -sS -m 2 -I`) from a container (or the host) to `address`:`port`, on a twin.
    PingOutcome httpOnTwin(const std::string& fromContainer, const std::string& address, int port) const;
    /// The port a container's server listens on: its lowest exposed TCP port (the image's EXPOSE, -p,
    /// --expose), else 80.
    int listeningPort(const std::string& container) const;
    /// Who reaches whom, probed on a twin.
    ReachabilityMatrix probeOnTwin() const;

    /// The goals and hints of the step shown, and the question asked before the next step.
    std::vector<GoalStatus> goals() const;
    const std::vector<Bilingual>& hints() const;
    const Prediction* pendingQuestion() const;
    /// Answers the next step's question and plays it; the outcome says whether the student was right.
    std::optional<PredictionOutcome> answerAndPlay(bool yes, StepResult* played = nullptr);
    const std::vector<PredictionOutcome>& predictions() const { return predictions_; }

    /// Idle-time work, one lesson step at a time: parks players at the state before the step shown and
    /// at its start (the lesson replayed with the lines typed), so that stepping back, undo and
    /// micro-steps restore one instead of replaying from the start; it also frees the lab a restore
    /// replaced (a big one takes a while to free). Returns false when nothing is left
    /// to do. Not with a lab hook (the real kernel has one lab): then every change replays.
    /// Each piece of work runs on a thread of its own and this returns at once (true while it runs), so
    /// that a window calling it in idle time is never blocked by a big lab's step; anything that needs
    /// the parked players waits for the piece under way.
    bool prepare();
    /// The positions of the players parked now (for tests and benchmarks; waits for the work under way).
    std::vector<std::size_t> parked();

    /// The saved lab: the lesson, the position, every line typed, the answers, the notes on the canvas.
    LabFile toFile(std::vector<Annotation> annotations) const;
    /// Replays a saved lab onto this session's lesson (the caller opened the lesson the file names).
    void restore(const LabFile& file);

private:
    void markNow(); // the views show what happens from now on
    std::string execute(const std::string& line);
    /// Replays the lesson up to the current position with the lines typed into `player`.
    void replay(Player& player, std::vector<std::string>* printed) const;
    /// Replays the lesson on `player` up to step `at`, with the lines typed before each step.
    void replayTo(Player& player, std::size_t at, std::vector<std::string>* printed) const;
    void rebuild();
    /// Brings the lesson's player to position `at` with the lines typed up to it: a parked player
    /// when there is one, else a replay.
    void restoreTo(std::size_t at);
    /// A player parked at checkpoint `at`: the lesson's first `at` steps played, with the lines typed
    /// before each (not those typed after step `at`), and what those lines printed.
    struct Parked {
        std::unique_ptr<Player> player;
        std::size_t at = 0;
        std::vector<std::string> printed; // typedText_ for the positions before `at`
    };
    Parked takeParked(std::size_t at);
    void advance(Parked& parked) const;           // the lines typed at its position, then the next step
    void forgetParkedAfter(std::size_t position); // lines typed at `position` changed
    void collect(); // waits for the idle-time work under way and parks what it brought
    /// Moves the parked players `unwanted` picks to retired_ (freed by prepare, off the caller's thread).
    void retire(std::vector<Parked>& from, const std::function<bool(const Parked&)>& unwanted);
    /// Idle-time work under way: a player brought one step on (to `at`), or a retired lab freed.
    struct Job {
        std::future<Parked> result;
        std::size_t at = 0;
        bool isStale = false; // the lines typed it ran have changed since: its player is dropped
    };
    void leaveMicroStep();
    void showMicroStep();
    PingOutcome pduOnTwin(const std::string& command) const;
    std::string historyText() const;

    std::unique_ptr<Scenario> lesson_;
    std::unique_ptr<Player> player_;
    std::vector<std::string> stepText_;               // each played step's transcript
    std::vector<std::vector<std::string>> typed_{{}}; // lines typed at each position
    std::vector<std::string> typedText_{{}};          // and what they printed
    std::vector<std::string> redo_;
    std::size_t consoleFrom_ = 0; // where the console starts after `clear`
    std::optional<std::size_t> micro_;
    std::size_t microTotal_ = 0;
    std::string microText_;
    std::uint64_t opsFrom_ = 0;
    std::size_t traceFrom_ = 0;
    std::vector<PredictionOutcome> predictions_;
    std::vector<Parked> parked_;
    std::vector<std::unique_ptr<Player>> retired_; // players replaced or no longer wanted, freed by prepare()
    std::optional<Job> job_;                       // last: finished before the rest goes
};

/// Checks a whole lesson as a student plays it, through a LessonSession (the window's path): every step,
/// every line, every check. Returns the differences (empty: it passes); a bad lab setting is one.
std::vector<std::string> checkLesson(Scenario lesson, const LabHook& onNewLab = {});

} // namespace vethlab::scenario
