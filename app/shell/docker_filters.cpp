#include "docker_filters.h"

#include <algorithm>
#include <regex>

#include "docker_timestamp.h"

namespace vethlab::shell {

std::vector<std::string> FilterArgs::get(const std::string& key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? std::vector<std::string>{}
                               : std::vector<std::string>(it->second.begin(), it->second.end());
}

bool FilterArgs::exactMatch(const std::string& key, const std::string& source) const {
    auto it = fields_.find(key);
    return it == fields_.end() || it->second.empty() || it->second.count(source) > 0;
}

bool FilterArgs::match(const std::string& key, const std::string& source) const {
    if (exactMatch(key, source)) return true;
    for (const auto& pattern : fields_.at(key)) {
        try {
            if (std::regex_search(source, std::regex(pattern, std::regex::ECMAScript))) return true;
        } catch (const std::regex_error&) {
            // Go skips a value that does not compile as a regular expression.
        }
    }
    return false;
}

bool FilterArgs::matchKVList(const std::string& key, const std::map<std::string, std::string>& labels) const {
    auto it = fields_.find(key);
    if (it == fields_.end() || it->second.empty()) return true;
    if (labels.empty()) return false;
    for (const auto& value : it->second) {
        auto eq = value.find('=');
        auto label = labels.find(value.substr(0, eq));
        if (label == labels.end()) return false;
        if (eq != std::string::npos && label->second != value.substr(eq + 1)) return false;
    }
    return true;
}

std::optional<std::string> FilterArgs::validate(const std::set<std::string>& accepted) const {
    for (const auto& [key, values] : fields_)
        if (!accepted.count(key)) return "Invalid filter '" + key + "'";
    return std::nullopt;
}

namespace {

std::string trimSpace(const std::string& s) {
    auto first = s.find_first_not_of(" \t\r\n\v\f");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n\v\f") - first + 1);
}

} // namespace

std::optional<std::string> parseFilterFlags(const std::vector<std::string>& values,
                                            const std::string& flagLabel, FilterArgs& out) {
    for (const auto& raw : values) {
        if (raw.empty()) continue;
        auto eq = raw.find('=');
        if (eq == std::string::npos)
            return "invalid argument \"" + raw + "\" for \"" + flagLabel +
                   "\" flag: bad format of filter (expected name=value)";
        std::string key = trimSpace(raw.substr(0, eq));
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out.add(key, trimSpace(raw.substr(eq + 1)));
    }
    return std::nullopt;
}

std::optional<std::string> filterNetworks(std::vector<const docker::Network*>& nets,
                                          const FilterArgs& filters) {
    if (auto e = filters.validate({"dangling", "driver", "id", "label", "name", "scope", "type"})) return e;
    if (filters.empty()) return std::nullopt;
    std::erase_if(nets, [&](const docker::Network* n) {
        return !filters.exactMatch("driver", n->driver) ||
               (filters.contains("name") && !filters.match("name", n->name)) ||
               (filters.contains("id") && !filters.match("id", n->id)) ||
               !filters.matchKVList("label", n->labels) || !filters.exactMatch("scope", n->scope);
    });
    if (auto dangling = filters.get("dangling"); !dangling.empty()) {
        if (dangling.size() > 1) return "got more than one value for filter key \"dangling\"";
        const std::string& v = dangling[0];
        if (v != "0" && v != "false" && v != "1" && v != "true")
            return "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or "
                   "\"0\")";
        // The list the daemon filters carries no endpoints (only `network inspect` does), so every
        // user-defined network counts as dangling here, in use or not.
        const bool danglingOnly = v == "1" || v == "true";
        std::erase_if(nets, [&](const docker::Network* n) { return n->predefined == danglingOnly; });
    }
    if (filters.contains("type")) {
        std::vector<const docker::Network*> kept;
        for (const auto& t : filters.get("type")) {
            if (t != "builtin" && t != "custom") return "invalid filter: 'type'='" + t + "'";
            for (const auto* n : nets)
                if (n->predefined == (t == "builtin")) kept.push_back(n);
        }
        nets = kept;
    }
    return std::nullopt;
}

std::optional<std::string> networkPruneFilter(const FilterArgs& filters, Nanos now, const TimeZone& zone,
                                              std::function<bool(const docker::Network&)>& eligible) {
    if (auto e = filters.validate({"until", "label", "label!"})) return e;
    std::optional<Nanos> until;
    if (filters.contains("until")) {
        auto values = filters.get("until");
        if (values.size() > 1) return "more than one until filter specified";
        std::string error;
        until = dockerTimestamp(values[0], now, zone, error);
        if (!until) return error;
    }
    eligible = [filters, until](const docker::Network& n) {
        if (until && n.created > *until) return false;
        if (!filters.matchKVList("label", n.labels)) return false;
        return !(filters.contains("label!") && filters.matchKVList("label!", n.labels));
    };
    return std::nullopt;
}

namespace {

std::string stateString(const docker::Container& c) {
    switch (c.state) {
    case docker::ContainerState::Created:
        return "created";
    case docker::ContainerState::Running:
        return "running";
    case docker::ContainerState::Exited:
        return "exited";
    }
    return "";
}

bool onNetwork(const docker::Container& c, const std::string& value) {
    return std::any_of(c.attachments.begin(), c.attachments.end(), [&](const docker::Attachment& a) {
        return a.networkName == value || a.networkId.rfind(value, 0) == 0;
    });
}

} // namespace

std::optional<std::string> checkContainerFilters(const FilterArgs& filters, bool& all) {
    if (auto e =
            filters.validate({"ancestor", "before", "exited", "id", "isolation", "label", "name", "status",
                              "health", "since", "volume", "network", "is-task", "publish", "expose"}))
        return e;
    for (const auto& v : filters.get("exited"))
        if (v.empty() || v == "-" || v.size() > 9 ||
            v.find_first_not_of("0123456789", v[0] == '-' ? 1 : 0) != std::string::npos)
            return "strconv.Atoi: parsing \"" + v + "\": invalid syntax";
    for (const auto& v : filters.get("status")) {
        static const std::set<std::string> states = {"paused", "restarting", "removing", "running",
                                                     "dead",   "created",    "exited"};
        if (!states.count(v)) return "Invalid filter 'status=" + v + "'";
        all = true;
    }
    return std::nullopt;
}

std::set<std::string> ancestorImageIds(const docker::ImageCatalogue& images, const FilterArgs& filters) {
    std::set<std::string> ids;
    for (const auto& ref : filters.get("ancestor")) {
        const docker::Image* img = images.find(ref);
        const std::string suffix = ":latest";
        if (!img && ref.size() > suffix.size() &&
            ref.compare(ref.size() - suffix.size(), suffix.size(), suffix) == 0)
            img = images.find(ref.substr(0, ref.size() - suffix.size()));
        if (!img && !ref.empty())
            for (const auto& [name, candidate] : images.images())
                if (candidate.id.rfind(ref, 0) == 0 || ("sha256:" + candidate.id).rfind(ref, 0) == 0)
                    img = &candidate;
        if (img) ids.insert(img->id); // the catalogue's images have no children
    }
    return ids;
}

bool containerMatches(const docker::Container& c, const FilterArgs& filters,
                      const std::set<std::string>& ancestors) {
    if (filters.contains("ancestor") && !ancestors.count(c.image.id)) return false;
    if (filters.contains("name") && !filters.match("name", "/" + c.name) && !filters.match("name", c.name))
        return false;
    if (filters.contains("id") && !filters.match("id", c.id)) return false;
    if (!filters.matchKVList("label", c.config.labels)) return false;
    if (filters.contains("exited")) {
        bool ok = false;
        for (const auto& v : filters.get("exited"))
            ok = ok ||
                 (c.state == docker::ContainerState::Exited && c.everStarted && std::stoi(v) == c.exitCode);
        if (!ok) return false;
    }
    if (filters.contains("status") && !filters.match("status", stateString(c))) return false;
    if (!filters.exactMatch("health", "none")) return false; // no image here defines a HEALTHCHECK
    if (filters.contains("volume")) return false;            // nor mounts a volume
    if (filters.contains("network")) {
        auto values = filters.get("network");
        if (std::none_of(values.begin(), values.end(), [&](const std::string& v) { return onNetwork(c, v); }))
            return false;
    }
    return true;
}

} // namespace vethlab::shell
