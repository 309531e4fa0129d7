// `docker network ls|create|inspect|connect|disconnect|rm|prune`.
#include <algorithm>
#include <functional>
#include <set>

#include "docker/inspect.h"
#include "docker_command.h"
#include "docker_format.h"
#include "docker_help.h"
#include "docker_timestamp.h"

namespace vethlab::shell::dockercli {

using docker::Network;

namespace {

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

} // namespace

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
        io_.print(*dockerHelp("network " + sub));
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
                                {"Scope", n->scope},
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
    req.ingress = f.flag("ingress");
    req.ipamDriver = f.last("ipam-driver", "default");
    req.scope = f.last("scope");
    req.configOnly = f.flag("config-only");
    req.configFrom = f.last("config-from");
    lab_.advance(kNetworkCreateTime);
    auto ctx = lab_.context();
    auto result = daemon().createNetwork(ctx, req);
    if (result.failed()) {
        printError(io_, result.error());
        return 1;
    }
    io_.print(result.value() + "\n");
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
    auto st = docker::Outcome::ok();
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
    if (st.failed()) {
        printError(io_, st.error());
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
        if (auto st = daemon().removeNetwork(ctx, ref); st.failed()) {
            printError(io_, st.error());
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

} // namespace vethlab::shell::dockercli
