#include "docker/go_net.h"

#include <cctype>

namespace vethlab::docker::gonet {
namespace {

constexpr int kBig = 0xFFFFFF; // Go's net.big: numbers stop growing here

// dtoi / xtoi: the number at the start of s, how many characters it used, and whether any did.
bool leadingNumber(const std::string& s, std::size_t from, int base, int& n, std::size_t& used) {
    n = 0;
    used = 0;
    for (std::size_t i = from; i < s.size(); ++i) {
        int d;
        char c = s[i];
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            break;
        n = n * base + d;
        ++used;
        if (n >= kBig) return false;
    }
    return used > 0;
}

std::optional<std::array<std::uint8_t, 4>> parseV4(const std::string& s, std::size_t pos) {
    std::array<std::uint8_t, 4> p{};
    for (int i = 0; i < 4; ++i) {
        if (pos >= s.size()) return std::nullopt;
        if (i > 0) {
            if (s[pos] != '.') return std::nullopt;
            ++pos;
        }
        int n;
        std::size_t c;
        if (!leadingNumber(s, pos, 10, n, c) || n > 0xFF) return std::nullopt;
        if (c > 1 && s[pos] == '0') return std::nullopt; // leading zeros (Go 1.17+)
        pos += c;
        p[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n);
    }
    if (pos != s.size()) return std::nullopt;
    return p;
}

std::optional<IP> parseV6(const std::string& text) {
    std::vector<std::uint8_t> ip(16, 0);
    int ellipsis = -1;
    std::size_t pos = 0;
    if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
        ellipsis = 0;
        pos = 2;
        if (pos == text.size()) return IP{ip};
    }
    int i = 0;
    while (i < 16) {
        int n;
        std::size_t c;
        if (!leadingNumber(text, pos, 16, n, c) || n > 0xFFFF) return std::nullopt;
        if (pos + c < text.size() && text[pos + c] == '.') {
            if ((ellipsis < 0 && i != 12) || i + 4 > 16) return std::nullopt;
            auto v4 = parseV4(text, pos);
            if (!v4) return std::nullopt;
            for (int k = 0; k < 4; ++k)
                ip[static_cast<std::size_t>(i + k)] = (*v4)[static_cast<std::size_t>(k)];
            pos = text.size();
            i += 4;
            break;
        }
        ip[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> 8);
        ip[static_cast<std::size_t>(i + 1)] = static_cast<std::uint8_t>(n);
        i += 2;
        pos += c;
        if (pos == text.size()) break;
        if (text[pos] != ':' || pos + 1 == text.size()) return std::nullopt;
        ++pos;
        if (text[pos] == ':') {
            if (ellipsis >= 0) return std::nullopt;
            ellipsis = i;
            ++pos;
            if (pos == text.size()) break;
        }
    }
    if (pos != text.size()) return std::nullopt;
    if (i < 16) {
        if (ellipsis < 0) return std::nullopt;
        int n = 16 - i;
        for (int j = i - 1; j >= ellipsis; --j)
            ip[static_cast<std::size_t>(j + n)] = ip[static_cast<std::size_t>(j)];
        for (int j = ellipsis + n - 1; j >= ellipsis; --j)
            ip[static_cast<std::size_t>(j)] = 0;
    } else if (ellipsis >= 0) {
        return std::nullopt;
    }
    return IP{ip};
}

std::string hex16(unsigned v) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[v & 0xF]);
        v >>= 4;
    } while (v);
    return s;
}

} // namespace

bool IP::isUnspecified() const {
    for (auto b : bytes)
        if (b) return false;
    return !bytes.empty();
}

std::string IP::str() const {
    auto dotted = [](const std::uint8_t* p) {
        return std::to_string(p[0]) + "." + std::to_string(p[1]) + "." + std::to_string(p[2]) + "." +
               std::to_string(p[3]);
    };
    if (bytes.size() == 4) return dotted(bytes.data());
    if (bytes.size() != 16) return "?";
    bool mapped = bytes[10] == 0xff && bytes[11] == 0xff;
    for (int k = 0; k < 10 && mapped; ++k)
        mapped = bytes[static_cast<std::size_t>(k)] == 0;
    if (mapped) return dotted(bytes.data() + 12);
    // The longest run of zero groups becomes "::", never for a single group (Go's IP.String).
    int e0 = -1, e1 = -1;
    for (int i = 0; i < 16; i += 2) {
        int j = i;
        while (j < 16 && bytes[static_cast<std::size_t>(j)] == 0 &&
               bytes[static_cast<std::size_t>(j + 1)] == 0)
            j += 2;
        if (j > i && j - i > e1 - e0) {
            e0 = i;
            e1 = j;
            i = j;
        }
    }
    if (e1 - e0 <= 2) e0 = e1 = -1;
    std::string s;
    for (int i = 0; i < 16; i += 2) {
        if (i == e0) {
            s += "::";
            i = e1;
            if (i >= 16) break;
        } else if (i > 0) {
            s += ":";
        }
        s += hex16((unsigned(bytes[static_cast<std::size_t>(i)]) << 8) |
                   bytes[static_cast<std::size_t>(i + 1)]);
    }
    return s;
}

std::optional<IP> parseIP(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.') {
            auto v4 = parseV4(text, 0);
            if (!v4) return std::nullopt;
            return IP{std::vector<std::uint8_t>(v4->begin(), v4->end())};
        }
        if (text[i] == ':') return parseV6(text);
    }
    return std::nullopt;
}

bool splitHostPort(const std::string& hostport, std::string& host, std::string& port, std::string& error) {
    auto fail = [&](const std::string& why) {
        error = "address " + hostport + ": " + why;
        return false;
    };
    auto i = hostport.rfind(':');
    if (i == std::string::npos) return fail("missing port in address");
    std::size_t j = 0, k = 0;
    if (hostport[0] == '[') {
        auto end = hostport.find(']');
        if (end == std::string::npos) return fail("missing ']' in address");
        if (end + 1 == hostport.size()) return fail("missing port in address");
        if (end + 1 != i) {
            if (hostport[end + 1] == ':') return fail("too many colons in address");
            return fail("missing port in address");
        }
        host = hostport.substr(1, end - 1);
        j = 1;
        k = end + 1;
    } else {
        host = hostport.substr(0, i);
        if (host.find(':') != std::string::npos) return fail("too many colons in address");
    }
    if (hostport.find('[', j) != std::string::npos) return fail("unexpected '[' in address");
    if (hostport.find(']', k) != std::string::npos) return fail("unexpected ']' in address");
    port = hostport.substr(i + 1);
    return true;
}

std::optional<std::vector<std::uint8_t>> parseMAC(const std::string& s) {
    auto xtoi2 = [&](std::size_t at, char sep, std::uint8_t& out) {
        if (at + 2 > s.size()) return false;
        if (at + 2 < s.size() && s[at + 2] != sep) return false;
        int n;
        std::size_t used;
        std::string two = s.substr(at, 2);
        if (!leadingNumber(two, 0, 16, n, used) || used != 2) return false;
        out = static_cast<std::uint8_t>(n);
        return true;
    };
    auto validLength = [](std::size_t n) { return n == 6 || n == 8 || n == 20; };
    if (s.size() < 14) return std::nullopt;
    std::vector<std::uint8_t> hw;
    if (s[2] == ':' || s[2] == '-') {
        if ((s.size() + 1) % 3 != 0) return std::nullopt;
        std::size_t n = (s.size() + 1) / 3;
        if (!validLength(n)) return std::nullopt;
        hw.resize(n);
        for (std::size_t i = 0, x = 0; i < n; ++i, x += 3)
            if (!xtoi2(x, s[2], hw[i])) return std::nullopt;
    } else if (s[4] == '.') {
        if ((s.size() + 1) % 5 != 0) return std::nullopt;
        std::size_t n = 2 * (s.size() + 1) / 5;
        if (!validLength(n)) return std::nullopt;
        hw.resize(n);
        for (std::size_t i = 0, x = 0; i < n; i += 2, x += 5) {
            // xtoi2(s[x:x+2], 0) then xtoi2(s[x+2:], s[4]): the second pair must end at a dot.
            std::uint8_t hi, lo;
            std::string first = s.substr(x, 2);
            int v;
            std::size_t used;
            if (!leadingNumber(first, 0, 16, v, used) || used != 2) return std::nullopt;
            hi = static_cast<std::uint8_t>(v);
            if (!xtoi2(x + 2, s[4], lo)) return std::nullopt;
            hw[i] = hi;
            hw[i + 1] = lo;
        }
    } else {
        return std::nullopt;
    }
    return hw;
}

std::optional<std::uint64_t> parseUint(const std::string& s, int bits, std::string& error) {
    const std::uint64_t maxVal = (std::uint64_t(1) << bits) - 1;
    auto fail = [&](const char* why) {
        error = "strconv.ParseUint: parsing \"" + s + "\": " + why;
        return std::nullopt;
    };
    if (s.empty()) return fail("invalid syntax");
    std::uint64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return fail("invalid syntax");
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
        if (n > maxVal) return fail("value out of range");
    }
    return n;
}

std::string trimSpace(const std::string& s) {
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    };
    std::size_t b = 0, e = s.size();
    while (b < e && space(s[b]))
        ++b;
    while (e > b && space(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

} // namespace vethlab::docker::gonet
