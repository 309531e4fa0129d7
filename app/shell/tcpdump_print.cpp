#include "tcpdump_print.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "net/ipv6.h"

namespace vethlab::shell {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint16_t be16(const Bytes& f, std::size_t at) {
    return at + 1 < f.size() ? static_cast<std::uint16_t>(f[at] << 8 | f[at + 1]) : 0;
}
std::uint32_t be32(const Bytes& f, std::size_t at) {
    return static_cast<std::uint32_t>(be16(f, at)) << 16 | be16(f, at + 2);
}
std::string dotted(std::uint32_t ip) {
    return std::to_string(ip >> 24) + "." + std::to_string(ip >> 16 & 255) + "." +
           std::to_string(ip >> 8 & 255) + "." + std::to_string(ip & 255);
}
std::string mac(const Bytes& f, std::size_t at) {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", f[at], f[at + 1], f[at + 2], f[at + 3],
                  f[at + 4], f[at + 5]);
    return buf;
}
std::string hex4(unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}
std::string etherTypeName(std::uint16_t t) {
    switch (t) {
    case 0x0800:
        return "IPv4";
    case 0x0806:
        return "ARP";
    case 0x86dd:
        return "IPv6";
    case 0x8035:
        return "Reverse ARP";
    default:
        return "Unknown";
    }
}
std::string protoName(std::uint8_t p) {
    switch (p) {
    case 1:
        return "ICMP";
    case 6:
        return "TCP";
    case 17:
        return "UDP";
    default:
        return "unknown";
    }
}

// RFC 1071 sum over bytes, for the checksums -v checks.
std::uint32_t sum16(const Bytes& f, std::size_t at, std::size_t n, std::uint32_t s = 0) {
    for (std::size_t i = 0; i + 1 < n; i += 2)
        s += be16(f, at + i);
    if (n % 2) s += static_cast<std::uint32_t>(f[at + n - 1]) << 8;
    return s;
}
std::uint16_t fold(std::uint32_t s) {
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return static_cast<std::uint16_t>(~s & 0xffff);
}

// DNS (print-domain.c): a name at `at` (compression followed), printed with its trailing dot.
std::string dnsName(const Bytes& f, std::size_t base, std::size_t at, std::size_t* end) {
    std::string name;
    bool jumped = false;
    for (int guard = 0; at < f.size() && guard < 64; ++guard) {
        const std::uint8_t len = f[at];
        if (len == 0) {
            if (!jumped && end) *end = at + 1;
            break;
        }
        if ((len & 0xc0) == 0xc0) {
            if (!jumped && end) *end = at + 2;
            jumped = true;
            at = base + ((len & 0x3f) << 8 | f[at + 1]);
            continue;
        }
        name.append(reinterpret_cast<const char*>(&f[at + 1]), std::min<std::size_t>(len, f.size() - at - 1));
        name += '.';
        at += 1 + len;
    }
    return name.empty() ? "." : name;
}
std::string dnsType(std::uint16_t t) {
    switch (t) {
    case 1:
        return "A";
    case 2:
        return "NS";
    case 5:
        return "CNAME";
    case 6:
        return "SOA";
    case 12:
        return "PTR";
    case 15:
        return "MX";
    case 16:
        return "TXT";
    case 28:
        return "AAAA";
    case 33:
        return "SRV";
    case 255:
        return "ANY";
    default:
        return "Type" + std::to_string(t);
    }
}

std::string dns(const Bytes& f, std::size_t at, std::size_t length, int verbose) {
    if (length < 12) return "domain [length " + std::to_string(length) + " < 12] (invalid)";
    const std::uint16_t id = be16(f, at), flags = be16(f, at + 2);
    const unsigned qd = be16(f, at + 4), an = be16(f, at + 6), ns = be16(f, at + 8), ar = be16(f, at + 10);
    static const char* const rcodes[] = {"",         " FormErr", " ServFail", " NXDomain",
                                         " NotImp",  " Refused", " YXDomain", " YXRRSet",
                                         " NXRRSet", " NotAuth", " NotZone"};
    std::string out = std::to_string(id);
    std::size_t p = at + 12;
    if (flags & 0x8000) {
        const unsigned rcode = flags & 0x0f;
        out += rcode < 11 ? rcodes[rcode] : " Resp" + std::to_string(rcode);
        if (flags & 0x0400) out += "*";
        if (!(flags & 0x0080)) out += "-";
        if (flags & 0x0200) out += "|";
        if (flags & 0x0020) out += "$";
        if (qd != 1) out += " [" + std::to_string(qd) + "q]";
        for (unsigned i = 0; i < qd; ++i) {
            std::size_t end = p;
            dnsName(f, at, p, &end);
            p = end + 4;
        }
        out += " " + std::to_string(an) + "/" + std::to_string(ns) + "/" + std::to_string(ar);
        for (unsigned i = 0; i < an && p + 10 <= f.size(); ++i) {
            if (i) out += ",";
            std::size_t end = p;
            const std::string owner = dnsName(f, at, p, &end);
            if (verbose) out += " " + owner;
            const std::uint16_t type = be16(f, end), rdlen = be16(f, end + 8);
            const std::size_t rdata = end + 10;
            out += " " + dnsType(type);
            if (type == 1 && rdlen == 4) out += " " + dotted(be32(f, rdata));
            if (type == 12 || type == 5 || type == 2) out += " " + dnsName(f, at, rdata, nullptr);
            p = rdata + rdlen;
        }
    } else {
        if (flags & 0x0100) out += "+";
        if (flags & 0x0010) out += "%";
        if (an) out += " [" + std::to_string(an) + "a]";
        if (qd != 1) out += " [" + std::to_string(qd) + "q]";
        if (ns) out += " [" + std::to_string(ns) + "n]";
        if (ar) out += " [" + std::to_string(ar) + "au]";
        for (unsigned i = 0; i < qd; ++i) {
            std::size_t end = p;
            const std::string name = dnsName(f, at, p, &end);
            out += " " + dnsType(be16(f, end)) + "? " + name;
            p = end + 4;
        }
    }
    return out + " (" + std::to_string(length) + ")";
}

// The first line of an HTTP message, when it is a request or a response (print-http.c's txtproto).
std::string http(const Bytes& f, std::size_t at, std::size_t length, int verbose) {
    static const char* const methods[] = {"GET",      "PUT",     "COPY",    "HEAD",   "LOCK",   "MOVE",
                                          "POLL",     "POST",    "BCOPY",   "BMOVE",  "MKCOL",  "TRACE",
                                          "LABEL",    "MERGE",   "DELETE",  "SEARCH", "UPDATE", "CHECKIN",
                                          "CHECKOUT", "OPTIONS", "CONNECT", "PATCH"};
    const std::string text(f.begin() + static_cast<long>(at),
                           f.begin() + static_cast<long>(std::min(f.size(), at + length)));
    const auto space = text.find(' ');
    const std::string first = text.substr(0, space);
    bool known = false;
    for (const char* m : methods)
        known = known || first == m;
    if (!known && space != std::string::npos) {
        const std::string second = text.substr(space + 1, 4);
        known = second.size() == 4 && std::isdigit(static_cast<unsigned char>(second[0])) &&
                std::isdigit(static_cast<unsigned char>(second[1])) &&
                std::isdigit(static_cast<unsigned char>(second[2])) && second[3] == ' ';
    }
    if (!known) return "HTTP";
    if (!verbose) return "HTTP: " + text.substr(0, text.find("\r\n"));
    std::string out = "HTTP, length: " + std::to_string(length);
    for (std::size_t p = 0; p < text.size();) {
        const auto eol = text.find("\r\n", p);
        out += "\n\t" + text.substr(p, eol == std::string::npos ? std::string::npos : eol - p);
        if (eol == std::string::npos) break;
        p = eol + 2;
    }
    return out;
}

// The TCP options between `from` and `end`, as print-tcp.c names them: "mss 1460,sackOK,TS val ...".
std::string tcpOptions(const Bytes& f, std::size_t from, std::size_t end) {
    std::string out;
    bool first = true;
    for (std::size_t p = from; p < end;) {
        const std::uint8_t kind = f[p];
        if (!first) out += ",";
        first = false;
        if (kind == 0) {
            out += "eol";
            break;
        }
        if (kind == 1) {
            out += "nop";
            ++p;
            continue;
        }
        const std::uint8_t len = p + 1 < f.size() ? f[p + 1] : 0;
        if (len < 2) break;
        switch (kind) {
        case 2:
            out += "mss " + std::to_string(be16(f, p + 2));
            break;
        case 3:
            out += "wscale " + std::to_string(f[p + 2]);
            break;
        case 4:
            out += "sackOK";
            break;
        case 8:
            out += "TS val " + std::to_string(be32(f, p + 2)) + " ecr " + std::to_string(be32(f, p + 6));
            break;
        default:
            out += "unknown-" + std::to_string(kind);
            break;
        }
        p += len;
    }
    return out;
}

} // namespace

std::size_t wireLength(const Bytes& f) {
    if (f.size() < 14) return f.size();
    const std::uint16_t type = be16(f, 12);
    if (type == 0x0800 && f.size() >= 18) return std::min<std::size_t>(f.size(), 14u + be16(f, 16));
    if (type == 0x0806 && f.size() >= 20)
        return std::min<std::size_t>(f.size(), 14u + 8u + 2u * (f[18] + f[19]));
    return f.size();
}

std::string TcpdumpPrinter::address(std::uint32_t ip) const {
    if (!o_.numeric && o_.hostName)
        if (std::string name = o_.hostName(ip); !name.empty()) return name;
    return dotted(ip);
}

std::string TcpdumpPrinter::port(std::uint16_t p, bool udp) const {
    if (!o_.numeric) {
        switch (p) {
        case 22:
            return "ssh";
        case 53:
            return "domain";
        case 80:
            return udp ? "80" : "http";
        case 443:
            return "https";
        case 8080:
            return udp ? "8080" : "http-alt";
        default:
            break;
        }
    }
    return std::to_string(p);
}

std::string TcpdumpPrinter::print(std::int64_t time, const Bytes& f, const CookedInfo* cooked) {
    std::string out;
    if (!o_.noTimestamp) {
        const std::int64_t local =
            time + static_cast<std::int64_t>(o_.zone.offsetMinutes) * 60 * 1'000'000'000;
        const std::int64_t inDay =
            ((local % (86400LL * 1'000'000'000)) + 86400LL * 1'000'000'000) % (86400LL * 1'000'000'000);
        const std::int64_t secs = inDay / 1'000'000'000, micros = inDay % 1'000'000'000 / 1000;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%06lld ", static_cast<long long>(secs / 3600),
                      static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                      static_cast<long long>(micros));
        out += buf;
    }
    if (f.size() < 14) return out + "[|ether]\n";
    const std::uint16_t type = be16(f, 12);
    const std::size_t length = wireLength(f);
    if (cooked) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%-5s %-3s ", cooked->device.c_str(), cooked->packetType.c_str());
        out += buf;
        if (o_.linkHeader)
            out += "ifindex " + std::to_string(cooked->ifindex) + " " + mac(f, 6) + " ethertype " +
                   etherTypeName(type) + " (" + hex4(type) + "), length " + std::to_string(length - 14 + 20) +
                   ": ";
    } else if (o_.linkHeader) {
        out += mac(f, 6) + " > " + mac(f, 0) + ", ethertype " + etherTypeName(type) + " (" + hex4(type) +
               "), length " + std::to_string(length) + ": ";
    }
    if (type == 0x0806) return out + arp(f, 14) + "\n";
    if (type == 0x0800) return out + ipv4(f, 14) + "\n";
    if (type == 0x86dd) return out + ipv6(f, 14) + "\n";
    if (!o_.linkHeader)
        out += "ethertype " + etherTypeName(type) + " (" + hex4(type) + "), length " +
               std::to_string(length) + ": ";
    return out + "\n";
}

std::string TcpdumpPrinter::arp(const Bytes& f, std::size_t at) const {
    if (f.size() < at + 28) return "[|arp]";
    std::string out = o_.linkHeader ? "" : "ARP, ";
    const std::uint16_t op = be16(f, at + 6);
    if (o_.verbose) out += "Ethernet (len 6), IPv4 (len 4), ";
    const std::uint32_t spa = be32(f, at + 14), tpa = be32(f, at + 24);
    const bool targetMacSet =
        std::any_of(f.begin() + static_cast<long>(at + 18), f.begin() + static_cast<long>(at + 24),
                    [](std::uint8_t b) { return b != 0; });
    switch (op) {
    case 1:
        out += "Request who-has " + address(tpa);
        if (targetMacSet) out += " (" + mac(f, at + 18) + ")";
        out += " tell " + address(spa);
        break;
    case 2:
        out += "Reply " + address(spa) + " is-at " + mac(f, at + 8);
        break;
    default:
        out += "Unknown (" + std::to_string(op) + ")";
        break;
    }
    return out + ", length " + std::to_string(f.size() - at); // padding included, as on the wire
}

// print-ip6.c and print-icmp6.c without -v: "IP6 SRC > DST: ICMP6, echo request, id 7, seq 1, length 64".
std::string TcpdumpPrinter::ipv6(const Bytes& f, std::size_t at) const {
    if (f.size() < at + 40) return "IP6 [|ip6]";
    auto addressAt = [&](std::size_t from) {
        Ipv6 a;
        std::copy(f.begin() + static_cast<long>(from), f.begin() + static_cast<long>(from + 16),
                  a.bytes.begin());
        return a.str();
    };
    const std::size_t length = be16(f, at + 4);
    std::string out = (o_.linkHeader ? "" : "IP6 ") + addressAt(at + 8) + " > " + addressAt(at + 24) + ": ";
    const std::size_t icmp = at + 40;
    if (f[at + 6] != 58 || f.size() < icmp + 8)
        return out + protoName(f[at + 6]) + ", length " + std::to_string(length);
    const std::uint8_t t = f[icmp];
    out += "ICMP6, ";
    switch (t) {
    case 128:
    case 129:
        out += std::string(t == 128 ? "echo request" : "echo reply") + ", id " +
               std::to_string(be16(f, icmp + 4)) + ", seq " + std::to_string(be16(f, icmp + 6));
        break;
    case 135:
    case 136:
        if (f.size() < icmp + 24) return out + "[|icmp6]";
        out += std::string(t == 135 ? "neighbor solicitation, who has " : "neighbor advertisement, tgt is ") +
               addressAt(icmp + 8);
        break;
    case 1:
        out += "destination unreachable";
        if (f[icmp + 1] == 3 && f.size() >= icmp + 8 + 40)
            out += ", unreachable address " + addressAt(icmp + 8 + 24);
        break;
    default:
        out += "unknown icmp6 type (" + std::to_string(t) + ")";
    }
    return out + ", length " + std::to_string(length);
}

std::string TcpdumpPrinter::ipv4(const Bytes& f, std::size_t at) {
    if (f.size() < at + 20) return "IP [|ip]";
    const std::size_t ihl = (f[at] & 0x0f) * 4u;
    const std::size_t total = be16(f, at + 2);
    const std::uint8_t proto = f[at + 9];
    const std::uint32_t src = be32(f, at + 12), dst = be32(f, at + 16);
    std::string out = o_.linkHeader ? "" : "IP ";
    if (o_.verbose) {
        const std::uint16_t frag = be16(f, at + 6);
        std::string flags;
        if (frag & 0x4000) flags += "DF";
        if (frag & 0x2000) flags += "+";
        if (frag & 0x8000) flags += "rsvd";
        if (flags.empty()) flags = "none";
        char tos[8];
        std::snprintf(tos, sizeof tos, "0x%x", f[at + 1]);
        out += std::string("(tos ") + tos + ", ttl " + std::to_string(f[at + 8]) + ", id " +
               std::to_string(be16(f, at + 4)) + ", offset " + std::to_string((frag & 0x1fff) * 8) +
               ", flags [" + flags + "], proto " + protoName(proto) + " (" + std::to_string(proto) +
               "), length " + std::to_string(total) + ")\n    ";
    }
    const std::size_t payload = total > ihl ? total - ihl : 0;
    switch (proto) {
    case 1:
        return out + address(src) + " > " + address(dst) + ": " + icmp(f, at + ihl, payload);
    case 17:
        return out + udp(f, at, at + ihl, payload);
    case 6:
        return out + tcp(f, at, at + ihl, payload);
    default:
        return out + address(src) + " > " + address(dst) + ":  ip-proto-" + std::to_string(proto) + " " +
               std::to_string(payload);
    }
}

std::string TcpdumpPrinter::icmp(const Bytes& f, std::size_t at, std::size_t length) const {
    if (f.size() < at + 8) return "ICMP [|icmp]";
    const std::uint8_t type = f[at], code = f[at + 1];
    std::string what;
    switch (type) {
    case 0:
    case 8:
        what = std::string("echo ") + (type == 8 ? "request" : "reply") + ", id " +
               std::to_string(be16(f, at + 4)) + ", seq " + std::to_string(be16(f, at + 6));
        break;
    case 3: {
        // The offending packet's header follows: its destination (and port) name what was unreachable.
        const std::size_t inner = at + 8;
        const std::uint32_t dst = f.size() >= inner + 20 ? be32(f, inner + 16) : 0;
        const std::size_t innerIhl = f.size() > inner ? (f[inner] & 0x0f) * 4u : 20;
        const std::uint8_t innerProto = f.size() > inner + 9 ? f[inner + 9] : 0;
        if (code == 3 && (innerProto == 17 || innerProto == 6))
            what = address(dst) + (innerProto == 17 ? " udp port " : " tcp port ") +
                   port(be16(f, inner + innerIhl + 2), innerProto == 17) + " unreachable";
        else if (code == 0)
            what = "net " + address(dst) + " unreachable";
        else if (code == 1)
            what = "host " + address(dst) + " unreachable";
        else if (code == 2)
            what = address(dst) + " protocol " + std::to_string(innerProto) + " unreachable";
        else
            what = address(dst) + " unreachable - need to frag";
        break;
    }
    case 11:
        what = code == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded";
        break;
    default:
        what = "type-#" + std::to_string(type);
        break;
    }
    return "ICMP " + what + ", length " + std::to_string(length);
}

std::string TcpdumpPrinter::udp(const Bytes& f, std::size_t ip, std::size_t at, std::size_t length) const {
    const std::uint32_t src = be32(f, ip + 12), dst = be32(f, ip + 16);
    if (f.size() < at + 8) return address(src) + " > " + address(dst) + ": [|udp]";
    const std::uint16_t sport = be16(f, at), dport = be16(f, at + 2);
    std::string out =
        address(src) + "." + port(sport, true) + " > " + address(dst) + "." + port(dport, true) + ": ";
    const std::size_t payload = length >= 8 ? length - 8 : 0;
    if (o_.verbose > 1) {
        std::uint32_t s = sum16(f, ip + 12, 8) + 17 + static_cast<std::uint32_t>(length);
        out += be16(f, at + 6) == 0                 ? "[no cksum] "
               : fold(sum16(f, at, length, s)) == 0 ? "[udp sum ok] "
                                                    : "[bad udp cksum] ";
    }
    if (sport == 53 || dport == 53) return out + dns(f, at + 8, payload, o_.verbose);
    return out + "UDP, length " + std::to_string(payload);
}

// print-tcp.c: the connection's key in a canonical direction; a SYN or a first sight sets the base,
// later segments print relative to it.
void TcpdumpPrinter::relativeSequence(std::uint32_t src, std::uint32_t dst, std::uint16_t sport,
                                      std::uint16_t dport, std::uint8_t flags, std::uint32_t& seq,
                                      std::uint32_t& ack) {
    const bool rev = sport > dport || (sport == dport && src > dst);
    const auto key = rev ? std::make_tuple(dst, src, static_cast<std::uint32_t>(dport) << 16 | sport)
                         : std::make_tuple(src, dst, static_cast<std::uint32_t>(sport) << 16 | dport);
    auto it = seqs_.find(key);
    if (it == seqs_.end() || (flags & 0x02)) {
        // th->seq and th->ack, from this segment's point of view
        seqs_[key] = rev ? std::make_pair(ack - 1, seq) : std::make_pair(seq, ack - 1);
    } else if (rev) {
        seq -= it->second.second;
        ack -= it->second.first;
    } else {
        seq -= it->second.first;
        ack -= it->second.second;
    }
}

std::string TcpdumpPrinter::tcp(const Bytes& f, std::size_t ip, std::size_t at, std::size_t length) {
    const std::uint32_t src = be32(f, ip + 12), dst = be32(f, ip + 16);
    if (f.size() < at + 20) return address(src) + " > " + address(dst) + ": [|tcp]";
    const std::uint16_t sport = be16(f, at), dport = be16(f, at + 2);
    std::uint32_t seq = be32(f, at + 4), ack = be32(f, at + 8);
    const std::size_t hlen = (f[at + 12] >> 4) * 4u;
    const std::uint8_t flags = f[at + 13];
    std::string out =
        address(src) + "." + port(sport, false) + " > " + address(dst) + "." + port(dport, false) + ": ";
    static const std::pair<std::uint8_t, char> names[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                                                          {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
    std::string flagText;
    for (auto [bit, c] : names)
        if (flags & bit) flagText += c;
    out += "Flags [" + (flagText.empty() ? std::string("none") : flagText) + "]";
    if (o_.verbose) {
        std::uint32_t s = sum16(f, ip + 12, 8) + 6 + static_cast<std::uint32_t>(length);
        out += ", cksum " + hex4(be16(f, at + 16)) +
               (fold(sum16(f, at, length, s)) == 0 ? " (correct)" : " (incorrect)");
    }
    if (!o_.absoluteSeq && (flags & 0x10)) relativeSequence(src, dst, sport, dport, flags, seq, ack);
    const std::size_t data = length > hlen ? length - hlen : 0;
    if (o_.verbose > 1 || data > 0 || (flags & 0x07)) {
        out += ", seq " + std::to_string(seq);
        if (data > 0) out += ":" + std::to_string(seq + static_cast<std::uint32_t>(data));
    }
    if (flags & 0x10) out += ", ack " + std::to_string(ack);
    out += ", win " + std::to_string(be16(f, at + 14));
    if (hlen > 20 && f.size() >= at + hlen) out += ", options [" + tcpOptions(f, at + 20, at + hlen) + "]";
    out += ", length " + std::to_string(data);
    if (data > 0 && (sport == 80 || dport == 80 || sport == 8080 || dport == 8080))
        out += ": " + http(f, at + hlen, data, o_.verbose);
    return out;
}

} // namespace vethlab::shell
