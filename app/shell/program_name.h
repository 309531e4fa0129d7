// How the shell and `docker exec` name a program: by the last part of its path, and whether it is a
// shell (which runs `-c SCRIPT`, or gives an interactive prompt).
#pragma once

#include <string>

namespace vethlab::shell {

/// "/bin/sh" -> "sh"; a name without a slash is itself.
inline std::string baseName(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

/// The shells the images carry (by base name). dash is in none of them, and not on the seed lab's CentOS
/// host.
inline bool isShellProgram(const std::string& prog) {
    return prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh";
}

} // namespace vethlab::shell
