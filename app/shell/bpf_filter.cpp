#include "bpf_filter.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>

#include "net/ipv4.h"
#include "net/ipv6.h"

namespace vethlab::shell {
namespace {

using Bytes = std::vector<std::uint8_t>;

// libpcap's qualifiers (gencode.h): protocol, direction and address type of a primitive.
enum class Proto { Default, Ether, Ip, Ip6, Arp, Rarp, Tcp, Udp, Icmp, Icmp6, Sctp };
enum class Dir { Default, Src, Dst, SrcOrDst, SrcAndDst };
enum class Type { Default, Host, Net, Port, PortRange };

struct Qualifiers {
    Proto proto = Proto::Default;
    Dir dir = Dir::Default;
    Type type = Type::Default;
};

const std::map<std::string, Proto, std::less<>> kProtos = {
    {"ether", Proto::Ether}, {"ip", Proto::Ip},       {"ip6", Proto::Ip6}, {"arp", Proto::Arp},
    {"rarp", Proto::Rarp},   {"tcp", Proto::Tcp},     {"udp", Proto::Udp}, {"icmp", Proto::Icmp},
    {"sctp", Proto::Sctp},   {"icmp6", Proto::Icmp6},
};
// The services tcpdump finds in /etc/services for `port NAME` (the ones a Docker lesson uses).
const std::map<std::string, int, std::less<>> kServices = {
    {"ssh", 22}, {"domain", 53}, {"http", 80}, {"https", 443}, {"http-alt", 8080}, {"www", 80},
};

std::string protoName(Proto p) {
    for (const auto& [name, value] : kProtos)
        if (value == p) return name;
    return "";
}

} // namespace

struct CaptureFilter::Node {
    enum class Kind { And, Or, Not, Proto, Host, Port, PortRange, EtherHost, Broadcast, Less, Greater };
    Kind kind = Kind::Proto;
    std::shared_ptr<const Node> left, right;
    Proto proto = Proto::Default;
    Dir dir = Dir::Default;
    std::uint32_t address = 0, mask = 0xffffffff;
    bool isIpv6 = false; // a host or net given as an IPv6 address: address6 and prefix6 apply
    Ipv6 address6;
    int prefix6 = 128;
    int low = 0, high = 0; // ports, lengths
    std::uint8_t mac[6] = {};
};

namespace {

using Node = CaptureFilter::Node;
using NodePtr = std::shared_ptr<const Node>;

// A frame's fields the primitives look at.
struct View {
    const Bytes& f;
    std::uint16_t etherType = 0;
    bool ip = false, arp = false, ip6 = false;
    std::uint8_t ipProto = 0;
    std::uint32_t src = 0, dst = 0; // IPv4 addresses, or ARP's sender and target
    Ipv6 src6, dst6;
    std::uint8_t nextHeader = 0, afterFragment = 0; // IPv6's, and the one after a fragment header
    bool hasPorts = false;
    std::uint16_t sport = 0, dport = 0;

    explicit View(const Bytes& frame) : f(frame) {
        if (f.size() < 14) return;
        etherType = static_cast<std::uint16_t>(f[12] << 8 | f[13]);
        auto be32 = [&](std::size_t at) {
            return static_cast<std::uint32_t>(f[at]) << 24 | static_cast<std::uint32_t>(f[at + 1]) << 16 |
                   static_cast<std::uint32_t>(f[at + 2]) << 8 | f[at + 3];
        };
        if (etherType == 0x0800 && f.size() >= 34) {
            ip = true;
            ipProto = f[23];
            src = be32(26);
            dst = be32(30);
            const std::size_t ihl = (f[14] & 0x0f) * 4u;
            const bool firstFragment = ((f[20] & 0x1f) << 8 | f[21]) == 0;
            if ((ipProto == 6 || ipProto == 17 || ipProto == 132) && firstFragment &&
                f.size() >= 14 + ihl + 4) {
                hasPorts = true;
                sport = static_cast<std::uint16_t>(f[14 + ihl] << 8 | f[15 + ihl]);
                dport = static_cast<std::uint16_t>(f[16 + ihl] << 8 | f[17 + ihl]);
            }
        } else if (etherType == 0x86dd && f.size() >= 54) {
            ip6 = true;
            nextHeader = f[20];
            std::copy(f.begin() + 22, f.begin() + 38, src6.bytes.begin());
            std::copy(f.begin() + 38, f.begin() + 54, dst6.bytes.begin());
            if (f.size() > 54) afterFragment = f[54];
            // libpcap's IPv6 ports sit right after the fixed header (no extension-header walk).
            if ((nextHeader == 6 || nextHeader == 17 || nextHeader == 132) && f.size() >= 58) {
                hasPorts = true;
                sport = static_cast<std::uint16_t>(f[54] << 8 | f[55]);
                dport = static_cast<std::uint16_t>(f[56] << 8 | f[57]);
            }
        } else if ((etherType == 0x0806 || etherType == 0x8035) && f.size() >= 42) {
            arp = true;
            src = be32(28);
            dst = be32(38);
        }
    }
};

bool pick(Dir dir, bool s, bool d) {
    switch (dir) {
    case Dir::Src:
        return s;
    case Dir::Dst:
        return d;
    case Dir::SrcAndDst:
        return s && d;
    default:
        return s || d;
    }
}

// gen_proto(..., Q_IPV6): the next header, or the one after a fragment header (44).
bool ip6Carries(const View& v, std::uint8_t proto) {
    return v.ip6 && (v.nextHeader == proto || (v.nextHeader == 44 && v.afterFragment == proto));
}

bool protoMatches(Proto p, const View& v) {
    switch (p) {
    case Proto::Ether:
        return true;
    case Proto::Ip:
        return v.ip;
    case Proto::Ip6:
        return v.etherType == 0x86dd;
    case Proto::Arp:
        return v.etherType == 0x0806;
    case Proto::Rarp:
        return v.etherType == 0x8035;
    // tcp, udp and sctp name the transport over IPv4 and IPv6 alike; icmp is IPv4's, icmp6 IPv6's.
    case Proto::Tcp:
        return (v.ip && v.ipProto == 6) || ip6Carries(v, 6);
    case Proto::Udp:
        return (v.ip && v.ipProto == 17) || ip6Carries(v, 17);
    case Proto::Icmp:
        return v.ip && v.ipProto == 1;
    case Proto::Icmp6:
        return ip6Carries(v, 58);
    case Proto::Sctp:
        return (v.ip && v.ipProto == 132) || ip6Carries(v, 132);
    case Proto::Default:
        return true;
    }
    return false;
}

bool eval(const Node& n, const View& v) {
    switch (n.kind) {
    case Node::Kind::And:
        return eval(*n.left, v) && eval(*n.right, v);
    case Node::Kind::Or:
        return eval(*n.left, v) || eval(*n.right, v);
    case Node::Kind::Not:
        return !eval(*n.left, v);
    case Node::Kind::Proto:
        return protoMatches(n.proto, v);
    case Node::Kind::Host: {
        if (n.isIpv6)
            return v.ip6 && pick(n.dir, v.src6.sharesPrefix(n.address6, n.prefix6),
                                 v.dst6.sharesPrefix(n.address6, n.prefix6));
        const bool ipOk = v.ip && (n.proto == Proto::Default || n.proto == Proto::Ip);
        const bool arpOk = v.arp && (n.proto == Proto::Default || protoMatches(n.proto, v));
        if (!ipOk && !arpOk) return false;
        return pick(n.dir, (v.src & n.mask) == n.address, (v.dst & n.mask) == n.address);
    }
    case Node::Kind::Port:
    case Node::Kind::PortRange: {
        if (!v.hasPorts || (n.proto != Proto::Default && !protoMatches(n.proto, v))) return false;
        auto in = [&](std::uint16_t p) { return p >= n.low && p <= n.high; };
        return pick(n.dir, in(v.sport), in(v.dport));
    }
    case Node::Kind::EtherHost: {
        if (v.f.size() < 14) return false;
        auto same = [&](std::size_t at) {
            return std::equal(n.mac, n.mac + 6, v.f.begin() + static_cast<long>(at));
        };
        return pick(n.dir, same(6), same(0));
    }
    case Node::Kind::Broadcast:
        return v.f.size() >= 6 && std::all_of(v.f.begin(), v.f.begin() + 6, [](auto b) { return b == 0xff; });
    case Node::Kind::Less:
        return static_cast<int>(v.f.size()) <= n.low;
    case Node::Kind::Greater:
        return static_cast<int>(v.f.size()) >= n.low;
    }
    return false;
}

std::vector<std::string> tokenize(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            flush();
        } else if (c == '(' || c == ')' || (c == '!' && (i + 1 >= s.size() || s[i + 1] != '='))) {
            flush();
            out.emplace_back(1, c);
        } else if ((c == '&' || c == '|') && i + 1 < s.size() && s[i + 1] == c) {
            flush();
            out.emplace_back(2, c);
            ++i;
        } else {
            cur += c;
        }
    }
    flush();
    return out;
}

std::optional<std::array<std::uint8_t, 6>> parseMac(const std::string& s) {
    std::array<std::uint8_t, 6> m{};
    std::size_t at = 0;
    for (int k = 0; k < 6; ++k) {
        std::size_t digits = 0;
        unsigned v = 0;
        while (at < s.size() && std::isxdigit(static_cast<unsigned char>(s[at])) && digits < 2) {
            v = v * 16 + static_cast<unsigned>(std::stoi(std::string(1, s[at]), nullptr, 16));
            ++at;
            ++digits;
        }
        if (digits == 0) return std::nullopt;
        m[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v);
        if (k < 5) {
            if (at >= s.size() || (s[at] != ':' && s[at] != '-' && s[at] != '.')) return std::nullopt;
            ++at;
        }
    }
    if (at != s.size()) return std::nullopt;
    return m;
}

bool isNumber(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

class FilterParser {
public:
    explicit FilterParser(std::vector<std::string> tokens) : t_(std::move(tokens)) {}

    /// The tree, or the error libpcap reports.
    std::variant<NodePtr, std::string> parse() {
        NodePtr n = expression();
        if (!error_.empty()) return error_;
        if (at_ < t_.size() || !n) return std::string(kSyntax);
        return n;
    }

private:
    static constexpr const char* kSyntax = "can't parse filter expression: syntax error";

    bool peek(const char* a) const { return at_ < t_.size() && t_[at_] == a; }
    bool peekAny(std::initializer_list<const char*> words) const {
        for (const char* w : words)
            if (peek(w)) return true;
        return false;
    }
    NodePtr fail(const std::string& message = kSyntax) {
        if (error_.empty()) error_ = message;
        return nullptr;
    }
    static NodePtr join(Node::Kind k, NodePtr a, NodePtr b) {
        auto n = std::make_shared<Node>();
        n->kind = k;
        n->left = std::move(a);
        n->right = std::move(b);
        return n;
    }

    NodePtr expression() {
        NodePtr left = conjunction();
        while (left && peekAny({"or", "||"})) {
            ++at_;
            NodePtr right = conjunction();
            if (!right) return fail();
            left = join(Node::Kind::Or, left, right);
        }
        return left;
    }
    NodePtr conjunction() {
        NodePtr left = unary();
        while (left && peekAny({"and", "&&"})) {
            ++at_;
            NodePtr right = unary();
            if (!right) return fail();
            left = join(Node::Kind::And, left, right);
        }
        return left;
    }
    NodePtr unary() {
        if (!error_.empty() || at_ >= t_.size()) return fail();
        if (peekAny({"not", "!"})) {
            ++at_;
            NodePtr inner = unary();
            return inner ? join(Node::Kind::Not, inner, nullptr) : fail();
        }
        if (peek("(")) {
            ++at_;
            NodePtr inner = expression();
            if (!inner || !peek(")")) return fail();
            ++at_;
            return inner;
        }
        return primitive();
    }

    NodePtr primitive() {
        Qualifiers q;
        bool qualified = false;
        if (auto p = kProtos.find(t_[at_]); p != kProtos.end()) {
            q.proto = p->second;
            qualified = true;
            ++at_;
        }
        if (q.proto == Proto::Ether && peek("broadcast")) {
            ++at_;
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Broadcast;
            return n;
        }
        if (!qualified && peekAny({"less", "greater"})) {
            const bool less = peek("less");
            ++at_;
            if (at_ >= t_.size() || !isNumber(t_[at_])) return fail();
            auto n = std::make_shared<Node>();
            n->kind = less ? Node::Kind::Less : Node::Kind::Greater;
            n->low = std::stoi(t_[at_++].substr(0, 9));
            return n;
        }
        if (!qualified && peek("broadcast")) {
            ++at_;
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Broadcast;
            return n;
        }
        if (peekAny({"src", "dst"})) {
            q.dir = peek("src") ? Dir::Src : Dir::Dst;
            ++at_;
            // "src or dst" / "src and dst" is one direction qualifier, not a list.
            if (at_ + 1 < t_.size() && (t_[at_] == "or" || t_[at_] == "and") &&
                (t_[at_ + 1] == "src" || t_[at_ + 1] == "dst")) {
                q.dir = t_[at_] == "or" ? Dir::SrcOrDst : Dir::SrcAndDst;
                at_ += 2;
            }
            qualified = true;
        }
        if (peekAny({"host", "net", "port", "portrange"})) {
            q.type = peek("host")   ? Type::Host
                     : peek("net")  ? Type::Net
                     : peek("port") ? Type::Port
                                    : Type::PortRange;
            ++at_;
            qualified = true;
        }
        if (q.proto != Proto::Default && q.dir == Dir::Default && q.type == Type::Default) {
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Proto;
            n->proto = q.proto;
            if (q.proto == Proto::Ether) return fail(); // "ether" alone names nothing
            return n;
        }
        if (at_ >= t_.size() || isKeyword(t_[at_])) return fail();
        const std::string& id = t_[at_++];
        // A mask belongs to net alone; the very first primitive cannot be a bare masked value.
        if (id.find('/') != std::string::npos && !qualified && !sawValue_) return fail();
        sawValue_ = true;
        if (qualified)
            last_ = q;
        else
            q = last_; // a bare value: the qualifiers of the primitive before it
        if (id.find('/') != std::string::npos && q.type != Type::Net && q.type != Type::Port &&
            q.type != Type::PortRange)
            return fail("Mask syntax for networks only");
        return value(q, id);
    }

    static bool isKeyword(const std::string& w) {
        static const char* const words[] = {"and",  "or",        "not",  "&&",      "||",       "!",
                                            "(",    ")",         "src",  "dst",     "host",     "net",
                                            "port", "portrange", "less", "greater", "broadcast"};
        for (const char* k : words)
            if (w == k) return true;
        return kProtos.count(w) > 0;
    }

    NodePtr value(const Qualifiers& q, const std::string& id) {
        auto n = std::make_shared<Node>();
        n->proto = q.proto;
        n->dir = q.dir;
        switch (q.type) {
        case Type::Port:
        case Type::PortRange:
            return port(q, id, n);
        case Type::Net:
            return network(q, id, n);
        default:
            break;
        }
        if (id.find(':') != std::string::npos && !(q.proto == Proto::Ether && parseMac(id)))
            return ipv6Host(q, id, n);
        if (q.proto == Proto::Ether) {
            auto mac = parseMac(id);
            if (!mac) return fail("unknown ether host '" + id + "'");
            n->kind = Node::Kind::EtherHost;
            std::copy(mac->begin(), mac->end(), n->mac);
            return n;
        }
        if (q.proto == Proto::Ip6) return fail("'ip6' modifier applied to ip host");
        if (q.proto == Proto::Tcp || q.proto == Proto::Udp || q.proto == Proto::Icmp ||
            q.proto == Proto::Sctp || q.proto == Proto::Icmp6)
            return fail("'" + protoName(q.proto) + "' modifier applied to host");
        if (id.find('/') != std::string::npos) return network(q, id, n);
        auto ip = Ipv4::parse(id);
        if (!ip) {
            if (isNumber(id) || id.find_first_not_of("0123456789.") == std::string::npos)
                return network(q, id, n); // "10.1" is a network in libpcap
            return fail("unknown host '" + id + "'");
        }
        n->kind = Node::Kind::Host;
        n->address = ip->value;
        return n;
    }

    NodePtr port(const Qualifiers& q, const std::string& id, std::shared_ptr<Node>& n) {
        if (q.proto != Proto::Default && q.proto != Proto::Tcp && q.proto != Proto::Udp &&
            q.proto != Proto::Sctp)
            return fail(std::string("illegal qualifier of '") +
                        (q.type == Type::Port ? "port" : "portrange") + "'");
        auto number = [&](const std::string& s) -> std::optional<int> {
            if (isNumber(s)) {
                const long v = s.size() > 9 ? 1L << 32 : std::stol(s);
                if (v > 65535) {
                    fail("illegal port number " + std::to_string(v) + " > 65535");
                    return std::nullopt;
                }
                return static_cast<int>(v);
            }
            if (auto it = kServices.find(s); it != kServices.end()) return it->second;
            fail("unknown port '" + s + "'");
            return std::nullopt;
        };
        if (Ipv6::parse(id)) return fail("invalid qualifier against IPv6 address");
        n->kind = q.type == Type::Port ? Node::Kind::Port : Node::Kind::PortRange;
        const auto dash = id.find('-');
        if (q.type == Type::PortRange && dash != std::string::npos) {
            auto a = number(id.substr(0, dash)), b = number(id.substr(dash + 1));
            if (!a || !b) return nullptr;
            n->low = std::min(*a, *b);
            n->high = std::max(*a, *b);
            return n;
        }
        auto p = number(id);
        if (!p) return nullptr;
        n->low = n->high = *p;
        return n;
    }

    // An IPv6 host or net (gen_host6): only ip6 or no protocol qualifier applies; a mask only to a net.
    NodePtr ipv6Host(const Qualifiers& q, const std::string& id, std::shared_ptr<Node>& n) {
        const auto slash = id.find('/');
        auto ip = Ipv6::parse(id.substr(0, slash));
        if (!ip) return fail();
        int length = 128;
        if (slash != std::string::npos) {
            if (q.type != Type::Net) return fail("Mask syntax for networks only");
            const std::string bits = id.substr(slash + 1);
            if (!isNumber(bits)) return fail();
            if (bits.size() > 3 || std::stoi(bits) > 128) return fail("mask length must be <= 128");
            length = std::stoi(bits);
            if (ip->masked(length) != *ip) return fail("non-network bits set in \"" + id + "\"");
        }
        const std::string what = q.type == Type::Net ? "ip6 net" : "ip6 host";
        if (q.proto == Proto::Ether) return fail("link-layer modifier applied to " + what);
        if (q.proto != Proto::Default && q.proto != Proto::Ip6)
            return fail("'" + protoName(q.proto) + "' modifier applied to " + what);
        n->kind = Node::Kind::Host;
        n->isIpv6 = true;
        n->address6 = *ip;
        n->prefix6 = length;
        return n;
    }

    NodePtr network(const Qualifiers& q, const std::string& id, std::shared_ptr<Node>& n) {
        if (id.find(':') != std::string::npos) return ipv6Host(q, id, n);
        if (q.proto == Proto::Ip6) return fail("'ip6' modifier applied to ip host");
        if (q.proto != Proto::Default && q.proto != Proto::Ip && q.proto != Proto::Arp &&
            q.proto != Proto::Rarp)
            return fail("'" + protoName(q.proto) + "' modifier applied to net");
        const auto slash = id.find('/');
        std::string addr = id.substr(0, slash);
        // libpcap accepts "172.17" as 172.17.0.0/16: as many octets as are written.
        int octets = 1 + static_cast<int>(std::count(addr.begin(), addr.end(), '.'));
        while (std::count(addr.begin(), addr.end(), '.') < 3)
            addr += ".0";
        auto ip = Ipv4::parse(addr);
        if (!ip) return fail("unknown network '" + id + "'");
        int length = octets * 8;
        if (slash != std::string::npos) {
            const std::string bits = id.substr(slash + 1);
            if (!isNumber(bits)) return fail();
            if (bits.size() > 2 || std::stoi(bits) > 32) return fail("mask length must be <= 32");
            length = std::stoi(bits);
        }
        const std::uint32_t mask = length == 0 ? 0 : ~0u << (32 - length);
        if ((ip->value & ~mask) != 0) return fail("non-network bits set in \"" + id + "\"");
        n->kind = Node::Kind::Host;
        n->address = ip->value;
        n->mask = mask;
        return n;
    }

    std::vector<std::string> t_;
    std::size_t at_ = 0;
    std::string error_;
    bool sawValue_ = false;
    Qualifiers last_{Proto::Default, Dir::Default, Type::Host};
};

} // namespace

std::variant<CaptureFilter, std::string> CaptureFilter::compile(const std::string& expression) {
    CaptureFilter f;
    auto tokens = tokenize(expression);
    if (tokens.empty()) return f;
    auto parsed = FilterParser(std::move(tokens)).parse();
    if (auto* error = std::get_if<std::string>(&parsed)) return *error;
    f.root_ = std::get<NodePtr>(parsed);
    return f;
}

bool CaptureFilter::matches(const std::vector<std::uint8_t>& frame) const {
    if (!root_) return true;
    return eval(*root_, View(frame));
}

} // namespace vethlab::shell
