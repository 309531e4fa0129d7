#include "curl_meter.h"

#include <cstdio>

namespace vethlab::shell {
namespace {

// max5data(): a size or speed in at most five characters.
std::string max5(std::uint64_t bytes) {
    constexpr std::uint64_t kKilo = 1024, kMega = 1024 * kKilo, kGiga = 1024 * kMega;
    char s[16];
    if (bytes < 100000)
        std::snprintf(s, sizeof s, "%5llu", static_cast<unsigned long long>(bytes));
    else if (bytes < 10000 * kKilo)
        std::snprintf(s, sizeof s, "%4lluk", static_cast<unsigned long long>(bytes / kKilo));
    else if (bytes < 100 * kMega)
        std::snprintf(s, sizeof s, "%2llu.%01lluM", static_cast<unsigned long long>(bytes / kMega),
                      static_cast<unsigned long long>((bytes % kMega) / (kMega / 10)));
    else if (bytes < 10000 * kMega)
        std::snprintf(s, sizeof s, "%4lluM", static_cast<unsigned long long>(bytes / kMega));
    else
        std::snprintf(s, sizeof s, "%4lluG", static_cast<unsigned long long>(bytes / kGiga));
    return s;
}

// time2str(): "--:--:--" for nothing yet, else h:mm:ss in eight columns.
std::string time8(std::int64_t seconds) {
    if (seconds <= 0) return "--:--:--";
    char s[16];
    std::snprintf(s, sizeof s, "%2lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    return s;
}

constexpr const char* kHeader =
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
    "                                 Dload  Upload   Total   Spent    Left  Speed\n";

} // namespace

std::string CurlMeter::line(std::uint64_t total, std::uint64_t received, std::int64_t elapsedNs) {
    const unsigned percent = total ? static_cast<unsigned>(received * 100 / total) : 0;
    // The average speed over the time spent (the current speed is the same on a transfer this short).
    const std::uint64_t speed = received == 0 ? 0
                                : elapsedNs > 0
                                    ? received * 1000000000ULL / static_cast<std::uint64_t>(elapsedNs)
                                    : received;
    char s[128];
    std::snprintf(s, sizeof s, "%3u %s  %3u %s  %3u %s  %s  %s %s %s %s %s", percent, max5(total).c_str(),
                  percent, max5(received).c_str(), 0U, max5(0).c_str(), max5(speed).c_str(), max5(0).c_str(),
                  time8(0).c_str(), time8(elapsedNs / 1000000000).c_str(), time8(0).c_str(),
                  max5(speed).c_str());
    return s;
}

void CurlMeter::start() {
    if (!on_) return;
    io_->error(kHeader);
    pending_ = true;
}

void CurlMeter::keep() {
    if (!pending_) return;
    io_->error(line(0, 0, 0));
    pending_ = false;
}

void CurlMeter::finish(std::uint64_t total, std::uint64_t received, std::int64_t elapsedNs) {
    if (!on_) return;
    io_->error(line(total, received, elapsedNs) + "\n");
    pending_ = false;
    on_ = false;
}

} // namespace vethlab::shell
