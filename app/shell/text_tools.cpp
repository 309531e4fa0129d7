#include "text_tools.h"

#include <algorithm>
#include <regex>

#include "command_registry.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {} // namespace

int runGrep(const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    bool invert = false, icase = false, count = false, extended = false, word = false, number = false,
         quiet = false, only = false;
    std::string pattern;
    bool havePattern = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (!havePattern && a.size() > 1 && a[0] == '-') {
            if (a == "-e" && i + 1 < argv.size()) {
                pattern = argv[++i];
                havePattern = true;
                continue;
            }
            for (char c : a.substr(1)) {
                switch (c) {
                case 'v':
                    invert = true;
                    break;
                case 'i':
                    icase = true;
                    break;
                case 'c':
                    count = true;
                    break;
                case 'E':
                    extended = true;
                    break;
                case 'w':
                    word = true;
                    break;
                case 'n':
                    number = true;
                    break;
                case 'q':
                    quiet = true;
                    break;
                case 'o':
                    only = true;
                    break;
                default:
                    io.error(std::string("grep: invalid option -- '") + c +
                             "'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more "
                             "information.\n");
                    return 2;
                }
            }
            continue;
        }
        if (!havePattern) {
            pattern = a;
            havePattern = true;
        }
    }
    if (!havePattern) {
        io.error("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
        return 2;
    }
    auto flags = extended ? std::regex::extended : std::regex::basic;
    if (icase) flags |= std::regex::icase;
    std::regex re;
    try {
        re = std::regex(word ? (extended ? "\\b(" + pattern + ")\\b" : pattern) : pattern, flags);
    } catch (const std::regex_error&) {
        io.error("grep: Unmatched ( or \\(\n");
        return 2;
    }
    int matches = 0, lineNo = 0;
    std::string out;
    for (const auto& l : splitLines(in)) {
        ++lineNo;
        bool hit = std::regex_search(l, re);
        if (hit != invert) {
            ++matches;
            if (only && invert) continue; // -o -v: the lines count, but no part of them matched
            if (only) {
                for (std::sregex_iterator it(l.begin(), l.end(), re), end; it != end; ++it)
                    if (it->length() > 0)
                        out += (number ? std::to_string(lineNo) + ":" : "") + it->str() + "\n";
                continue;
            }
            if (number) out += std::to_string(lineNo) + ":";
            out += l + "\n";
        }
    }
    if (quiet) return matches ? 0 : 1;
    io.print(count ? std::to_string(matches) + "\n" : out);
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
