#include "text_tools.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>

#include "command_registry.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

struct GrepOptions {
    bool invert = false, icase = false, count = false, extended = false, word = false, number = false,
         quiet = false, only = false;
    std::optional<std::string> pattern;
};

// grep's switches (bundled) and the pattern (-e PATTERN or the first operand); the exit status when
// one is refused. Operands after the pattern are files, which grep here does not read.
std::optional<int> parseGrepArgs(const std::vector<std::string>& argv, GrepOptions& o, Streams& io) {
    const std::map<char, bool GrepOptions::*> switches = {
        {'v', &GrepOptions::invert},   {'i', &GrepOptions::icase}, {'c', &GrepOptions::count},
        {'E', &GrepOptions::extended}, {'w', &GrepOptions::word},  {'n', &GrepOptions::number},
        {'q', &GrepOptions::quiet},    {'o', &GrepOptions::only}};
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (o.pattern) continue;
        if (a.size() <= 1 || a[0] != '-') {
            o.pattern = a;
        } else if (a == "-e" && i + 1 < argv.size()) {
            o.pattern = argv[++i];
        } else {
            for (char c : a.substr(1)) {
                auto it = switches.find(c);
                if (it == switches.end()) {
                    io.error(std::string("grep: invalid option -- '") + c +
                             "'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more "
                             "information.\n");
                    return 2;
                }
                o.*(it->second) = true;
            }
        }
    }
    if (!o.pattern) {
        io.error("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
        return 2;
    }
    return std::nullopt;
}

// The lines grep prints for one input line (-v, -o, -n), or "" when it prints none of it.
std::string grepLine(const GrepOptions& o, const std::regex& re, const std::string& l, int lineNo) {
    const std::string number = o.number ? std::to_string(lineNo) + ":" : "";
    if (!o.only) return number + l + "\n";
    if (o.invert) return ""; // -o -v: the lines count, but no part of them matched
    std::string out;
    for (std::sregex_iterator it(l.begin(), l.end(), re), end; it != end; ++it)
        if (it->length() > 0) out += number + it->str() + "\n";
    return out;
}

} // namespace

int runGrep(const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    GrepOptions o;
    if (auto status = parseGrepArgs(argv, o, io)) return *status;
    auto flags = o.extended ? std::regex::extended : std::regex::basic;
    if (o.icase) flags |= std::regex::icase;
    std::regex re;
    try {
        re = std::regex(o.word && o.extended ? "\\b(" + *o.pattern + ")\\b" : *o.pattern, flags);
    } catch (const std::regex_error&) {
        io.error("grep: Unmatched ( or \\(\n");
        return 2;
    }
    int matches = 0, lineNo = 0;
    std::string out;
    for (const auto& l : splitLines(in)) {
        ++lineNo;
        if (std::regex_search(l, re) == o.invert) continue;
        ++matches;
        out += grepLine(o, re, l, lineNo);
    }
    if (o.quiet) return matches ? 0 : 1;
    io.print(o.count ? std::to_string(matches) + "\n" : out);
    return matches ? 0 : 1;
}

int runHeadTail(const std::vector<std::string>& argv, const std::string& in, Streams& io, bool head) {
    long n = 10;
    const char* name = head ? "head" : "tail";
    for (std::size_t i = 1; i < argv.size(); ++i) {
        std::string a = argv[i];
        std::string value;
        if (a == "-n" && i + 1 < argv.size())
            value = argv[++i];
        else if (a.rfind("-n", 0) == 0)
            value = a.substr(2);
        else if (a.size() > 1 && a[0] == '-' && std::isdigit(static_cast<unsigned char>(a[1])))
            value = a.substr(1);
        else
            continue;
        try {
            n = std::stol(value);
        } catch (...) {
            io.error(std::string(name) + ": invalid number of lines: '" + value + "'\n");
            return 1;
        }
    }
    auto ls = splitLines(in);
    std::size_t count = static_cast<std::size_t>(std::max(0L, n));
    std::string out;
    if (head) {
        for (std::size_t i = 0; i < ls.size() && i < count; ++i)
            out += ls[i] + "\n";
    } else {
        std::size_t start = ls.size() > count ? ls.size() - count : 0;
        for (std::size_t i = start; i < ls.size(); ++i)
            out += ls[i] + "\n";
    }
    io.print(out);
    return 0;
}

int runWc(const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    std::size_t nl = static_cast<std::size_t>(std::count(in.begin(), in.end(), '\n'));
    std::size_t words = 0;
    bool inWord = false;
    for (char c : in) {
        bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !inWord) ++words;
        inWord = !space;
    }
    bool l = false, w = false, c = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        if (argv[i] == "-l") l = true;
        if (argv[i] == "-w") w = true;
        if (argv[i] == "-c") c = true;
    }
    if (!l && !w && !c) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%7zu %7zu %7zu\n", nl, words, in.size());
        io.print(buf);
        return 0;
    }
    std::string out;
    if (l) out += std::to_string(nl);
    if (w) out += (out.empty() ? "" : " ") + std::to_string(words);
    if (c) out += (out.empty() ? "" : " ") + std::to_string(in.size());
    io.print(out + "\n");
    return 0;
}

int runSort(const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    auto ls = splitLines(in);
    bool reverse = false, unique = false, numeric = false;
    for (std::size_t i = 1; i < argv.size(); ++i)
        if (argv[i].size() > 1 && argv[i][0] == '-' &&
            argv[i].find_first_not_of("rnu", 1) == std::string::npos) {
            reverse = reverse || argv[i].find('r') != std::string::npos;
            unique = unique || argv[i].find('u') != std::string::npos;
            numeric = numeric || argv[i].find('n') != std::string::npos;
        }
    // -n compares the leading number (none counts as 0), then the whole line as a last resort.
    auto key = [](const std::string& l) { return std::strtod(l.c_str(), nullptr); };
    auto less = [&](const std::string& a, const std::string& b) {
        if (numeric && key(a) != key(b)) return key(a) < key(b);
        return numeric && key(a) == key(b) && unique ? false : a < b;
    };
    std::stable_sort(ls.begin(), ls.end(), less);
    if (unique)
        ls.erase(std::unique(
                     ls.begin(), ls.end(),
                     [&](const std::string& a, const std::string& b) { return !less(a, b) && !less(b, a); }),
                 ls.end());
    if (reverse) std::reverse(ls.begin(), ls.end());
    std::string out;
    for (const auto& l : ls)
        out += l + "\n";
    io.print(out);
    return 0;
}

int runEcho(const std::vector<std::string>& argv, Streams& io) {
    bool newline = true;
    std::size_t i = 1;
    if (i < argv.size() && argv[i] == "-n") {
        newline = false;
        ++i;
    }
    std::string out;
    for (std::size_t first = i; i < argv.size(); ++i)
        out += (i == first ? "" : " ") + argv[i];
    io.print(out + (newline ? "\n" : ""));
    return 0;
}

void addTextTools(CommandRegistry& r) {
    r.add({"grep"}, [](ExecContext&, const auto& argv, const std::string& in, Streams& io) {
        return runGrep(argv, in, io);
    });
    r.add({"head"}, [](ExecContext&, const auto& argv, const std::string& in, Streams& io) {
        return runHeadTail(argv, in, io, true);
    });
    r.add({"tail"}, [](ExecContext&, const auto& argv, const std::string& in, Streams& io) {
        return runHeadTail(argv, in, io, false);
    });
    r.add({"wc"}, [](ExecContext&, const auto& argv, const std::string& in, Streams& io) {
        return runWc(argv, in, io);
    });
    r.add({"sort"}, [](ExecContext&, const auto& argv, const std::string& in, Streams& io) {
        return runSort(argv, in, io);
    });
    addTextFilters(r);
    addXargs(r);
    addAwk(r);
}

} // namespace vethlab::shell
