// Docker's timestamps in filters (api/types/time.GetTimestamp): a Go duration before `now`, an
// RFC 3339 date or date-time (local to the daemon's zone unless it carries one), or Unix seconds,
// with Go's time.Parse error texts.
#pragma once

#include <optional>
#include <string>

#include "util/sim_time.h"

namespace vethlab::shell {

/// Go's time.ParseDuration ("1h30m", "10m", "1.5s", "-2h"); false when malformed.
bool parseGoDuration(const std::string& text, Nanos& out);

/// The instant `value` names; on failure returns nullopt and sets `error` to the daemon's message.
std::optional<Nanos> dockerTimestamp(const std::string& value, Nanos now, const TimeZone& zone,
                                     std::string& error);

} // namespace vethlab::shell
