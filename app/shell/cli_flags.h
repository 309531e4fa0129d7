// Command-line flags the way docker's CLI (cobra + pflag) parses them, with pflag's error texts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vethlab::shell {

struct FlagSpec {
    std::string name;   // long name, without "--"
    char shorthand = 0; // 0 = none
    bool takesValue = true;
};

struct ParsedFlags {
    std::map<std::string, std::vector<std::string>> values; // long name -> every value given, in order
    std::vector<std::string> args;
    bool help = false;

    bool has(const std::string& name) const { return values.count(name) > 0; }
    bool flag(const std::string& name) const { return has(name) && values.at(name).back() != "false"; }
    std::string last(const std::string& name, const std::string& def = "") const {
        return has(name) ? values.at(name).back() : def;
    }
    const std::vector<std::string>& all(const std::string& name) const {
        static const std::vector<std::string> none;
        return has(name) ? values.at(name) : none;
    }
};

/// Parses `args`. With `interspersed` false (docker run/exec), flags end at the first positional
/// argument. Returns pflag's error message on failure ("unknown flag: --bogus").
[[nodiscard]] std::optional<std::string> parseFlags(const std::vector<FlagSpec>& specs,
                                                    const std::vector<std::string>& args, bool interspersed,
                                                    ParsedFlags& out);

} // namespace vethlab::shell
