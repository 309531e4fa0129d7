// docker's help screens for the commands vethlab implements.
#pragma once

#include <string>

namespace vethlab::shell {

/// The help text of "network" or a network subcommand ("ls", "create", ...), leading empty line
/// included; nullptr when there is none.
const std::string* dockerHelp(const std::string& command);

} // namespace vethlab::shell
