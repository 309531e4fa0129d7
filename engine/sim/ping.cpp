#include "ping.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

namespace vethlab::sim {
namespace {

constexpr long kPatientEchoes = 1000; // also keeps icmp_seq below 65536, where it would wrap

// iputils prints times from whole microseconds: 3 decimals below 1 ms, 2 below 10, 1 below 100.
std::string iputilsTime(long us) {
    char buf[64];
    if (us < 1000)
        std::snprintf(buf, sizeof buf, "%ld.%03ld", us / 1000, us % 1000);
    else if (us < 10000)
        std::snprintf(buf, sizeof buf, "%ld.%02ld", us / 1000, (us % 1000) / 10);
    else if (us < 100000)
        std::snprintf(buf, sizeof buf, "%ld.%01ld", us / 1000, (us % 1000) / 100);
    else
        std::snprintf(buf, sizeof buf, "%ld", us / 1000);
    return buf;
}

std::string ms3(long us) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%ld.%03ld", us / 1000, us % 1000);
    return buf;
}

std::string percent(int tx, int rx) {
    if (tx == 0) return "0";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(tx - rx) * 100.0 / tx);
    return buf;
}

// One option's value, parsed as the real ping parses it: the number, or the error and exit status.
struct OptionValue {
    double number = 0;
    std::string warning, error;
    int status = 0;
};

// iputils 20221126: -c and -w through strtol_or_err (exit 1), -i and -W through ping_strtod (exit 2),
// which only warns about trailing garbage but rejects NaN, infinities and subnormals.
OptionValue iputilsOption(char option, const std::string& v) {
    OptionValue o;
    char* end = nullptr;
    errno = 0;
    if (option == 'c' || option == 'w' || option == 's' || option == 't') {
        const long n = std::strtol(v.c_str(), &end, 10);
        const long min = option == 'c' ? 1 : 0;
        const long max = option == 'c' ? LONG_MAX : option == 't' ? 255 : INT_MAX;
        if (v.empty() || errno || end == v.c_str() || *end) {
            o.error = "ping: invalid argument: '" + v + "'" +
                      (errno == ERANGE ? ": Numerical result out of range" : "") + "\n";
        } else if (n < min || n > max) {
            o.error = "ping: invalid argument: '" + v + "': out of range: " + std::to_string(min) +
                      " <= value <= " + std::to_string(max) + "\n";
        }
        o.status = 1;
        o.number = static_cast<double>(n);
        return o;
    }
    const std::string what = option == 'i' ? "bad timing interval" : "bad linger time";
    o.status = 2;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty()) {
        o.error = "ping: " + what + ": \n";
        return o;
    }
    if (errno || end == v.c_str() || *end)
        o.warning = "ping: option argument contains garbage: " + std::string(end) +
                    "\nping: this will become fatal error in the future\n";
    const int kind = std::fpclassify(d);
    if (kind != FP_NORMAL && kind != FP_ZERO) {
        o.error = "ping: " + what + ": " + v + ": Numerical result out of range\n";
    } else if (d > static_cast<double>(INT_MAX) / 1000 || (option == 'W' && d < 0)) {
        o.error = "ping: " + what + ": " + v + "\n";
    }
    o.number = std::trunc(d * 1000) / 1000; // iputils keeps whole milliseconds
    return o;
}

// busybox 1.36: counts are non-negative integers, -i a decimal duration; anything else is
// "invalid number" (exit 1).
OptionValue busyboxOption(char option, const std::string& v) {
    OptionValue o;
    const std::string allowed = option == 'i' || option == 'W' ? "0123456789." : "0123456789";
    if (v.empty() || v.size() > 9 || v.find_first_not_of(allowed) != std::string::npos ||
        std::count(v.begin(), v.end(), '.') > 1) {
        o.error = "ping: invalid number '" + v + "'\n";
        o.status = 1;
        return o;
    }
    o.number = std::strtod(v.c_str(), nullptr);
    return o;
}

} // namespace

PingRun runPing(Engine& engine, Lab& lab, int namespaceId, const Resolver& resolver, PingFlavour flavour,
                const std::vector<std::string>& argv, int interruptAfter, bool tty,
                const PingTerminal* live) {
    PingRun run;
    const bool busybox = flavour == PingFlavour::Busybox;
    long count = -1;
    double interval = 1.0, waitSeconds = -1;
    bool quiet = false, numeric = false;
    std::string target;
    // iputils and busybox both take ping6 (and ping4) from the name they were called by.
    int family = argv[0].ends_with("6") ? 6 : argv[0].ends_with("4") ? 4 : 0;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        auto value = [&](std::string& out) {
            if (a.size() > 2) {
                out = a.substr(2);
                return true;
            }
            if (i + 1 >= argv.size()) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a.rfind("-c", 0) == 0 || a.rfind("-i", 0) == 0 || a.rfind("-W", 0) == 0 ||
            a.rfind("-w", 0) == 0 || a.rfind("-s", 0) == 0 || a.rfind("-t", 0) == 0) {
            if (!value(v)) {
                run.err = "ping: option requires an argument -- '" + a.substr(1, 1) + "'\n";
                run.status = busybox ? 1 : 2;
                return run;
            }
            OptionValue o = busybox ? busyboxOption(a[1], v) : iputilsOption(a[1], v);
            run.err += o.warning;
            if (!o.error.empty()) {
                run.err += o.error;
                run.status = o.status;
                return run;
            }
            if (a[1] == 'c') count = static_cast<long>(o.number);
            if (a[1] == 'i') interval = std::max(0.0, o.number); // as root, a negative interval floods
            if (a[1] == 'W' || a[1] == 'w') waitSeconds = o.number;
        } else if (a == "-q")
            quiet = true;
        else if (a == "-n")
            numeric = true;
        else if (a == "-4" || a == "-6") {
            const int want = a == "-4" ? 4 : 6;
            if (!busybox && family != 0 && family != want) {
                run.err = "ping: only one -4 or -6 option may be specified\n";
                run.status = 2;
                return run;
            }
            family = want;
        } else if (a.size() > 1 && a[0] == '-') {
            run.err = "ping: invalid option -- '" + a.substr(1, 1) + "'\n";
            run.status = busybox ? 1 : 2;
            return run;
        } else
            target = a;
    }
    if (target.empty()) {
        run.err = busybox ? "BusyBox v1.35.0 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n"
                          : "ping: usage error: Destination address required\n";
        run.status = busybox ? 1 : 2;
        return run;
    }
    // Without -4/-6 both ping flavours call getaddrinfo with AF_UNSPEC: a name asks A and AAAA.
    const Resolver::Both both =
        family == 0 && !Ipv6::parse(target) && !Ipv4::parse(target)
            ? resolver.lookupBoth(target)
            : Resolver::Both{family == 6 || Ipv6::parse(target) ? std::vector<Resolution>{}
                                                                : resolver.lookup(target),
                             family == 4 ? std::vector<Resolution6>{} : resolver.lookup6(target)};
    const std::vector<Resolution>& found = both.v4;
    const std::vector<Resolution6>& found6 = both.v6;
    // Which family: -4/-6 (or ping6); else busybox prefers IPv4 (FEATURE_PREFER_IPV4_ADDRESS), while
    // glibc's getaddrinfo sorts IPv6 first (RFC 3484 precedence 40 over 10) once there is an IPv6 source.
    const bool v6 = family == 6 ||
                    (!found6.empty() &&
                     (found.empty() || (!busybox && engine.sourceFor6(namespaceId, found6.front().address))));
    if (v6 ? found6.empty() : found.empty()) {
        const bool otherFamily =
            !busybox && (v6 ? !resolver.lookup(target).empty() || Ipv4::parse(target) : !found6.empty());
        run.err = busybox       ? "ping: bad address '" + target + "'\n"
                  : otherFamily ? "ping: " + target + ": Address family for hostname not supported\n"
                                : "ping: " + target + ": Name or service not known\n";
        run.status = busybox ? 1 : 2;
        return run;
    }
    const Ipv4 ip = v6 ? Ipv4{} : found.front().address;
    const std::optional<Ipv6> ip6 = v6 ? std::optional<Ipv6>(found6.front().address) : std::nullopt;
    const std::string ipText = v6 ? ip6->str() : ip.str();
    const bool byName = v6 ? target.find(':') == std::string::npos : !Ipv4::parse(target);
    const std::string shown = busybox || v6 ? target : found.front().canonical;
    if (v6 ? !engine.sourceFor6(namespaceId, *ip6) : !engine.sourceFor(namespaceId, ip)) {
        run.err =
            busybox ? "ping: sendto: Network is unreachable\n" : "ping: connect: Network is unreachable\n";
        run.status = busybox ? 1 : 2;
        return run;
    }
    // iputils' IPv6 header: "PING host(address) 56 data bytes", the address through pr_addr, which adds
    // the reverse name for a target given by name; without a name the address alone, as for IPv4 here
    // (see kernel_known_differences.txt: Debian 12's build repeats the address instead).
    auto pr6 = [&](const Ipv6& a) {
        auto name = byName && !numeric ? resolver.reverse6(a) : std::nullopt;
        return name ? *name + " (" + a.str() + ")" : a.str();
    };
    if (v6)
        run.out = busybox ? "PING " + shown + " (" + ipText + "): 56 data bytes\n"
                          : "PING " + shown + "(" + pr6(*ip6) + ") 56 data bytes\n";
    else
        run.out = busybox ? "PING " + shown + " (" + ip.str() + "): 56 data bytes\n"
                          : "PING " + shown + " (" + ip.str() + ") 56(84) bytes of data.\n";

    if (count >= 0) live = nullptr; // with -c, the echoes are counted, not waited for
    if (live) {
        live->show(run.out);
        run.out.clear();
    }
    // Nobody waits for `ping -c 2147483647`: the person presses Ctrl-C after kPatientEchoes.
    bool interrupted = count < 0 || count > kPatientEchoes;
    int packets = static_cast<int>(std::min<long>(count < 0 ? interruptAfter : count, kPatientEchoes));
    const Nanos start = engine.now();
    std::map<int, Nanos> sentAt;
    std::vector<std::pair<Nanos, std::string>> lines;
    std::vector<long> rtts;
    const int firstSeq = busybox ? 0 : 1;
    int errors = 0, pipe = 1;
    // An answer: an error (its text for iputils) or an echo reply from `source`.
    auto answer = [&](const std::string& source, const std::string& from, int ttl, std::uint16_t sequence,
                      const std::string& error) {
        auto it = sentAt.find(sequence);
        // iputils measures its "pipe" when an answer (or an error) comes: probes still outstanding.
        pipe = std::max(pipe, static_cast<int>(sentAt.size()) - static_cast<int>(rtts.size()) - errors);
        if (!error.empty()) {
            // iputils reports the error with the sender's own address; busybox stays silent.
            ++errors;
            if (!busybox && !quiet)
                lines.emplace_back(engine.now(), "From " + from + " icmp_seq=" + std::to_string(sequence) +
                                                     " " + error + "\n");
            return;
        }
        if (it == sentAt.end() || source != ipText) return;
        long us = static_cast<long>((engine.now() - it->second) / 1000);
        rtts.push_back(us);
        if (quiet) return;
        const int seqShown = sequence;
        std::string line = busybox ? "64 bytes from " + from + ": seq=" + std::to_string(seqShown) +
                                         " ttl=" + std::to_string(ttl) + " time=" + ms3(us) + " ms\n"
                                   : "64 bytes from " + from + ": icmp_seq=" + std::to_string(seqShown) +
                                         " ttl=" + std::to_string(ttl) + " time=" + iputilsTime(us) + " ms\n";
        lines.emplace_back(engine.now(), line);
    };
    std::uint16_t socket = 0;
    if (v6) {
        socket =
            engine.openIcmp6Socket(namespaceId, [&](const Ipv6& source, std::uint8_t hops, std::uint8_t type,
                                                    std::uint8_t code, std::uint16_t sequence) {
                std::string error;
                if (type == 1)
                    error = code == 3 ? "Destination unreachable: Address unreachable"
                                      : "Destination unreachable: No route";
                answer(source.str(), busybox ? source.str() : pr6(source), hops, sequence, error);
            });
    } else {
        socket = engine.openIcmpSocket(namespaceId, [&](const Ipv4Header& h, const IcmpMessage& m) {
            std::string from = h.source.str();
            if (!busybox && byName && !numeric) {
                // iputils shows "name (address)" only when the reverse lookup finds a name.
                if (auto name = resolver.reverse(h.source)) from = *name + " (" + h.source.str() + ")";
            }
            if (m.type == 3)
                answer(h.source.str(), h.source.str(), h.ttl, m.sequence, "Destination Host Unreachable");
            else
                answer(h.source.str(), from, h.ttl, m.sequence, "");
        });
    }
    // Sends at the interval; the real one drifts by a few milliseconds each time.
    // A send still queued when ping returns (a micro-step stops the engine early) must not touch
    // ping's locals: it checks `alive` first.
    auto alive = std::make_shared<bool>(true);
    constexpr Nanos kPatience = 30LL * 24 * 3600 * kSecond; // nor for `-i 999999999`
    const Nanos step = static_cast<Nanos>(std::min(interval, 1e6) * kSecond);
    Nanos t = start;
    Nanos lastSend = start;
    std::size_t printed = 0; // lines already shown live
    if (live) packets = kPatientEchoes;
    for (int k = 0; k < packets; ++k) {
        if (k > 0) t += step + static_cast<Nanos>(2 + lab.random().below(14)) * kMillisecond;
        if (live && k > 0) { // the replies so far, then wait for the next send or Ctrl-C
            engine.runUntil(t);
            for (; printed < lines.size(); ++printed)
                live->show(lines[printed].second);
            if (!live->proceed(t - start)) {
                packets = k;
                break;
            }
        }
        if (t - start > kPatience) {
            packets = k;
            interrupted = true;
            break;
        }
        const int seq = firstSeq + k;
        lastSend = t;
        engine.at(t, [&, seq, alive] {
            if (!*alive) return;
            sentAt[seq] = engine.now();
            if (v6)
                engine.sendEcho6(namespaceId, *ip6, socket, static_cast<std::uint16_t>(seq), 56);
            else
                engine.sendEcho(namespaceId, ip, socket, static_cast<std::uint16_t>(seq), 56);
        });
    }
    // Wait for the replies: all of them, or until the linger time after the last send runs out.
    const Nanos linger = waitSeconds > 0 ? secondsToNanos(waitSeconds, kPatience) : 10 * kSecond;
    auto answered = [&] { return static_cast<int>(rtts.size()) + errors; };
    if (!live) { // after Ctrl-C ping does not wait for the replies still out
        engine.runUntil(lastSend);
        while (answered() < packets && engine.runNext(lastSend + linger)) {
        }
        if (answered() < packets) engine.runUntil(lastSend + linger);
    }
    const Nanos end = engine.now();
    if (v6)
        engine.closeIcmp6Socket(socket);
    else
        engine.closeIcmpSocket(socket);
    *alive = false;

    std::sort(lines.begin() + static_cast<std::ptrdiff_t>(printed), lines.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = printed; i < lines.size(); ++i)
        run.out += lines[i].second;
    const int tx = packets, rx = static_cast<int>(rtts.size());
    run.duration = (interrupted ? end + 400 * kMillisecond : end) - start;
    if (interrupted && !tty) {
        run.out += live ? "\n" : "^C\n"; // the terminal echoed the person's ^C
        run.status = 130;                // the docker client died of SIGINT
        return run;
    }
    run.out += interrupted && !live ? "^C\n" : "\n";
    if (busybox) {
        run.out += "--- " + shown + " ping statistics ---\n";
        run.out += std::to_string(tx) + " packets transmitted, " + std::to_string(rx) +
                   " packets received, " + std::to_string(tx ? (tx - rx) * 100 / tx : 0) + "% packet loss\n";
        if (rx) {
            long mn = *std::min_element(rtts.begin(), rtts.end()),
                 mx = *std::max_element(rtts.begin(), rtts.end());
            long sum = 0;
            for (long r : rtts)
                sum += r;
            run.out += "round-trip min/avg/max = " + ms3(mn) + "/" + ms3(sum / rx) + "/" + ms3(mx) + " ms\n";
        }
    } else {
        run.out += "--- " + shown + " ping statistics ---\n";
        const long elapsedMs = static_cast<long>((lastSend - start) / kMillisecond);
        run.out += std::to_string(tx) + " packets transmitted, " + std::to_string(rx) + " received, " +
                   (errors ? "+" + std::to_string(errors) + " errors, " : std::string()) + percent(tx, rx) +
                   "% packet loss, time " + std::to_string(elapsedMs) + "ms\n";
        // The last line: the rtt figures, then ", pipe N" when probes were outstanding at once.
        std::string last;
        if (rx) {
            long long sum = 0, sum2 = 0;
            for (long r : rtts) {
                sum += r;
                sum2 += static_cast<long long>(r) * r;
            }
            long mn = *std::min_element(rtts.begin(), rtts.end()),
                 mx = *std::max_element(rtts.begin(), rtts.end());
            long long avg = sum / rx;
            long long var = sum2 / rx - avg * avg;
            long mdev = static_cast<long>(std::sqrt(static_cast<double>(std::max(0LL, var))));
            last = "rtt min/avg/max/mdev = " + ms3(mn) + "/" + ms3(static_cast<long>(avg)) + "/" + ms3(mx) +
                   "/" + ms3(mdev) + " ms";
        }
        if (pipe > 1) last += (last.empty() ? "" : ", ") + std::string("pipe ") + std::to_string(pipe);
        run.out += last + "\n";
    }
    run.status = rx > 0 ? 0 : 1;
    return run;
}

} // namespace vethlab::sim
