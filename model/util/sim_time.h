// Simulated wall-clock time: nanoseconds since the Unix epoch, printed as Docker prints times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vethlab {

using Nanos = std::int64_t;
constexpr Nanos kSecond = 1'000'000'000;
constexpr Nanos kMillisecond = 1'000'000;

/// A time zone as the daemon's local zone: offset east of UTC and the abbreviation Go prints.
struct TimeZone {
    int offsetMinutes = 0;
    std::string abbreviation = "UTC";
};

/// Go's time.RFC3339Nano in the given zone: trailing zeros of the fraction dropped; "Z" for UTC.
std::string formatRfc3339Nano(Nanos t, const TimeZone& zone);
/// Go's Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
std::string formatGoTimeString(Nanos t, const TimeZone& zone);
/// go-units HumanDuration, as `docker ps` uses it ("Less than a second", "About a minute", ...).
std::string humanDuration(Nanos d);
/// RFC 7231's IMF-fixdate, as web servers put it in their Date header: "Fri, 27 Nov 2026 21:41:47 GMT".
std::string formatHttpDate(Nanos t);
/// C's ctime() in the zone, without its newline: "Fri Nov 27 21:41:47 2026" (the day padded to 2).
std::string formatCtime(Nanos t, const TimeZone& zone);
/// GNU sleep's operand in seconds: a number (strtod syntax, "inf" included) with an optional s, m, h or
/// d suffix. Negative, NaN or malformed operands give nullopt (sleep: invalid time interval).
std::optional<double> parseSleepSeconds(const std::string& text);
/// Seconds as Nanos, saturating: durations beyond ~292 years (or infinite) become `limit`.
Nanos secondsToNanos(double seconds, Nanos limit);
/// Parses "2022-03-04T18:30:00" (seconds precision) as a local time in the zone.
bool parseLocalTime(const std::string& text, const TimeZone& zone, Nanos& out);

} // namespace vethlab
