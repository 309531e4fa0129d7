#include "cli_flags.h"

namespace vethlab::shell {
namespace {

const FlagSpec* byLong(const std::vector<FlagSpec>& specs, const std::string& n) {
    for (const auto& s : specs)
        if (s.name == n) return &s;
    return nullptr;
}

const FlagSpec* byShort(const std::vector<FlagSpec>& specs, char c) {
    for (const auto& s : specs)
        if (s.shorthand == c) return &s;
    return nullptr;
}

// --name, --name=value or --name value (args[i] starts with "--"); `i` moves past a value it takes.
std::optional<std::string> parseLongFlag(const std::vector<FlagSpec>& specs,
                                         const std::vector<std::string>& args, std::size_t& i,
                                         ParsedFlags& out) {
    std::string name = args[i].substr(2), value;
    bool hasValue = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        hasValue = true;
    }
    if (name == "help") {
        out.help = true;
        return std::nullopt;
    }
    const FlagSpec* s = byLong(specs, name);
    if (!s) return "unknown flag: --" + name;
    if (!s->takesValue) {
        if (hasValue && value != "true" && value != "false")
            return "invalid argument \"" + value + "\" for \"--" + name +
                   "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax";
        out.values[name].push_back(hasValue ? value : "true");
        return std::nullopt;
    }
    if (!hasValue) {
        if (i + 1 >= args.size()) return "flag needs an argument: --" + name;
        value = args[++i];
    }
    out.values[name].push_back(value);
    return std::nullopt;
}

// -abc, -n VALUE, -nVALUE, -n=VALUE (args[i] starts with "-"); `i` moves past a value it takes.
std::optional<std::string> parseShortFlags(const std::vector<FlagSpec>& specs,
                                           const std::vector<std::string>& args, std::size_t& i,
                                           ParsedFlags& out) {
    const std::string a = args[i];
    for (std::size_t j = 1; j < a.size(); ++j) {
        const char c = a[j];
        const FlagSpec* s = byShort(specs, c);
        if (!s && c == 'h') { // cobra's own -h, unless the command uses the letter
            out.help = true;
            continue;
        }
        if (!s) return std::string("unknown shorthand flag: '") + c + "' in " + a;
        if (!s->takesValue) {
            out.values[s->name].push_back("true");
            continue;
        }
        std::string value = a.substr(j + 1);
        if (!value.empty() && value[0] == '=') value = value.substr(1);
        if (value.empty()) {
            if (i + 1 >= args.size()) return std::string("flag needs an argument: '") + c + "' in -" + c;
            value = args[++i];
        }
        out.values[s->name].push_back(value);
        break;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> parseFlags(const std::vector<FlagSpec>& specs,
                                      const std::vector<std::string>& args, bool interspersed,
                                      ParsedFlags& out) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            out.args.insert(out.args.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            return std::nullopt;
        }
        if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
            if (auto e = parseLongFlag(specs, args, i, out)) return e;
            continue;
        }
        if (a.size() > 1 && a[0] == '-') {
            if (auto e = parseShortFlags(specs, args, i, out)) return e;
            continue;
        }
        out.args.push_back(a);
        if (!interspersed) {
            out.args.insert(out.args.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            return std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace vethlab::shell
