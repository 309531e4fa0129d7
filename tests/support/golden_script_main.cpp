// Prints a golden transcript as a `vethlab-cli run` script for the real-kernel diff: the first line is
// the options that give the golden's lab (one per line would be ambiguous with commands, so they are
// NUL-free words joined by a tab), then every command in the order the golden runs it.
#include <fstream>
#include <iostream>
#include <sstream>

#include "transcript_check.h"

// With --update, rewrites the golden with what this build prints instead (see TranscriptResult::updated).
int main(int argc, char** argv) {
    const bool update = argc == 3 && std::string(argv[1]) == "--update";
    if (argc != 2 && !update) {
        std::cerr << "usage: golden-script [--update] GOLDEN.txt\n";
        return 2;
    }
    if (update) ++argv;
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << "golden-script: cannot read " << argv[1] << "\n";
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    const auto result = vethlab::testing::checkTranscript(text.str(), argv[1]);
    if (update) {
        in.close();
        std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
        for (const auto& line : result.updated)
            out << line << "\n";
        return out ? 0 : 1;
    }
    std::string options;
    for (const auto& o : result.cliOptions)
        options += (options.empty() ? "" : "\t") + o;
    std::cout << options << "\n";
    for (const auto& line : result.script)
        std::cout << line << "\n";
    return 0;
}
