#include "docker/go_strconv.h"

#include <cctype>
#include <set>

namespace vethlab::docker {

std::optional<bool> goParseBool(const std::string& v) {
    static const std::set<std::string> yes = {"1", "t", "T", "TRUE", "true", "True"};
    static const std::set<std::string> no = {"0", "f", "F", "FALSE", "false", "False"};
    if (yes.count(v)) return true;
    if (no.count(v)) return false;
    return std::nullopt;
}

std::optional<int> goAtoi(const std::string& v) {
    std::size_t i = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
    if (i == v.size() || v.size() > 10) return std::nullopt;
    for (std::size_t j = i; j < v.size(); ++j)
        if (!std::isdigit(static_cast<unsigned char>(v[j]))) return std::nullopt;
    return std::stoi(v);
}

} // namespace vethlab::docker
