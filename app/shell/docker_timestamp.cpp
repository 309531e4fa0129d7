#include "docker_timestamp.h"

#include <cmath>
#include <optional>
#include <vector>

#include "go_template_lex.h"

namespace vethlab::shell {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

std::int64_t daysFromCivil(std::int64_t y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int daysIn(int month, std::int64_t year) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// One element of a Go layout: the reference value it stands for, or literal text.
struct Element {
    enum Kind { Literal, Year, Month, Day, Hour, Minute, Second, Fraction, Zone } kind;
    std::string text;
};

std::vector<Element> layoutElements(const std::string& layout) {
    static const std::vector<std::pair<std::string, Element::Kind>> stds = {
        {"2006", Element::Year}, {"01", Element::Month},   {"02", Element::Day},
        {"15", Element::Hour},   {"04", Element::Minute},  {".999999999", Element::Fraction},
        {"05", Element::Second}, {"Z07:00", Element::Zone}};
    std::vector<Element> out;
    for (std::size_t i = 0; i < layout.size();) {
        bool matched = false;
        for (const auto& [s, k] : stds)
            if (layout.compare(i, s.size(), s) == 0) {
                out.push_back({k, s});
                i += s.size();
                matched = true;
                break;
            }
        if (matched) continue;
        if (!out.empty() && out.back().kind == Element::Literal)
            out.back().text += layout[i];
        else
            out.push_back({Element::Literal, std::string(1, layout[i])});
        ++i;
    }
    return out;
}

// Go's getnum: one or two digits; two required when fixed.
bool getNum(std::string& v, bool fixed, int& n) {
    if (v.empty() || !isDigit(v[0])) return false;
    if (v.size() < 2 || !isDigit(v[1])) {
        if (fixed) return false;
        n = v[0] - '0';
        v = v.substr(1);
        return true;
    }
    n = (v[0] - '0') * 10 + (v[1] - '0');
    v = v.substr(2);
    return true;
}

struct Parsed {
    std::int64_t year = 0;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
    Nanos nanos = 0;
    bool hasZone = false;
    int zoneMinutes = 0;
};

// A fraction of a second after the seconds (".123" or ",123"), when there is one; Go keeps 9 digits.
void parseFraction(std::string& v, Parsed& p) {
    if (v.size() < 2 || (v[0] != '.' && v[0] != ',') || !isDigit(v[1])) return;
    std::size_t k = 1;
    std::string digits;
    while (k < v.size() && isDigit(v[k]))
        digits += v[k++];
    digits = digits.substr(0, 9);
    p.nanos = std::stoll(digits) * static_cast<Nanos>(std::pow(10, 9 - static_cast<int>(digits.size())));
    v = v.substr(k);
}

// "Z" or "+08:00".
bool parseZone(std::string& v, Parsed& p) {
    if (!v.empty() && v[0] == 'Z') {
        p.hasZone = true;
        v = v.substr(1);
        return true;
    }
    if (v.size() < 6 || (v[0] != '+' && v[0] != '-') || v[3] != ':' || !isDigit(v[1]) || !isDigit(v[2]) ||
        !isDigit(v[4]) || !isDigit(v[5]))
        return false;
    const int n = ((v[1] - '0') * 10 + (v[2] - '0')) * 60 + (v[4] - '0') * 10 + (v[5] - '0');
    p.zoneMinutes = v[0] == '-' ? -n : n;
    p.hasZone = true;
    v = v.substr(6);
    return true;
}

// Why a layout element did not parse: the text did not match it, or a value is out of range.
struct ElementError {
    const char* outOfRange = nullptr; // "month", "hour", ...; null: the text did not match
};

// One layout element at the front of `v`, consumed.
std::optional<ElementError> parseElement(const Element& e, std::string& v, Parsed& p) {
    const ElementError mismatch;
    switch (e.kind) {
    case Element::Literal:
        if (v.compare(0, e.text.size(), e.text) != 0) return mismatch;
        v = v.substr(e.text.size());
        break;
    case Element::Year:
        if (v.size() < 4 || !isDigit(v[0]) || !isDigit(v[1]) || !isDigit(v[2]) || !isDigit(v[3]))
            return mismatch;
        p.year = std::stoi(v.substr(0, 4));
        v = v.substr(4);
        break;
    case Element::Month:
        if (!getNum(v, true, p.month)) return mismatch;
        if (p.month < 1 || p.month > 12) return ElementError{"month"};
        break;
    case Element::Day:
        if (!getNum(v, true, p.day)) return mismatch;
        break;
    case Element::Hour:
        if (!getNum(v, false, p.hour)) return mismatch;
        if (p.hour >= 24) return ElementError{"hour"};
        break;
    case Element::Minute:
        if (!getNum(v, true, p.minute)) return mismatch;
        if (p.minute >= 60) return ElementError{"minute"};
        break;
    case Element::Second:
        if (!getNum(v, true, p.second)) return mismatch;
        if (p.second >= 60) return ElementError{"second"};
        parseFraction(v, p); // Go takes a fraction after the seconds even when the layout has none
        break;
    case Element::Fraction:
        parseFraction(v, p);
        break;
    case Element::Zone:
        if (!parseZone(v, p)) return mismatch;
        break;
    }
    return std::nullopt;
}

// time.Parse / ParseInLocation for the layouts GetTimestamp uses.
bool goParseTime(const std::string& layout, const std::string& value, Parsed& p, std::string& error) {
    const std::string head = "parsing time " + gotmpl::goQuote(value);
    std::string v = value;
    for (const auto& e : layoutElements(layout)) {
        auto failed = parseElement(e, v, p);
        if (!failed) continue;
        if (failed->outOfRange)
            error = head + ": " + failed->outOfRange + " out of range";
        else
            error = head + " as " + gotmpl::goQuote(layout) + ": cannot parse " + gotmpl::goQuote(v) +
                    " as " + gotmpl::goQuote(e.text);
        return false;
    }
    if (!v.empty()) {
        error = head + ": extra text: " + gotmpl::goQuote(v);
        return false;
    }
    if (p.day < 1 || p.day > daysIn(p.month, p.year)) {
        error = head + ": day out of range";
        return false;
    }
    return true;
}

int count(const std::string& s, char c) {
    int n = 0;
    for (char x : s)
        n += x == c;
    return n;
}

// The layout GetTimestamp picks for a value.
std::string pickLayout(const std::string& value, bool local) {
    if (value.find('.') != std::string::npos)
        return local ? "2006-01-02T15:04:05.999999999" : "2006-01-02T15:04:05.999999999Z07:00";
    if (value.find('T') != std::string::npos) {
        int colons = count(value, ':');
        if (!local && value.find_first_of("zZ") == std::string::npos && colons > 0) --colons;
        static const char* localLayouts[] = {"2006-01-02T15", "2006-01-02T15:04", "2006-01-02T15:04:05"};
        static const char* zoneLayouts[] = {"2006-01-02T15Z07:00", "2006-01-02T15:04Z07:00",
                                            "2006-01-02T15:04:05Z07:00"};
        int idx = colons > 2 ? 2 : colons;
        return local ? localLayouts[idx] : zoneLayouts[idx];
    }
    return local ? "2006-01-02" : "2006-01-02Z07:00";
}

// Unix seconds with an optional fraction, as the API passes timestamps.
bool parseUnix(const std::string& value, Nanos& out) {
    auto dot = value.find('.');
    std::string secs = value.substr(0, dot);
    auto digitsOnly = [](const std::string& s) {
        std::size_t start = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        return s.size() > start && s.size() < 19 &&
               s.find_first_not_of("0123456789", start) == std::string::npos;
    };
    if (!digitsOnly(secs)) return false;
    Nanos n = 0;
    if (dot != std::string::npos) {
        std::string frac = value.substr(dot + 1);
        if (!digitsOnly(frac)) return false;
        n = static_cast<Nanos>(static_cast<double>(std::stoll(frac)) *
                               std::pow(10.0, 9 - static_cast<int>(frac.size())));
    }
    out = std::stoll(secs) * kSecond + n;
    return true;
}

} // namespace

bool parseGoDuration(const std::string& text, Nanos& out) {
    static const std::vector<std::pair<std::string, double>> units = {
        {"ns", 1},   {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
        {"ms", 1e6}, {"s", 1e9},  {"m", 6e10},        {"h", 3.6e12}};
    std::string s = text;
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s = s.substr(1);
    }
    if (s == "0") {
        out = 0;
        return true;
    }
    if (s.empty()) return false;
    double total = 0;
    while (!s.empty()) {
        std::size_t i = 0;
        while (i < s.size() && (isDigit(s[i]) || s[i] == '.'))
            ++i;
        std::string num = s.substr(0, i);
        if (num.empty() || num == "." || count(num, '.') > 1) return false;
        std::size_t j = i;
        while (j < s.size() && !isDigit(s[j]) && s[j] != '.')
            ++j;
        std::string unit = s.substr(i, j - i);
        double scale = 0;
        for (const auto& [u, f] : units)
            if (u == unit) scale = f;
        if (scale == 0) return false;
        total += std::stod(num) * scale;
        s = s.substr(j);
    }
    if (total > 9.2e18) return false;
    out = static_cast<Nanos>(neg ? -total : total);
    return true;
}

std::optional<Nanos> dockerTimestamp(const std::string& value, Nanos now, const TimeZone& zone,
                                     std::string& error) {
    Nanos d = 0;
    if (value != "0" && parseGoDuration(value, d)) return (now - d) / kSecond * kSecond; // whole seconds
    const bool local = value.find_first_of("zZ+") == std::string::npos && count(value, '-') != 3;
    Parsed p;
    std::string parseError;
    if (goParseTime(pickLayout(value, local), value, p, parseError)) {
        int offset = p.hasZone ? p.zoneMinutes : local ? zone.offsetMinutes : 0;
        std::int64_t days = daysFromCivil(p.year, p.month, p.day);
        std::int64_t secs = days * 86400 + p.hour * 3600 + p.minute * 60 + p.second - offset * 60;
        return secs * kSecond + p.nanos;
    }
    if (value.find('-') != std::string::npos) {
        error = parseError;
        return std::nullopt;
    }
    Nanos unix = 0;
    if (!parseUnix(value, unix)) {
        error = "failed to parse value as time or duration: " + gotmpl::goQuote(value);
        return std::nullopt;
    }
    return unix;
}

} // namespace vethlab::shell
