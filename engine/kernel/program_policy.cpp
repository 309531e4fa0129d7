#include "program_policy.h"

#include <map>
#include <set>
#include <string_view>

namespace vethlab::kernel {
namespace {

const std::map<std::string, std::string>& hostPrograms() {
    static const std::map<std::string, std::string> programs = {
        {"ip", "/usr/sbin/ip"},
        {"ifconfig", "/usr/sbin/ifconfig"},
        {"route", "/usr/sbin/route"},
        {"arp", "/usr/sbin/arp"},
        {"netstat", "/usr/bin/netstat"},
        {"brctl", "/usr/sbin/brctl"},
        {"bridge", "/usr/sbin/bridge"},
        {"iptables", "/usr/sbin/iptables"},
        {"iptables-save", "/usr/sbin/iptables-save"},
        {"ping", "/usr/bin/ping"},
        {"cat", "/usr/bin/cat"},
        {"hostname", "/usr/bin/hostname"},
        {"getent", "/usr/bin/getent"},
        {"ss", "/usr/bin/ss"},
        {"tcpdump", "/usr/bin/tcpdump"},
        {"curl", "/usr/bin/curl"},
    };
    return programs;
}

const std::set<std::string>& busyboxApplets() {
    static const std::set<std::string> applets = {"ping",     "ip",         "ifconfig", "route",
                                                  "arp",      "netstat",    "cat",      "hostname",
                                                  "nslookup", "traceroute", "wget"};
    return applets;
}

bool readableFile(const std::string& path) {
    static const std::set<std::string> files = {"/etc/hosts", "/etc/resolv.conf", "/etc/hostname"};
    if (path.find("..") != std::string::npos) return false;
    // A bare name is a file in the program's working directory: the container's own (wget's index.html).
    const bool inWorkingDir = !path.empty() && path[0] != '-' && path.find('/') == std::string::npos;
    return files.count(path) || inWorkingDir || path.rfind("/proc/sys/net/", 0) == 0 ||
           path.rfind("/proc/net/", 0) == 0;
}

// curl reads and writes files only where a student's lesson does: -o /dev/null. Everything else that
// names a file (config, cookies, uploads, traces, @file data, file: URLs) is refused. The network
// needs no such rule: the program runs in a lab namespace, and nothing there reaches the machine's.
bool curlArgumentAllowed(const std::vector<std::string>& argv, std::size_t i) {
    static const std::set<std::string> fileOptions = {"-K",
                                                      "--config",
                                                      "-b",
                                                      "--cookie",
                                                      "-c",
                                                      "--cookie-jar",
                                                      "-T",
                                                      "--upload-file",
                                                      "-D",
                                                      "--dump-header",
                                                      "--trace",
                                                      "--trace-ascii",
                                                      "--stderr",
                                                      "--libcurl",
                                                      "-O",
                                                      "--remote-name",
                                                      "--remote-name-all",
                                                      "-J",
                                                      "--remote-header-name",
                                                      "--output-dir",
                                                      "--create-dirs",
                                                      "-F",
                                                      "--form",
                                                      "--netrc-file",
                                                      "--cacert",
                                                      "--capath",
                                                      "--cert",
                                                      "--key",
                                                      "-E",
                                                      "--unix-socket",
                                                      "--abstract-unix-socket",
                                                      "--etag-save",
                                                      "--etag-compare",
                                                      "--hsts",
                                                      "--alt-svc",
                                                      "-n",
                                                      "--netrc",
                                                      "--netrc-optional",
                                                      "-q"};
    const std::string& a = argv[i];
    std::string lower = a;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("file:") != std::string::npos || a.find('@') != std::string::npos) return false;
    if (a == "-o" || a == "--output") return i + 1 < argv.size() && argv[i + 1] == "/dev/null";
    if (fileOptions.count(a) || a.rfind("--output=", 0) == 0 || a.rfind("--config=", 0) == 0) return false;
    if (a.size() < 2 || a[0] != '-' || a[1] == '-') return true;
    // Bundled short options (-sS, -so FILE, -sofile): a file-taking letter refuses, -o only /dev/null.
    static const std::string fileLetters = "KbcTDOJFEnq";
    for (std::size_t k = 1; k < a.size(); ++k) {
        if (fileLetters.find(a[k]) != std::string::npos) return false;
        if (a[k] == 'o')
            return k + 1 == a.size() ? i + 1 < argv.size() && argv[i + 1] == "/dev/null"
                                     : a.substr(k + 1) == "/dev/null";
        if (std::string("dHwmAeXxuUY").find(a[k]) != std::string::npos) return true; // the rest is a value
    }
    return true;
}

// busybox wget saves into the program's scratch directory (program.cpp) unless told where: -O is allowed
// to name "-", /dev/null or a plain file name there; other files (-o, -P, --post-file) are refused.
bool wgetArgumentAllowed(const std::vector<std::string>& argv, std::size_t i) {
    const std::string& a = argv[i];
    auto scratch = [](const std::string& path) {
        return path == "-" || path == "/dev/null" ||
               (!path.empty() && path.find('/') == std::string::npos && path != "..");
    };
    auto next = [&] { return i + 1 < argv.size() ? argv[i + 1] : std::string(); };
    if (a == "-O" || a == "--output-document") return scratch(next());
    if (a.rfind("--output-document=", 0) == 0) return scratch(a.substr(18));
    if (a == "--post-file" || a.rfind("--post-file=", 0) == 0 || a == "--directory-prefix" ||
        a.rfind("--directory-prefix=", 0) == 0 || a == "--output-file" || a.rfind("--output-file=", 0) == 0)
        return false;
    if (a.size() < 2 || a[0] != '-' || a[1] == '-') return true;
    for (std::size_t k = 1; k < a.size(); ++k) {
        if (a[k] == 'P' || a[k] == 'o' || a[k] == 'i') return false;
        if (a[k] == 'O') return k + 1 == a.size() ? scratch(next()) : scratch(a.substr(k + 1));
        if (a[k] == 'U' || a[k] == 'T' || a[k] == 'Y') return true; // the rest is a value
    }
    return true;
}

std::string checkArguments(const std::string& prog, const std::vector<std::string>& argv) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (prog == "ip" && (a == "netns" || a == "-all" || a == "-a" ||
                             (a.size() >= 2 && std::string_view("-netns").starts_with(a))))
            return "ip " + a + " reaches other namespaces";
        if (prog == "tcpdump" && (a.rfind("-w", 0) == 0 || a.rfind("-r", 0) == 0 || a.rfind("-z", 0) == 0 ||
                                  a.rfind("-Z", 0) == 0 || a.rfind("-F", 0) == 0))
            return "tcpdump " + a + " reads or writes files";
        if (prog == "wget" && !wgetArgumentAllowed(argv, i)) return "wget " + a + " writes outside the lab";
        if (prog == "curl" && !curlArgumentAllowed(argv, i)) return "curl " + a + " reads or writes files";
        if (prog == "iptables" && a.rfind("--modprobe", 0) == 0) return "iptables --modprobe runs a program";
        if (prog == "cat" && a != "-" && (a.empty() || a[0] != '-') && !readableFile(a))
            return "cat " + a + " is outside the container's view";
        if (prog == "hostname" && !a.empty() && a[0] != '-') return "hostname NAME changes the machine";
        if (prog == "hostname" && (a == "-F" || a == "--file" || a == "-b" || a == "--boot"))
            return "hostname " + a + " changes the machine";
    }
    return {};
}

} // namespace

std::variant<std::vector<std::string>, std::string> resolveProgram(const std::vector<std::string>& argv,
                                                                   bool busybox) {
    if (argv.empty()) return std::string("no program");
    const std::string& prog = argv[0];
    std::vector<std::string> real;
    if (busybox) {
        if (!busyboxApplets().count(prog)) return prog + " is not a program the lab runs";
        real = {"/bin/busybox"};
        real.insert(real.end(), argv.begin(), argv.end());
    } else {
        auto it = hostPrograms().find(prog);
        if (it == hostPrograms().end()) return prog + " is not a program the lab runs";
        real.push_back(it->second);
        real.insert(real.end(), argv.begin() + 1, argv.end());
    }
    if (auto why = checkArguments(prog, argv); !why.empty()) return why;
    return real;
}

} // namespace vethlab::kernel
