// libFuzzer: command sequences typed on a fresh lab. The input is split into lines (at most 64, each
// cut at 4 KiB); every line must come back with an exit status, and nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lab.h"
#include "terminal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    vethlab::LabSettings settings = *vethlab::LabSettings::preset("facts");
    vethlab::Lab lab(settings);
    vethlab::shell::Terminal term(lab);
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 64 && !term.finished(); ++lines) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(pos, std::min<std::size_t>(end - pos, 4096));
        pos = end + 1;
        const int status = term.execute(
            line, [](const std::string&) {}, [](const std::string&) {});
        if (status < 0 || status > 255) std::abort();
    }
    return 0;
}
