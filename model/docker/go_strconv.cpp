#include "docker/go_strconv.h"

#include <cctype>
#include <limits>
#include <set>

namespace vethlab::docker {

std::optional<bool> goParseBool(const std::string& v) {
    static const std::set<std::string> yes = {"1", "t", "T", "TRUE", "true", "True"};
    static const std::set<std::string> no = {"0", "f", "F", "FALSE", "false", "False"};
    if (yes.count(v)) return true;
    if (no.count(v)) return false;
    return std::nullopt;
}

GoInt goAtoi(const std::string& v) {
    const bool negative = !v.empty() && v[0] == '-';
    const std::size_t first = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
    if (first == v.size()) return {std::nullopt, "invalid syntax"};
    // Accumulated as a negative number, whose range reaches one further (math.MinInt64).
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    std::int64_t n = 0;
    bool overflow = false;
    for (std::size_t j = first; j < v.size(); ++j) {
        if (!std::isdigit(static_cast<unsigned char>(v[j]))) return {std::nullopt, "invalid syntax"};
        const int d = v[j] - '0';
        if (n < (min + d) / 10) overflow = true; // Go checks every digit before it reports the range
        if (!overflow) n = n * 10 - d;
    }
    if (overflow || (!negative && n == min)) return {std::nullopt, "value out of range"};
    return {negative ? n : -n, ""};
}

} // namespace vethlab::docker
