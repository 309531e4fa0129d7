// The filters tutorials pipe docker's output through: cut, tr, uniq. GNU coreutils' messages on the
// host and Debian images, busybox's on busybox images.
#include <algorithm>
#include <cctype>
#include <climits>

#include "command_registry.h"
#include "text_tools.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

// A usage error: GNU adds its "Try" line, busybox prints only the message.
int usageError(const ExecContext& ctx, Streams& io, const std::string& prog, const std::string& message) {
    io.error(prog + ": " + message + "\n");
    if (!ctx.isBusybox()) io.error("Try '" + prog + " --help' for more information.\n");
    return 1;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out(1);
    for (char c : s)
        if (c == sep)
            out.emplace_back();
        else
            out.back() += c;
    return out;
}

struct Range {
    long from, to; // 1-based, inclusive
};

// "1,3-5,7-": the LIST of cut -f/-c/-b.
bool parseList(const std::string& list, std::vector<Range>& out, std::string& error, bool busybox) {
    for (const auto& item : split(list, ',')) {
        Range r{1, LONG_MAX};
        const auto dash = item.find('-');
        const std::string a = item.substr(0, dash), b = dash == std::string::npos ? a : item.substr(dash + 1);
        auto number = [&](const std::string& s, long& v) {
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
                error = busybox ? "invalid number '" + s + "'" : "invalid field value '" + s + "'";
                return false;
            }
            v = std::stol(s.substr(0, 12));
            return true;
        };
        if (!a.empty() && !number(a, r.from)) return false;
        if (!b.empty() && !number(b, r.to)) return false;
        if (a.empty() && b.empty()) {
            error = "invalid range with no endpoint: -";
            return false;
        }
        if (!busybox && (r.from == 0 || r.to == 0)) {
            error = "fields are numbered from 1";
            return false;
        }
        if (r.from > r.to) {
            error = busybox ? "1<2" : "invalid decreasing range"; // busybox 1.35-1.36 says just that
            return false;
        }
        out.push_back(r);
    }
    return true;
}

bool selected(const std::vector<Range>& list, long n) {
    return std::any_of(list.begin(), list.end(), [&](const Range& r) { return n >= r.from && n <= r.to; });
}

int runCut(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    std::string delim = "\t", list;
    bool fields = false, haveDelim = false, onlyDelimited = false;
    char mode = 0;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 2 || a[0] != '-') continue; // files are not simulated: stdin only
        const char o = a[1];
        if (o == 's') {
            onlyDelimited = true;
            continue;
        }
        if (o != 'd' && o != 'f' && o != 'c' && o != 'b')
            return usageError(ctx, io, "cut", std::string("invalid option -- '") + o + "'");
        std::string value = a.size() > 2 ? a.substr(2) : (i + 1 < argv.size() ? argv[++i] : "");
        if (o == 'd') {
            delim = value;
            haveDelim = true;
        } else {
            mode = o;
            list = value;
            fields = o == 'f';
        }
    }
    if (!mode)
        return usageError(ctx, io, "cut",
                          std::string(ctx.isBusybox() ? "expected" : "you must specify") +
                              " a list of bytes, characters, or fields");
    if (haveDelim && !fields)
        return usageError(ctx, io, "cut",
                          ctx.isBusybox()
                              ? "a delimiter may be specified only when operating on fields"
                              : "an input delimiter may be specified only when operating on fields");
    if (delim.size() != 1 && !ctx.isBusybox())
        return usageError(ctx, io, "cut", "the delimiter must be a single character");
    std::vector<Range> ranges;
    std::string error;
    if (!parseList(list, ranges, error, ctx.isBusybox())) return usageError(ctx, io, "cut", error);
    std::string out;
    for (const auto& line : splitLines(in)) {
        std::string picked;
        if (!fields) {
            for (std::size_t k = 0; k < line.size(); ++k)
                if (selected(ranges, static_cast<long>(k) + 1)) picked += line[k];
        } else if (line.find(delim[0]) == std::string::npos) {
            if (onlyDelimited) continue;
            picked = line; // a line without the delimiter is printed whole
        } else {
            bool first = true;
            long n = 0;
            for (const auto& f : split(line, delim[0]))
                if (selected(ranges, ++n)) {
                    picked += (first ? "" : delim.substr(0, 1)) + f;
                    first = false;
                }
        }
        out += picked + "\n";
    }
    io.print(out);
    return 0;
}

// tr's SET: ranges a-z, classes [:upper:] and the like, backslash escapes.
std::string expandSet(const std::string& set) {
    static const std::pair<const char*, int (*)(int)> kClasses[] = {
        {"[:upper:]", ::isupper}, {"[:lower:]", ::islower}, {"[:digit:]", ::isdigit},
        {"[:space:]", ::isspace}, {"[:alpha:]", ::isalpha}, {"[:alnum:]", ::isalnum},
        {"[:punct:]", ::ispunct}, {"[:blank:]", ::isblank}};
    std::string raw;
    for (std::size_t i = 0; i < set.size(); ++i) {
        bool classFound = false;
        for (const auto& [name, test] : kClasses)
            if (set.compare(i, std::string(name).size(), name) == 0) {
                for (int c = 0; c < 256; ++c)
                    if (test(c)) raw += static_cast<char>(c);
                i += std::string(name).size() - 1;
                classFound = true;
                break;
            }
        if (classFound) continue;
        char c = set[i];
        if (c == '\\' && i + 1 < set.size()) {
            const char e = set[++i];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        }
        if (i + 2 < set.size() && set[i + 1] == '-') {
            const char to = set[i + 2];
            for (int k = static_cast<unsigned char>(c); k <= static_cast<unsigned char>(to); ++k)
                raw += static_cast<char>(k);
            i += 2;
            continue;
        }
        raw += c;
    }
    return raw;
}

int runTr(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    bool del = false, squeeze = false;
    std::vector<std::string> sets;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 1 && a[0] == '-' && sets.empty() &&
            a.find_first_not_of("ds", 1) == std::string::npos) {
            del = del || a.find('d') != std::string::npos;
            squeeze = squeeze || a.find('s') != std::string::npos;
        } else {
            sets.push_back(a);
        }
    }
    const std::size_t need = del && squeeze ? 2 : (del || squeeze) ? 1 : 2;
    if (sets.size() < need) {
        if (ctx.isBusybox()) {
            io.error(ctx.busyboxBanner() + "\nUsage: tr [-cds] STRING1 [STRING2]\n");
            return 1;
        }
        return usageError(ctx, io, "tr",
                          sets.empty() ? "missing operand" : "missing operand after '" + sets.back() + "'");
    }
    const std::string s1 = expandSet(sets[0]);
    const std::string s2 = sets.size() > 1 ? expandSet(sets[1]) : "";
    const std::string& squeezeSet = sets.size() > 1 && !del ? s2 : (del ? s2 : s1);
    std::string out;
    for (char c : in) {
        if (del && s1.find(c) != std::string::npos) continue;
        if (!del && !s2.empty())
            if (auto p = s1.find(c); p != std::string::npos) c = s2[std::min(p, s2.size() - 1)];
        if (squeeze && !out.empty() && out.back() == c && squeezeSet.find(c) != std::string::npos) continue;
        out += c;
    }
    io.print(out);
    return 0;
}

int runUniq(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    bool count = false, dupsOnly = false, uniqueOnly = false, icase = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 2 || a[0] != '-') continue;
        for (char o : a.substr(1)) {
            if (o == 'c')
                count = true;
            else if (o == 'd')
                dupsOnly = true;
            else if (o == 'u')
                uniqueOnly = true;
            else if (o == 'i')
                icase = true;
            else
                return usageError(ctx, io, "uniq", std::string("invalid option -- '") + o + "'");
        }
    }
    auto same = [&](std::string a, std::string b) {
        if (icase) {
            std::transform(a.begin(), a.end(), a.begin(), ::tolower);
            std::transform(b.begin(), b.end(), b.begin(), ::tolower);
        }
        return a == b;
    };
    const auto lines = splitLines(in);
    std::string out;
    for (std::size_t i = 0; i < lines.size();) {
        std::size_t j = i + 1;
        while (j < lines.size() && same(lines[i], lines[j]))
            ++j;
        const std::size_t n = j - i;
        if ((!dupsOnly || n > 1) && (!uniqueOnly || n == 1)) {
            if (count) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%7zu ", n);
                out += buf;
            }
            out += lines[i] + "\n";
        }
        i = j;
    }
    io.print(out);
    return 0;
}

} // namespace

void addTextFilters(CommandRegistry& r) {
    r.add({"cut"}, runCut);
    r.add({"tr"}, runTr);
    r.add({"uniq"}, runUniq);
}

} // namespace vethlab::shell
