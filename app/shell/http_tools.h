// HTTP clients over the engine's TCP: curl as Debian 12's curl 7.88.1 prints (messages and exit codes of
// lib/connect.c and lib/strerror.c) and busybox wget. Responses come from the engine's servers.
#pragma once

#include <string>
#include <vector>

#include "engine.h"
#include "exec_context.h"
#include "resolver.h"

namespace vethlab::shell {

int runCurl(sim::Engine& engine, const sim::Resolver& resolver, ExecContext& ctx,
            const std::vector<std::string>& argv, Streams& io);
int runWget(sim::Engine& engine, const sim::Resolver& resolver, ExecContext& ctx,
            const std::vector<std::string>& argv, Streams& io);

} // namespace vethlab::shell
