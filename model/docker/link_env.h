// The environment a legacy --link gives its recipient (moby 20.10.24 daemon/links/links.go ToEnv).
#pragma once

#include <string>
#include <vector>

#include "docker/container.h"

namespace vethlab::docker {

/// Config.Env after the daemon merges the image's (daemon/commit.go merge): the user's variables,
/// then the image's that the user did not set.
std::vector<std::string> mergedConfigEnv(const Container& c);

/// Link.ToEnv for a link named `name` ("/app/db") to a container at `childIp` with `childEnv` and
/// `exposed` ports: <ALIAS>_PORT for the lowest port, then _START/_ADDR/_PROTO/_PORT_START/_END/_PORT_END
/// for each run of three or more consecutive port numbers, then four variables per port,
/// <ALIAS>_NAME, and <ALIAS>_ENV_* for every variable but HOME and PATH.
std::vector<std::string> legacyLinkEnv(const std::string& name, const std::string& childIp,
                                       const std::vector<std::string>& childEnv,
                                       std::vector<PortProto> exposed);

} // namespace vethlab::docker
