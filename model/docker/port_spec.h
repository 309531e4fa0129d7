// Port arguments as docker 20.10.24 reads them: go-connections/nat (ParsePortSpec, ParsePortRange,
// NewPort, SplitProtoPort) and docker/cli's handling of -p and --expose (cli/command/container/opts.go).
// Every function returns the exact error text the client prints after "docker: ".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docker/container.h"

namespace vethlab::docker {

/// nat.ParsePortRange: "8000" or "8000-9000" (only the first two dash-separated parts count).
[[nodiscard]] std::optional<std::string> parsePortRange(const std::string& ports, std::uint64_t& start,
                                                        std::uint64_t& end);

/// nat.SplitProtoPort: ("tcp", "80") for "80", ("udp", "53") for "53/udp", ("", "") for "" or "/x".
std::pair<std::string, std::string> splitProtoPort(const std::string& raw);

/// nat.NewPort's text: "80/tcp" or "8000-8001/tcp", or the range error.
[[nodiscard]] std::optional<std::string> natPort(const std::string& proto, const std::string& port,
                                                 std::string& out);

/// docker/cli convertToStandardNotation for one -p value: the long form
/// "published=8080,target=80,protocol=udp" becomes "8080:80/udp"; other values pass unchanged.
[[nodiscard]] std::optional<std::string> convertToStandardNotation(const std::string& publish,
                                                                   std::string& out);

/// nat.ParsePortSpec: one binding per container port, HostPort normalised ("08080" -> "8080"),
/// a host-port range kept as "8000-8010" when it publishes a single container port.
[[nodiscard]] std::optional<std::string> parsePortSpec(const std::string& raw, std::vector<PortBinding>& out);

/// One --expose value ("80", "80/udp", "8000-8010/tcp"): its ports, or the CLI's error.
[[nodiscard]] std::optional<std::string> parseExpose(const std::string& value, std::vector<PortProto>& out);

} // namespace vethlab::docker
