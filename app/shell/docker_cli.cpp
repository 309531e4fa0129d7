#include "docker_cli.h"

#include <algorithm>
#include <map>
#include <set>

#include "cli_flags.h"
#include "docker/cli_opts.h"
#include "docker/go_net.h"
#include "docker/inspect.h"
#include "docker/port_mapping.h"
#include "docker/port_spec.h"
#include "docker_filters.h"
#include "docker_format.h"
#include "docker_help.h"
#include "go_template.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

using docker::Container;
using docker::DockerError;
using docker::Network;

// How long the real daemon takes for each step (magnitudes observed with Docker 20.10 on a VM).
constexpr Nanos kCreateTime = 315 * kMillisecond;
constexpr Nanos kStartTime = 200 * kMillisecond;
constexpr Nanos kFailedStartTime = 100 * kMillisecond; // the daemon rolls back early
constexpr Nanos kQuickCall = 20 * kMillisecond;
constexpr Nanos kNetworkCreateTime = 110 * kMillisecond;

const std::vector<FlagSpec> kRunFlags = {
    {"detach", 'd', false},     {"interactive", 'i', false},
    {"tty", 't', false},        {"name", 0, true},
    {"publish", 'p', true},     {"publish-all", 'P', false},
    {"network", 0, true},       {"net", 0, true},
    {"link", 0, true},          {"ip", 0, true},
    {"network-alias", 0, true}, {"net-alias", 0, true},
    {"hostname", 'h', true},    {"domainname", 0, true},
    {"rm", 0, false},           {"env", 'e', true},
    {"expose", 0, true},        {"dns", 0, true},
    {"dns-search", 0, true},    {"dns-option", 0, true},
    {"dns-opt", 0, true},       {"add-host", 0, true},
    {"mac-address", 0, true},   {"entrypoint", 0, true},
    {"workdir", 'w', true},     {"privileged", 0, false},
    {"restart", 0, true},       {"volume", 'v', true},
    {"user", 'u', true},        {"cap-add", 0, true},
    {"label", 'l', true},
};

std::string seeHelp(const std::string& cmd) {
    return "See 'docker " + cmd + " --help'.\n";
}

int flagError(Streams& io, const std::string& cmd, const std::string& message) {
    io.error(message + "\n" + seeHelp(cmd));
    return 125;
}

void printError(Streams& io, const DockerError& e) {
    switch (e.kind) {
    case DockerError::Kind::Daemon:
        io.error("Error response from daemon: " + e.message + "\n");
        break;
    case DockerError::Kind::NotFound:
        io.error("Error: " + e.message + "\n");
        break;
    case DockerError::Kind::Client:
        io.error(e.message + "\n");
        break;
    }
}

std::string withPeriod(const std::string& m) {
    return !m.empty() && m.back() == '.' ? m : m + ".";
}

// `docker run` prefixes errors with "docker: " and ends them with a period.
void printRunError(Streams& io, const DockerError& e, bool createStage) {
    std::string m;
    if (e.kind == DockerError::Kind::Client && e.message.rfind("Unable to find image", 0) == 0) {
        io.error(e.message + "\n" + seeHelp("run"));
        return;
    }
    m = e.kind == DockerError::Kind::Daemon ? "Error response from daemon: " + e.message : e.message;
    io.error("docker: " + withPeriod(m) + "\n" + (createStage ? seeHelp("run") : ""));
}

int usageError(Streams& io, const std::string& cmd, const std::string& what) {
    const std::string* help = dockerHelp(cmd.substr(cmd.find(' ') + 1));
    std::string usage;
    if (help) {
        // "Usage:" line and the one-line description: the first paragraphs of the help screen.
        auto start = help->find("Usage:");
        auto end = help->find("\n\n", help->find("\n\n", start) + 2);
        if (end == std::string::npos) end = help->size() - 1; // a command without options
        usage = "\n" + help->substr(start, end - start) + "\n";
    }
    io.error("\"docker " + cmd + "\" " + what + "\n" + seeHelp(cmd) + usage);
    return 1;
}

std::vector<std::string> tail(const std::vector<std::string>& v, std::size_t from) {
    return from < v.size() ? std::vector<std::string>(v.begin() + static_cast<long>(from), v.end())
                           : std::vector<std::string>{};
}

bool naturalLess(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
                ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
                ++je;
            std::string na = a.substr(i, ie - i), nb = b.substr(j, je - j);
            na.erase(0, std::min(na.find_first_not_of('0'), na.size() - 1));
            nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size() - 1));
            if (na.size() != nb.size()) return na.size() < nb.size();
            if (na != nb) return na < nb;
            i = ie;
            j = je;
            continue;
        }
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

std::string labelsString(const std::map<std::string, std::string>& labels) {
    std::string s;
    for (const auto& [k, v] : labels)
        s += (s.empty() ? "" : ",") + k + "=" + v;
    return s;
}

// A --filter flag's values, or the flag error docker's option parser prints (exit 125).
std::optional<FilterArgs> filterFlags(Streams& io, const ParsedFlags& f, const std::string& cmd,
                                      const std::string& flagLabel) {
    FilterArgs filters;
    if (auto e = parseFilterFlags(f.all("filter"), flagLabel, filters)) {
        flagError(io, cmd, *e);
        return std::nullopt;
    }
    return filters;
}

class DockerCommand {
public:
    DockerCommand(Terminal& term, Streams& io) : term_(term), io_(io), lab_(term.lab()) {}

    int dispatch(const std::vector<std::string>& argv);

private:
    docker::Daemon& daemon() { return lab_.daemon(); }
    const TimeZone& zone() const { return lab_.settings().zone; }

    int network(const std::vector<std::string>& args);
    int networkLs(const std::vector<std::string>& args);
    int networkCreate(const std::vector<std::string>& args);
    int networkInspect(const std::vector<std::string>& args);
    int networkConnect(const std::vector<std::string>& args, bool connect);
    int networkRm(const std::vector<std::string>& args);
    int networkPrune(const std::vector<std::string>& args);
    int run(const std::vector<std::string>& args, bool createOnly);
    int start(const std::vector<std::string>& args);
    int stop(const std::vector<std::string>& args, bool restart);
    int rm(const std::vector<std::string>& args);
    int ps(const std::vector<std::string>& args);
    int inspect(const std::vector<std::string>& args);
    int exec(const std::vector<std::string>& args);
    int attach(const std::vector<std::string>& args);
    int port(const std::vector<std::string>& args);
    int rename(const std::vector<std::string>& args);

    Terminal& term_;
    Streams& io_;
    Lab& lab_;
};

int DockerCommand::dispatch(const std::vector<std::string>& argv) {
    if (argv.size() < 2) {
        io_.error("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n");
        return 0;
    }
    std::string cmd = argv[1];
    auto args = tail(argv, 2);
    lab_.advance(kQuickCall);
    if (cmd == "container" && !args.empty()) {
        cmd = args[0];
        args = tail(args, 1);
        if (cmd == "ls" || cmd == "list") cmd = "ps";
    }
    if (cmd == "network") return network(args);
    if (cmd == "run") return run(args, false);
    if (cmd == "create") return run(args, true);
    if (cmd == "start") return start(args);
    if (cmd == "stop") return stop(args, false);
    if (cmd == "restart") return stop(args, true);
    if (cmd == "rm") return rm(args);
    if (cmd == "ps") return ps(args);
    if (cmd == "inspect") return inspect(args);
    if (cmd == "exec") return exec(args);
    if (cmd == "attach") return attach(args);
    if (cmd == "port") return port(args);
    if (cmd == "rename") return rename(args);
    // Real docker commands this lab does not simulate say so, rather than pretending not to exist.
    static const std::set<std::string> realCommands = {
        "build",   "commit", "cp",   "diff",    "events", "export",  "history", "image",   "images",
        "import",  "info",   "kill", "load",    "login",  "logout",  "logs",    "pause",   "pull",
        "push",    "rmi",    "save", "search",  "stats",  "tag",     "top",     "unpause", "update",
        "version", "volume", "wait", "compose", "system", "context", "swarm",   "service"};
    if (realCommands.count(cmd)) {
        io_.error("vethlab: docker " + cmd + " is not simulated in this lab\n");
        return 1;
    }
    io_.error("docker: '" + cmd + "' is not a docker command.\nSee 'docker --help'\n");
    return 1;
}

int DockerCommand::network(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        if (args.empty())
            io_.error(*dockerHelp("network"));
        else
            io_.print(*dockerHelp("network"));
        return 0;
    }
    std::string sub = args[0];
    auto rest = tail(args, 1);
    if (sub == "list") sub = "ls";
    if (sub == "remove") sub = "rm";
    static const std::set<std::string> known = {"ls",         "create", "inspect", "connect",
                                                "disconnect", "rm",     "prune"};
    if (!known.count(sub)) {
        io_.error(*dockerHelp("network"));
        return 1;
    }
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
        io_.print(*dockerHelp(sub));
        return 0;
    }
    if (sub == "ls") return networkLs(rest);
    if (sub == "create") return networkCreate(rest);
    if (sub == "inspect") return networkInspect(rest);
    if (sub == "connect") return networkConnect(rest, true);
    if (sub == "disconnect") return networkConnect(rest, false);
    if (sub == "rm") return networkRm(rest);
    return networkPrune(rest);
}

int DockerCommand::networkLs(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags(
            {{"quiet", 'q', false}, {"no-trunc", 0, false}, {"filter", 'f', true}, {"format", 0, true}}, args,
            true, f))
        return flagError(io_, "network ls", *e);
    auto filters = filterFlags(io_, f, "network ls", "-f, --filter");
    if (!filters) return 125;
    if (!f.args.empty()) return usageError(io_, "network ls", "accepts no arguments.");
    std::vector<const Network*> nets = daemon().networks();
    if (auto e = filterNetworks(nets, *filters)) {
        io_.error("Error response from daemon: " + *e + "\n");
        return 1;
    }
    std::stable_sort(nets.begin(), nets.end(),
                     [](auto* a, auto* b) { return naturalLess(a->name, b->name); });
    const bool noTrunc = f.flag("no-trunc");
    std::vector<gotmpl::Value> rows;
    for (const Network* n : nets)
        rows.push_back(listRow("*network.networkContext",
                               {{"ID", noTrunc ? n->id : n->id.substr(0, 12)},
                                {"Name", n->name},
                                {"Driver", n->driver},
                                {"Scope", "local"},
                                {"IPv6", n->enableIpv6 ? "true" : "false"},
                                {"Internal", n->internal ? "true" : "false"},
                                {"Labels", labelsString(n->labels)},
                                {"CreatedAt", formatGoTimeString(n->created, zone())}},
                               n->labels));
    // network.NewFormat: -q means {{.ID}} unless a custom format is given.
    std::string format = f.last("format");
    if (format.empty() || format == "table")
        format = f.flag("quiet") ? "{{.ID}}" : "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}";
    else if (format == "raw")
        format = f.flag("quiet")
                     ? "network_id: {{.ID}}"
                     : "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n";
    return writeList(io_, format, rows,
                     {{"ID", "NETWORK ID"},
                      {"Name", "NAME"},
                      {"Driver", "DRIVER"},
                      {"Scope", "SCOPE"},
                      {"IPv6", "IPV6"},
                      {"Internal", "INTERNAL"},
                      {"Labels", "LABELS"},
                      {"CreatedAt", "CREATED AT"}});
}

std::map<std::string, std::string> keyValues(const std::vector<std::string>& items) {
    std::map<std::string, std::string> m;
    for (const auto& i : items) {
        auto eq = i.find('=');
        m[i.substr(0, eq)] = eq == std::string::npos ? "" : i.substr(eq + 1);
    }
    return m;
}

int DockerCommand::networkCreate(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"driver", 'd', true},
                             {"subnet", 0, true},
                             {"gateway", 0, true},
                             {"ip-range", 0, true},
                             {"aux-address", 0, true},
                             {"opt", 'o', true},
                             {"label", 0, true},
                             {"internal", 0, false},
                             {"attachable", 0, false},
                             {"ipv6", 0, false},
                             {"ipam-driver", 0, true},
                             {"ipam-opt", 0, true},
                             {"scope", 0, true},
                             {"ingress", 0, false},
                             {"config-only", 0, false},
                             {"config-from", 0, true}},
                            args, true, f))
        return flagError(io_, "network create", *e);
    if (f.args.size() != 1) return usageError(io_, "network create", "requires exactly 1 argument.");
    docker::NetworkCreateRequest req;
    req.name = f.args[0];
    req.driver = f.last("driver", "bridge");
    req.subnets = f.all("subnet");
    req.gateways = f.all("gateway");
    req.ipRanges = f.all("ip-range");
    req.auxAddresses = keyValues(f.all("aux-address"));
    req.options = keyValues(f.all("opt"));
    req.labels = keyValues(f.all("label"));
    req.ipamOptions = keyValues(f.all("ipam-opt"));
    req.internal = f.flag("internal");
    req.attachable = f.flag("attachable");
    req.ipv6 = f.flag("ipv6");
    lab_.advance(kNetworkCreateTime);
    auto ctx = lab_.context();
    auto result = daemon().createNetwork(ctx, req);
    if (!result.ok()) {
        printError(io_, *result.error);
        return 1;
    }
    io_.print(*result.value + "\n");
    return 0;
}

int DockerCommand::networkInspect(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"format", 'f', true}, {"verbose", 'v', false}}, args, true, f))
        return flagError(io_, "network inspect", *e);
    if (f.args.empty()) return usageError(io_, "network inspect", "requires at least 1 argument.");
    std::vector<InspectItem> items;
    for (const auto& ref : f.args) {
        const Network* n = daemon().findNetwork(ref);
        if (!n)
            items.push_back({std::nullopt, {}, "Error: No such network: " + ref});
        else
            items.push_back({docker::networkJson(daemon(), *n, zone()), networkJsonView(), ""});
    }
    return inspectOutput(io_, f.last("format"), items);
}

int DockerCommand::networkConnect(const std::vector<std::string>& args, bool connect) {
    const std::string cmd = connect ? "network connect" : "network disconnect";
    ParsedFlags f;
    std::vector<FlagSpec> specs =
        connect ? std::vector<FlagSpec>{{"alias", 0, true},         {"ip", 0, true},
                                        {"ip6", 0, true},           {"link", 0, true},
                                        {"link-local-ip", 0, true}, {"driver-opt", 0, true}}
                : std::vector<FlagSpec>{{"force", 'f', false}};
    if (auto e = parseFlags(specs, args, true, f)) return flagError(io_, cmd, *e);
    if (f.args.size() != 2) return usageError(io_, cmd, "requires exactly 2 arguments.");
    auto ctx = lab_.context();
    docker::Outcome st;
    if (connect) {
        docker::ConnectRequest req;
        for (const auto& a : f.all("alias"))
            req.aliases.push_back(a);
        for (const auto& l : f.all("link"))
            req.links.push_back(l.find(':') == std::string::npos ? l + ":" + l : l);
        if (f.has("ip")) req.ip = f.last("ip");
        st = daemon().connect(ctx, f.args[0], f.args[1], req);
    } else {
        st = daemon().disconnect(ctx, f.args[0], f.args[1], f.flag("force"));
    }
    if (st) {
        printError(io_, *st);
        return 1;
    }
    return 0;
}

int DockerCommand::networkRm(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({}, args, true, f)) return flagError(io_, "network rm", *e);
    if (f.args.empty()) return usageError(io_, "network rm", "requires at least 1 argument.");
    int status = 0;
    for (const auto& ref : f.args) {
        auto ctx = lab_.context();
        if (auto st = daemon().removeNetwork(ctx, ref)) {
            printError(io_, *st);
            status = 1;
        } else {
            io_.print(ref + "\n");
        }
    }
    return status;
}

int DockerCommand::networkPrune(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"force", 'f', false}, {"filter", 0, true}}, args, true, f))
        return flagError(io_, "network prune", *e);
    auto filters = filterFlags(io_, f, "network prune", "--filter");
    if (!filters) return 125;
    if (!f.args.empty()) return usageError(io_, "network prune", "accepts no arguments.");
    if (!f.flag("force")) {
        io_.print("WARNING! This will remove all custom networks not used by at least one container.\n"
                  "Are you sure you want to continue? [y/N] ");
        // The terminal has no one to answer: as with an empty answer, nothing is removed.
        io_.print("\n");
        return 0;
    }
    std::function<bool(const Network&)> eligible;
    if (auto e = networkPruneFilter(*filters, lab_.now(), zone(), eligible)) {
        io_.error("Error response from daemon: " + *e + "\n");
        return 1;
    }
    auto ctx = lab_.context();
    auto removed = daemon().pruneNetworks(ctx, eligible);
    if (!removed.empty()) {
        io_.print("Deleted Networks:\n");
        for (const auto& n : removed)
            io_.print(n + "\n");
        io_.print("\n");
    }
    return 0;
}

// The list flags pflag validates as it reads them (docker/cli opts): their error, or nullopt with
// the kept values stored in `c`.
std::optional<std::string> validateNetworkFlags(const ParsedFlags& f, docker::ContainerConfig& c) {
    auto invalid = [](const std::string& v, const std::string& flag, const std::string& why) {
        return "invalid argument \"" + v + "\" for \"" + flag + "\" flag: " + why;
    };
    for (const auto& v : f.all("dns")) {
        std::string kept;
        if (auto e = docker::validateIPAddress(v, kept)) return invalid(v, "--dns", *e);
        c.dns.push_back(kept);
    }
    for (const auto& v : f.all("dns-search")) {
        std::string kept;
        if (auto e = docker::validateDNSSearch(v, kept)) return invalid(v, "--dns-search", *e);
        c.dnsSearch.push_back(kept);
    }
    for (const auto& v : f.all("add-host")) {
        if (auto e = docker::validateExtraHost(v)) return invalid(v, "--add-host", *e);
        auto colon = v.find(':');
        c.extraHosts.push_back({v.substr(0, colon), v.substr(colon + 1)});
    }
    for (const auto& l : f.all("link")) {
        auto first = l.find(':');
        if (first != std::string::npos && l.find(':', first + 1) != std::string::npos)
            return invalid(l, "--link", "bad format for links: " + l);
        c.links.push_back({l.substr(0, first), first == std::string::npos ? l : l.substr(first + 1)});
    }
    for (const char* name : {"dns-option", "dns-opt"})
        for (const auto& v : f.all(name))
            c.dnsOptions.push_back(v);
    return std::nullopt;
}

// cli/command/container/opts.go parse(), in its order: --mac-address, -p, --expose.
std::optional<std::string> parseRunPorts(const ParsedFlags& f, docker::ContainerConfig& c) {
    c.macAddress = f.last("mac-address");
    if (!c.macAddress.empty() && !docker::gonet::parseMAC(docker::gonet::trimSpace(c.macAddress)))
        return c.macAddress + " is not a valid mac address";
    std::vector<std::string> specs;
    for (const auto& p : f.all("publish")) {
        std::string converted;
        if (auto e = docker::convertToStandardNotation(p, converted)) return e;
        specs.push_back(converted);
    }
    for (const auto& spec : specs)
        if (auto e = docker::parsePortSpec(spec, c.ports)) return e;
    for (const auto& e : f.all("expose"))
        if (auto err = docker::parseExpose(e, c.expose)) return err;
    return std::nullopt;
}

int DockerCommand::run(const std::vector<std::string>& args, bool createOnly) {
    const std::string cmd = createOnly ? "create" : "run";
    ParsedFlags f;
    if (auto e = parseFlags(kRunFlags, args, false, f)) return flagError(io_, cmd, *e);
    docker::ContainerConfig c;
    if (auto e = validateNetworkFlags(f, c)) return flagError(io_, cmd, *e);
    if (f.help) {
        io_.print("\nUsage:  docker " + cmd + " [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n" +
                  (createOnly ? "Create a new container\n" : "Run a command in a new container\n"));
        return 0;
    }
    if (f.args.empty()) return usageError(io_, cmd, "requires at least 1 argument.");
    if (auto e = parseRunPorts(f, c)) {
        io_.error("docker: " + withPeriod(*e) + "\n" + seeHelp(cmd));
        return 125;
    }
    c.image = f.args[0];
    c.cmd = tail(f.args, 1);
    c.name = f.last("name");
    c.networkMode = f.has("network") ? f.last("network") : f.last("net", "default");
    c.tty = f.flag("tty");
    c.stdinOpen = f.flag("interactive");
    c.autoRemove = f.flag("rm");
    const bool detach = f.flag("detach") || createOnly;
    c.attached = !f.flag("detach");
    c.publishAll = f.flag("publish-all");
    for (const auto& a : f.all("network-alias"))
        c.networkAliases.push_back(a);
    for (const auto& a : f.all("net-alias"))
        c.networkAliases.push_back(a);
    if (f.has("ip")) c.ip = f.last("ip");
    c.hostname = f.last("hostname");
    c.domainname = f.last("domainname");
    c.env = f.all("env");
    c.labels = keyValues(f.all("label"));
    if (f.has("entrypoint")) c.entrypoint = {f.last("entrypoint")};

    auto ctx = lab_.context();
    auto created = daemon().createContainer(ctx, c);
    lab_.advance(kCreateTime);
    if (!created.ok()) {
        if (createOnly && created.error->kind == DockerError::Kind::Daemon) {
            printError(io_, *created.error);
            return 1;
        }
        printRunError(io_, *created.error, true);
        return 125;
    }
    for (const auto& w : created.value->warnings)
        io_.error("WARNING: " + w + "\n");
    const std::string id = created.value->id;
    if (createOnly) {
        io_.print(id + "\n");
        return 0;
    }
    if (detach) io_.print(id + "\n");
    auto startCtx = lab_.context();
    auto startError = daemon().start(startCtx, id);
    lab_.advance(startError ? kFailedStartTime : kStartTime);
    if (startError) {
        printRunError(io_, *startError, false);
        return 125;
    }
    const Container* ctr = daemon().containerById(id);
    // With --rm, a command shorter than the start delay (`sleep 0.1`) has ended and been removed.
    if (!ctr) return 0;
    if (detach) {
        // A detached short-lived command (sh without -i, cat, env) has already ended.
        lab_.advance(0);
        return 0;
    }
    // Foreground: an interactive shell takes over the terminal; other commands print and end.
    auto command = ctr->command();
    std::string prog = command.empty() ? "" : command[0].substr(command[0].rfind('/') + 1);
    bool shell = prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh";
    bool script = std::find(command.begin(), command.end(), "-c") != command.end();
    if (shell && !script && c.stdinOpen) {
        Terminal::Session s;
        s.containerId = id;
        s.shell = prog == "ash" ? "sh" : prog;
        s.cwd = ctr->image.workdir.empty() ? "/" : ctr->image.workdir;
        s.mainProcess = true;
        term_.pushSession(s);
        return 0;
    }
    if (docker::runsUntilStopped(*ctr) && !shell) {
        // A server in the foreground: its log would stream here until Ctrl-C.
        io_.error("vethlab: the foreground output of '" + prog + "' is not simulated; use -d\n");
        return 0;
    }
    int status = term_.runInContainer(id, command, io_);
    auto endCtx = lab_.context();
    daemon().processExited(endCtx, id, status);
    return status;
}

int DockerCommand::start(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"attach", 'a', false}, {"interactive", 'i', false}}, args, true, f))
        return flagError(io_, "start", *e);
    if (f.args.empty()) return usageError(io_, "start", "requires at least 1 argument.");
    std::vector<std::string> failed;
    for (const auto& ref : f.args) {
        const Container* c = daemon().findContainer(ref);
        if (!c) {
            io_.error("Error response from daemon: No such container: " + ref + "\n");
            failed.push_back(ref);
            continue;
        }
        auto ctx = lab_.context();
        auto err = daemon().start(ctx, c->id);
        lab_.advance(kStartTime);
        if (err) {
            printError(io_, *err);
            failed.push_back(ref);
            continue;
        }
        io_.print(ref + "\n");
    }
    if (!failed.empty()) {
        std::string names;
        for (const auto& n : failed)
            names += (names.empty() ? "" : ", ") + n;
        io_.error("Error: failed to start containers: " + names + "\n");
        return 1;
    }
    return 0;
}

int DockerCommand::stop(const std::vector<std::string>& args, bool restart) {
    const std::string cmd = restart ? "restart" : "stop";
    ParsedFlags f;
    if (auto e = parseFlags({{"time", 't', true}}, args, true, f)) return flagError(io_, cmd, *e);
    if (f.args.empty()) return usageError(io_, cmd, "requires at least 1 argument.");
    int timeout = 10;
    try {
        timeout = std::stoi(f.last("time", "10"));
    } catch (...) {
        return flagError(io_, cmd,
                         "invalid argument \"" + f.last("time") +
                             "\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"" + f.last("time") +
                             "\": invalid syntax");
    }
    int status = 0;
    for (const auto& ref : f.args) {
        const Container* c = daemon().findContainer(ref);
        if (!c) {
            io_.error("Error response from daemon: No such container: " + ref + "\n");
            status = 1;
            continue;
        }
        std::string id = c->id;
        auto ctx = lab_.context();
        Nanos took = daemon().stop(ctx, id, timeout, restart);
        lab_.advance(took);
        if (restart) {
            lab_.advance(kStartTime);
            auto sctx = lab_.context();
            if (auto err = daemon().start(sctx, id)) {
                std::string m = err->message;
                io_.error("Error response from daemon: Cannot restart container " + ref + ": " + m + "\n");
                status = 1;
                continue;
            }
        }
        io_.print(ref + "\n");
    }
    return status;
}

int DockerCommand::rm(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e =
            parseFlags({{"force", 'f', false}, {"volumes", 'v', false}, {"link", 'l', false}}, args, true, f))
        return flagError(io_, "rm", *e);
    if (f.args.empty()) return usageError(io_, "rm", "requires at least 1 argument.");
    int status = 0;
    for (const auto& ref : f.args) {
        const Container* c = daemon().findContainer(ref);
        if (!c) {
            io_.error("Error: No such container: " + ref + "\n");
            status = 1;
            continue;
        }
        auto ctx = lab_.context();
        if (auto err = daemon().remove(ctx, c->id, f.flag("force"))) {
            printError(io_, *err);
            status = 1;
            continue;
        }
        io_.print(ref + "\n");
    }
    return status;
}

std::string quotedCommand(const Container& c, bool noTrunc) {
    std::string cmd;
    for (const auto& w : c.command())
        cmd += (cmd.empty() ? "" : " ") + w;
    if (!noTrunc) {
        // Ellipsis at 20 characters.
        std::size_t runes = 0;
        std::string cut;
        for (std::size_t i = 0; i < cmd.size(); ++i) {
            unsigned char ch = static_cast<unsigned char>(cmd[i]);
            if ((ch & 0xC0) != 0x80) ++runes;
            if (runes > 19) break;
            cut += cmd[i];
        }
        if (runes > 19 && cmd.size() > cut.size()) {
            std::size_t total = 0;
            for (unsigned char ch : cmd)
                if ((ch & 0xC0) != 0x80) ++total;
            if (total > 20) cmd = cut + "…";
        }
    }
    std::string q = "\"";
    for (char ch : cmd)
        q += ch == '"' ? std::string("\\\"") : std::string(1, ch);
    return q + "\"";
}

// formatter.ContainerContext's columns for one container (the list's Names, Ports, Status, ...).
gotmpl::Value containerRow(const Container& c, bool noTrunc, Nanos now, const TimeZone& zone) {
    std::string status;
    switch (c.state) {
    case docker::ContainerState::Created:
        status = "Created";
        break;
    case docker::ContainerState::Running:
        status = "Up " + humanDuration(now - c.started);
        break;
    case docker::ContainerState::Exited:
        status = "Exited (" + std::to_string(c.exitCode) + ") " + humanDuration(now - c.finished) + " ago";
        break;
    }
    std::string nets;
    for (const auto& a : c.attachments)
        nets += (nets.empty() ? "" : ",") + a.networkName;
    return listRow("*formatter.ContainerContext",
                   {{"ID", noTrunc ? c.id : c.shortId()},
                    {"Names", c.name},
                    {"Image", c.config.image},
                    {"Command", quotedCommand(c, noTrunc)},
                    {"CreatedAt", formatGoTimeString(c.created, zone)},
                    {"RunningFor", humanDuration(now - c.created) + " ago"},
                    {"Ports", docker::displayablePorts(c)},
                    {"State", c.isRunning()                                ? "running"
                              : c.state == docker::ContainerState::Created ? "created"
                                                                           : "exited"},
                    {"Status", status},
                    {"Size", "0B"},
                    {"Labels", labelsString(c.config.labels)},
                    {"Mounts", ""},
                    {"LocalVolumes", "0"},
                    {"Networks", nets}},
                   c.config.labels);
}

// The context docker ps runs a --format over before listing: a container with every field zero.
gotmpl::Value emptyContainerRow(Nanos now, const TimeZone& zone) {
    return listRow("*formatter.ContainerContext",
                   {{"ID", ""},
                    {"Names", ""},
                    {"Image", "<no image>"},
                    {"Command", "\"\""},
                    {"CreatedAt", formatGoTimeString(0, zone)},
                    {"RunningFor", humanDuration(now) + " ago"},
                    {"Ports", ""},
                    {"State", ""},
                    {"Status", ""},
                    {"Size", "0B"},
                    {"Labels", ""},
                    {"Mounts", ""},
                    {"LocalVolumes", "0"},
                    {"Networks", ""}},
                   {});
}

int DockerCommand::ps(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"all", 'a', false},
                             {"quiet", 'q', false},
                             {"no-trunc", 0, false},
                             {"filter", 'f', true},
                             {"format", 0, true},
                             {"latest", 'l', false},
                             {"last", 'n', true},
                             {"size", 's', false}},
                            args, true, f))
        return flagError(io_, "ps", *e);
    auto filters = filterFlags(io_, f, "ps", "-f, --filter");
    if (!filters) return 125;
    int limit = -1;
    if (f.has("last")) {
        const std::string n = f.last("last");
        if (n.empty() || n.size() > 9 ||
            n.find_first_not_of("0123456789", n[0] == '-' ? 1 : 0) != std::string::npos || n == "-")
            return flagError(io_, "ps",
                             "invalid argument \"" + n +
                                 "\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"" + n +
                                 "\": invalid syntax");
        limit = std::stoi(n);
    }
    if (f.flag("latest") && limit == -1) limit = 1;
    if (!f.args.empty()) return usageError(io_, "ps", "accepts no arguments.");
    const Nanos now = lab_.now();
    const std::string format = f.last("format");
    if (!format.empty())
        if (int st = precheckPsFormat(io_, format, emptyContainerRow(now, zone()))) return st;
    bool all = f.flag("all");
    if (auto e = checkContainerFilters(*filters, all)) {
        io_.error("Error response from daemon: " + *e + "\n");
        return 1;
    }
    for (const char* key : {"before", "since", "publish", "expose", "isolation", "is-task"})
        if (filters->contains(key)) {
            io_.error("vethlab: the '" + std::string(key) + "' filter of docker ps is not simulated\n");
            return 1;
        }
    std::vector<const Container*> list = daemon().containers();
    const auto ancestors = ancestorImageIds(daemon().images(), *filters);
    std::erase_if(list, [&](const Container* c) {
        return (!c->isRunning() && !all && limit <= 0) || !containerMatches(*c, *filters, ancestors);
    });
    if (limit > 0 && list.size() > static_cast<std::size_t>(limit))
        list.resize(static_cast<std::size_t>(limit));
    const bool noTrunc = f.flag("no-trunc");
    std::vector<gotmpl::Value> rows;
    for (const Container* c : list)
        rows.push_back(containerRow(*c, noTrunc, now, zone()));
    // formatter.NewContainerFormat: -q means {{.ID}} unless a custom format is given.
    std::string fmt = format;
    const std::string sizeColumn = f.flag("size") ? "\\t{{.Size}}" : "";
    if (fmt.empty() || fmt == "table")
        fmt =
            f.flag("quiet")
                ? "{{.ID}}"
                : "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t"
                  "{{.Names}}" +
                      sizeColumn;
    else if (fmt == "raw")
        fmt = f.flag("quiet")
                  ? "container_id: {{.ID}}"
                  : "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: "
                    "{{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: "
                    "{{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n" +
                        std::string(f.flag("size") ? "size: {{.Size}}\\n" : "");
    return writeList(io_, fmt, rows,
                     {{"ID", "CONTAINER ID"},
                      {"Image", "IMAGE"},
                      {"Command", "COMMAND"},
                      {"RunningFor", "CREATED"},
                      {"CreatedAt", "CREATED AT"},
                      {"Status", "STATUS"},
                      {"State", "STATE"},
                      {"Ports", "PORTS"},
                      {"Names", "NAMES"},
                      {"Networks", "NETWORKS"},
                      {"Labels", "LABELS"},
                      {"Size", "SIZE"},
                      {"Mounts", "MOUNTS"},
                      {"LocalVolumes", "LOCAL VOLUMES"}});
}

int DockerCommand::inspect(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"format", 'f', true}, {"type", 0, true}, {"size", 's', false}}, args, true, f))
        return flagError(io_, "inspect", *e);
    if (f.args.empty()) return usageError(io_, "inspect", "requires at least 1 argument.");
    std::vector<InspectItem> items;
    const std::string type = f.last("type");
    for (const auto& ref : f.args) {
        const Container* c = type.empty() || type == "container" ? daemon().findContainer(ref) : nullptr;
        if (c) {
            items.push_back({docker::containerJson(daemon(), *c), containerJsonView(), ""});
            continue;
        }
        const Network* n = type.empty() || type == "network" ? daemon().findNetwork(ref) : nullptr;
        if (n) {
            items.push_back({docker::networkJson(daemon(), *n, zone()), networkJsonView(), ""});
            continue;
        }
        items.push_back({std::nullopt, {}, "Error: No such object: " + ref});
    }
    return inspectOutput(io_, f.last("format"), items);
}

int DockerCommand::exec(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"interactive", 'i', false},
                             {"tty", 't', false},
                             {"detach", 'd', false},
                             {"env", 'e', true},
                             {"workdir", 'w', true},
                             {"user", 'u', true},
                             {"privileged", 0, false}},
                            args, false, f))
        return flagError(io_, "exec", *e);
    if (f.args.size() < 2) return usageError(io_, "exec", "requires at least 2 arguments.");
    const Container* c = daemon().findContainer(f.args[0]);
    if (!c) {
        io_.error("Error: No such container: " + f.args[0] + "\n");
        return 1;
    }
    if (!c->isRunning()) {
        io_.error("Error response from daemon: Container " + c->id + " is not running\n");
        return 1;
    }
    if (f.flag("tty") && !lab_.settings().terminalIsTty) {
        io_.error("the input device is not a TTY\n");
        return 1;
    }
    auto command = tail(f.args, 1);
    std::string prog = command[0].substr(command[0].rfind('/') + 1);
    bool shell = prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh";
    bool script = std::find(command.begin(), command.end(), "-c") != command.end();
    if (shell && !script && f.flag("interactive")) {
        if (!c->image.hasTool(prog)) {
            io_.error("OCI runtime exec failed: exec failed: unable to start container process: exec: \"" +
                      command[0] + "\": executable file not found in $PATH: unknown\n");
            return 126;
        }
        Terminal::Session s;
        s.containerId = c->id;
        s.shell = prog == "ash" ? "sh" : prog;
        s.cwd = f.last("workdir", c->image.workdir.empty() ? "/" : c->image.workdir);
        term_.pushSession(s);
        return 0;
    }
    return term_.runInContainer(c->id, command, io_, f.flag("tty"));
}

int DockerCommand::attach(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({{"no-stdin", 0, false}, {"sig-proxy", 0, false}, {"detach-keys", 0, true}}, args,
                            true, f))
        return flagError(io_, "attach", *e);
    if (f.args.size() != 1) return usageError(io_, "attach", "requires exactly 1 argument.");
    const Container* c = daemon().findContainer(f.args[0]);
    if (!c) {
        io_.error("Error: No such container: " + f.args[0] + "\n");
        return 1;
    }
    if (!c->isRunning()) {
        io_.error("You cannot attach to a stopped container, start it first\n");
        return 1;
    }
    auto command = c->command();
    std::string prog = command.empty() ? "" : command[0].substr(command[0].rfind('/') + 1);
    if ((prog == "sh" || prog == "bash" || prog == "ash" || prog == "zsh") && c->config.stdinOpen) {
        Terminal::Session s;
        s.containerId = c->id;
        s.shell = prog == "ash" ? "sh" : prog;
        s.cwd = c->image.workdir.empty() ? "/" : c->image.workdir;
        s.mainProcess = true;
        term_.pushSession(s);
    }
    return 0;
}

int DockerCommand::port(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({}, args, true, f)) return flagError(io_, "port", *e);
    if (f.help) {
        io_.print(*dockerHelp("port"));
        return 0;
    }
    if (f.args.empty() || f.args.size() > 2)
        return usageError(io_, "port", "requires at least 1 and at most 2 arguments.");
    const Container* c = daemon().findContainer(f.args[0]);
    if (!c) {
        io_.error("Error: No such container: " + f.args[0] + "\n");
        return 1;
    }
    // cli/command/container/port.go over NetworkSettings.Ports. Without a port it walks a Go map,
    // an order Go randomises; this prints the ports in the order the daemon programmed them
    // (the order observed for `-p 127.0.0.1:8082:80/tcp -p 5353:53/udp`).
    const auto ports = docker::networkSettingsPorts(*c);
    if (f.args.size() == 1) {
        std::vector<std::string> keys;
        for (const auto& p : c->published)
            if (std::find(keys.begin(), keys.end(), p.container.str()) == keys.end())
                keys.push_back(p.container.str());
        for (const auto& key : keys)
            for (const auto& b : *ports.at(key))
                io_.print(key + " -> " + b.hostIp + ":" + b.hostPort + "\n");
        return 0;
    }
    std::string port = f.args[1], proto = "tcp";
    if (auto slash = port.find('/'); slash != std::string::npos && slash + 1 < port.size()) {
        proto = port.substr(slash + 1);
        port = port.substr(0, slash);
    }
    std::string key;
    if (auto e = docker::natPort(proto, port, key)) {
        io_.error(*e + "\n");
        return 1;
    }
    auto it = ports.find(key);
    if (it == ports.end() || !it->second) {
        io_.error("Error: No public port '" + port + "/" + proto + "' published for " + f.args[0] + "\n");
        return 1;
    }
    for (const auto& b : *it->second)
        io_.print(b.hostIp + ":" + b.hostPort + "\n");
    return 0;
}

int DockerCommand::rename(const std::vector<std::string>& args) {
    ParsedFlags f;
    if (auto e = parseFlags({}, args, true, f)) return flagError(io_, "rename", *e);
    if (f.help) {
        io_.print(*dockerHelp("rename"));
        return 0;
    }
    if (f.args.size() != 2) return usageError(io_, "rename", "requires exactly 2 arguments.");
    const std::string oldName = trim(f.args[0]), newName = trim(f.args[1]);
    if (oldName.empty() || newName.empty()) {
        io_.error("Error: Neither old nor new names may be empty\n");
        return 1;
    }
    if (auto err = daemon().rename(oldName, newName)) {
        printError(io_, *err);
        io_.error("Error: failed to rename container named " + oldName + "\n");
        return 1;
    }
    return 0;
}

} // namespace

int runDocker(Terminal& term, const std::vector<std::string>& argv, Streams& io) {
    DockerCommand cmd(term, io);
    return cmd.dispatch(argv);
}

} // namespace vethlab::shell
