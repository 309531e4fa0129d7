#include "player.h"

#include <regex>

#include "util/text.h"

namespace vethlab::scenario {
namespace {

std::string escapeRegex(const std::string& s) {
    static const std::string special = R"(\^$.|?*+()[]{})";
    std::string out;
    for (char c : s) {
        if (special.find(c) != std::string::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string patternFor(const std::string& expected) {
    static const std::vector<std::pair<std::string, std::string>> placeholders = {
        {"<ID>", "(?:[0-9a-f]{64}|[0-9a-f]{12})"},
        {"<MAC>", "(?:[0-9a-f]{2}:){5}[0-9a-f]{2}"},
        {"<VETH>", "veth[0-9a-f]{7}"},
        {"<LL6>", "fe80::[0-9a-f:]+"},
        {"<TIME>", "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?"},
        {"<MS>", "\\d+(?:\\.\\d+)?"},
        {"<N>", "\\d+"},
        {"<ANY>", ".*"},
    };
    std::string pattern;
    std::size_t pos = 0;
    while (pos < expected.size()) {
        std::size_t best = std::string::npos;
        const std::pair<std::string, std::string>* which = nullptr;
        for (const auto& p : placeholders) {
            auto at = expected.find(p.first, pos);
            if (at < best) {
                best = at;
                which = &p;
            }
        }
        if (!which) {
            pattern += escapeRegex(expected.substr(pos));
            break;
        }
        pattern += escapeRegex(expected.substr(pos, best - pos)) + which->second;
        pos = best + which->first.size();
    }
    return pattern;
}

} // namespace

bool matchesExpected(const std::string& expected, const std::string& actual) {
    if (expected == actual) return true;
    if (expected.find('<') == std::string::npos) return false;
    return std::regex_match(actual, std::regex(patternFor(expected)));
}

std::string normalizedPrompt(const std::string& prompt) {
    static const std::regex shortId("\\b[0-9a-f]{12}\\b");
    return std::regex_replace(prompt, shortId, "<ID>");
}

Player::Player(const Scenario& scenario, LabHook onNewLab)
    : scenario_(&scenario), onNewLab_(std::move(onNewLab)) {
    rebuild();
}

void Player::setLabHook(LabHook onNewLab) {
    onNewLab_ = std::move(onNewLab);
    if (onNewLab_) onNewLab_(*lab_, *terminal_);
}

void Player::rebuild() {
    LabSettings settings = *LabSettings::preset("seed");
    settings.apply(scenario_->labSettings); // checked by checkScenario; a bad line is reported there
    terminal_.reset();
    lab_ = std::make_unique<Lab>(settings);
    terminal_ = std::make_unique<shell::Terminal>(*lab_);
    if (onNewLab_) onNewLab_(*lab_, *terminal_);
    position_ = 0;
    partial_ = false;
}

StepResult Player::play(const Step& step, bool compare) {
    StepResult result;
    auto where = [&](int line) { return scenario_->path + ":" + std::to_string(line) + ": "; };
    for (const auto& block : step.blocks) {
        std::size_t i = 0;
        while (i < block.lines.size()) {
            const std::string prompt = terminal_->prompt();
            const std::string shown = normalizedPrompt(prompt);
            const ConsoleLine& line = block.lines[i];
            const bool isPrompt = line.text.rfind(shown, 0) == 0 || line.text + " " == shown;
            if (!isPrompt) {
                result.differences.push_back(where(line.line) + "expected the prompt \"" + shown +
                                             "\" here: " + line.text);
                return result;
            }
            const std::string command = line.text.size() > shown.size() ? line.text.substr(shown.size()) : "";
            if (terminal_->engine().eventLimitReached()) return result; // a micro-step ends here
            std::string out;
            terminal_->execute(
                command, [&](const std::string& s) { out += s; }, [&](const std::string& s) { out += s; });
            if (terminal_->engine().eventLimitReached()) {
                // A micro-step stopped the engine inside this command: what it printed is not its output.
                result.transcript += prompt + command + "\n";
                return result;
            }
            result.transcript += prompt + command + "\n" + out;
            ++i;
            // The expected output runs to the next line that starts with the (new) prompt.
            const std::string next = normalizedPrompt(terminal_->prompt());
            std::vector<const ConsoleLine*> expected;
            while (i < block.lines.size() && block.lines[i].text.rfind(next, 0) != 0 &&
                   block.lines[i].text + " " != next)
                expected.push_back(&block.lines[i++]);
            if (!compare) continue;
            const auto actual = splitLines(out);
            const std::size_t n = std::max(expected.size(), actual.size());
            for (std::size_t k = 0; k < n; ++k) {
                const std::string e = k < expected.size() ? expected[k]->text : "<nothing>";
                const std::string a = k < actual.size() ? actual[k] : "<nothing>";
                if (k < expected.size() && k < actual.size() && matchesExpected(e, a)) continue;
                const int at = k < expected.size() ? expected[k]->line : line.line;
                result.differences.push_back(where(at) + "`" + command + "`\n  expected: " + e +
                                             "\n  got:      " + a);
                break;
            }
        }
    }
    return result;
}

void Player::runChecks(const Step& step, StepResult& result) {
    if (step.checks.empty()) return;
    // Checks send probes of their own: run them on a twin lab replayed to this point, so the lesson's
    // own lab (its ARP tables, counters, clock) is not touched.
    Player twin(*scenario_);
    twin.jumpTo(position_);
    for (const auto& c : step.checks) {
        auto where = scenario_->path + ":" + std::to_string(c.line) + ": ";
        std::string out;
        auto sink = [&](const std::string& s) { out += s; };
        bool ok = false;
        if (c.kind == "reach" || c.kind == "no-reach") {
            int status = twin.terminal().execute("docker exec " + c.args[0] + " ping -c 1 -W 1 " + c.args[1],
                                                 sink, sink);
            ok = (status == 0) == (c.kind == "reach");
        } else if (c.kind == "ip") {
            twin.terminal().execute(
                "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' " + c.args[0],
                sink, sink);
            ok = (" " + out).find(" " + c.args[1] + " ") != std::string::npos;
        }
        if (!ok)
            result.differences.push_back(where + "check failed: " + c.kind + " " + c.args[0] + " " +
                                         c.args[1]);
    }
}

void Player::settle() {
    if (!partial_) return;
    const std::size_t at = position_;
    rebuild();
    jumpTo(at);
}

StepResult Player::playPartial(std::size_t events) {
    settle();
    if (position_ >= scenario_->steps.size()) return {};
    auto& engine = terminal_->engine();
    engine.setEventLimit(engine.eventsRun() + events);
    StepResult r = play(scenario_->steps[position_], false);
    engine.setEventLimit(std::nullopt);
    partial_ = true;
    return r;
}

std::size_t Player::eventsOfNextStep() const {
    if (position_ >= scenario_->steps.size()) return 0;
    Player twin(*scenario_);
    twin.jumpTo(position_);
    const auto before = twin.terminal_->engine().eventsRun();
    twin.play(scenario_->steps[position_], false);
    return static_cast<std::size_t>(twin.terminal_->engine().eventsRun() - before);
}

StepResult Player::stepForward() {
    settle();
    if (position_ >= scenario_->steps.size()) return {};
    const Step& step = scenario_->steps[position_];
    StepResult r = play(step, true);
    ++position_;
    runChecks(step, r);
    return r;
}

void Player::jumpTo(std::size_t steps) {
    settle();
    if (steps < position_) rebuild();
    while (position_ < steps && position_ < scenario_->steps.size()) {
        play(scenario_->steps[position_], false);
        ++position_;
    }
}

void Player::stepBack() {
    if (partial_) { // back from the middle of a step: its beginning
        settle();
        return;
    }
    if (position_ > 0) jumpTo(position_ - 1);
}

void Player::restart() {
    rebuild();
}

std::vector<std::string> checkScenario(const Scenario& scenario, const LabHook& onNewLab) {
    std::vector<std::string> all;
    LabSettings probe = *LabSettings::preset("seed");
    if (auto err = probe.apply(scenario.labSettings)) {
        all.push_back(scenario.path + ": lab settings: " + *err);
        return all;
    }
    Player player(scenario, onNewLab);
    while (player.position() < player.stepCount()) {
        auto r = player.stepForward();
        all.insert(all.end(), r.differences.begin(), r.differences.end());
    }
    return all;
}

} // namespace vethlab::scenario
