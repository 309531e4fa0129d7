// libFuzzer: the scenario (lesson) parser, and the expected-output matcher on the parsed lines.
#include <cstddef>
#include <cstdint>
#include <string>

#include "player.h"
#include "scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string error;
    auto lesson = vethlab::scenario::parseScenario(text, "fuzz.md", error);
    // Placeholder matching: the first half of the input as the expected line, the rest as output.
    const std::string expected = text.substr(0, size / 2), actual = text.substr(size / 2);
    (void)vethlab::scenario::matchesExpected(expected, actual);
    (void)lesson;
    return 0;
}
