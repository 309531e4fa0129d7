#include "http_tools.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "curl_meter.h"

namespace vethlab::shell {

using sim::Bytes;

namespace {

struct Url {
    std::string scheme = "http", host, path = "/";
    int port = 80;
    bool explicitPort = false;
};

// "localhost:8081", "http://172.17.0.2:8080/index.html".
std::optional<Url> parseUrl(const std::string& text, std::string& scheme) {
    Url u;
    std::string rest = text;
    if (auto sep = rest.find("://"); sep != std::string::npos) {
        u.scheme = rest.substr(0, sep);
        rest = rest.substr(sep + 3);
    }
    scheme = u.scheme;
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) u.path = rest.substr(slash);
    if (auto colon = authority.rfind(':'); colon != std::string::npos) {
        const std::string port = authority.substr(colon + 1);
        authority = authority.substr(0, colon);
        if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5)
            return std::nullopt;
        u.port = std::stoi(port);
        u.explicitPort = true;
        if (u.port > 65535) return std::nullopt;
    }
    u.host = authority;
    if (u.host.empty()) return std::nullopt;
    return u;
}

std::string request(const std::string& method, const Url& u, const std::string& agent) {
    const std::string host = u.host + (u.explicitPort && u.port != 80 ? ":" + std::to_string(u.port) : "");
    return method + " " + u.path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + agent +
           "\r\nAccept: */*\r\n\r\n";
}

// busybox wget's request (networking/wget.c): no Accept, and it asks the server to close.
std::string wgetRequest(const Url& u) {
    const std::string host = u.host + (u.explicitPort && u.port != 80 ? ":" + std::to_string(u.port) : "");
    return "GET " + u.path + " HTTP/1.1\r\nHost: " + host +
           "\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n";
}

// wget -S: each line of the response head as busybox reads it (cut at its CR), behind two spaces,
// the empty line that ends the head included.
std::string wgetServerResponse(const std::string& head) {
    std::string out;
    for (std::size_t at = 0; at < head.size();) {
        const auto nl = head.find('\n', at);
        std::string line = head.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        if (auto cr = line.find('\r'); cr != std::string::npos) line.resize(cr);
        out += "  " + line + "\n";
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    return out;
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

struct Response {
    std::string head, body, statusLine;
    int status = 0;
};

// A response header's value ("" when absent); `name` in lower case, matched without regard to case.
std::string headerValue(const std::string& head, const std::string& name) {
    std::string lower = head;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("\r\n" + name + ":");
    if (at == std::string::npos) return "";
    const auto from = head.find_first_not_of(' ', at + 3 + name.size());
    const auto end = head.find("\r\n", from);
    return from == std::string::npos ? "" : head.substr(from, end - from);
}

// The Content-Length header's value, 0 when there is none (busybox then shows no bar).
std::size_t contentLength(const std::string& head) {
    return std::strtoull(headerValue(head, "content-length").c_str(), nullptr, 10);
}

// busybox's progress line (libbb/progress.c) as it ends a transfer that took under a second, stderr not
// being a terminal (docker exec/run without -t; at a terminal the same line is drawn over with \r):
// the name in 20 columns, the percentage, a bar of 80 - 48 columns, the size in 5 (smart_ulltoa5)
// and the ETA.
std::string wgetProgressLine(const std::string& name, std::size_t transferred, std::size_t total) {
    char size[32];
    if (transferred < 100000) {
        std::snprintf(size, sizeof size, "%5zu", transferred);
    } else {
        const char* units = " kMGTPEZY";
        std::size_t v = transferred;
        int unit = 0;
        while (v >= 10000 && unit < 8) {
            v /= 1024;
            ++unit;
        }
        std::snprintf(size, sizeof size, "%4zu%c", v, units[unit]);
    }
    char line[256];
    std::snprintf(line, sizeof line, "%-20.20s ", name.c_str());
    std::string out = line;
    if (total != 0) {
        const std::size_t done = std::min(transferred, total);
        std::snprintf(line, sizeof line, "%3zu%% |", 100 * done / total);
        out += line + std::string(32 * done / total, '*') + std::string(32 - 32 * done / total, ' ') + "| ";
    }
    out += size;
    out += total == 0 || transferred == 0 ? " --:--:-- ETA\n" : "  0:00:00 ETA\n";
    return out;
}

Response splitResponse(const Bytes& bytes) {
    Response r;
    const std::string text(bytes.begin(), bytes.end());
    const auto end = text.find("\r\n\r\n");
    r.head = end == std::string::npos ? text : text.substr(0, end + 4);
    r.body = end == std::string::npos ? "" : text.substr(end + 4);
    r.statusLine = r.head.substr(0, r.head.find("\r\n"));
    if (r.statusLine.size() >= 12) r.status = std::atoi(r.statusLine.c_str() + 9);
    return r;
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

// Whether the server said it closes the connection (busybox httpd does; nginx keeps it alive).
bool closesConnection(const std::string& head) {
    std::string v = headerValue(head, "connection");
    for (char& c : v)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v == "close";
}

bool parseSeconds(const std::string& v, double& out) {
    try {
        std::size_t used = 0;
        out = std::stod(v, &used);
        return used == v.size() && out >= 0;
    } catch (...) {
        return false;
    }
}

} // namespace

int runCurl(sim::Engine& engine, const sim::Resolver& resolver, ExecContext& ctx,
            const std::vector<std::string>& argv, Streams& io) {
    bool silent = false, showError = false, include = false, head = false, fail = false, verbose = false;
    bool noMeter = false;
    std::string output, writeOut, urlText, method;
    double maxTime = 0, connectTimeout = 0;
    auto usage = [&](const std::string& message) {
        io.error("curl: " + message + "\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
    };
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argv.size()) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--silent")
            silent = true;
        else if (a == "--show-error")
            showError = true;
        else if (a == "--include")
            include = true;
        else if (a == "--head")
            head = true;
        else if (a == "--fail")
            fail = true;
        else if (a == "--verbose")
            verbose = true;
        else if (a == "--no-progress-meter")
            noMeter = true;
        else if (a == "--location")
            continue;
        else if (a == "--output" || a == "--write-out" || a == "--max-time" || a == "--connect-timeout" ||
                 a == "--request") {
            if (!value(v)) return usage("option " + a + ": requires parameter");
            double seconds = 0;
            if (a == "--request") method = v;
            if (a == "--output") output = v;
            if (a == "--write-out") writeOut = v;
            if ((a == "--max-time" || a == "--connect-timeout") && !parseSeconds(v, seconds))
                return usage("option " + a + ": expected a proper numerical parameter");
            if (a == "--max-time") maxTime = seconds;
            if (a == "--connect-timeout") connectTimeout = seconds;
        } else if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
            // Bundled short options: -sS, -sI, -so /dev/null.
            for (std::size_t k = 1; k < a.size(); ++k) {
                const char f = a[k];
                if (f == 's')
                    silent = true;
                else if (f == 'S')
                    showError = true;
                else if (f == 'i')
                    include = true;
                else if (f == 'I')
                    head = true;
                else if (f == 'f')
                    fail = true;
                else if (f == 'v')
                    verbose = true;
                else if (f == 'L')
                    continue;
                else if (f == 'o' || f == 'w' || f == 'm' || f == 'X') {
                    std::string arg = a.substr(k + 1);
                    if (arg.empty() && !value(arg))
                        return usage("option -" + std::string(1, f) + ": requires parameter");
                    double seconds = 0;
                    if (f == 'X') method = arg;
                    if (f == 'o') output = arg;
                    if (f == 'w') writeOut = arg;
                    if (f == 'm') {
                        if (!parseSeconds(arg, seconds))
                            return usage("option -m: expected a proper numerical parameter");
                        maxTime = seconds;
                    }
                    break;
                } else {
                    return usage("option -" + std::string(1, f) + ": is unknown");
                }
            }
        } else if (a.rfind("--", 0) == 0) {
            return usage("option " + a + ": is unknown");
        } else {
            urlText = a;
        }
    }
    if (urlText.empty()) return usage("no URL specified");
    // The body goes to the terminal only at a prompt (a tty), not piped, without -o: curl then draws no
    // meter, and writes the body as it comes; otherwise stdout is a pipe and the body leaves at exit.
    const bool bodyToTerminal = ctx.stdoutIsTerminal(io) && output.empty();
    CurlMeter meter(!silent && !noMeter && !bodyToTerminal, io);
    Nanos spent = 0;
    std::uint64_t announced = 0;
    // curl's failf(): with -v the message is also an info line, then the meter's last drawing (not when
    // the name did not resolve: the transfer never began), then the connection is closed.
    // -X: curl's customrequest_helper notes a method it would have used anyway (-v only) and warns
    // about HEAD, which it would then wait for a body after.
    const std::string inferred = head ? "HEAD" : "GET";
    auto upper = [](std::string m) {
        for (char& ch : m)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return m;
    };
    if (!method.empty() && upper(method) == inferred) {
        if (verbose)
            io.error("Note: Unnecessary use of -X or --request, " + inferred + " is already inferred.\n");
    } else if (!method.empty() && upper(method) == "HEAD" && !silent) {
        io.error(curlWarning("Setting custom HTTP method to HEAD with -X/--request may not work the way you "
                             "want. Consider using -I/--head instead."));
    }
    const bool customHead = !head && !method.empty() && upper(method) == "HEAD";
    // -w: written after the transfer, and after a failure too (%{http_code} is then 000).
    std::string remoteIp, remotePort = "0";
    auto printWriteOut = [&](int status) {
        if (writeOut.empty()) return;
        std::string w;
        char code[8];
        std::snprintf(code, sizeof code, "%03d", status);
        const std::pair<std::string, std::string> variables[] = {{"%{http_code}", code},
                                                                 {"%{response_code}", code},
                                                                 {"%{remote_ip}", remoteIp},
                                                                 {"%{remote_port}", remotePort},
                                                                 {"\\n", "\n"}};
        for (std::size_t k = 0; k < writeOut.size();) {
            bool matched = false;
            for (const auto& [name, value] : variables)
                if (writeOut.compare(k, name.size(), name) == 0) {
                    w += value;
                    k += name.size();
                    matched = true;
                    break;
                }
            if (!matched) w += writeOut[k++];
        }
        io.print(w);
    };
    auto fatal = [&](int code, const std::string& message) {
        if (verbose) {
            meter.keep();
            io.error("* " + message + "\n");
        }
        if (code == 6)
            meter.keep();
        else
            meter.finish(announced, 0, spent);
        if (verbose && code >= 6) io.error("* Closing connection 0\n");
        if (!silent || showError) io.error("curl: (" + std::to_string(code) + ") " + message + "\n");
        printWriteOut(0);
        return code;
    };
    std::string scheme;
    auto url = parseUrl(urlText, scheme);
    if (scheme != "http") return fatal(1, "Protocol \"" + scheme + "\" not supported or disabled in libcurl");
    if (!url) return fatal(3, "URL using bad/illegal format or missing URL");
    if (!output.empty() && output != "/dev/null") {
        io.error(
            "vethlab: curl -o: the container's file system is not simulated; use -o /dev/null or no -o\n");
        return 23;
    }
    meter.start();
    const auto found = resolver.lookup(url->host);
    if (found.empty()) return fatal(6, "Could not resolve host: " + url->host);
    const Ipv4 address = found.front().address;
    // The kernel gives up on a SYN after 127 s; curl's own limits (-m, --connect-timeout) may be shorter.
    Nanos limit = 127 * kSecond;
    const double curlLimit =
        connectTimeout > 0 && (maxTime == 0 || connectTimeout < maxTime) ? connectTimeout : maxTime;
    const bool curlTimesOut = curlLimit > 0 && static_cast<Nanos>(curlLimit * 1e9) < limit;
    if (curlTimesOut) limit = static_cast<Nanos>(curlLimit * 1e9);
    const std::string sent = request(method.empty() ? inferred : method, *url, "curl/7.88.1");
    const std::string peer = address.str() + " port " + std::to_string(url->port);
    if (verbose) {
        meter.keep();
        io.error("*   Trying " + address.str() + ":" + std::to_string(url->port) + "...\n");
    }
    auto result = engine.tcpExchange(ctx.namespaceId, address, static_cast<std::uint16_t>(url->port),
                                     Bytes(sent.begin(), sent.end()), limit);
    using Outcome = sim::Engine::TcpResult::Outcome;
    const long ms = static_cast<long>(result.elapsed / kMillisecond);
    spent = result.elapsed;
    if (result.outcome == Outcome::Response ||
        result.outcome == Outcome::Empty) { // connected: -w knows the peer
        remoteIp = address.str();
        remotePort = std::to_string(url->port);
    }
    const std::string where = "Failed to connect to " + url->host + " port " + std::to_string(url->port) +
                              " after " + std::to_string(ms) + " ms: Couldn't connect to server";
    switch (result.outcome) {
    case Outcome::Response:
        break;
    case Outcome::Empty:
        return fatal(52, "Empty reply from server");
    case Outcome::TimedOut:
        if (curlTimesOut)
            return fatal(28, "Connection timed out after " + std::to_string(ms) + " milliseconds");
        if (verbose) io.error("* connect to " + peer + " failed: Connection timed out\n");
        return fatal(28, where);
    case Outcome::Refused:
        if (verbose) io.error("* connect to " + peer + " failed: Connection refused\n");
        return fatal(7, where);
    case Outcome::Unreachable:
    case Outcome::NoRoute:
        if (verbose) io.error("* connect to " + peer + " failed: No route to host\n");
        return fatal(7, where);
    }
    const Response r = splitResponse(result.response);
    if (verbose)
        io.error("* Connected to " + url->host + " (" + address.str() + ") port " +
                 std::to_string(url->port) + " (#0)\n" + prefixedLines("> ", sent) +
                 prefixedLines("< ", r.head));
    announced = contentLength(r.head);
    if (fail && r.status >= 400)
        return fatal(22, "The requested URL returned error: " + std::to_string(r.status));
    if (customHead && contentLength(r.head) > r.body.size() && !closesConnection(r.head)) {
        // The answer to HEAD has no body: curl waits for Content-Length bytes until the server drops
        // the idle connection (nginx's keepalive_timeout 65 in the image's nginx.conf, Tomcat's 20 s).
        if (include) io.print(r.head);
        if (verbose && !bodyToTerminal) io.error("{ [0 bytes data]\n");
        const bool nginx = headerValue(r.head, "server").rfind("nginx", 0) == 0;
        ctx.lab->advance((nginx ? 65 : 20) * kSecond);
        spent += (nginx ? 65 : 20) * kSecond;
        return fatal(18, "transfer closed with " + std::to_string(contentLength(r.head) - r.body.size()) +
                             " bytes remaining to read");
    }
    // With -v and the body not going to a terminal, curl notes each block of data it received.
    if (verbose && !head && !r.body.empty() && !bodyToTerminal)
        io.error("{ [" + std::to_string(r.body.size()) + " bytes data]\n");
    meter.finish(announced, head ? 0 : r.body.size(), spent);
    const std::string shown = head ? r.head : include ? r.head + r.body : r.body;
    if (output.empty() && bodyToTerminal) io.print(shown);
    if (verbose)
        io.error(closesConnection(r.head) ? "* Closing connection 0\n"
                                          : "* Connection #0 to host " + url->host + " left intact\n");
    if (output.empty() && !bodyToTerminal) io.print(shown); // a pipe's buffer, flushed at exit
    printWriteOut(r.status);
    return 0;
}

int runWget(sim::Engine& engine, const sim::Resolver& resolver, ExecContext& ctx,
            const std::vector<std::string>& argv, Streams& io) {
    bool quiet = false, serverResponse = false;
    std::string output, urlText;
    double timeout = 0;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 1 && a[0] == '-') {
            for (std::size_t k = 1; k < a.size(); ++k) {
                const char f = a[k];
                if (f == 'q') {
                    quiet = true;
                } else if (f == 'S') {
                    serverResponse = true;
                } else if (f == 'O' || f == 'T') {
                    std::string arg = a.substr(k + 1);
                    if (arg.empty()) {
                        if (i + 1 >= argv.size()) {
                            io.error("wget: option requires an argument -- '" + std::string(1, f) + "'\n");
                            return 1;
                        }
                        arg = argv[++i];
                    }
                    if (f == 'O') output = arg;
                    if (f == 'T' && !parseSeconds(arg, timeout)) {
                        io.error("wget: invalid number '" + arg + "'\n");
                        return 1;
                    }
                    break;
                } else {
                    io.error("wget: unrecognized option '" + a + "'\n");
                    return 1;
                }
            }
        } else {
            urlText = a;
        }
    }
    if (urlText.empty()) {
        // busybox's own usage text (networking/wget.c), after the banner of the image's build.
        io.error(ctx.busyboxBanner() +
                 "\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
                 "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
                 "\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\n"
                 "Retrieve files via HTTP or FTP\n\n"
                 "\t--spider\tOnly check URL existence: $? is 0 if exists\n"
                 "\t--header STR\tAdd STR (of form 'header: value') to headers\n"
                 "\t--post-data STR\tSend STR using POST method\n"
                 "\t--post-file FILE\tSend FILE using POST method\n"
                 "\t--no-check-certificate\tDon't validate the server's certificate\n"
                 "\t-c\t\tContinue retrieval of aborted transfer\n"
                 "\t-q\t\tQuiet\n"
                 "\t-P DIR\t\tSave to DIR (default .)\n"
                 "\t-S    \t\tShow server response\n"
                 "\t-T SEC\t\tNetwork read timeout is SEC seconds\n"
                 "\t-O FILE\t\tSave to FILE ('-' for stdout)\n"
                 "\t-o LOGFILE\tLog messages to FILE\n"
                 "\t-U STR\t\tUse STR for User-Agent header\n"
                 "\t-Y on/off\tUse proxy\n");
        return 1;
    }
    if (output != "-") {
        io.error("vethlab: wget: the container's file system is not simulated; use -O - (or -qO-)\n");
        return 1;
    }
    std::string scheme;
    auto url = parseUrl(urlText, scheme);
    if (!url || scheme != "http") {
        io.error("wget: not an http or ftp url: " + urlText + "\n");
        return 1;
    }
    const auto found = resolver.lookup(url->host);
    if (found.empty()) {
        io.error("wget: bad address '" + url->host + "'\n");
        return 1;
    }
    const Ipv4 address = found.front().address;
    if (!quiet)
        io.error("Connecting to " + url->host + (url->explicitPort ? ":" + std::to_string(url->port) : "") +
                 " (" + address.str() + ":" + std::to_string(url->port) + ")\n");
    const Nanos limit = timeout > 0 ? static_cast<Nanos>(timeout * 1e9) : 127 * kSecond;
    const std::string text = wgetRequest(*url);
    auto result = engine.tcpExchange(ctx.namespaceId, address, static_cast<std::uint16_t>(url->port),
                                     Bytes(text.begin(), text.end()), limit);
    using Outcome = sim::Engine::TcpResult::Outcome;
    switch (result.outcome) {
    case Outcome::Response:
        break;
    case Outcome::Refused:
        io.error("wget: can't connect to remote host (" + address.str() + "): Connection refused\n");
        return 1;
    case Outcome::Unreachable:
    case Outcome::NoRoute:
        io.error("wget: can't connect to remote host (" + address.str() + "): Host is unreachable\n");
        return 1;
    case Outcome::TimedOut:
        io.error(timeout > 0
                     ? "wget: download timed out\n"
                     : "wget: can't connect to remote host (" + address.str() + "): Connection timed out\n");
        return 1;
    case Outcome::Empty:
        io.error("wget: error getting response\n");
        return 1;
    }
    const Response r = splitResponse(result.response);
    // -S shows the status line, then (when the status is one wget takes) the headers.
    const std::string shown = wgetServerResponse(r.head);
    if (serverResponse) io.error(r.status == 200 ? shown : shown.substr(0, shown.find('\n') + 1));
    if (r.status != 200) {
        io.error("wget: server returned error: " + r.statusLine + "\n");
        return 1;
    }
    if (!quiet) io.error("writing to stdout\n");
    io.print(r.body);
    if (!quiet) io.error(wgetProgressLine("-", r.body.size(), contentLength(r.head)));
    if (!quiet) io.error("written to stdout\n");
    return 0;
}

} // namespace vethlab::shell
