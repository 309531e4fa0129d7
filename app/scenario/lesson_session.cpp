#include "lesson_session.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <tuple>
#include <utility>

#include "docker/port_mapping.h"
#include "kernel/kernel_state.h"
#include "packet.h"
#include "topology.h"
#include "util/text.h"

namespace vethlab::scenario {

LessonSession::LessonSession(Scenario lesson, LabHook onNewLab)
    : lesson_(std::make_unique<Scenario>(std::move(lesson))),
      player_(std::make_unique<Player>(*lesson_, std::move(onNewLab))) {
    markNow();
}

void LessonSession::markNow() {
    opsFrom_ = player_->lab().opsRecorded();
    traceFrom_ = player_->terminal().engine().trace().size();
}

std::string LessonSession::execute(const std::string& line) {
    std::string out = player_->terminal().prompt() + line + "\n";
    auto sink = [&](const std::string& s) { out += s; };
    player_->terminal().execute(line, sink, sink);
    return out;
}

namespace {

// Lines typed at the console, run on `player`: what the terminal showed (prompt, line, output).
std::string runTyped(Player& player, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += player.terminal().prompt() + line + "\n";
        auto sink = [&](const std::string& s) { text += s; };
        player.terminal().execute(line, sink, sink);
    }
    return text;
}

} // namespace

void LessonSession::replay(Player& player, std::vector<std::string>* printed) const {
    replayTo(player, player_->position(), printed);
}

void LessonSession::replayTo(Player& player, std::size_t at, std::vector<std::string>* printed) const {
    // The lab is deterministic: replaying the lesson's steps and the lines typed between them gives
    // exactly the state they left.
    player.restart();
    for (std::size_t k = 0; k <= at; ++k) {
        const std::string text = runTyped(player, typed_[k]);
        if (printed) (*printed)[k] = text;
        if (k < at) player.jumpTo(k + 1);
    }
}

void LessonSession::rebuild() {
    restoreTo(position());
    markNow();
}

void LessonSession::restoreTo(std::size_t at) {
    if (player_->hasLabHook()) { // the real kernel's lab is the only one: replay on it
        replayTo(*player_, at, &typedText_);
        return;
    }
    Parked p = takeParked(at);
    for (std::size_t k = 0; k < at; ++k)
        typedText_[k] = p.printed[k];
    typedText_[at] = runTyped(*p.player, typed_[at]);
    if (auto old = std::exchange(player_, std::move(p.player)))
        retired_.push_back(std::move(old)); // freed in idle time: a big lab takes a while
}

LessonSession::Parked LessonSession::takeParked(std::size_t at) {
    // The parked player nearest below (or at) `at`, else the lesson's own one restarted; brought to `at` step
    // by step exactly as replayTo does it, so the lab is the same byte for byte.
    collect();
    auto best = parked_.end();
    for (auto it = parked_.begin(); it != parked_.end(); ++it)
        if (it->at <= at && (best == parked_.end() || it->at > best->at)) best = it;
    Parked p;
    if (best != parked_.end()) {
        p = std::move(*best);
        parked_.erase(best);
    } else {
        // Nothing parked below: the lesson's own player starts again. It frees its lab on a thread of
        // its own while it replays, so the replay reuses that memory rather than faulting in new pages
        // (a third of a cold step back in a 1,000-container lab).
        p.player = std::move(player_);
        p.player->restart();
    }
    while (p.at < at)
        advance(p);
    return p;
}

void LessonSession::advance(Parked& p) const {
    p.printed.push_back(runTyped(*p.player, typed_[p.at]));
    p.player->jumpTo(++p.at);
}

void LessonSession::retire(std::vector<Parked>& from, const std::function<bool(const Parked&)>& unwanted) {
    // Freed later on the idle-time thread: a big lab takes a while to free.
    for (auto& p : from)
        if (unwanted(p)) retired_.push_back(std::move(p.player));
    std::erase_if(from, [](const Parked& p) { return !p.player; });
}

void LessonSession::forgetParkedAfter(std::size_t position) {
    retire(parked_, [&](const Parked& p) { return p.at > position; });
    if (job_ && job_->at > position) job_->isStale = true; // it ran the lines typed before the change
}

void LessonSession::collect() {
    if (!job_) return;
    Job job = std::move(*job_);
    job_.reset();
    Parked p = job.result.get();
    if (!job.isStale && p.player)
        parked_.push_back(std::move(p));
    else if (p.player)
        retired_.push_back(std::move(p.player));
}

LessonSession::~LessonSession() {
    if (job_) job_->result.wait(); // it reads the lesson
}

bool LessonSession::prepare() {
    // The work runs on a thread of its own, one lesson step at a time (a big lab's step takes a while):
    // the window that calls this in idle time stays responsive. Until it is done, there is more to do.
    if (job_) {
        if (job_->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return true;
        collect();
    }
    if (!retired_.empty()) { // the labs a restore replaced, and players no longer wanted
        job_ = Job{std::async(std::launch::async,
                              [r = std::move(retired_)]() mutable {
                                  r.clear();
                                  return Parked{};
                              }),
                   0, true};
        retired_.clear();
        return true;
    }
    if (player_->hasLabHook()) {
        parked_.clear();
        return false;
    }
    forgetParkedAfter(position());
    // Wanted: the state before the last step played (step back) and this step's start (undo, micro-steps).
    std::vector<std::size_t> wanted{position()};
    if (position() > 0) wanted.insert(wanted.begin(), position() - 1);
    // One parked player sits at each wanted position; the others are on their way to one.
    std::vector<bool> sits(parked_.size(), false);
    std::vector<std::size_t> missing;
    for (std::size_t target : wanted) {
        std::size_t i = 0;
        while (i < parked_.size() && (sits[i] || parked_[i].at != target))
            ++i;
        if (i < parked_.size())
            sits[i] = true;
        else
            missing.push_back(target);
    }
    if (missing.empty()) { // everything is ready: what is parked elsewhere only takes memory
        for (std::size_t i = 0; i < parked_.size(); ++i)
            if (!sits[i]) retired_.push_back(std::move(parked_[i].player));
        std::erase_if(parked_, [](const Parked& p) { return !p.player; });
        return !retired_.empty();
    }
    // One step of work: the furthest player on its way to the first missing position, else a new one.
    const std::size_t target = missing.front();
    std::size_t on = parked_.size();
    for (std::size_t i = 0; i < parked_.size(); ++i)
        if (!sits[i] && parked_[i].at < target && (on == parked_.size() || parked_[i].at > parked_[on].at))
            on = i;
    Parked p;
    if (on < parked_.size()) {
        p = std::move(parked_[on]);
        parked_.erase(parked_.begin() + static_cast<std::ptrdiff_t>(on));
    }
    // The thread gets its own copies of what it reads, but the lesson, which never changes.
    const std::size_t at = p.player ? p.at + 1 : 0;
    std::vector<std::string> lines = p.player ? typed_[p.at] : std::vector<std::string>{};
    job_ = Job{std::async(std::launch::async,
                          [p = std::move(p), lines = std::move(lines), lesson = lesson_.get()]() mutable {
                              if (!p.player) {
                                  p.player = std::make_unique<Player>(*lesson);
                              } else {
                                  p.printed.push_back(runTyped(*p.player, lines));
                                  p.player->jumpTo(++p.at);
                              }
                              return std::move(p);
                          }),
               at, false};
    return true;
}

std::vector<std::size_t> LessonSession::parked() {
    collect();
    std::vector<std::size_t> at;
    for (const auto& p : parked_)
        at.push_back(p.at);
    return at;
}

std::optional<StepResult> LessonSession::stepForward() {
    if (position() >= player_->stepCount()) return std::nullopt;
    leaveMicroStep();
    markNow();
    StepResult result = player_->stepForward();
    stepText_.push_back(result.transcript);
    typed_.emplace_back();
    typedText_.emplace_back();
    redo_.clear();
    return result;
}

bool LessonSession::stepBack() {
    if (micro_) { // back from the middle of a step: its beginning
        leaveMicroStep();
        return true;
    }
    if (position() == 0) return false;
    stepText_.pop_back();
    typed_.pop_back();
    typedText_.pop_back();
    redo_.clear();
    // The state before the step, with what was typed before it: a parked player, or one replay (the
    // player's own step back would replay the steps once more, without the typed lines).
    restoreTo(position() - 1);
    markNow();
    return true;
}

void LessonSession::restart() {
    micro_.reset();
    microText_.clear();
    player_->restart();
    forgetParkedAfter(0); // the lines typed are gone
    stepText_.clear();
    typed_ = {{}};
    typedText_ = {{}};
    redo_.clear();
    consoleFrom_ = 0;
    markNow();
}

std::string LessonSession::runLine(const std::string& line) {
    if (trim(line) == "clear") {
        consoleFrom_ = historyText().size(); // the screen, not the lab: a terminal's clear
        return {};
    }
    leaveMicroStep();
    markNow();
    const std::string out = execute(line);
    typedText_.back() += out;
    typed_.back().push_back(line);
    forgetParkedAfter(position());
    return out;
}

std::optional<std::string> LessonSession::undo() {
    leaveMicroStep();
    if (typed_.back().empty()) return std::nullopt;
    redo_.push_back(typed_.back().back());
    typed_.back().pop_back();
    forgetParkedAfter(position());
    rebuild();
    return redo_.back();
}

std::optional<std::string> LessonSession::redo() {
    if (redo_.empty()) return std::nullopt;
    leaveMicroStep();
    const std::string line = redo_.back();
    redo_.pop_back();
    markNow();
    typedText_.back() += execute(line);
    typed_.back().push_back(line);
    forgetParkedAfter(position());
    return line;
}

std::string LessonSession::historyText() const {
    std::string text = typedText_[0];
    for (std::size_t k = 0; k < stepText_.size(); ++k)
        text += stepText_[k] + typedText_[k + 1];
    return text;
}

std::string LessonSession::consoleText() const {
    const std::string text = historyText();
    const std::size_t from = consoleFrom_ > text.size() ? 0 : consoleFrom_; // undone past the `clear`
    return text.substr(from) + (micro_ ? microText_ : player_->terminal().prompt());
}

std::string LessonSession::transcript() const {
    return historyText() + (micro_ ? microText_ : std::string());
}

bool LessonSession::microStepForward() {
    if (position() >= player_->stepCount()) return false;
    if (!micro_) {
        microTotal_ = player_->eventsOfNextStep();
        if (microTotal_ == 0) { // nothing moves on the wire in this step
            stepForward();
            return true;
        }
        micro_ = 0;
    }
    if (++*micro_ >= microTotal_) {
        leaveMicroStep();
        stepForward();
        return true;
    }
    showMicroStep();
    return true;
}

bool LessonSession::microStepBack() {
    if (!micro_) return false;
    if (*micro_ == 0) {
        leaveMicroStep();
        return true;
    }
    --*micro_;
    showMicroStep();
    return true;
}

void LessonSession::leaveMicroStep() {
    if (!micro_) return;
    micro_.reset();
    microText_.clear();
    rebuild(); // the whole-step state at this position, with what was typed
}

void LessonSession::showMicroStep() {
    rebuild();
    microText_ = player_->playPartial(*micro_).transcript;
}

LessonSession::Hop LessonSession::lastHop() const {
    Hop hop;
    if (!micro_) return hop;
    const auto& engine = player_->terminal().engine();
    const auto& trace = engine.trace();
    // The events of the latest moment (a flood's copies leave together), from this step's only.
    std::size_t first = trace.size();
    while (first > traceFrom_ && trace[first - 1].time == trace.back().time)
        --first;
    hop.events.assign(trace.begin() + static_cast<long>(first), trace.end());
    // A decision belongs with the event recorded after it: those of the shown events, and those taken
    // since for the frame's next move.
    for (const auto& d : engine.decisions())
        if (d.traceIndex >= std::max(first, traceFrom_) && d.traceIndex <= trace.size())
            hop.decisions.push_back(d);
    return hop;
}

std::span<const OpRecord> LessonSession::recentOps() const {
    return player_->lab().opsSince(opsFrom_);
}

std::vector<sim::TraceEvent> LessonSession::recentEvents() const {
    const auto& trace = player_->terminal().engine().trace();
    const std::size_t from = std::min(traceFrom_, trace.size());
    return {trace.begin() + static_cast<long>(from), trace.end()};
}

std::vector<RttSample> LessonSession::rttSeries() const {
    // An echo request's first transmission names its sender (a bridge forwarding it later is not the
    // sender); the reply counts when it arrives back in the sender's namespace.
    const auto& frames = player_->terminal().engine().captured();
    using Key = std::tuple<int, std::uint16_t, std::uint16_t>; // namespace, identifier, sequence
    std::map<Key, Nanos> sent;
    std::map<std::pair<std::uint16_t, std::uint16_t>, int> sender; // (identifier, sequence) → namespace
    std::vector<std::pair<Key, double>> answered;
    for (const auto& e : recentEvents()) {
        if ((e.direction != "tx" && e.direction != "rx") || e.frame < 0 ||
            static_cast<std::size_t>(e.frame) >= frames.size())
            continue;
        const auto icmp = sim::decodeIcmp(frames[static_cast<std::size_t>(e.frame)].bytes);
        if (!icmp || (icmp->type != 8 && icmp->type != 0)) continue;
        const std::pair<std::uint16_t, std::uint16_t> idSeq{icmp->identifier, icmp->sequence};
        if (icmp->type == 8 && e.direction == "tx" && !sender.count(idSeq)) {
            sender[idSeq] = e.namespaceId;
            sent[{e.namespaceId, icmp->identifier, icmp->sequence}] = e.time;
        } else if (icmp->type == 0 && e.direction == "rx" && sender.count(idSeq) &&
                   sender[idSeq] == e.namespaceId) {
            const Key key{e.namespaceId, icmp->identifier, icmp->sequence};
            if (auto it = sent.find(key); it != sent.end()) {
                answered.push_back({key, static_cast<double>(e.time - it->second) / 1e6});
                sent.erase(it);
            }
        }
    }
    std::vector<RttSample> series;
    if (answered.empty()) return series;
    // The last pinging program: its namespace and identifier.
    const auto [ns, id, seq] = answered.back().first;
    (void)seq;
    for (const auto& [key, ms] : answered)
        if (std::get<0>(key) == ns && std::get<1>(key) == id) series.push_back({std::get<2>(key), ms});
    return series;
}

std::string LessonSession::runOnTwin(const std::vector<std::string>& commands) const {
    Player twin(*lesson_);
    replay(twin, nullptr);
    std::string text;
    for (const auto& c : commands) {
        text += twin.terminal().prompt() + c + "\n";
        auto sink = [&](const std::string& out) { text += out; };
        twin.terminal().execute(c, sink, sink);
    }
    return text;
}

std::vector<std::string> LessonSession::inspectorCommands(const topology::Node& node) {
    std::vector<std::string> commands;
    switch (node.kind) {
    case topology::Node::Kind::Namespace: {
        if (node.title.rfind("netns ", 0) == 0) break;
        const std::string first = node.title.substr(0, node.title.find(" + "));
        for (const char* c : {"ip addr", "ip route", "ip neigh", "cat /etc/hosts", "cat /etc/resolv.conf"})
            commands.push_back("docker exec " + first + " " + c);
        commands.push_back("docker inspect " + first);
        break;
    }
    case topology::Node::Kind::Bridge: {
        const std::string name = node.id.substr(3);
        commands = {"ip addr show " + name, "bridge fdb show br " + name, "brctl show " + name};
        if (!node.network.empty()) commands.push_back("docker network inspect " + node.network);
        break;
    }
    case topology::Node::Kind::Host:
        commands = {"ip route", "ip neigh", "iptables -t nat -S", "iptables -S", "cat /etc/resolv.conf"};
        break;
    case topology::Node::Kind::Outside:
        break;
    }
    return commands;
}

PingOutcome LessonSession::pingOnTwin(const std::string& fromContainer, const std::string& address) const {
    return pduOnTwin((fromContainer.empty() ? "" : "docker exec " + fromContainer + " ") + "ping -c 1 -W 1 " +
                     address);
}

PingOutcome LessonSession::httpOnTwin(const std::string& fromContainer, const std::string& address,
                                      int port) const {
    // -I: the status line is the answer; -sS: no meter, but curl's own error when it fails.
    return pduOnTwin((fromContainer.empty() ? "" : "docker exec " + fromContainer + " ") +
                     "curl -sS -m 2 -I http://" + address + ":" + std::to_string(port) + "/");
}

int LessonSession::listeningPort(const std::string& container) const {
    const docker::Container* c = player_->lab().daemon().findContainer(container);
    if (!c) return 80;
    int lowest = 0;
    for (const auto& p : docker::exposedPorts(*c))
        if (p.proto == "tcp" && (lowest == 0 || p.port < lowest)) lowest = p.port;
    return lowest ? lowest : 80;
}

PingOutcome LessonSession::pduOnTwin(const std::string& command) const {
    Player twin(*lesson_);
    replay(twin, nullptr);
    PingOutcome out;
    out.command = command;
    const std::size_t from = twin.terminal().engine().trace().size();
    auto sink = [&](const std::string& s) { out.output += s; };
    out.ok = twin.terminal().execute(out.command, sink, sink) == 0;
    const auto& trace = twin.terminal().engine().trace();
    for (std::size_t i = from; i < trace.size(); ++i)
        if (trace[i].direction == "drop") out.drops.push_back(trace[i]);
    return out;
}

ReachabilityMatrix LessonSession::probeOnTwin() const {
    Player twin(*lesson_);
    replay(twin, nullptr);
    return probeReachability(twin.lab(), twin.terminal());
}

std::vector<GoalStatus> LessonSession::goals() const {
    std::vector<GoalStatus> out;
    if (position() == 0 || lesson_->steps[position() - 1].goals.empty()) return out;
    // Goals send probes: a twin of the student's lab as it is now.
    Player twin(*lesson_);
    replay(twin, nullptr);
    for (const Goal& g : lesson_->steps[position() - 1].goals)
        out.push_back({g, checkHolds(twin.terminal(), g.check)});
    return out;
}

const std::vector<Bilingual>& LessonSession::hints() const {
    static const std::vector<Bilingual> none;
    return position() == 0 ? none : lesson_->steps[position() - 1].hints;
}

const Prediction* LessonSession::pendingQuestion() const {
    if (position() >= lesson_->steps.size()) return nullptr;
    const auto& next = lesson_->steps[position()];
    if (!next.predict) return nullptr;
    for (const auto& p : predictions_)
        if (p.step == position() + 1) return nullptr; // answered
    return &*next.predict;
}

std::optional<PredictionOutcome> LessonSession::answerAndPlay(bool yes, StepResult* played) {
    const Prediction* question = pendingQuestion();
    if (!question) return std::nullopt;
    const Check check = question->check;
    auto result = stepForward();
    if (played && result) *played = *result;
    Player twin(*lesson_);
    replay(twin, nullptr);
    const PredictionOutcome outcome{position(), yes, checkHolds(twin.terminal(), check)};
    predictions_.push_back(outcome);
    return outcome;
}

LabFile LessonSession::toFile(std::vector<Annotation> annotations) const {
    LabFile f;
    f.lessonId = lesson_->id;
    f.lessonPath = lesson_->path;
    f.position = position();
    f.typed = typed_;
    for (const auto& p : predictions_)
        f.answers.push_back({p.step, p.answer, p.actual});
    f.annotations = std::move(annotations);
    return f;
}

void LessonSession::restore(const LabFile& file) {
    restart();
    const std::size_t at = std::min(file.position, player_->stepCount());
    for (std::size_t k = 0; k <= at; ++k) {
        if (k < file.typed.size())
            for (const auto& line : file.typed[k])
                runLine(line);
        if (k < at) stepForward();
    }
    predictions_.clear();
    for (const auto& a : file.answers)
        predictions_.push_back({a.step, a.answer, a.actual});
    redo_.clear();
    markNow();
}

std::vector<std::string> checkLesson(Scenario lesson, const LabHook& onNewLab) {
    LabSettings probe = *LabSettings::preset("seed");
    if (auto err = probe.apply(lesson.labSettings)) return {lesson.path + ": lab settings: " + *err};
    LessonSession session(std::move(lesson), onNewLab);
    std::vector<std::string> all;
    while (auto r = session.stepForward())
        all.insert(all.end(), r->differences.begin(), r->differences.end());
    return all;
}

} // namespace vethlab::scenario
