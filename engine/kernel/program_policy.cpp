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
    };
    return programs;
}

const std::set<std::string>& busyboxApplets() {
    static const std::set<std::string> applets = {"ping",    "ip",  "ifconfig", "route",    "arp",
                                                  "netstat", "cat", "hostname", "nslookup", "traceroute"};
    return applets;
}

bool readableFile(const std::string& path) {
    static const std::set<std::string> files = {"/etc/hosts", "/etc/resolv.conf", "/etc/hostname"};
    if (path.find("..") != std::string::npos) return false;
    return files.count(path) || path.rfind("/proc/sys/net/", 0) == 0 || path.rfind("/proc/net/", 0) == 0;
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
