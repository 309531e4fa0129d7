// What the lab's internet web hosts answer to an HTTP request on port 80.
#pragma once

#include <string>

#include "lab_settings.h"
#include "net/ipv4.h"

namespace vethlab::sim {

/// The response (status line, headers, body) of the internet host at `address` to `request`, dated `now`.
/// Pages whose content the lab knows are the servers' own; for the others the body says so in one line.
std::string internetHttpResponse(const LabSettings& lab, Ipv4 address, const std::string& request, Nanos now);

} // namespace vethlab::sim
