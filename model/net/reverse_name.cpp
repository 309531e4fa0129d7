#include "net/reverse_name.h"

#include <algorithm>
#include <cctype>

namespace vethlab {

std::string reverseName(Ipv4 a) {
    return std::to_string(a.octet(3)) + "." + std::to_string(a.octet(2)) + "." + std::to_string(a.octet(1)) +
           "." + std::to_string(a.octet(0)) + ".in-addr.arpa";
}

std::optional<Ipv4> reverseNameAddress(std::string_view name) {
    if (name.ends_with('.')) name.remove_suffix(1);
    constexpr std::string_view suffix = ".in-addr.arpa";
    if (name.size() <= suffix.size()) return std::nullopt;
    const auto tail = name.substr(name.size() - suffix.size());
    if (!std::equal(tail.begin(), tail.end(), suffix.begin(), suffix.end(),
                    [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == y; }))
        return std::nullopt;
    // The octets come reversed: read them as a dotted quad, then turn it round.
    const auto forward = Ipv4::parse(name.substr(0, name.size() - suffix.size()));
    if (!forward) return std::nullopt;
    return Ipv4{(forward->value >> 24) | ((forward->value >> 8) & 0xff00u) |
                ((forward->value << 8) & 0xff0000u) | (forward->value << 24)};
}

} // namespace vethlab
