// The names reverse DNS looks addresses up by: 4.3.2.1.in-addr.arpa for 1.2.3.4 (RFC 1035 §3.5), and
// the 32 reversed nibbles under ip6.arpa for an IPv6 address (RFC 3596 §2.5; Ipv6::reverseName spells it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/ipv4.h"
#include "net/ipv6.h"

namespace vethlab {

/// "D.C.B.A.in-addr.arpa" for A.B.C.D, as dig, resolvers and PTR questions spell it (no final dot).
std::string reverseName(Ipv4 address);

/// The address a PTR question asks about: "D.C.B.A.in-addr.arpa", any case, with or without the final
/// dot; nothing for any other name.
std::optional<Ipv4> reverseNameAddress(std::string_view name);

/// The same for "N.N.(32 nibbles).ip6.arpa": the IPv6 address it asks about; nothing otherwise.
std::optional<Ipv6> reverseNameAddress6(std::string_view name);

} // namespace vethlab
