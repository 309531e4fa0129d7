// Prints a golden transcript as a `vethlab-cli run` script for the real-kernel diff: the first line is
// the options that give the golden's lab (one per line would be ambiguous with commands, so they are
// NUL-free words joined by a tab), then every command in the order the golden runs it.
#include <fstream>
#include <iostream>
#include <sstream>

#include "transcript_check.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: golden-script GOLDEN.txt\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << "golden-script: cannot read " << argv[1] << "\n";
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    const auto result = vethlab::testing::checkTranscript(text.str(), argv[1]);
    std::string options;
    for (const auto& o : result.cliOptions)
        options += (options.empty() ? "" : "\t") + o;
    std::cout << options << "\n";
    for (const auto& line : result.script)
        std::cout << line << "\n";
    return 0;
}
