#include "net/reverse_name.h"

#include <algorithm>
#include <cctype>

namespace vethlab {

std::string reverseName(Ipv4 a) {
    return std::to_string(a.octet(3)) + "." + std::to_string(a.octet(2)) + "." + std::to_string(a.octet(1)) +
           "." + std::to_string(a.octet(0)) + ".in-addr.arpa";
}

namespace {

// What comes before `suffix` (lower case) in a question's name, any case, with or without the final dot.
std::optional<std::string_view> labelsUnder(std::string_view name, std::string_view suffix) {
    if (name.ends_with('.')) name.remove_suffix(1);
    if (name.size() <= suffix.size()) return std::nullopt;
    const auto tail = name.substr(name.size() - suffix.size());
    if (!std::equal(tail.begin(), tail.end(), suffix.begin(), suffix.end(),
                    [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == y; }))
        return std::nullopt;
    return name.substr(0, name.size() - suffix.size());
}

} // namespace

std::optional<Ipv4> reverseNameAddress(std::string_view name) {
    const auto labels = labelsUnder(name, ".in-addr.arpa");
    if (!labels) return std::nullopt;
    // The octets come reversed: read them as a dotted quad, then turn it round.
    const auto forward = Ipv4::parse(*labels);
    if (!forward) return std::nullopt;
    return Ipv4{(forward->value >> 24) | ((forward->value >> 8) & 0xff00u) |
                ((forward->value << 8) & 0xff0000u) | (forward->value << 24)};
}

std::optional<Ipv6> reverseNameAddress6(std::string_view name) {
    const auto labels = labelsUnder(name, ".ip6.arpa");
    if (!labels || labels->size() != 63) return std::nullopt; // 32 nibbles and the dots between them
    Ipv6 out;
    for (std::size_t k = 0; k < 32; ++k) { // lowest nibble first
        const auto c = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>((*labels)[2 * k])));
        if (!std::isxdigit(c) || (k < 31 && (*labels)[2 * k + 1] != '.')) return std::nullopt;
        const int v = c <= '9' ? c - '0' : c - 'a' + 10;
        auto& b = out.bytes[15 - k / 2];
        b = static_cast<std::uint8_t>(k % 2 == 0 ? b | v : b | (v << 4));
    }
    return out;
}

} // namespace vethlab
