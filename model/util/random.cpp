#include "util/random.h"

#include <array>
#include <string_view>

namespace vethlab {

std::string Random::hex(int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<std::size_t>(digits));
    std::uint64_t bits = 0;
    int left = 0;
    for (int i = 0; i < digits; ++i) {
        if (left == 0) {
            bits = next();
            left = 16;
        }
        out += kHex[bits & 0xf];
        bits >>= 4;
        --left;
    }
    return out;
}

std::string Random::dockerId() {
    for (;;) {
        std::string id = hex(64);
        // A short ID made only of digits could be mistaken for a number (and for an index) by the CLI.
        if (id.substr(0, 12).find_first_not_of("0123456789") != std::string::npos) return id;
    }
}

Mac Random::kernelMac() {
    std::uint64_t r = next();
    Mac m;
    for (int i = 0; i < 6; ++i)
        m.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(r >> (8 * i));
    m.bytes[0] = static_cast<std::uint8_t>((m.bytes[0] & 0xfe) | 0x02);
    return m;
}

Mac Random::dockerBridgeMac() {
    std::uint64_t r = next();
    return Mac{{0x02, 0x42, static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(r >> 8),
                static_cast<std::uint8_t>(r >> 16), static_cast<std::uint8_t>(r >> 24)}};
}

std::string Random::containerName() {
    // Our own word lists in the spirit of Docker's generator: a mood and a scientist or engineer.
    static constexpr std::array<std::string_view, 48> kLeft = {
        "admiring", "affectionate", "agitated",   "amazing",  "angry",     "awesome",   "blissful",
        "bold",     "brave",        "busy",       "charming", "clever",    "competent", "confident",
        "cranky",   "dazzling",     "determined", "eager",    "ecstatic",  "elastic",   "elegant",
        "epic",     "festive",      "flamboyant", "focused",  "friendly",  "gallant",   "gifted",
        "great",    "happy",        "hopeful",    "jolly",    "keen",      "kind",      "laughing",
        "loving",   "modest",       "musing",     "nifty",    "objective", "peaceful",  "quirky",
        "relaxed",  "serene",       "stoic",      "sweet",    "vigilant",  "wonderful"};
    static constexpr std::array<std::string_view, 48> kRight = {
        "albattani", "archimedes", "babbage",  "bell",     "black",    "bohr",    "cerf",    "colden",
        "curie",     "darwin",     "dijkstra", "einstein", "elbakyan", "euclid",  "fermi",   "feynman",
        "galileo",   "gauss",      "goldberg", "hamilton", "hopper",   "hypatia", "johnson", "kalam",
        "kepler",    "knuth",      "lamarr",   "lovelace", "mahavira", "mclean",  "meitner", "moore",
        "napier",    "newton",     "noether",  "pascal",   "perlman",  "ritchie", "shannon", "shtern",
        "tesla",     "thompson",   "torvalds", "turing",   "villani",  "wilson",  "wozniak", "yalow"};
    std::string name;
    do {
        // Drawn in a fixed order (the right word first, as GCC happened to evaluate the old unsequenced
        // expression, so the seeded names stay the same): clang drew them the other way round.
        const auto right = below(kRight.size());
        const auto left = below(kLeft.size());
        name = std::string(kLeft[left]) + "_" + std::string(kRight[right]);
    } while (name == "boring_wozniak"); // Steve Wozniak is not boring: Docker never generates this one.
    return name;
}

} // namespace vethlab
