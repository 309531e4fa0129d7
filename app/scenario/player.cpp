#include "player.h"

#include <string_view>

#include "util/text.h"

namespace vethlab::scenario {
namespace {

// Placeholder matching without a backtracking regex (std::regex recurses per character and overflows
// the stack on long lines): the set of positions reachable in `actual` after each part of `expected`.
enum class Placeholder { Literal, Id, Mac, Veth, Ll6, Time, Ms, N, Any };

struct Part {
    Placeholder kind = Placeholder::Literal;
    std::string text; // for literals
};

std::vector<Part> partsOf(const std::string& expected) {
    static const std::pair<const char*, Placeholder> names[] = {
        {"<ID>", Placeholder::Id},   {"<MAC>", Placeholder::Mac},   {"<VETH>", Placeholder::Veth},
        {"<LL6>", Placeholder::Ll6}, {"<TIME>", Placeholder::Time}, {"<MS>", Placeholder::Ms},
        {"<N>", Placeholder::N},     {"<ANY>", Placeholder::Any}};
    std::vector<Part> parts;
    std::string literal;
    for (std::size_t pos = 0; pos < expected.size();) {
        bool found = false;
        for (const auto& [name, kind] : names) {
            if (expected.compare(pos, std::char_traits<char>::length(name), name) == 0) {
                if (!literal.empty()) parts.push_back({Placeholder::Literal, std::move(literal)});
                literal.clear();
                parts.push_back({kind, {}});
                pos += std::char_traits<char>::length(name);
                found = true;
                break;
            }
        }
        if (!found) literal += expected[pos++];
    }
    if (!literal.empty()) parts.push_back({Placeholder::Literal, literal});
    return parts;
}

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// How far a run of `accepts` characters goes from each position: run[p] is the first position >= p
// whose character is not accepted.
template <typename Accepts> std::vector<std::size_t> runEnds(const std::string& s, Accepts accepts) {
    std::vector<std::size_t> run(s.size() + 1, s.size());
    for (std::size_t p = s.size(); p-- > 0;)
        run[p] = accepts(s[p]) ? run[p + 1] : p;
    return run;
}

class Matcher {
public:
    explicit Matcher(const std::string& actual)
        : a_(actual), hex_(runEnds(a_, isHex)), digits_(runEnds(a_, isDigit)),
          hexColon_(runEnds(a_, [](char c) { return isHex(c) || c == ':'; })),
          line_(runEnds(a_, [](char c) { return c != '\n'; })) {}

    bool matches(const std::vector<Part>& parts) const {
        std::string reach(a_.size() + 1, '\0'); // reach[p]: expected's parts so far can end at p
        reach.front() = 1;
        for (const auto& part : parts) {
            std::vector<int> marks(a_.size() + 2, 0); // +1 at an interval's start, -1 past its end
            for (std::size_t p = 0; p <= a_.size(); ++p)
                if (reach[p]) ends(part, p, marks);
            int open = 0;
            for (std::size_t q = 0; q <= a_.size(); ++q) {
                open += marks[q];
                reach[q] = open > 0 ? 1 : 0;
            }
        }
        return reach[a_.size()];
    }

private:
    void mark(std::vector<int>& marks, std::size_t from, std::size_t to) const { // [from, to]
        if (from > to || to > a_.size()) return;
        ++marks[from];
        --marks[to + 1];
    }
    bool fixedRun(std::size_t p, std::size_t n, const std::vector<std::size_t>& run) const {
        return p + n <= a_.size() && run[p] >= p + n;
    }
    // \d+(\.\d+)? starting at p.
    void number(std::size_t p, std::vector<int>& marks, bool fraction) const {
        if (p >= a_.size() || !isDigit(a_[p])) return;
        const std::size_t r = digits_[p];
        mark(marks, p + 1, r);
        if (fraction && r + 1 < a_.size() && a_[r] == '.' && isDigit(a_[r + 1]))
            mark(marks, r + 2, digits_[r + 1]);
    }
    void ends(const Part& part, std::size_t p, std::vector<int>& marks) const {
        switch (part.kind) {
        case Placeholder::Literal:
            if (a_.compare(p, part.text.size(), part.text) == 0)
                mark(marks, p + part.text.size(), p + part.text.size());
            break;
        case Placeholder::Id:
            if (fixedRun(p, 12, hex_)) mark(marks, p + 12, p + 12);
            if (fixedRun(p, 64, hex_)) mark(marks, p + 64, p + 64);
            break;
        case Placeholder::Mac:
            for (std::size_t k = 0; k < 6; ++k) {
                if (!fixedRun(p + 3 * k, 2, hex_) ||
                    (k < 5 && (p + 3 * k + 2 >= a_.size() || a_[p + 3 * k + 2] != ':')))
                    return;
            }
            mark(marks, p + 17, p + 17);
            break;
        case Placeholder::Veth:
            if (a_.compare(p, 4, "veth") == 0 && fixedRun(p + 4, 7, hex_)) mark(marks, p + 11, p + 11);
            break;
        case Placeholder::Ll6:
            if (a_.compare(p, 6, "fe80::") == 0 && p + 6 < a_.size()) mark(marks, p + 7, hexColon_[p + 6]);
            break;
        case Placeholder::Time:
            if (timeAt(p)) {
                mark(marks, p + 19, p + 19);
                if (p + 20 < a_.size() && a_[p + 19] == '.' && isDigit(a_[p + 20]))
                    mark(marks, p + 21, digits_[p + 20]);
            }
            break;
        case Placeholder::Ms:
            number(p, marks, true);
            break;
        case Placeholder::N:
            number(p, marks, false);
            break;
        case Placeholder::Any:
            mark(marks, p, line_[p]); // like std::regex's ".": anything but a newline
            break;
        }
    }
    // \d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d
    bool timeAt(std::size_t p) const {
        static const std::string shape = "dddd-dd-ddTdd:dd:dd";
        if (p + shape.size() > a_.size()) return false;
        for (std::size_t k = 0; k < shape.size(); ++k) {
            const char c = a_[p + k];
            const bool ok = shape[k] == 'd'   ? isDigit(c)
                            : shape[k] == 'T' ? (c == 'T' || c == ' ')
                                              : c == shape[k];
            if (!ok) return false;
        }
        return true;
    }

    const std::string& a_;
    std::vector<std::size_t> hex_, digits_, hexColon_, line_;
};

} // namespace

bool matchesExpected(const std::string& expected, const std::string& actual) {
    if (expected == actual) return true;
    if (expected.find('<') == std::string::npos) return false;
    return Matcher(actual).matches(partsOf(expected));
}

std::string normalizedPrompt(const std::string& prompt) {
    // What the regex \b[0-9a-f]{12}\b with "<ID>" would replace (a container's short ID in its shell's
    // prompt), without std::regex: a replay runs it twice per command line, thousands of times in a big
    // lesson.
    auto word = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    std::string out;
    const std::size_t n = prompt.size();
    for (std::size_t i = 0; i < n;) {
        bool id = (i == 0 || !word(prompt[i - 1])) && i + 12 <= n && (i + 12 == n || !word(prompt[i + 12]));
        for (std::size_t k = i; id && k < i + 12; ++k)
            id = hex(prompt[k]);
        if (id) {
            out += "<ID>";
            i += 12;
        } else {
            out += prompt[i++];
        }
    }
    return out;
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
    if (onNewLab_ || !lab_) {               // a real kernel's mirror is shared with the next lab: freed here
        terminal_.reset();
        lab_.reset();
    } else {
        freeReplaced(); // a lab replaced earlier and not freed yet
        replacedTerminal_ = std::move(terminal_);
        replacedLab_ = std::move(lab_);
    }
    lab_ = std::make_unique<Lab>(settings);
    terminal_ = std::make_unique<shell::Terminal>(*lab_);
    if (onNewLab_) onNewLab_(*lab_, *terminal_);
    position_ = 0;
    partial_ = false;
}

void Player::freeReplaced() {
    if (freeing_.valid()) freeing_.wait();
    if (!replacedLab_) return;
    freeing_ = std::async(std::launch::async,
                          [t = std::move(replacedTerminal_), l = std::move(replacedLab_)]() mutable {
                              t.reset(); // it points into the lab
                              l.reset();
                          });
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
    for (const auto& c : step.checks)
        if (!checkHolds(twin.terminal(), c))
            result.differences.push_back(scenario_->path + ":" + std::to_string(c.line) +
                                         ": check failed: " + c.kind + " " + c.args[0] + " " + c.args[1]);
}

bool checkHolds(shell::Terminal& terminal, const Check& c) {
    std::string out;
    auto sink = [&](const std::string& s) { out += s; };
    if (c.kind == "reach" || c.kind == "no-reach") {
        const int status =
            terminal.execute("docker exec " + c.args[0] + " ping -c 1 -W 1 " + c.args[1], sink, sink);
        return (status == 0) == (c.kind == "reach");
    }
    if (c.kind == "ip") {
        terminal.execute("docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' " +
                             c.args[0],
                         sink, sink);
        return (" " + out).find(" " + c.args[1] + " ") != std::string::npos;
    }
    return false;
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
    freeReplaced();
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
    freeReplaced();
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
