#include "http_tools.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "http_message.h"

namespace vethlab::shell {

using sim::Bytes;

namespace {

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

struct WgetOptions {
    bool quiet = false, serverResponse = false, spider = false;
    std::string output, urlText;
    double timeout = 0;
};

// busybox wget's options (-q -S -O FILE -T SEC, bundled) and the URL; its complaint when one is bad.
std::optional<std::string> parseWgetArgs(const std::vector<std::string>& argv, WgetOptions& o) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() <= 1 || a[0] != '-') {
            o.urlText = a;
            continue;
        }
        if (a == "--spider") {
            o.spider = true;
            continue;
        }
        for (std::size_t k = 1; k < a.size(); ++k) {
            const char f = a[k];
            if (f == 'q') {
                o.quiet = true;
            } else if (f == 'S') {
                o.serverResponse = true;
            } else if (f == 'O' || f == 'T') { // the rest of the word, or the next one
                std::string arg = a.substr(k + 1);
                if (arg.empty() && i + 1 >= argv.size())
                    return "wget: option requires an argument -- '" + std::string(1, f) + "'\n";
                if (arg.empty()) arg = argv[++i];
                if (f == 'O') o.output = arg;
                if (f == 'T' && !parseSeconds(arg, o.timeout)) return "wget: invalid number '" + arg + "'\n";
                break;
            } else {
                return "wget: unrecognized option '" + a + "'\n";
            }
        }
    }
    return std::nullopt;
}

// busybox's own usage text (networking/wget.c), after the banner of the image's build.
std::string wgetUsage(const ExecContext& ctx) {
    return ctx.busyboxBanner() + "\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
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
                                 "\t-Y on/off\tUse proxy\n";
}

// bb_get_last_path_component_nostrip of the URL's path; a directory ("", "dir/") gives index.html.
std::string savedName(const std::string& urlPath) {
    const std::string last = urlPath.substr(urlPath.rfind('/') + 1);
    return last.empty() ? "index.html" : last;
}

// A connection that brought no response: busybox's message ("" when there is a response).
std::string wgetConnectError(const sim::Engine::TcpResult& result, Ipv4 address, double timeout) {
    using Outcome = sim::Engine::TcpResult::Outcome;
    const std::string cannot = "wget: can't connect to remote host (" + address.str() + "): ";
    switch (result.outcome) {
    case Outcome::Response:
        break;
    case Outcome::Refused:
        return cannot + "Connection refused\n";
    case Outcome::Unreachable:
    case Outcome::NoRoute:
        return cannot + "Host is unreachable\n";
    case Outcome::TimedOut:
        return timeout > 0 ? "wget: download timed out\n" : cannot + "Connection timed out\n";
    case Outcome::Empty:
        return "wget: error getting response\n";
    }
    return "";
}

} // namespace

int runWget(sim::Engine& engine, const sim::Resolver& resolver, ExecContext& ctx,
            const std::vector<std::string>& argv, Streams& io) {
    WgetOptions o;
    if (auto complaint = parseWgetArgs(argv, o)) {
        io.error(*complaint);
        return 1;
    }
    if (o.urlText.empty()) {
        io.error(wgetUsage(ctx));
        return 1;
    }
    std::string scheme;
    auto url = parseUrl(o.urlText, scheme);
    if (!url || scheme != "http") {
        io.error("wget: not an http or ftp url: " + o.urlText + "\n");
        return 1;
    }
    // Without -O, busybox names the file after the URL's last component (index.html for a directory)
    // and will not overwrite it (O_EXCL); -O FILE overwrites. A file lands in the container's writable
    // layer, in exec's working directory; the rest of its file system is not modelled.
    const bool named = o.output.empty();
    if (named) o.output = savedName(url->path);
    const docker::Container* c = ctx.isHost() ? nullptr : ctx.lab->daemon().containerById(ctx.containerId);
    const bool toFile = !o.spider && o.output != "-" && o.output != "/dev/null";
    if (toFile && (!c || o.output.find('/') != std::string::npos)) {
        io.error("vethlab: wget: the container's file system is not simulated; use -O - (or -qO-), "
                 "-O /dev/null, --spider or a file name in the working directory\n");
        return 1;
    }
    const auto found = resolver.lookup(url->host);
    if (found.empty()) {
        io.error("wget: bad address '" + url->host + "'\n");
        return 1;
    }
    const Ipv4 address = found.front().address;
    if (!o.quiet)
        io.error("Connecting to " + url->host + (url->explicitPort ? ":" + std::to_string(url->port) : "") +
                 " (" + address.str() + ":" + std::to_string(url->port) + ")\n");
    const Nanos limit = o.timeout > 0 ? static_cast<Nanos>(o.timeout * 1e9) : 127 * kSecond;
    const std::string text = wgetRequest(*url);
    auto result = engine.tcpExchange(ctx.namespaceId, address, static_cast<std::uint16_t>(url->port),
                                     Bytes(text.begin(), text.end()), limit);
    if (auto error = wgetConnectError(result, address, o.timeout); !error.empty()) {
        io.error(error);
        return 1;
    }
    const Response r = splitResponse(result.response);
    // -S shows the status line, then (when the status is one wget takes) the headers.
    const std::string shown = wgetServerResponse(r.head);
    if (o.serverResponse) io.error(r.status == 200 ? shown : shown.substr(0, shown.find('\n') + 1));
    if (r.status != 200) {
        io.error("wget: server returned error: " + r.statusLine + "\n");
        return 1;
    }
    if (o.spider) {
        if (!o.quiet) io.error("remote file exists\n");
        return 0;
    }
    const std::string path = toFile ? c->pathFromWorkingDir(o.output) : "";
    if (toFile && named && c->savedFiles.count(path)) {
        io.error("wget: can't open '" + o.output + "': File exists\n");
        return 1;
    }
    if (toFile) ctx.lab->daemon().saveFile(c->id, path, r.body);
    // wget.c retrieve_file_data: stdout, or the file by name (the progress bar shows its last component).
    const bool toStdout = o.output == "-";
    if (!o.quiet) io.error(toStdout ? "writing to stdout\n" : "saving to '" + o.output + "'\n");
    if (toStdout) io.print(r.body);
    const std::string shownName = toStdout ? "-" : o.output.substr(o.output.rfind('/') + 1);
    if (!o.quiet) io.error(wgetProgressLine(shownName, r.body.size(), contentLength(r.head)));
    if (!o.quiet) io.error(toStdout ? "written to stdout\n" : "'" + o.output + "' saved\n");
    return 0;
}

} // namespace vethlab::shell
