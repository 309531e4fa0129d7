// A docker command on the real-kernel backend that the kernel refuses halfway is undone as Docker
// undoes a failed start: the model goes back to where it was before the command (a `docker run`
// keeps its container, created and not started), the sandbox is built again from the lab's op log,
// and Docker's error is printed with its exit status.
#pragma once

#include <string>
#include <vector>

#include "exec_context.h"

namespace vethlab::shell {

class Terminal;

/// Runs `docker ...` (argv) with the kernel's refusals held; undoes the command when there are any.
int runDockerOnKernel(Terminal& term, const std::vector<std::string>& argv, Streams& io);

} // namespace vethlab::shell
