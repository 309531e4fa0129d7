// What vethlab-kerneld agrees to run inside a lab namespace: a known program by name (never a path,
// never a shell), with arguments that cannot reach outside the lab (no `ip netns`/`-n`, no
// `link set ... netns`, no capture files, `cat` of the container's own /etc files and /proc/sys/net).
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace vethlab::kernel {

/// The absolute argv to exec, or the reason for refusing. `busybox`: the image's userland is busybox
/// (alpine, busybox), so applets run as `/bin/busybox APPLET ...`.
std::variant<std::vector<std::string>, std::string> resolveProgram(const std::vector<std::string>& argv,
                                                                   bool busybox);

} // namespace vethlab::kernel
