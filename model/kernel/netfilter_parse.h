// Reading netfilter rules back from text: the `iptables -S` / `iptables-save` rule form that
// NetfilterRule::spec() prints, so the real kernel's rules can be compared with the model's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/netfilter.h"

namespace vethlab::kernel {

/// A rule's part after "-A CHAIN"; nullopt when it uses a match or option the model does not know.
std::optional<NetfilterRule> parseRuleSpec(const std::string& spec);

struct ParsedTables {
    Netfilter netfilter;
    std::vector<std::string> unparsed; // lines that did not read back into the model's shape
};

/// The filter and nat tables of `iptables-save` output (counters left at zero).
ParsedTables parseIptablesSave(const std::string& text);

} // namespace vethlab::kernel
