// The files a container shows and the identity it reports: cat (of the files the lab writes and of
// /proc/sys/net), hostname, env, ls.
#include "command_registry.h"
#include "uts_name.h"

namespace vethlab::shell {
namespace {

const docker::Container* containerOf(const ExecContext& ctx) {
    return ctx.isHost() ? nullptr : ctx.lab->daemon().containerById(ctx.containerId);
}

std::optional<std::string> fileContent(const ExecContext& ctx, const std::string& path) {
    Lab& lab = *ctx.lab;
    const kernel::NetworkNamespace* ns = lab.kernel().find(ctx.namespaceId);
    const docker::Container* c = containerOf(ctx);
    if (path.rfind("/proc/sys/net/ipv6/conf/", 0) == 0 && path.ends_with("/disable_ipv6") && ns)
        return ns->ipv6Disabled ? "1\n" : "0\n";
    if (path == "/proc/sys/net/ipv4/ip_forward" && ns) return ns->ipForward ? "1\n" : "0\n";
    if (c) return lab.daemon().containerFile(lab.context(), *c, c->pathFromWorkingDir(path));
    if (ns)
        if (auto it = ns->files.find(path); it != ns->files.end()) return it->second;
    return std::nullopt;
}

int runCat(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    if (argv.size() == 1) {
        io.print(in);
        return 0;
    }
    int status = 0;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        auto content = fileContent(ctx, argv[i]);
        if (!content) { // busybox's words, or coreutils'
            io.error(ctx.isBusybox() ? "cat: can't open '" + argv[i] + "': No such file or directory\n"
                                     : "cat: " + argv[i] + ": No such file or directory\n");
            status = 1;
            continue;
        }
        io.print(*content);
    }
    return status;
}

int runHostname(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    Lab& lab = *ctx.lab;
    const std::string h = utsHostname(lab, containerOf(ctx));
    if (argv.size() > 1 && (argv[1] == "-i" || argv[1] == "-I")) {
        std::string ips;
        if (const kernel::NetworkNamespace* ns = lab.kernel().find(ctx.namespaceId))
            for (const auto& l : ns->links)
                if (l.kind != kernel::LinkKind::Loopback)
                    for (const auto& a : l.ipv4)
                        ips += a.prefix.addr.str() + " ";
        if (argv[1] == "-i" && !ips.empty()) ips.pop_back();
        io.print(ips + "\n");
        return 0;
    }
    io.print(h + "\n");
    return 0;
}

int runEnv(ExecContext& ctx, const std::vector<std::string>&, const std::string&, Streams& io) {
    std::string out;
    if (const docker::Container* c = containerOf(ctx)) {
        bool hasHome = false;
        for (const auto& e : c->env) {
            out += e + "\n";
            if (e.rfind("HOME=", 0) == 0) hasHome = true;
        }
        if (!hasHome) out += "HOME=/root\n";
    } else {
        out = "SHELL=/bin/bash\nPWD=/root\nLOGNAME=root\nHOME=/root\nUSER=root\nHOSTNAME=" +
              ctx.lab->settings().hostname +
              "\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n";
    }
    io.print(out);
    return 0;
}

int runLs(ExecContext&, const std::vector<std::string>&, const std::string&, Streams& io) {
    io.error("vethlab: ls: the container's file system is not simulated; only /etc/hosts, /etc/resolv.conf, "
             "/etc/hostname and /proc/sys/net are\n");
    return 1;
}

} // namespace

void addFileTools(CommandRegistry& r) {
    r.add({"cat"}, runCat);
    r.add({"hostname"}, runHostname);
    r.add({"env", "printenv"}, runEnv);
    r.add({"ls"}, runLs);
}

} // namespace vethlab::shell
