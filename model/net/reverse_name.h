// The names reverse DNS looks IPv4 addresses up by (RFC 1035 §3.5): 4.3.2.1.in-addr.arpa for 1.2.3.4.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/ipv4.h"

namespace vethlab {

/// "D.C.B.A.in-addr.arpa" for A.B.C.D, as dig, resolvers and PTR questions spell it (no final dot).
std::string reverseName(Ipv4 address);

/// The address a PTR question asks about: "D.C.B.A.in-addr.arpa", any case, with or without the final
/// dot; nothing for any other name.
std::optional<Ipv4> reverseNameAddress(std::string_view name);

} // namespace vethlab
