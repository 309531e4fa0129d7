#include "util/sim_time.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace vethlab {
namespace {

struct Civil {
    std::int64_t year;
    unsigned month, day, hour, minute, second;
    std::int64_t nanos;
};

// Howard Hinnant's days-from-civil algorithms (public domain).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Civil toCivil(Nanos t, const TimeZone& zone) {
    t += static_cast<Nanos>(zone.offsetMinutes) * 60 * kSecond;
    std::int64_t secs = t / kSecond;
    std::int64_t nanos = t % kSecond;
    if (nanos < 0) {
        nanos += kSecond;
        --secs;
    }
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    return {y,
            m,
            d,
            static_cast<unsigned>(rem / 3600),
            static_cast<unsigned>(rem % 3600 / 60),
            static_cast<unsigned>(rem % 60),
            nanos};
}

std::string fraction(std::int64_t nanos) {
    if (nanos == 0) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
    std::string s = buf;
    while (s.back() == '0')
        s.pop_back();
    return s;
}

std::string offset(const TimeZone& zone, bool colon) {
    int off = zone.offsetMinutes;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    char buf[64];
    std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d", sign, off / 60, off % 60);
    return buf;
}

} // namespace

std::string formatRfc3339Nano(Nanos t, const TimeZone& zone) {
    Civil c = toCivil(t, zone);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u", static_cast<long long>(c.year), c.month,
                  c.day, c.hour, c.minute, c.second);
    return std::string(buf) + fraction(c.nanos) + (zone.offsetMinutes == 0 ? "Z" : offset(zone, true));
}

std::string formatGoTimeString(Nanos t, const TimeZone& zone) {
    Civil c = toCivil(t, zone);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u:%02u", static_cast<long long>(c.year), c.month,
                  c.day, c.hour, c.minute, c.second);
    return std::string(buf) + fraction(c.nanos) + " " + offset(zone, false) + " " + zone.abbreviation;
}

std::string humanDuration(Nanos d) {
    const std::int64_t seconds = d / kSecond;
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return std::to_string(seconds) + " seconds";
    const std::int64_t minutes = d / (60 * kSecond);
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return std::to_string(minutes) + " minutes";
    const auto hours = static_cast<std::int64_t>(std::round(static_cast<double>(d) / (3600.0 * kSecond)));
    if (hours == 1) return "About an hour";
    if (hours < 48) return std::to_string(hours) + " hours";
    if (hours < 24 * 7 * 2) return std::to_string(hours / 24) + " days";
    if (hours < 24 * 30 * 2) return std::to_string(hours / 24 / 7) + " weeks";
    if (hours < 24 * 365 * 2) return std::to_string(hours / 24 / 30) + " months";
    return std::to_string(d / (3600 * kSecond) / 24 / 365) + " years";
}

bool parseLocalTime(const std::string& text, const TimeZone& zone, Nanos& out) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6) return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
    std::int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - zone.offsetMinutes * 60;
    out = secs * kSecond;
    return true;
}

} // namespace vethlab

namespace vethlab {

std::string formatHttpDate(Nanos t) {
    const Civil c = toCivil(t, TimeZone{});
    static const char* const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01: Thu
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t dayNumber = t / kSecond / 86400;
    if (t < 0 && (t / kSecond) % 86400 != 0) --dayNumber;
    const auto weekday = static_cast<std::size_t>(((dayNumber % 7) + 7) % 7);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %lld %02u:%02u:%02u GMT", days[weekday], c.day,
                  months[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute, c.second);
    return buf;
}

std::string formatCtime(Nanos t, const TimeZone& zone) {
    const Nanos local = t + static_cast<Nanos>(zone.offsetMinutes) * 60 * kSecond;
    const Civil c = toCivil(t, zone);
    static const char* const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01: Thu
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t dayNumber = local / kSecond / 86400;
    if (local < 0 && (local / kSecond) % 86400 != 0) --dayNumber;
    const auto weekday = static_cast<std::size_t>(((dayNumber % 7) + 7) % 7);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %2u %02u:%02u:%02u %lld", days[weekday], months[c.month - 1], c.day,
                  c.hour, c.minute, c.second, static_cast<long long>(c.year));
    return buf;
}

std::optional<double> parseSleepSeconds(const std::string& text) {
    const char* begin = text.c_str();
    char* end = nullptr;
    const double value = std::strtod(begin, &end); // ERANGE gives HUGE_VAL: GNU sleep accepts it too
    if (end == begin || std::isnan(value) || value < 0) return std::nullopt;
    const std::string suffix(end);
    double scale = 1;
    if (suffix == "m")
        scale = 60;
    else if (suffix == "h")
        scale = 3600;
    else if (suffix == "d")
        scale = 86400;
    else if (!suffix.empty() && suffix != "s")
        return std::nullopt;
    return value * scale;
}

Nanos secondsToNanos(double seconds, Nanos limit) {
    if (!(seconds < static_cast<double>(limit) / kSecond)) return limit; // also catches inf and NaN
    if (seconds <= 0) return 0;
    return static_cast<Nanos>(seconds * kSecond);
}

} // namespace vethlab
