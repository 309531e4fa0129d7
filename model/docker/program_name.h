// How a program is named when it runs (the shell, `docker exec`, a container's main process): by the
// last part of its path, and whether it is a shell (which runs `-c SCRIPT`, or gives an interactive
// prompt). The one definition; app/shell uses it through app/shell/program_name.h.
#pragma once

#include <string>

namespace vethlab::docker {

/// "/bin/sh" -> "sh"; a name without a slash is itself.
inline std::string baseName(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

/// The shells the images carry (by base name). dash is in none of them, and not on the seed lab's CentOS
/// host.
inline bool isShellProgram(const std::string& prog) {
    return prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh";
}

} // namespace vethlab::docker
