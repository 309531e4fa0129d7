// `docker run|create|start|stop|restart|rm|inspect|exec|attach|port|rename`: the container commands.
#include <algorithm>

#include "docker/cli_opts.h"
#include "docker/go_net.h"
#include "docker/inspect.h"
#include "docker/port_mapping.h"
#include "docker/port_spec.h"
#include "docker_command.h"
#include "docker_format.h"
#include "docker_help.h"
#include "program_name.h"
#include "util/text.h"

namespace vethlab::shell::dockercli {

using docker::Container;
using docker::DockerError;
using docker::Network;

namespace {

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

// The rest of `docker run`'s flags, which need no validation here, into the container's config.
void fillRunConfig(const ParsedFlags& f, docker::ContainerConfig& c) {
    c.image = f.args[0];
    c.cmd = tail(f.args, 1);
    c.name = f.last("name");
    c.networkMode = f.has("network") ? f.last("network") : f.last("net", "default");
    c.tty = f.flag("tty");
    c.stdinOpen = f.flag("interactive");
    c.autoRemove = f.flag("rm");
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
}

// An interactive shell in the container takes over the terminal (busybox's ash calls itself sh); as the
// container's main process (run, attach) its exit stops the container.
Terminal::Session shellSession(const Container& c, const std::string& prog, const std::string& cwd,
                               bool mainProcess) {
    Terminal::Session s;
    s.containerId = c.id;
    s.shell = prog == "ash" ? "sh" : prog;
    s.cwd = std::make_shared<std::string>(cwd);
    s.mainProcess = mainProcess;
    return s;
}

// The directory a process starts in: the image's WORKDIR, or /.
std::string startDirectory(const Container& c) {
    return c.image.workdir.empty() ? "/" : c.image.workdir;
}

} // namespace

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
    fillRunConfig(f, c);
    const bool detach = f.flag("detach") || createOnly;

    auto ctx = lab_.context();
    auto created = daemon().createContainer(ctx, c);
    lab_.advance(kCreateTime);
    if (created.failed()) {
        if (createOnly && created.error().kind == DockerError::Kind::Daemon) {
            printError(io_, created.error());
            return 1;
        }
        printRunError(io_, created.error(), true);
        return 125;
    }
    for (const auto& w : created.value().warnings)
        io_.error("WARNING: " + w + "\n");
    if (createOnly) {
        io_.print(created.value().id + "\n");
        return 0;
    }
    return runAfterCreate(created.value().id, c, detach);
}

// `docker run` after the create step: start, then either return (detached) or run in the foreground.
int DockerCommand::runAfterCreate(const std::string& id, const docker::ContainerConfig& c, bool detach) {
    if (detach) io_.print(id + "\n");
    auto startCtx = lab_.context();
    auto started = daemon().start(startCtx, id);
    lab_.advance(started.failed() ? kFailedStartTime : kStartTime);
    if (started.failed()) {
        printRunError(io_, started.error(), false);
        return 125;
    }
    // With --rm, a command shorter than the start delay (`sleep 0.1`) has ended and been removed.
    if (!daemon().containerById(id)) return 0;
    if (detach) {
        // A detached short-lived command (sh without -i, cat, env) has already ended.
        lab_.advance(0);
        return 0;
    }
    return runForeground(id, c.stdinOpen);
}

// Foreground: an interactive shell takes over the terminal; other commands print and end.
int DockerCommand::runForeground(const std::string& id, bool stdinOpen) {
    const Container* ctr = daemon().containerById(id);
    auto command = ctr->command();
    std::string prog = command.empty() ? "" : baseName(command[0]);
    bool shell = isShellProgram(prog);
    bool script = std::find(command.begin(), command.end(), "-c") != command.end();
    if (shell && !script && stdinOpen) {
        term_.pushSession(shellSession(*ctr, prog, startDirectory(*ctr), true));
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
        auto started = daemon().start(ctx, c->id);
        lab_.advance(kStartTime);
        if (started.failed()) {
            printError(io_, started.error());
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
            if (auto started = daemon().start(sctx, id); started.failed()) {
                io_.error("Error response from daemon: Cannot restart container " + ref + ": " +
                          started.error().message + "\n");
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
        if (auto removed = daemon().remove(ctx, c->id, f.flag("force")); removed.failed()) {
            printError(io_, removed.error());
            status = 1;
            continue;
        }
        io_.print(ref + "\n");
    }
    return status;
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
    std::string prog = baseName(command[0]);
    bool shell = isShellProgram(prog);
    bool script = std::find(command.begin(), command.end(), "-c") != command.end();
    if (shell && !script && f.flag("interactive")) {
        if (!c->image.hasTool(prog)) {
            io_.error("OCI runtime exec failed: exec failed: unable to start container process: exec: \"" +
                      command[0] + "\": executable file not found in $PATH: unknown\n");
            return 126;
        }
        const std::string cwd = f.last("workdir", startDirectory(*c));
        if (!docker::imageHasDirectory(c->image, cwd)) {
            io_.error(
                "OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"" +
                cwd + "\") set in config.json failed: no such file or directory: unknown\n");
            return 126;
        }
        term_.pushSession(shellSession(*c, prog, cwd, false));
        return 0;
    }
    return term_.runInContainer(c->id, command, io_, f.flag("tty"), f.last("workdir", ""));
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
    std::string prog = command.empty() ? "" : baseName(command[0]);
    if (isShellProgram(prog) && c->config.stdinOpen)
        term_.pushSession(shellSession(*c, prog, startDirectory(*c), true));
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
    if (auto renamed = daemon().rename(oldName, newName); renamed.failed()) {
        printError(io_, renamed.error());
        io_.error("Error: failed to rename container named " + oldName + "\n");
        return 1;
    }
    return 0;
}

} // namespace vethlab::shell::dockercli
