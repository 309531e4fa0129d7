// curl as Debian 12's curl 7.88.1 prints it (messages and exit codes of lib/connect.c and
// lib/strerror.c): its options, the -X notes, the exchange over the engine's TCP, its failures as
// failf() reports them, and -w's variables. An image may carry another curl (images.conf `curl`): the
// tomcat image's Ubuntu 22.04 has 7.81.0, whose -v and failures differ where CurlVersion says.
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>

#include "curl_meter.h"
#include "http_message.h"
#include "http_tools.h"

namespace vethlab::shell {

using sim::Bytes;

namespace {

struct CurlOptions {
    bool silent = false, showError = false, include = false, head = false, fail = false, verbose = false;
    bool noMeter = false;
    std::string output, writeOut, urlText, method;
    double maxTime = 0, connectTimeout = 0;
};

// A switch by its short letter (the long ones map to it); false when curl does not know it.
bool setCurlSwitch(CurlOptions& o, char f) {
    static const std::map<char, bool CurlOptions::*> switches = {
        {'s', &CurlOptions::silent}, {'S', &CurlOptions::showError}, {'i', &CurlOptions::include},
        {'I', &CurlOptions::head},   {'f', &CurlOptions::fail},      {'v', &CurlOptions::verbose}};
    if (f == 'L') return true; // -L: the lab's servers do not redirect
    auto it = switches.find(f);
    if (it == switches.end()) return false;
    o.*(it->second) = true;
    return true;
}

// An option's value (-o -w -m -X and their long forms, --connect-timeout); curl's complaint when bad.
std::optional<std::string> setCurlValue(CurlOptions& o, const std::string& shown, char f,
                                        const std::string& v) {
    double seconds = 0;
    if ((f == 'm' || f == 'c') && !parseSeconds(v, seconds))
        return "option " + shown + ": expected a proper numerical parameter";
    switch (f) {
    case 'X':
        o.method = v;
        break;
    case 'o':
        o.output = v;
        break;
    case 'w':
        o.writeOut = v;
        break;
    case 'm':
        o.maxTime = seconds;
        break;
    case 'c':
        o.connectTimeout = seconds;
        break;
    }
    return std::nullopt;
}

// curl's command line: long options, bundled short ones (-sS, -sI, -so /dev/null) and the URL. The
// usage complaint on error.
std::optional<std::string> parseCurlArgs(const std::vector<std::string>& argv, CurlOptions& o) {
    static const std::map<std::string, char> switches = {
        {"--silent", 's'}, {"--show-error", 'S'}, {"--include", 'i'}, {"--head", 'I'},
        {"--fail", 'f'},   {"--verbose", 'v'},    {"--location", 'L'}};
    static const std::map<std::string, char> valued = {{"--output", 'o'},
                                                       {"--write-out", 'w'},
                                                       {"--max-time", 'm'},
                                                       {"--connect-timeout", 'c'},
                                                       {"--request", 'X'}};
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (auto s = switches.find(a); s != switches.end()) {
            setCurlSwitch(o, s->second);
        } else if (a == "--no-progress-meter") {
            o.noMeter = true;
        } else if (auto v = valued.find(a); v != valued.end()) {
            if (i + 1 >= argv.size()) return "option " + a + ": requires parameter";
            if (auto e = setCurlValue(o, a, v->second, argv[++i])) return e;
        } else if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
            for (std::size_t k = 1; k < a.size(); ++k) {
                const char f = a[k];
                const std::string shown = "-" + std::string(1, f);
                if (f == 'o' || f == 'w' || f == 'm' || f == 'X') { // the rest of the word, or the next one
                    std::string arg = a.substr(k + 1);
                    if (arg.empty() && i + 1 >= argv.size())
                        return "option " + shown + ": requires parameter";
                    if (arg.empty()) arg = argv[++i];
                    if (auto e = setCurlValue(o, shown, f, arg)) return e;
                    break;
                }
                if (!setCurlSwitch(o, f)) return "option " + shown + ": is unknown";
            }
        } else if (a.rfind("--", 0) == 0) {
            return "option " + a + ": is unknown";
        } else {
            o.urlText = a;
        }
    }
    if (o.urlText.empty()) return std::string("no URL specified");
    return std::nullopt;
}

// curl's warnf(): "Warning: " and the text folded at the last blank within 70 columns (tool_msgs.c).
std::string curlWarning(const std::string& text) {
    constexpr std::size_t width = 79 - 9;
    std::string out, rest = text;
    while (!rest.empty()) {
        if (rest.size() <= width) {
            out += "Warning: " + rest + "\n";
            break;
        }
        std::size_t cut = width - 1;
        while (cut > 0 && rest[cut] != ' ')
            --cut;
        if (cut == 0) cut = width - 1;
        out += "Warning: " + rest.substr(0, cut + 1) + "\n";
        rest = rest.substr(cut + 1);
    }
    return out;
}

// curl -v's view of a request or response head: each line (with its CR) behind "> " or "< ".
std::string prefixedLines(const std::string& prefix, const std::string& head) {
    std::string out;
    for (std::size_t at = 0; at < head.size();) {
        const auto nl = head.find('\n', at);
        const std::size_t end = nl == std::string::npos ? head.size() : nl + 1;
        out += prefix + head.substr(at, end - at);
        at = end;
    }
    return out;
}

std::string upperCase(std::string m) {
    for (char& ch : m)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return m;
}

// -X: curl's customrequest_helper notes a method it would have used anyway (-v only) and warns about
// HEAD, which it would then wait for a body after.
void noteCustomMethod(const CurlOptions& o, const std::string& inferred, Streams& io) {
    if (o.method.empty()) return;
    if (upperCase(o.method) == inferred) {
        if (o.verbose && !o.silent) // a warning: -s silences it (checked with curl 7.88.1)
            io.error("Note: Unnecessary use of -X or --request, " + inferred + " is already inferred.\n");
    } else if (upperCase(o.method) == "HEAD" && !o.silent) {
        io.error(curlWarning("Setting custom HTTP method to HEAD with -X/--request may not work the way you "
                             "want. Consider using -I/--head instead."));
    }
}

// -w: the variables the lab knows; other text as is.
std::string expandWriteOut(const std::string& format, int status, const std::string& ip, int port) {
    char code[8];
    std::snprintf(code, sizeof code, "%03d", status);
    const std::pair<std::string, std::string> variables[] = {{"%{http_code}", code},
                                                             {"%{response_code}", code},
                                                             {"%{remote_ip}", ip},
                                                             {"%{remote_port}", std::to_string(port)},
                                                             {"\\n", "\n"}};
    std::string w;
    for (std::size_t k = 0; k < format.size();) {
        bool matched = false;
        for (const auto& [name, value] : variables)
            if (format.compare(k, name.size(), name) == 0) {
                w += value;
                k += name.size();
                matched = true;
                break;
            }
        if (!matched) w += format[k++];
    }
    return w;
}

// One curl run once its options are read: the meter, and failures as curl's failf() reports them.
// What differs between the curls the lab's userlands carry (curl-7_81_0 and curl-7_88_1 tags).
struct CurlVersion {
    std::string number = "7.88.1";
    // 7.81 lib/http.c: an HTTP/1.x status line marks the connection bundle, said before the line.
    bool marksBundle = false;
    // 7.81 lib/connect.c: a failed connect ends in strerror(errno), 7.88 in curl_easy_strerror().
    bool connectStrerror = false;
};

CurlVersion curlVersionOf(const ExecContext& ctx) {
    CurlVersion v;
    const docker::Container* c = ctx.isHost() ? nullptr : ctx.lab->daemon().containerById(ctx.containerId);
    if (!c || c->image.curl.empty()) return v;
    v.number = c->image.curl;
    v.marksBundle = v.connectStrerror = v.number == "7.81.0";
    return v;
}

class CurlRun {
public:
    CurlRun(const CurlOptions& o, ExecContext& ctx, Streams& io)
        : o_(o), ctx_(ctx), io_(io), version_(curlVersionOf(ctx)),
          bodyToTerminal_(ctx.stdoutIsTerminal(io) && o.output.empty()),
          meter_(!o.silent && !o.noMeter && !bodyToTerminal_, io) {}

    int run(sim::Engine& engine, const sim::Resolver& resolver);

private:
    int fail(int code, const std::string& message);
    std::optional<int> connectFailure(const sim::Engine::TcpResult& result, const Url& url, Ipv4 address,
                                      bool curlTimedOut);
    int deliver(const Response& r, const std::string& sent, const Url& url, Ipv4 address);

    const CurlOptions& o_;
    ExecContext& ctx_;
    Streams& io_;
    const CurlVersion version_;
    // The body goes to the terminal only at a prompt (a tty), not piped, without -o: curl then draws no
    // meter, and writes the body as it comes; otherwise stdout is a pipe and the body leaves at exit.
    const bool bodyToTerminal_;
    CurlMeter meter_;
    Nanos spent_ = 0;
    std::uint64_t announced_ = 0;
    std::string peerIp_; // set once connected, for -w
    int peerPort_ = 0;
};

// failf(): with -v the message is also an info line, then the meter's last drawing (not when the name
// did not resolve: the transfer never began), then the connection is closed.
int CurlRun::fail(int code, const std::string& message) {
    if (o_.verbose) {
        meter_.keep();
        io_.error("* " + message + "\n");
    }
    if (code == 6)
        meter_.keep();
    else
        meter_.finish(announced_, 0, spent_);
    if (o_.verbose && code >= 6) io_.error("* Closing connection 0\n");
    if (!o_.silent || o_.showError) io_.error("curl: (" + std::to_string(code) + ") " + message + "\n");
    // -w is written after a failure too: %{http_code} 000, the peer only once connected.
    if (!o_.writeOut.empty()) io_.print(expandWriteOut(o_.writeOut, 0, peerIp_, peerPort_));
    return code;
}

int CurlRun::run(sim::Engine& engine, const sim::Resolver& resolver) {
    const std::string inferred = o_.head ? "HEAD" : "GET";
    noteCustomMethod(o_, inferred, io_);
    std::string scheme;
    auto url = parseUrl(o_.urlText, scheme);
    if (scheme != "http") return fail(1, "Protocol \"" + scheme + "\" not supported or disabled in libcurl");
    if (!url) return fail(3, "URL using bad/illegal format or missing URL");
    if (!o_.output.empty() && o_.output != "/dev/null") {
        io_.error(
            "vethlab: curl -o: the container's file system is not simulated; use -o /dev/null or no -o\n");
        return 23;
    }
    meter_.start();
    const auto found = resolver.lookup(url->host);
    if (found.empty()) return fail(6, "Could not resolve host: " + url->host);
    const Ipv4 address = found.front().address;
    // The kernel gives up on a SYN after 127 s; curl's own limits (-m, --connect-timeout) may be shorter.
    Nanos limit = 127 * kSecond;
    const double curlLimit = o_.connectTimeout > 0 && (o_.maxTime == 0 || o_.connectTimeout < o_.maxTime)
                                 ? o_.connectTimeout
                                 : o_.maxTime;
    const bool curlTimesOut = curlLimit > 0 && static_cast<Nanos>(curlLimit * 1e9) < limit;
    if (curlTimesOut) limit = static_cast<Nanos>(curlLimit * 1e9);
    const std::string sent =
        request(o_.method.empty() ? inferred : o_.method, *url, "curl/" + version_.number);
    if (o_.verbose) {
        meter_.keep();
        io_.error("*   Trying " + address.str() + ":" + std::to_string(url->port) + "...\n");
    }
    auto result = engine.tcpExchange(ctx_.namespaceId, address, static_cast<std::uint16_t>(url->port),
                                     Bytes(sent.begin(), sent.end()), limit);
    spent_ = result.elapsed;
    if (auto failed = connectFailure(result, *url, address, curlTimesOut)) return *failed;
    return deliver(splitResponse(result.response), sent, *url, address);
}

// A connection that brought no response: curl's code and message (lib/connect.c).
std::optional<int> CurlRun::connectFailure(const sim::Engine::TcpResult& result, const Url& url, Ipv4 address,
                                           bool curlTimedOut) {
    using Outcome = sim::Engine::TcpResult::Outcome;
    const long ms = static_cast<long>(result.elapsed / kMillisecond);
    const std::string peer = address.str() + " port " + std::to_string(url.port);
    auto where = [&](const std::string& strerror) {
        return "Failed to connect to " + url.host + " port " + std::to_string(url.port) + " after " +
               std::to_string(ms) +
               " ms: " + (version_.connectStrerror ? strerror : "Couldn't connect to server");
    };
    switch (result.outcome) {
    case Outcome::Response:
        break;
    case Outcome::Empty:
        peerIp_ = address.str();
        peerPort_ = url.port;
        return fail(52, "Empty reply from server");
    case Outcome::TimedOut:
        if (curlTimedOut)
            return fail(28, "Connection timed out after " + std::to_string(ms) + " milliseconds");
        if (o_.verbose) io_.error("* connect to " + peer + " failed: Connection timed out\n");
        return fail(28, where("Connection timed out"));
    case Outcome::Refused:
        if (o_.verbose) io_.error("* connect to " + peer + " failed: Connection refused\n");
        // The host's /etc/hosts names ::1 localhost too: curl tries it next, and nothing listens there
        // when 127.0.0.1 refused (docker-proxy's [::] socket goes with its 0.0.0.0 one). Containers have
        // IPv6 off (Docker 20.10) and try only 127.0.0.1.
        if (o_.verbose && url.host == "localhost" && ctx_.isHost())
            io_.error("*   Trying [::1]:" + std::to_string(url.port) + "...\n* connect to ::1 port " +
                      std::to_string(url.port) + " failed: Connection refused\n");
        return fail(7, where("Connection refused"));
    case Outcome::Unreachable:
    case Outcome::NoRoute:
        if (o_.verbose) io_.error("* connect to " + peer + " failed: No route to host\n");
        return fail(7, where("No route to host"));
    }
    return std::nullopt;
}

// The response: -v's view of both heads, -f, a HEAD asked for with -X, then the body, -i and -w.
int CurlRun::deliver(const Response& r, const std::string& sent, const Url& url, Ipv4 address) {
    if (o_.verbose)
        io_.error("* Connected to " + url.host + " (" + address.str() + ") port " + std::to_string(url.port) +
                  " (#0)\n" + prefixedLines("> ", sent) +
                  (version_.marksBundle && r.head.starts_with("HTTP/1.")
                       ? "* Mark bundle as not supporting multiuse\n"
                       : "") +
                  prefixedLines("< ", r.head));
    announced_ = contentLength(r.head);
    if (o_.fail && r.status >= 400)
        return fail(22, "The requested URL returned error: " + std::to_string(r.status));
    const bool customHead = !o_.head && !o_.method.empty() && upperCase(o_.method) == "HEAD";
    if (customHead && contentLength(r.head) > r.body.size() && !closesConnection(r.head)) {
        // The answer to HEAD has no body: curl waits for Content-Length bytes until the server drops
        // the idle connection (nginx's keepalive_timeout 65 in the image's nginx.conf, Tomcat's 20 s).
        if (o_.include) io_.print(r.head);
        if (o_.verbose && !bodyToTerminal_) io_.error("{ [0 bytes data]\n");
        const bool nginx = headerValue(r.head, "server").rfind("nginx", 0) == 0;
        ctx_.lab->advance((nginx ? 65 : 20) * kSecond);
        spent_ += (nginx ? 65 : 20) * kSecond;
        return fail(18, "transfer closed with " + std::to_string(contentLength(r.head) - r.body.size()) +
                            " bytes remaining to read");
    }
    // With -v and the body not going to a terminal, curl notes each block of data it received.
    if (o_.verbose && !o_.head && !r.body.empty() && !bodyToTerminal_)
        io_.error("{ [" + std::to_string(r.body.size()) + " bytes data]\n");
    meter_.finish(announced_, o_.head ? 0 : r.body.size(), spent_);
    const std::string shown = o_.head ? r.head : o_.include ? r.head + r.body : r.body;
    if (o_.output.empty() && bodyToTerminal_) io_.print(shown);
    if (o_.verbose)
        io_.error(closesConnection(r.head) ? "* Closing connection 0\n"
                                           : "* Connection #0 to host " + url.host + " left intact\n");
    if (o_.output.empty() && !bodyToTerminal_) io_.print(shown); // a pipe's buffer, flushed at exit
    if (!o_.writeOut.empty()) io_.print(expandWriteOut(o_.writeOut, r.status, address.str(), url.port));
    return 0;
}

} // namespace

int runCurl(sim::Engine& engine, const sim::Resolver& resolver, ExecContext& ctx,
            const std::vector<std::string>& argv, Streams& io) {
    CurlOptions o;
    if (auto usage = parseCurlArgs(argv, o)) {
        io.error("curl: " + *usage + "\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
    }
    return CurlRun(o, ctx, io).run(engine, resolver);
}

} // namespace vethlab::shell
