// The JSON objects of `docker network inspect` and `docker inspect`, field for field as the
// 20.10 API returns them.
#pragma once

#include "docker/daemon.h"
#include "util/json.h"

namespace vethlab::docker {

Json networkJson(const Daemon& daemon, const Network& n, const TimeZone& zone);
Json containerJson(const Daemon& daemon, const Container& c);
/// The value of NetworkSettings.Networks for one attachment.
Json endpointJson(const Daemon& daemon, const Container& c, const Attachment& a);
/// Aliases as `docker inspect` shows them: user aliases, then the short ID (and -h hostname) on
/// user-defined networks; empty (printed as null) elsewhere.
std::vector<std::string> displayedAliases(const Daemon& daemon, const Container& c, const Attachment& a);

} // namespace vethlab::docker
