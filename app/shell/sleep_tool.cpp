// sleep, as GNU coreutils 9.1 (the host, Debian images) and busybox 1.35/1.36 (alpine, busybox) parse
// it: every operand is added up; each tool rejects bad operands with its own message. Time is the
// lab's: nobody waits, the clock moves on.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <strings.h>

#include "command_registry.h"
#include "terminal.h"

namespace vethlab::shell {
namespace {

struct Operands {
    double seconds = 0;
    std::optional<int> exit; // set: the tool has already answered (an error, --help): nothing sleeps
};

Operands gnuOperands(const std::vector<std::string>& argv, Streams& io) {
    if (argv.size() < 2) {
        io.error("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        return {0, 1};
    }
    Operands o;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        auto seconds = parseSleepSeconds(argv[i]);
        if (!seconds) {
            io.error("sleep: invalid time interval '" + argv[i] + "'\n"); // each bad operand, then usage
            o.exit = 1;
            continue;
        }
        o.seconds += *seconds;
    }
    if (o.exit) io.error("Try 'sleep --help' for more information.\n");
    return o;
}

// libbb's xatoul_sfx(): decimal digits (no sign, no blank), then nothing or one of s m h d.
std::optional<double> busyboxInteger(const std::string& text) {
    if (text.empty() || !std::isalnum(static_cast<unsigned char>(text[0]))) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
    if (errno || end == text.c_str()) return std::nullopt;
    const std::string suffix(end);
    const double scale = suffix.empty() || suffix == "s" ? 1
                         : suffix == "m"                 ? 60
                         : suffix == "h"                 ? 3600
                         : suffix == "d"                 ? 86400
                                                         : 0;
    if (scale == 0) return std::nullopt;
    return static_cast<double>(n) * scale;
}

// coreutils/sleep.c with FEATURE_FLOAT_SLEEP: a fraction is read by strtod up to the first character
// that is neither a digit nor '.', and its suffix is checked by pasting it after a "1".
std::optional<double> busyboxOperand(const std::string& arg, bool& usage) {
    if (arg.find('.') == std::string::npos) return busyboxInteger(arg);
    const std::size_t len = std::strspn(arg.c_str(), "0123456789.");
    const std::string number = arg.substr(0, len);
    errno = 0;
    char* end = nullptr;
    const double d = std::strtod(number.c_str(), &end);
    if (errno || *end) {
        usage = true;
        return std::nullopt;
    }
    auto scale = busyboxInteger("1" + arg.substr(len));
    if (!scale) return std::nullopt;
    return d * *scale;
}

Operands busyboxOperands(const ExecContext& ctx, const std::vector<std::string>& argv, Streams& io) {
    auto usageText = [&] {
        return ctx.busyboxBanner() +
               "\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each "
               "arg "
               "can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n";
    };
    if (argv.size() == 2 && argv[1] == "--help") {
        io.print(usageText());
        return {0, 0};
    }
    if (argv.size() < 2) {
        io.error(usageText());
        return {0, 1};
    }
    // "GNU sleep accepts inf": busybox looks at the first operand only, and at its first three letters.
    if (strncasecmp(argv[1].c_str(), "inf", 3) == 0) return {HUGE_VAL, std::nullopt};
    Operands o;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        bool usage = false;
        auto seconds = busyboxOperand(argv[i], usage);
        if (usage) {
            io.error(usageText());
            return {0, 1};
        }
        if (!seconds) {
            const std::string shown = argv[i].find('.') == std::string::npos
                                          ? argv[i]
                                          : "1" + argv[i].substr(std::strspn(argv[i].c_str(), "0123456789."));
            io.error("sleep: invalid number '" + shown + "'\n"); // the first bad operand ends it
            return {0, 1};
        }
        o.seconds += *seconds;
    }
    return o;
}

int runSleep(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    const Operands o = ctx.isBusybox() ? busyboxOperands(ctx, argv, io) : gnuOperands(argv, io);
    if (o.exit) return *o.exit;
    const Nanos duration = secondsToNanos(o.seconds, kPatience);
    if (const int job = ctx.terminal->startingJob()) {
        // `sleep N &`: the shell does not wait; the job ends once the lab's clock has passed N.
        JobTable::Program program;
        Lab* lab = ctx.lab;
        const Nanos end = lab->now() + duration;
        program.poll = [lab, end](Streams&, int& status) {
            status = 0;
            return lab->now() >= end;
        };
        program.endsAt = end;
        ctx.terminal->jobs().attach(job, std::move(program));
        return 0;
    }
    if (const auto& wait = ctx.terminal->interruptibleWait()) {
        // At an interactive terminal the sleep is real, until its end or Ctrl-C (130: killed by SIGINT).
        const auto begin = std::chrono::steady_clock::now();
        const bool done = wait(begin + std::chrono::nanoseconds(duration));
        ctx.lab->advance(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - begin)
                .count());
        if (done) return 0;
        io.print("\n"); // after the ^C the terminal echoed, as bash does for a job killed by SIGINT
        ctx.terminal->abortLine();
        return 130;
    }
    if (duration >= kPatience) {
        ctx.lab->advance(ctx.terminal->pingInterruptAfter() * kSecond);
        io.print("^C\n");
        return 130;
    }
    ctx.lab->advance(duration);
    return 0;
}

} // namespace

void addSleep(CommandRegistry& r) {
    r.add({"sleep"}, runSleep);
}

} // namespace vethlab::shell
