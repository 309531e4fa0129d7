// The host and container network tools, printing exactly as iproute2 6.1, net-tools 2.10,
// bridge-utils 1.7.1, iptables 1.8.9 and busybox print: ip, ifconfig, route, brctl, bridge, iptables.
#pragma once

#include <string>
#include <vector>

#include "exec_context.h"

namespace vethlab::shell {

int runIp(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);
int runIfconfig(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);
int runRoute(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);
int runBrctl(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);
int runBridge(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);
int runIptables(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);
/// `iptables-save [-c] [-t TABLE]`.
int runIptablesSave(ExecContext& ctx, const std::vector<std::string>& argv, Streams& io);

/// net-tools' and busybox's human-readable byte counts: "(0.0 B)", "(1.5 KiB)", "(171.8 MiB)".
std::string humanBytes(std::uint64_t bytes);

} // namespace vethlab::shell
