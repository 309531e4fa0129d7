// docker's --filter: the client's parsing of name=value pairs and the daemon's filters.Args matching
// (exact, regular expression, label lists), with 20.10's accepted keys and error texts for
// `docker network ls`, `docker network prune` and `docker ps`.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "docker/daemon.h"

namespace vethlab::shell {

/// filters.Args: each key holds a set of values. Values of one key are alternatives (any may
/// match), except labels, which must all match; different keys must all match.
class FilterArgs {
public:
    void add(const std::string& key, const std::string& value) { fields_[key].insert(value); }
    bool empty() const { return fields_.empty(); }
    bool contains(const std::string& key) const { return fields_.count(key) > 0; }
    std::vector<std::string> get(const std::string& key) const;
    /// True when the key is absent or one value equals `source`.
    bool exactMatch(const std::string& key, const std::string& source) const;
    /// exactMatch, or one value is a regular expression found in `source` (Go's regexp.MatchString).
    bool match(const std::string& key, const std::string& source) const;
    /// Every value `k` or `k=v` is a label the source has (with that value).
    bool matchKVList(const std::string& key, const std::map<std::string, std::string>& labels) const;
    /// "Invalid filter 'KEY'" for the first key not accepted.
    [[nodiscard]] std::optional<std::string> validate(const std::set<std::string>& accepted) const;

private:
    std::map<std::string, std::set<std::string>> fields_;
};

/// opts.FilterOpt.Set for each --filter value: keys lower-cased and trimmed, values trimmed, empty
/// values ignored. Returns the flag error for a value without '='.
[[nodiscard]] std::optional<std::string> parseFilterFlags(const std::vector<std::string>& values,
                                                          const std::string& flagLabel, FilterArgs& out);

/// The daemon's network list filter (dangling, driver, id, label, name, scope, type). On a bad
/// filter returns the daemon's message (printed after "Error response from daemon: ").
[[nodiscard]] std::optional<std::string> filterNetworks(std::vector<const docker::Network*>& nets,
                                                        const FilterArgs& filters);

/// `docker network prune`'s filters (until, label, label!) against the daemon's clock `now`: the
/// networks the filters keep eligible, or the daemon's error.
[[nodiscard]] std::optional<std::string>
networkPruneFilter(const FilterArgs& filters, Nanos now, const TimeZone& zone,
                   std::function<bool(const docker::Network&)>& eligible);

/// The daemon's container list filters: validation errors first (unknown key, bad status or exited
/// value); `all` becomes true when a status filter is given.
[[nodiscard]] std::optional<std::string> checkContainerFilters(const FilterArgs& filters, bool& all);
/// The image IDs an ancestor filter accepts: each named image (reference, reference:latest or ID
/// prefix) and its descendants; an unknown image adds nothing, as the daemon only logs it.
std::set<std::string> ancestorImageIds(const docker::ImageCatalogue& images, const FilterArgs& filters);
bool containerMatches(const docker::Container& c, const FilterArgs& filters,
                      const std::set<std::string>& ancestors);

} // namespace vethlab::shell
