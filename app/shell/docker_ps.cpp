// `docker ps` (`docker container ls`): the container list, its filters and formats.
#include "docker/port_mapping.h"
#include "docker_command.h"
#include "docker_format.h"
#include "docker_timestamp.h"

namespace vethlab::shell::dockercli {

using docker::Container;

namespace {

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

// formatter.NewContainerFormat: -q means {{.ID}} unless a custom format is given; -s adds the size.
std::string psFormat(const std::string& format, bool quiet, bool size) {
    std::string fmt = format;
    const std::string sizeColumn = size ? "\\t{{.Size}}" : "";
    if (fmt.empty() || fmt == "table")
        fmt =
            quiet
                ? "{{.ID}}"
                : "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t"
                  "{{.Names}}" +
                      sizeColumn;
    else if (fmt == "raw")
        fmt = quiet ? "container_id: {{.ID}}"
                    : "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: "
                      "{{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: "
                      "{{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n" +
                          std::string(size ? "size: {{.Size}}\\n" : "");
    return fmt;
}

// The daemon's errors for filters it refuses, and the filters the lab does not simulate: exit 1, or 0.
// A status filter widens the list to stopped containers (`all`).
int rejectFilters(Streams& io, const FilterArgs& filters, bool& all) {
    if (auto e = checkContainerFilters(filters, all)) {
        io.error("Error response from daemon: " + *e + "\n");
        return 1;
    }
    for (const char* key : {"before", "since", "publish", "expose", "isolation", "is-task"})
        if (filters.contains(key)) {
            io.error("vethlab: the '" + std::string(key) + "' filter of docker ps is not simulated\n");
            return 1;
        }
    return 0;
}

} // namespace

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
    if (int st = rejectFilters(io_, *filters, all)) return st;
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
    const std::string fmt = psFormat(format, f.flag("quiet"), f.flag("size"));
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

} // namespace vethlab::shell::dockercli
