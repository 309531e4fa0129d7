// docker's help screens for the commands vethlab implements.
#pragma once

#include <string>

namespace vethlab::shell {

/// The help text of a command as typed after "docker" ("network", "network rm", "rm", "port", ...),
/// leading empty line included; nullptr when there is none.
const std::string* dockerHelp(const std::string& command);

} // namespace vethlab::shell
