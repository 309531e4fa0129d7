// bind9's dig (9.18, Alpine's bind-tools in nicolaka/netshoot) over the engine's UDP: the question goes
// to the resolv.conf nameserver (Docker's embedded DNS at 127.0.0.11 on user-defined networks, the
// LAN's resolver otherwise) or to @SERVER, and the answer is printed in dig's master-file layout.
#include "command_registry.h"
#include "engine.h"
#include "net/reverse_name.h"
#include "terminal.h"
#include "trace_tools.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

// dig's columns (dns_master_style for dig): TTL at 24, class at 32, type at 40, data at 48, reached
// with tabs of 8; a field already past its column is followed by one space.
class Line {
public:
    explicit Line(std::string first) : text_(std::move(first)), column_(text_.size()) {}
    Line& at(std::size_t to, const std::string& field) {
        if (column_ >= to) {
            text_ += ' ';
            ++column_;
        } else {
            for (; column_ < to; column_ = (column_ / 8 + 1) * 8)
                text_ += '\t';
        }
        text_ += field;
        column_ += field.size();
        return *this;
    }
    std::string str() const { return text_ + "\n"; }

private:
    std::string text_;
    std::size_t column_;
};

std::string record(const std::string& owner, std::optional<int> ttl, const std::string& type,
                   const std::string& data) {
    Line line(owner);
    if (ttl) line.at(24, std::to_string(*ttl));
    line.at(32, "IN").at(40, type);
    if (!data.empty()) line.at(48, data);
    return line.str();
}

std::string absolute(std::string name) {
    if (name.empty() || name.back() != '.') name += '.';
    return name;
}

std::optional<Ipv4> resolvConfServer(const Lab& lab, int namespaceId) {
    if (const auto* ns = lab.kernel().find(namespaceId))
        if (auto it = ns->files.find("/etc/resolv.conf"); it != ns->files.end())
            for (const auto& line : splitLines(it->second))
                if (line.rfind("nameserver ", 0) == 0)
                    if (auto server = Ipv4::parse(trim(line.substr(11)))) return server;
    return std::nullopt;
}

// strftime("%a %b %d %H:%M:%S %Z %Y") in the container's zone: UTC (the image has no tzdata).
std::string whenLine(Nanos now) {
    static const char* const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    const std::string http = formatHttpDate(now); // "Fri, 04 Mar 2022 10:20:00 GMT"
    std::int64_t day = now / kSecond / 86400;
    const std::string month = http.substr(8, 3), dd = http.substr(5, 2), year = http.substr(12, 4),
                      clock = http.substr(17, 8);
    return std::string(days[((day % 7) + 7) % 7]) + " " + month + " " + dd + " " + clock + " UTC " + year;
}

} // namespace

int runDig(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    if (ctx.isHost()) return commandNotFound(ctx, argv[0], io);
    std::string name, typeText = "A";
    std::optional<Ipv4> server;
    std::string serverText;
    bool brief = false, reverse = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "+short") {
            brief = true;
        } else if (a == "+noshort") {
            brief = false;
        } else if (a[0] == '+') {
            // Output switches other than +short are accepted and change nothing here.
        } else if (a[0] == '@') {
            serverText = a.substr(1);
            server = Ipv4::parse(serverText);
            if (!server) {
                io.error("dig: couldn't get address for '" + serverText + "': not found\n");
                return 10;
            }
        } else if (a == "-x" && i + 1 < argv.size()) {
            auto ip = Ipv4::parse(argv[++i]);
            if (!ip) {
                io.error("dig: '" + argv[i] + "' is not a legal IPv4 address\n");
                return 1;
            }
            name = reverseName(*ip);
            typeText = "PTR";
            reverse = true;
        } else if (a == "A" || a == "a" || a == "PTR" || a == "ptr" || a == "AAAA" || a == "aaaa") {
            typeText = a;
            for (auto& c : typeText)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        } else if (a[0] == '-') {
            io.error("Invalid option: " + a + "\n");
            return 1;
        } else if (name.empty() || reverse) {
            name = a;
        }
    }
    (void)reverse;
    if (name.empty()) name = "."; // dig with no name asks for the root's NS: not modelled
    Lab& lab = *ctx.lab;
    sim::Engine& engine = ctx.terminal->engine();
    engine.syncTo(lab.now());
    if (!server) server = resolvConfServer(lab, ctx.namespaceId);
    if (!server || name == ".") {
        io.error("vethlab: dig without a name (the root servers' NS records) is not simulated\n");
        return 1;
    }
    const std::uint16_t type = typeText == "PTR" ? 12 : typeText == "AAAA" ? 28 : 1;
    const std::string question = absolute(name);
    std::string cmdline;
    for (std::size_t i = 1; i < argv.size(); ++i)
        cmdline += (i > 1 ? " " : "") + argv[i];
    const Nanos sent = engine.now();
    std::optional<sim::DnsMessage> answer;
    if (engine.sourceFor(ctx.namespaceId, *server))
        answer = engine.queryDns(ctx.namespaceId, *server, name, type);
    lab.advance(std::max<Nanos>(0, engine.now() - lab.now()));
    const std::string where = server->str() + "#53(" + server->str() + ")";
    if (!answer) {
        // Three tries of 5 s each, then dig gives up.
        io.print(";; communications error to " + server->str() +
                 "#53: timed out\n"
                 ";; communications error to " +
                 server->str() +
                 "#53: timed out\n"
                 ";; communications error to " +
                 server->str() + "#53: timed out\n");
        if (!brief)
            io.print("\n; <<>> DiG 9.18.19 <<>> " + cmdline +
                     "\n;; global options: +cmd\n;; no servers could be reached\n\n");
        else
            io.print(";; no servers could be reached\n");
        return 9;
    }
    std::vector<std::string> data;
    if (type == 1)
        for (Ipv4 a : answer->addresses)
            data.push_back(a.str());
    if (type == 12 && !answer->pointer.empty()) data.push_back(absolute(answer->pointer));
    if (brief) {
        for (const auto& d : data)
            io.print(d + "\n");
        return 0;
    }
    static const char* const statuses[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
    std::string out = "\n; <<>> DiG 9.18.19 <<>> " + cmdline + "\n;; global options: +cmd\n;; Got answer:\n";
    out += ";; ->>HEADER<<- opcode: QUERY, status: " +
           std::string(answer->rcode < 6 ? statuses[answer->rcode] : "RESERVED") +
           ", id: " + std::to_string(answer->id) + "\n";
    out += ";; flags: qr rd ra; QUERY: 1, ANSWER: " + std::to_string(data.size()) +
           ", AUTHORITY: 0, ADDITIONAL: 0\n\n";
    out += ";; QUESTION SECTION:\n" + record(";" + question, std::nullopt, typeText, "") + "\n";
    if (!data.empty()) {
        out += ";; ANSWER SECTION:\n";
        for (const auto& d : data)
            out += record(question, 600, typeText, d);
        out += "\n";
    }
    const auto ms = (engine.now() - sent) / kMillisecond;
    out += ";; Query time: " + std::to_string(ms) + " msec\n";
    out += ";; SERVER: " + where + " (UDP)\n";
    out += ";; WHEN: " + whenLine(lab.now()) + "\n";
    out += ";; MSG SIZE  rcvd: " + std::to_string(sim::encodeDns(*answer).size()) + "\n\n";
    io.print(out);
    return 0;
}

} // namespace vethlab::shell
