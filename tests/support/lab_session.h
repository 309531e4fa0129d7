// A lab with a terminal, for tests: run a command, get what it printed and its exit status.
#pragma once

#include <string>

#include "lab.h"
#include "terminal.h"

namespace vethlab::testing {

struct CommandResult {
    int status = 0;
    std::string out, err;
    std::string all; // stdout and stderr interleaved as a terminal shows them
};

class LabSession {
public:
    explicit LabSession(const std::string& preset = "facts", std::uint64_t seed = 1,
                        const std::string& settings = {})
        : lab_(withSeed(preset, seed, settings)), term_(lab_) {}

    CommandResult run(const std::string& line) {
        CommandResult r;
        r.status = term_.execute(
            line,
            [&](const std::string& s) {
                r.out += s;
                r.all += s;
            },
            [&](const std::string& s) {
                r.err += s;
                r.all += s;
            });
        return r;
    }
    Lab& lab() { return lab_; }
    shell::Terminal& terminal() { return term_; }

private:
    static LabSettings withSeed(const std::string& preset, std::uint64_t seed, const std::string& settings) {
        LabSettings s = *LabSettings::preset(preset);
        s.apply(settings);
        s.seed = seed;
        return s;
    }
    Lab lab_;
    shell::Terminal term_;
};

} // namespace vethlab::testing
