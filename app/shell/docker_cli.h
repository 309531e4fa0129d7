// The docker client (20.10-era): parses docker command lines, talks to the daemon model and prints
// what the real client prints, with its error texts and exit statuses.
#pragma once

#include <string>
#include <vector>

#include "exec_context.h"
#include "terminal.h"

namespace vethlab::shell {

int runDocker(Terminal& term, const std::vector<std::string>& argv, Streams& io);

} // namespace vethlab::shell
