// arp: the namespace's neighbour table as /proc/net/arp shows it, printed as net-tools 2.10 (the
// host, Debian images) and busybox (alpine) print it: net-tools' table (arp, arp -n) and the BSD
// style (arp -a, busybox's only style). An entry that never resolved is "(incomplete)".
#include <cstdio>
#include <sstream>

#include "command_registry.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

using kernel::Neighbour;

// The first name /etc/hosts gives the address, as gethostbyaddr() finds it there; "" when none.
std::string hostsName(const kernel::NetworkNamespace& ns, Ipv4 ip) {
    auto it = ns.files.find("/etc/hosts");
    if (it == ns.files.end()) return "";
    for (const auto& line : splitLines(it->second)) {
        std::istringstream words(line);
        std::string address, name;
        if (words >> address >> name && address == ip.str()) return name;
    }
    return "";
}

// net-tools 2.10's usage(E_OPTERR), all on stderr, as Debian 12's arp prints it.
std::string netToolsUsage() {
    return "Usage:\n"
           "  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n"
           "  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n"
           "  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n"
           "  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n"
           "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n"
           "\n"
           "        -a                       display (all) hosts in alternative (BSD) style\n"
           "        -e                       display (all) hosts in default (Linux) style\n"
           "        -s, --set                set a new ARP entry\n"
           "        -d, --delete             delete a specified entry\n"
           "        -v, --verbose            be verbose\n"
           "        -n, --numeric            don't resolve names\n"
           "        -i, --device             specify network interface (e.g. eth0)\n"
           "        -D, --use-device         read <hwaddr> from given device\n"
           "        -A, -p, --protocol       specify protocol family\n"
           "        -f, --file               read new entries from file or from /etc/ethers\n"
           "\n"
           "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n"
           "  List of possible hardware types (which support ARP):\n"
           "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n"
           "    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n"
           "    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n"
           "    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n";
}

int runArp(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    bool numeric = false, bsd = ctx.isBusybox();
    std::string device;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "-i" && i + 1 < argv.size()) {
            device = argv[++i];
            continue;
        }
        if (a.size() < 2 || a[0] != '-') continue; // a host to show: every entry is shown
        for (char c : a.substr(1)) {
            if (c == 'n')
                numeric = true;
            else if (c == 'a')
                bsd = true;
            else if (c != 'e' && c != 'v') {
                if (ctx.isBusybox()) {
                    io.error(
                        std::string("arp: invalid option -- '") + c + "'\n" + ctx.busyboxBanner() +
                        "\nUsage: arp \n[-vn]\t[-H HWTYPE] [-i IF] -a [HOSTNAME]\n[-v]\t\t    [-i IF] -d "
                        "HOSTNAME "
                        "[pub]\n[-v]\t[-H HWTYPE] [-i IF] -s HOSTNAME HWADDR [temp]\n[-v]\t[-H HWTYPE] [-i "
                        "IF] -s "
                        "HOSTNAME HWADDR [netmask MASK] pub\n[-v]\t[-H HWTYPE] [-i IF] -Ds HOSTNAME IFACE "
                        "[netmask "
                        "MASK] pub\n\nManipulate ARP cache\n\n\t-a\t\tDisplay (all) hosts\n\t-d\t\tDelete "
                        "ARP "
                        "entry\n\t-s\t\tSet new entry\n\t-v\t\tVerbose\n\t-n\t\tDon't resolve names\n\t-i "
                        "IF\t\tNetwork interface\n\t-D\t\tRead HWADDR from IFACE\n\t-A,-p AF\tProtocol "
                        "family\n\t-H HWTYPE\tHardware address type\n");
                    return 1;
                }
                io.error(std::string("arp: invalid option -- '") + c + "'\n" + netToolsUsage());
                return 3; // net-tools' E_OPTERR
            }
        }
    }
    const kernel::NetworkNamespace* ns = ctx.lab->kernel().find(ctx.namespaceId);
    if (!ns) return 1;
    std::string out;
    bool title = false;
    for (const Neighbour& n : ns->neighbours) {
        const kernel::Link* dev = nullptr;
        for (const auto& l : ns->links)
            if (l.ifindex == n.ifindex) dev = &l;
        if (!dev || (!device.empty() && dev->name != device)) continue;
        const bool complete = n.state == Neighbour::State::Reachable || n.state == Neighbour::State::Stale;
        const std::string ip = n.ip.str();
        std::string name = numeric ? "" : hostsName(*ns, n.ip);
        if (bsd) {
            if (name.empty()) name = "?";
            out += name + " (" + ip + ") at " + (complete ? n.mac.str() + " [ether] " : "<incomplete> ") +
                   (ctx.isBusybox() ? " on " : "on ") + dev->name + "\n";
            continue;
        }
        if (!title)
            out += "Address                  HWtype  HWaddress           Flags Mask            Iface\n";
        title = true;
        char line[160];
        std::snprintf(line, sizeof line, "%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s\n",
                      (name.empty() ? ip : name).c_str(), complete ? "ether" : "",
                      complete ? n.mac.str().c_str() : "(incomplete)", complete ? "C" : "", "",
                      dev->name.c_str());
        out += line;
    }
    io.print(out);
    return 0;
}

} // namespace

void addArp(CommandRegistry& r) {
    r.add({"arp"}, runArp);
}

} // namespace vethlab::shell
