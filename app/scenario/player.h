// Plays a scenario step by step on a lab, forward and back, and checks each step: the expected output
// of every console line (placeholders allowed only for what is random by nature) and the checks.
// Stepping back rebuilds the lab and replays the earlier steps: the lab is deterministic, so the state
// is exactly the one before the step.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "lab.h"
#include "scenario.h"
#include "terminal.h"

namespace vethlab::scenario {

struct StepResult {
    std::string transcript;               // prompt + command, then output, as a terminal shows it
    std::vector<std::string> differences; // "file:line: expected ... / got ..." (empty: the step matches)
};

/// Whether `actual` matches an expected line. Placeholders: <ID> (12 or 64 hex), <MAC>, <VETH>,
/// <LL6> (an fe80:: address), <TIME> (a timestamp), <MS> (a measured time such as 0.524), <N> (a
/// number), <ANY> (anything: a generated name, a docker ps age).
bool matchesExpected(const std::string& expected, const std::string& actual);
/// The prompt with its short container ID written as <ID>, as a scenario writes it.
std::string normalizedPrompt(const std::string& prompt);

/// Whether a check ("reach a b", "no-reach a b", "ip c address") holds on the lab behind `terminal`.
/// It sends probes: run it on a twin.
bool checkHolds(shell::Terminal& terminal, const Check& check);

/// Called with every lab the player builds (at the start and when it rebuilds to step back): the
/// real-kernel backend attaches itself here.
using LabHook = std::function<void(Lab&, shell::Terminal&)>;

class Player {
public:
    explicit Player(const Scenario& scenario, LabHook onNewLab = {});

    std::size_t stepCount() const { return scenario_->steps.size(); }
    /// How many steps have been played.
    std::size_t position() const { return position_; }
    StepResult stepForward();
    /// Packet-level micro-steps: plays the next step only until the engine has run `events` of its
    /// events; later events and later commands of the step do not run, so the lab is exactly as it was at
    /// that event. position() stays; the next stepForward/jumpTo/stepBack starts from a whole step.
    StepResult playPartial(std::size_t events);
    /// How many engine events the next step runs in full (found on a twin).
    std::size_t eventsOfNextStep() const;
    bool partial() const { return partial_; }
    void stepBack();
    void jumpTo(std::size_t steps);
    void restart();

    Lab& lab() { return *lab_; }
    shell::Terminal& terminal() { return *terminal_; }
    /// Sets the hook for every lab from now on, and applies it to the current one at once (the window's
    /// "Real kernel" switch: the lesson so far is replayed on the kernel).
    void setLabHook(LabHook onNewLab);
    /// Whether every new lab gets a hook (the real kernel): such a lab cannot be swapped for another.
    bool hasLabHook() const { return static_cast<bool>(onNewLab_); }

private:
    StepResult play(const Step& step, bool compare);
    void runChecks(const Step& step, StepResult& result);
    void rebuild();
    void settle(); // leaves a partial step: back to the whole-step state at position()
    void freeReplaced();

    const Scenario* scenario_;
    LabHook onNewLab_;
    std::unique_ptr<Lab> lab_;
    std::unique_ptr<shell::Terminal> terminal_;
    std::size_t position_ = 0;
    bool partial_ = false;
    /// The lab a rebuild replaced, kept until the replay is done and then freed on a thread of its own (a
    /// big lab takes a while to free; freeing it during the replay contends with the replay's allocations);
    /// the next rebuild and the destructor wait for it.
    std::unique_ptr<Lab> replacedLab_;
    std::unique_ptr<shell::Terminal> replacedTerminal_;
    std::future<void> freeing_;
};

/// Checks a whole scenario: every step, every line. Returns the differences (empty: it passes).
std::vector<std::string> checkScenario(const Scenario& scenario, const LabHook& onNewLab = {});

} // namespace vethlab::scenario
