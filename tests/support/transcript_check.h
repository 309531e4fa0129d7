// Replays a golden transcript through a Terminal and compares the output line by line. Values that
// are random by nature (container, network, sandbox and endpoint IDs, veth names, random MACs and the
// link-local addresses made from them, timestamps) must match up to a consistent one-to-one renaming;
// everything else must match byte for byte.
//
// Golden file format: the transcript as the terminal shows it (prompt + command, then output).
// Lines starting with "#% " are directives, not part of the transcript:
//   #% lab: facts | seed | default      (first, before any command)
//   #% set: key: value                  a lab setting
//   #% set-now: key: value              a lab setting changed from here on
//   #% exit-status                      the transcript prints "[exit N]" after each command
//   #% sleep: SECONDS                   simulated time passes (a person paused)
//   #% do: COMMAND                      runs a command whose output is not part of the transcript
//   #% skip-output                      the next command runs but its output is not compared
//   #% no-indent                        the next command's output lost its leading spaces in the source
//   #% truncated                        the source shows only the beginning of the next command's output
//   #% ping-interrupt-after: N           Ctrl-C after N echoes of a ping without -c
//   #% at: SECONDS / next-ifindex: N    the recorded host's clock and ifindex counter at this point
//   #% note: ...                        a comment
#pragma once

#include <string>
#include <vector>

namespace vethlab::testing {

struct TranscriptResult {
    bool ok = true;
    std::vector<std::string> failures; // human-readable diffs
    int commands = 0;
    int compared = 0;
    // The same session as a `vethlab-cli run` script (commands as run, pauses as `sleep`) and the
    // options that give it the golden's lab, so the real-kernel diff can replay it.
    std::vector<std::string> script;
    std::vector<std::string> cliOptions;
    // The golden as this build prints it (`golden-script --update`): every compared output replaced by
    // what the terminal printed, commands with the IDs they ran with; directives and notes kept. For
    // goldens the simulation wrote (fidelity_*, tools_*), after a change that moves the random stream.
    std::vector<std::string> updated;
};

TranscriptResult checkTranscript(const std::string& goldenText, const std::string& name);

} // namespace vethlab::testing
