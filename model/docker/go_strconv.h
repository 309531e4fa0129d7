// Go's strconv.ParseBool and strconv.Atoi, as the daemon parses option values with them.
#pragma once

#include <optional>
#include <string>

namespace vethlab::docker {

/// strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False.
std::optional<bool> goParseBool(const std::string& v);
/// strconv.Atoi on a 64-bit platform, limited to what fits an int (at most 10 characters).
std::optional<int> goAtoi(const std::string& v);

} // namespace vethlab::docker
