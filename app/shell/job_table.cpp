#include "job_table.h"

#include <algorithm>
#include <cstdio>

namespace vethlab::shell {

int JobTable::start(const std::string& text, Streams& io, bool ash) {
    Job j;
    j.number = jobs_.empty() ? 1 : jobs_.back().number + 1;
    j.pid = nextPid_;
    nextPid_ += 7; // other processes (the shell's own children, kernel threads) take PIDs meanwhile
    // bash keeps the words as typed, without the surrounding blanks.
    const auto first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
    j.text = first == std::string::npos ? "" : text.substr(first, last - first + 1);
    j.ash = ash;
    if (!ash) io.error("[" + std::to_string(j.number) + "] " + std::to_string(j.pid) + "\n");
    jobs_.push_back(j);
    return j.number;
}

JobTable::Job* JobTable::find(int number) {
    for (auto& j : jobs_)
        if (j.number == number) return &j;
    return nullptr;
}

const JobTable::Job* JobTable::find(int number) const {
    for (const auto& j : jobs_)
        if (j.number == number) return &j;
    return nullptr;
}

void JobTable::attach(int number, Program program) {
    if (Job* j = find(number)) j->program = std::move(program);
}

void JobTable::commandReturned(int number, int status) {
    Job* j = find(number);
    if (!j || j->program.poll) return;
    j->running = false;
    j->status = status;
}

void JobTable::poll(Streams& io) {
    for (auto& j : jobs_)
        if (j.running && j.program.poll && j.program.poll(io, j.status)) j.running = false;
}

char JobTable::marker(const Job& j) const {
    if (!jobs_.empty() && &j == &jobs_.back()) return '+';
    if (jobs_.size() > 1 && &j == &jobs_[jobs_.size() - 2]) return '-';
    return ' ';
}

std::string JobTable::line(const Job& j, const std::string& state) const {
    char head[64];
    // ash's showjob starts the command at column 33 and does not repeat the &; bash pads to 24.
    if (j.ash) {
        std::snprintf(head, sizeof head, "[%d]%c  %-27s", j.number, marker(j), state.c_str());
        return head + j.text + "\n";
    }
    std::snprintf(head, sizeof head, "[%d]%c  %-24s", j.number, marker(j), state.c_str());
    return head + j.text + (j.running ? " &" : "") + "\n";
}

std::string JobTable::stateOf(const Job& j) {
    if (j.running) return "Running";
    if (j.terminated) return "Terminated";
    if (j.status == 0) return "Done";
    return j.ash ? "Done(" + std::to_string(j.status) + ")" : "Exit " + std::to_string(j.status);
}

void JobTable::notify(Streams& io) {
    std::string out;
    for (const auto& j : jobs_)
        if (!j.running) {
            out += line(j, stateOf(j));
            endedPids_[j.pid] = j.status;
        }
    jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), [](const Job& j) { return !j.running; }),
                jobs_.end());
    if (!out.empty()) io.error(out);
}

std::string JobTable::list() const {
    std::string out;
    for (const auto& j : jobs_)
        out += line(j, stateOf(j));
    return out;
}

std::optional<std::vector<int>> JobTable::waitTargets(const std::string& spec, Streams& io,
                                                      const std::string& shellName, int& status) const {
    auto digits = [](const std::string& t) {
        return !t.empty() && t.size() < 9 && t.find_first_not_of("0123456789") == std::string::npos;
    };
    std::vector<int> out;
    status = 0;
    if (spec.empty()) {
        for (const auto& j : jobs_)
            if (j.running) out.push_back(j.number);
        return out;
    }
    const Job* j = nullptr;
    if (spec[0] == '%' && digits(spec.substr(1))) {
        j = find(std::stoi(spec.substr(1)));
        if (!j) {
            io.error(shellName + ": wait: " + spec + ": no such job\n");
            status = 127;
            return std::nullopt;
        }
    } else if (digits(spec)) {
        for (const auto& candidate : jobs_)
            if (candidate.pid == std::stoi(spec)) j = &candidate;
        if (!j && endedPids_.count(std::stoi(spec))) {
            status = endedPids_.at(std::stoi(spec));
            return out;
        }
        if (!j) {
            io.error(shellName + ": wait: pid " + spec + " is not a child of this shell\n");
            status = 127;
            return std::nullopt;
        }
    } else {
        io.error(shellName + ": wait: `" + spec + "': not a pid or valid job spec\n");
        status = 1;
        return std::nullopt;
    }
    out.push_back(j->number);
    return out;
}

std::optional<Nanos> JobTable::lastEnd(const std::vector<int>& numbers) const {
    Nanos last = 0;
    for (int n : numbers) {
        const Job* j = find(n);
        if (!j || !j->running) continue;
        if (!j->program.endsAt) return std::nullopt;
        last = std::max(last, *j->program.endsAt);
    }
    return last;
}

int JobTable::statusOf(int number) const {
    const Job* j = find(number);
    return j && !j->running ? j->status : 0;
}

int JobTable::kill(const std::string& spec, Streams& io, const std::string& shellName) {
    Job* j = nullptr;
    if (spec.size() > 1 && spec[0] == '%') {
        const std::string n = spec.substr(1);
        if (n == "%" || n == "+")
            j = jobs_.empty() ? nullptr : &jobs_.back();
        else if (n == "-")
            j = jobs_.size() > 1 ? &jobs_[jobs_.size() - 2] : nullptr;
        else if (n.find_first_not_of("0123456789") == std::string::npos && n.size() < 9)
            j = find(std::stoi(n));
        if (!j || !j->running) {
            io.error(shellName + ": kill: " + spec + ": no such job\n");
            return 1;
        }
    } else if (!spec.empty() && spec.find_first_not_of("0123456789") == std::string::npos &&
               spec.size() < 9) {
        for (auto& candidate : jobs_)
            if (candidate.pid == std::stoi(spec) && candidate.running) j = &candidate;
        if (!j) {
            io.error(shellName + ": kill: (" + spec + ") - No such process\n");
            return 1;
        }
    } else {
        io.error(shellName + ": kill: " + spec + ": arguments must be process or job IDs\n");
        return 1;
    }
    j->running = false;
    j->status = j->program.terminate ? j->program.terminate(io) : 143;
    j->terminated = !j->program.terminate || j->status == 128 + 15; // it died of the SIGTERM
    return 0;
}

} // namespace vethlab::shell
