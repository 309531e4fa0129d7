// Switching a lab to the real kernel: a vethlab-kerneld helper is started, the lab's whole op log is
// replayed into its namespaces, and the terminal's tools run there for real.
#pragma once

#include <memory>
#include <string>

#include "kernel_client.h"
#include "lab.h"
#include "terminal.h"

namespace vethlab::kerneld {

/// Returns the client, or nullptr with one line in `error` (no root, no sudo, no namespaces).
std::shared_ptr<KernelClient> attachRealKernel(Lab& lab, shell::Terminal& terminal, std::string& error);

} // namespace vethlab::kerneld
