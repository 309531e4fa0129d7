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

gotmpl::JsonView containerJsonView() {
    gotmpl::JsonView v;
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
    return v;
}

gotmpl::JsonView networkJsonView() {
    gotmpl::JsonView v;
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
