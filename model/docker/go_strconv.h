// Go's strconv.ParseBool and strconv.Atoi, as the daemon parses option values with them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vethlab::docker {

/// strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False.
std::optional<bool> goParseBool(const std::string& v);

/// strconv.Atoi on a 64-bit platform: the value, or why not ("invalid syntax", "value out of range").
struct GoInt {
    std::optional<std::int64_t> value;
    std::string error;
};
GoInt goAtoi(const std::string& v);

} // namespace vethlab::docker
