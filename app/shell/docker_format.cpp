#include "docker_format.h"

namespace vethlab::shell {

gotmpl::Value listRow(const std::string& typeName,
                      const std::vector<std::pair<std::string, std::string>>& columns,
                      const std::map<std::string, std::string>& labels) {
    auto o = std::make_shared<gotmpl::Object>();
    o->typeName = typeName;
    for (const auto& [name, value] : columns)
        o->methods.push_back({name, 0, [v = value](const std::vector<std::string>&) { return v; }});
    o->methods.push_back({"Label", 1, [labels](const std::vector<std::string>& a) {
                              auto it = labels.find(a[0]);
                              return it == labels.end() ? std::string() : it->second;
                          }});
    return gotmpl::Value::object(std::move(o));
}

namespace {

// formatter.Context.preFormat: "table" removed, spaces trimmed at both ends, \t and \n unescaped.
std::string preFormat(const std::string& format, bool& table) {
    table = format.rfind("table", 0) == 0;
    std::string f = table ? format.substr(5) : format;
    auto first = f.find_first_not_of(' ');
    f = first == std::string::npos ? "" : f.substr(first, f.find_last_not_of(' ') - first + 1);
    return unescapeFormat(f);
}

} // namespace

int writeList(Streams& io, const std::string& format, const std::vector<gotmpl::Value>& rows,
              const std::map<std::string, std::string>& headers) {
    bool table = false;
    std::string error;
    auto tmpl = GoTemplate::parse(preFormat(format, table), error);
    if (!tmpl) {
        io.error("template parsing error: " + error + "\n");
        return 1;
    }
    std::string body;
    for (const auto& row : rows) {
        auto r = tmpl->execute(row);
        if (r.error) {
            io.error("template parsing error: " + *r.error + "\n");
            return 1;
        }
        body += r.output + "\n";
    }
    if (!table) {
        io.print(body);
        return 0;
    }
    // formatter.SubHeaderContext: a map of column names, whose Label method names a label column
    // after the label key's last dotted part.
    auto header = std::make_shared<gotmpl::Object>();
    header->typeName = "formatter.SubHeaderContext";
    for (const auto& [k, v] : headers)
        header->methods.push_back({k, 0, [text = v](const std::vector<std::string>&) { return text; }});
    header->methods.push_back({"Label", 1, [](const std::vector<std::string>& a) {
                                   std::string h = a[0].substr(
                                       a[0].rfind('.') == std::string::npos ? 0 : a[0].rfind('.') + 1);
                                   for (char& c : h)
                                       if (c == '-' || c == '_') c = ' ';
                                   return h;
                               }});
    // The header's errors are ignored: whatever it wrote before failing is the header.
    auto head = tmpl->execute(gotmpl::Value::object(header), ExecOptions{false, true});
    io.print(tabwrite(head.output + "\n" + body));
    return 0;
}

int precheckPsFormat(Streams& io, const std::string& format, const gotmpl::Value& emptyRow) {
    std::string error;
    auto tmpl = GoTemplate::parse(format, error);
    if (!tmpl) {
        io.error("failed to parse template: " + error + "\n");
        return 1;
    }
    if (auto r = tmpl->execute(emptyRow); r.error) {
        io.error("failed to execute template: " + *r.error + "\n");
        return 1;
    }
    return 0;
}

namespace {

using Fields = std::vector<gotmpl::JsonView::Field>;

// Fields listed as {name, zero}: the JSON key is the Go name.
Fields fields(std::initializer_list<std::pair<const char*, const char*>> list) {
    Fields out;
    for (const auto& [name, zero] : list)
        out.push_back({name, name, zero});
    return out;
}

// types.ContainerJSON (ContainerJSONBase embedded): "Id" is the field ID; Node, SizeRw and SizeRootFs
// are omitted when empty.
Fields containerFields() {
    Fields f = fields({{"ID", "string"},
                       {"Created", "string"},
                       {"Path", "string"},
                       {"Args", "slice"},
                       {"State", "ptr"},
                       {"Image", "string"},
                       {"ResolvConfPath", "string"},
                       {"HostnamePath", "string"},
                       {"HostsPath", "string"},
                       {"LogPath", "string"},
                       {"Node", "ptr"},
                       {"Name", "string"},
                       {"RestartCount", "int"},
                       {"Driver", "string"},
                       {"Platform", "string"},
                       {"MountLabel", "string"},
                       {"ProcessLabel", "string"},
                       {"AppArmorProfile", "string"},
                       {"ExecIDs", "slice"},
                       {"HostConfig", "ptr"},
                       {"GraphDriver", "ptr"},
                       {"SizeRw", "ptr"},
                       {"SizeRootFs", "ptr"},
                       {"Mounts", "slice"},
                       {"Config", "ptr"},
                       {"NetworkSettings", "ptr"}});
    f[0].json = "Id";
    return f;
}

} // namespace

gotmpl::JsonView containerJsonView() {
    gotmpl::JsonView v;
    v.structs = {
        {"", containerFields()},
        {"State", fields({{"Status", "string"},
                          {"Running", "bool"},
                          {"Paused", "bool"},
                          {"Restarting", "bool"},
                          {"OOMKilled", "bool"},
                          {"Dead", "bool"},
                          {"Pid", "int"},
                          {"ExitCode", "int"},
                          {"Error", "string"},
                          {"StartedAt", "string"},
                          {"FinishedAt", "string"},
                          {"Health", "ptr"}})},
        {"Config", fields({{"Hostname", "string"},      {"Domainname", "string"}, {"User", "string"},
                           {"AttachStdin", "bool"},     {"AttachStdout", "bool"}, {"AttachStderr", "bool"},
                           {"ExposedPorts", "map"},     {"Tty", "bool"},          {"OpenStdin", "bool"},
                           {"StdinOnce", "bool"},       {"Env", "slice"},         {"Cmd", "slice"},
                           {"Healthcheck", "ptr"},      {"ArgsEscaped", "bool"},  {"Image", "string"},
                           {"Volumes", "map"},          {"WorkingDir", "string"}, {"Entrypoint", "slice"},
                           {"NetworkDisabled", "bool"}, {"MacAddress", "string"}, {"OnBuild", "slice"},
                           {"Labels", "map"},           {"StopSignal", "string"}, {"StopTimeout", "ptr"},
                           {"Shell", "slice"}})}};
    v.mapPaths = {"Config.Labels",
                  "Config.ExposedPorts",
                  "Config.Volumes",
                  "HostConfig.PortBindings",
                  "HostConfig.LogConfig.Config",
                  "HostConfig.Sysctls",
                  "HostConfig.StorageOpt",
                  "HostConfig.Tmpfs",
                  "NetworkSettings.Networks",
                  "NetworkSettings.Ports",
                  "NetworkSettings.Networks.*.DriverOpts",
                  "GraphDriver.Data"};
    v.slicePaths = {"Args",
                    "ExecIDs",
                    "Mounts",
                    "Config.Cmd",
                    "Config.Entrypoint",
                    "Config.Env",
                    "Config.OnBuild",
                    "Config.Shell",
                    "HostConfig.Binds",
                    "HostConfig.Links",
                    "HostConfig.Dns",
                    "HostConfig.DnsOptions",
                    "HostConfig.DnsSearch",
                    "HostConfig.ExtraHosts",
                    "HostConfig.CapAdd",
                    "HostConfig.CapDrop",
                    "HostConfig.GroupAdd",
                    "HostConfig.SecurityOpt",
                    "HostConfig.VolumesFrom",
                    "HostConfig.Devices",
                    "HostConfig.DeviceCgroupRules",
                    "HostConfig.DeviceRequests",
                    "HostConfig.Ulimits",
                    "HostConfig.BlkioWeightDevice",
                    "HostConfig.BlkioDeviceReadBps",
                    "HostConfig.BlkioDeviceWriteBps",
                    "HostConfig.BlkioDeviceReadIOps",
                    "HostConfig.BlkioDeviceWriteIOps",
                    "HostConfig.Mounts",
                    "HostConfig.MaskedPaths",
                    "HostConfig.ReadonlyPaths",
                    "NetworkSettings.SecondaryIPAddresses",
                    "NetworkSettings.SecondaryIPv6Addresses",
                    "NetworkSettings.Networks.*.Links",
                    "NetworkSettings.Networks.*.Aliases"};
    // api/types: ContainerJSONBase's State, HostConfig and Node, ContainerJSON's Config and
    // NetworkSettings, the endpoints in Networks and their IPAMConfig, State.Health, Config.Healthcheck.
    v.pointerPaths = {"State",
                      "HostConfig",
                      "Node",
                      "Config",
                      "NetworkSettings",
                      "NetworkSettings.Networks.*",
                      "NetworkSettings.Networks.*.IPAMConfig",
                      "State.Health",
                      "Config.Healthcheck"};
    return v;
}

gotmpl::JsonView networkJsonView() {
    gotmpl::JsonView v;
    // types.NetworkResource ("Id" is the field ID) and network.IPAMConfig (all omitempty;
    // "AuxiliaryAddresses" is the field AuxAddress).
    Fields network = fields({{"ID", "string"},
                             {"Created", "string"},
                             {"Scope", "string"},
                             {"Driver", "string"},
                             {"EnableIPv6", "bool"},
                             {"IPAM", "ptr"},
                             {"Internal", "bool"},
                             {"Attachable", "bool"},
                             {"Ingress", "bool"},
                             {"ConfigFrom", "ptr"},
                             {"ConfigOnly", "bool"},
                             {"Containers", "map"},
                             {"Options", "map"},
                             {"Labels", "map"},
                             {"Peers", "slice"},
                             {"Services", "map"}});
    network.insert(network.begin(), {"Name", "Name", "string"});
    network[1].json = "Id";
    Fields ipam =
        fields({{"Subnet", "string"}, {"IPRange", "string"}, {"Gateway", "string"}, {"AuxAddress", "map"}});
    ipam[3].json = "AuxiliaryAddresses";
    v.structs = {{"", network}, {"IPAM.Config.*", ipam}};
    v.mapPaths = {"Options", "Labels", "Containers", "IPAM.Options", "IPAM.Config.*.AuxiliaryAddresses"};
    v.slicePaths = {"IPAM.Config", "Peers"};
    return v;
}

int inspectOutput(Streams& io, const std::string& format, const std::vector<InspectItem>& items) {
    std::vector<std::string> errors;
    if (format.empty()) {
        Json all = Json::array();
        for (const auto& item : items) {
            if (item.json)
                all.push(*item.json);
            else
                errors.push_back(item.error);
        }
        io.print(all.indented() + "\n");
    } else {
        std::string error;
        auto tmpl = GoTemplate::parse(format, error);
        if (!tmpl) {
            io.error("template parsing error: " + error + "\n");
            return 64;
        }
        std::string out;
        for (const auto& item : items) {
            if (!item.json) {
                errors.push_back(item.error);
                continue;
            }
            auto typed = tmpl->execute(gotmpl::fromJson(*item.json, item.view));
            if (!typed.error) {
                out += typed.output + "\n";
                continue;
            }
            // As docker does when the typed struct lacks a field: the raw JSON, missing keys fatal.
            gotmpl::JsonView raw;
            raw.typed = false;
            auto r = tmpl->execute(gotmpl::fromJson(*item.json, raw), ExecOptions{true, false});
            if (r.error)
                errors.push_back("template parsing error: " + *r.error);
            else
                out += r.output + "\n";
        }
        io.print(out.empty() ? "\n" : out);
    }
    for (const auto& e : errors)
        io.error(e + "\n");
    return errors.empty() ? 0 : 1;
}

} // namespace vethlab::shell
