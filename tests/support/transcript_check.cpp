#include "transcript_check.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "lab.h"
#include "terminal.h"
#include "util/text.h"

namespace vethlab::testing {
namespace {

std::string ltrim(const std::string& s) {
    auto b = s.find_first_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b);
}

// One-to-one renaming between the recorded run's random values and ours.
class Renaming {
public:
    bool pair(const std::string& cls, const std::string& expected, const std::string& actual,
              std::string& why) {
        auto& fwd = forward_[cls];
        auto& back = backward_[cls];
        auto f = fwd.find(expected);
        auto b = back.find(actual);
        if (f != fwd.end() && f->second != actual) {
            why = cls + " " + expected + " was " + f->second + " before, now " + actual;
            return false;
        }
        if (b != back.end() && b->second != expected) {
            why = cls + " " + actual + " stood for " + b->second + " before, now for " + expected;
            return false;
        }
        fwd[expected] = actual;
        back[actual] = expected;
        return true;
    }
    /// Rewrites IDs the recorded user typed into the IDs of our run.
    std::string translate(const std::string& command) const {
        std::string out = command;
        static const std::regex hex(R"(\b[0-9a-f]{12,64}\b)");
        std::string result;
        auto begin = std::sregex_iterator(out.begin(), out.end(), hex);
        std::size_t last = 0;
        for (auto it = begin; it != std::sregex_iterator(); ++it) {
            result += out.substr(last, static_cast<std::size_t>(it->position()) - last);
            std::string token = it->str();
            std::string replaced = token;
            auto f = forward_.find("id");
            if (f != forward_.end())
                for (const auto& [e, a] : f->second)
                    if (e.rfind(token, 0) == 0) {
                        replaced = a.substr(0, token.size());
                        break;
                    }
            result += replaced;
            last = static_cast<std::size_t>(it->position()) + token.size();
        }
        return result + out.substr(last);
    }
    bool pairId(const std::string& expected, const std::string& actual, std::string& why) {
        // A 12-digit short ID is the prefix of a full one: check it against what the full IDs say.
        auto& fwd = forward_["id"];
        if (expected.size() == 12) {
            for (const auto& [e, a] : fwd)
                if (e.size() == 64 && e.rfind(expected, 0) == 0) {
                    if (a.substr(0, 12) != actual) {
                        why = "short ID " + expected + " should be " + a.substr(0, 12) + ", is " + actual;
                        return false;
                    }
                    return true;
                }
        }
        if (expected.size() == 64) {
            for (const auto& [e, a] : fwd)
                if (e.size() == 12 && expected.rfind(e, 0) == 0 && actual.rfind(a, 0) != 0) {
                    why = "ID " + expected + " should start with " + a;
                    return false;
                }
        }
        return pair("id", expected, actual, why);
    }

    std::optional<std::string> mapped(const std::string& cls, const std::string& expected) const {
        auto f = forward_.find(cls);
        if (f == forward_.end()) return std::nullopt;
        auto it = f->second.find(expected);
        if (it == f->second.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::string> mappedId(const std::string& expected) const {
        auto f = forward_.find("id");
        if (f == forward_.end()) return std::nullopt;
        auto it = f->second.find(expected);
        if (it == f->second.end()) return std::nullopt;
        return it->second;
    }

private:
    std::map<std::string, std::map<std::string, std::string>> forward_, backward_;
};

struct Token {
    std::string cls, text;
};

// Splits a line into literal text and random-by-nature tokens.
void tokenize(const std::string& line, std::string& literal, std::vector<Token>& tokens) {
    static const std::regex re(
        R"((\b[0-9a-f]{64}\b)|(\bveth[0-9a-f]{7}\b)|((?:[0-9a-f]{2}:){5}[0-9a-f]{2})|(fe80::[0-9a-f:]*[0-9a-f])|)"
        R"((\b[0-9a-f]{12}\b)|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)|(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)|)"
        R"(("Pid": \d+)|(\b[a-z]+_[a-z]+\b)|)"
        R"((time=\d+(?:\.\d+)? ms|time \d+ms|= \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3}(?:/\d+\.\d{3})? ms))");
    literal.clear();
    tokens.clear();
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), re); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        literal += line.substr(last, static_cast<std::size_t>(m.position()) - last);
        std::string cls;
        if (m[1].matched || m[5].matched)
            cls = "id";
        else if (m[2].matched)
            cls = "veth";
        else if (m[3].matched)
            cls = "mac";
        else if (m[4].matched)
            cls = "ll6";
        else if (m[6].matched || m[7].matched)
            cls = "time";
        else if (m[8].matched)
            cls = "pid";
        else if (m[9].matched)
            cls = "name";
        else
            cls = "rtt";
        literal += "\x01" + cls + "\x01";
        tokens.push_back({cls, m.str()});
        last = static_cast<std::size_t>(m.position() + m.length());
    }
    literal += line.substr(last);
}

// JSON maps keyed by container ID (a network's "Containers") are sorted by ID, and IDs are random:
// put the recorded entries in the order ours come in, matching entries by their "Name".
struct IdEntry {
    std::string key, name;
    std::vector<std::string> lines;
};

std::vector<std::pair<std::size_t, std::vector<IdEntry>>>
idKeyedGroups(const std::vector<std::string>& lines) {
    static const std::regex start(R"re(^(\s+)"([0-9a-f]{64})": \{$)re");
    static const std::regex nameLine(R"re(^\s+"Name": "([^"]*)",?$)re");
    std::vector<std::pair<std::size_t, std::vector<IdEntry>>> groups;
    std::size_t i = 0;
    while (i < lines.size()) {
        std::smatch m;
        if (!std::regex_match(lines[i], m, start)) {
            ++i;
            continue;
        }
        const std::string indent = m[1].str();
        std::vector<IdEntry> entries;
        std::size_t j = i;
        while (j < lines.size() && std::regex_match(lines[j], m, start) && m[1].str() == indent) {
            IdEntry e{m[2].str(), "", {}};
            while (j < lines.size()) {
                e.lines.push_back(lines[j]);
                std::smatch n;
                if (e.name.empty() && std::regex_match(lines[j], n, nameLine)) e.name = n[1].str();
                bool closing = lines[j] == indent + "}" || lines[j] == indent + "},";
                ++j;
                if (closing) break;
            }
            entries.push_back(e);
        }
        groups.push_back({i, entries});
        i = j;
    }
    return groups;
}

void reorderIdKeyedEntries(std::vector<std::string>& expected, const std::vector<std::string>& actual) {
    auto ours = idKeyedGroups(actual);
    auto theirs = idKeyedGroups(expected);
    for (std::size_t g = 0; g < theirs.size() && g < ours.size(); ++g) {
        auto& entries = theirs[g].second;
        std::map<std::string, std::size_t> rank;
        for (std::size_t k = 0; k < ours[g].second.size(); ++k)
            rank[ours[g].second[k].name] = k;
        if (!std::all_of(entries.begin(), entries.end(),
                         [&](const IdEntry& e) { return rank.count(e.name) > 0; }))
            continue;
        std::stable_sort(entries.begin(), entries.end(),
                         [&](const IdEntry& a, const IdEntry& b) { return rank[a.name] < rank[b.name]; });
        std::size_t k = theirs[g].first;
        const std::string indent =
            entries.front().lines.front().substr(0, entries.front().lines.front().find('"'));
        for (std::size_t e = 0; e < entries.size(); ++e)
            for (std::size_t l = 0; l < entries[e].lines.size(); ++l)
                expected[k++] = l + 1 == entries[e].lines.size()
                                    ? indent + (e + 1 < entries.size() ? "}," : "}")
                                    : entries[e].lines[l];
    }
}

// ifconfig lists interfaces by name, and veth names are random: order the recorded veth blocks by
// the names ours got.
void reorderVethBlocks(std::vector<std::string>& lines, const Renaming& names) {
    static const std::regex start(R"re(^(veth[0-9a-f]{7}): flags=)re");
    std::size_t i = 0;
    while (i < lines.size()) {
        std::smatch m;
        if (!std::regex_search(lines[i], m, start)) {
            ++i;
            continue;
        }
        std::vector<std::pair<std::string, std::vector<std::string>>> blocks;
        std::size_t j = i;
        while (j < lines.size() && std::regex_search(lines[j], m, start)) {
            std::pair<std::string, std::vector<std::string>> b{m[1].str(), {}};
            while (j < lines.size()) {
                b.second.push_back(lines[j]);
                ++j;
                if (b.second.back().empty()) break;
            }
            blocks.push_back(b);
        }
        bool known = std::all_of(blocks.begin(), blocks.end(),
                                 [&](const auto& b) { return names.mapped("veth", b.first).has_value(); });
        if (known) {
            std::stable_sort(blocks.begin(), blocks.end(), [&](const auto& a, const auto& b) {
                return *names.mapped("veth", a.first) < *names.mapped("veth", b.first);
            });
            std::size_t k = i;
            for (const auto& b : blocks)
                for (const auto& l : b.second)
                    lines[k++] = l;
        }
        i = j;
    }
}

bool derivedMac(const std::string& mac) {
    // Container MACs are 02:42 + the IPv4 address; those must match exactly.
    return mac.rfind("02:42:ac:", 0) == 0 || mac.rfind("02:42:0a:", 0) == 0 ||
           mac.rfind("02:42:c0:a8:", 0) == 0 || mac == "00:00:00:00:00:00" || mac == "ff:ff:ff:ff:ff:ff";
}

bool counterLine(const std::string& line) {
    static const std::regex re(R"(^\s*(RX packets|TX packets|RX errors|TX errors|RX bytes|collisions))");
    return std::regex_search(line, re);
}

bool compareLine(const std::string& expected, const std::string& actual, Renaming& names, std::string& why) {
    if (counterLine(expected) && counterLine(actual)) {
        // Packet counters are incidental values of the recorded machine (the facts sheet says so).
        static const std::regex digits(R"(\(\d+\.\d [KMGT]?i?B\)|\d+)");
        if (std::regex_replace(expected, digits, "N") == std::regex_replace(actual, digits, "N")) return true;
    }
    std::string le, la;
    std::vector<Token> te, ta;
    tokenize(expected, le, te);
    tokenize(actual, la, ta);
    if (le != la || te.size() != ta.size()) {
        why = "text differs";
        return false;
    }
    for (std::size_t i = 0; i < te.size(); ++i) {
        const auto& e = te[i];
        const auto& a = ta[i];
        if (e.cls == "time" || e.cls == "pid" || e.cls == "rtt") continue; // measured: random by nature
        if (e.cls == "mac" && derivedMac(e.text)) {
            if (e.text != a.text) {
                why = "MAC " + a.text + " should be " + e.text;
                return false;
            }
            continue;
        }
        bool ok = e.cls == "id" ? names.pairId(e.text, a.text, why) : names.pair(e.cls, e.text, a.text, why);
        if (!ok) return false;
    }
    return true;
}

} // namespace

TranscriptResult checkTranscript(const std::string& goldenText, const std::string& name) {
    TranscriptResult result;
    auto lines = splitLines(goldenText);
    // Settings come first.
    LabSettings settings = *LabSettings::preset("seed");
    bool exitStatus = false;
    std::size_t i = 0;
    for (; i < lines.size() && lines[i].rfind("#% ", 0) == 0; ++i) {
        std::string d = lines[i].substr(3);
        if (d.rfind("lab: ", 0) == 0) {
            settings = *LabSettings::preset(d.substr(5));
            result.cliOptions.insert(result.cliOptions.end(), {"--lab", d.substr(5)});
        } else if (d.rfind("set: ", 0) == 0) {
            const std::string kv = d.substr(5);
            if (auto colon = kv.find(": "); colon != std::string::npos)
                result.cliOptions.insert(result.cliOptions.end(),
                                         {"--set", kv.substr(0, colon) + "=" + kv.substr(colon + 2)});
            if (auto err = settings.apply(d.substr(5)))
                result.failures.push_back(name + ": bad setting: " + *err);
        } else if (d == "exit-status")
            exitStatus = true;
        else
            break;
    }
    result.updated.assign(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(i));
    Lab lab(settings);
    shell::Terminal term(lab);
    Renaming names;
    bool skipNext = false, noIndentNext = false, truncatedNext = false;
    auto pause = [&](Nanos d) {
        lab.advance(d);
        result.script.push_back("sleep " +
                                std::to_string(static_cast<double>(d) / static_cast<double>(kSecond)));
    };
    auto run = [&](const std::string& command, std::string& out) {
        result.script.push_back(command);
        return term.execute(
            command, [&](const std::string& s) { out += s; }, [&](const std::string& s) { out += s; });
    };
    while (i < lines.size()) {
        const std::string& line = lines[i];
        if (line.rfind("#% ", 0) == 0) {
            result.updated.push_back(line);
            std::string d = line.substr(3);
            if (d == "skip-output")
                skipNext = true;
            else if (d.rfind("note:", 0) == 0) {
            } else if (d == "no-indent")
                noIndentNext = true;
            else if (d.rfind("set-now: ", 0) == 0) {
                if (auto err = lab.changeSettings(d.substr(9))) result.failures.push_back(name + ": " + *err);
            } else if (d == "truncated")
                truncatedNext = true;
            else if (d.rfind("ping-interrupt-after: ", 0) == 0)
                term.setPingInterruptAfter(std::stoi(d.substr(22)));
            else if (d.rfind("at: ", 0) == 0) {
                // Absolute time since the lab started, as the recorded timestamps show it.
                Nanos start = 0;
                parseLocalTime(settings.start, settings.zone, start);
                Nanos target = start + static_cast<Nanos>(std::stod(d.substr(4)) * kSecond);
                if (target > lab.now()) pause(target - lab.now());
            } else if (d.rfind("next-ifindex: ", 0) == 0)
                lab.kernel().setNextIfindex(std::stoi(d.substr(14)));
            else if (d.rfind("sleep: ", 0) == 0)
                pause(static_cast<Nanos>(std::stod(d.substr(7)) * kSecond));
            else if (d.rfind("do: ", 0) == 0) {
                std::string ignored;
                run(names.translate(d.substr(4)), ignored);
            } else {
                result.failures.push_back(name + ": unknown directive: " + line);
            }
            ++i;
            continue;
        }
        // The prompt must match, up to the IDs in it.
        std::string prompt = term.prompt();
        std::string expPromptPart = line.substr(0, std::min(line.size(), prompt.size()));
        std::string why;
        if (line.size() < prompt.size() && line + " " != prompt) {
            result.failures.push_back(name + ":" + std::to_string(i + 1) + ": expected a prompt \"" + prompt +
                                      "\", found: " + line);
            result.ok = false;
            break;
        }
        if (!compareLine(expPromptPart, prompt, names, why) && line + " " != prompt) {
            result.failures.push_back(name + ":" + std::to_string(i + 1) + ": prompt is \"" + prompt +
                                      "\", transcript has: " + line + " (" + why + ")");
            result.ok = false;
            break;
        }
        std::string command = line.size() >= prompt.size() ? line.substr(prompt.size()) : "";
        result.updated.push_back(command.empty() && line + " " == prompt ? line
                                                                         : prompt + names.translate(command));
        ++i;
        // The expected output runs up to the next prompt line or directive.
        std::string out;
        int status = run(names.translate(command), out);
        if (exitStatus) out += "[exit " + std::to_string(status) + "]\n";
        ++result.commands;
        std::vector<std::string> actual = splitLines(out);
        std::vector<std::string> expected;
        std::string nextPrompt = term.prompt();
        while (i < lines.size() && lines[i].rfind("#% ", 0) != 0) {
            std::string l = lines[i];
            std::string p = l.substr(0, std::min(l.size(), nextPrompt.size()));
            std::string ignored;
            Renaming probe = names;
            bool looksLikePrompt =
                (l.size() >= nextPrompt.size() && compareLine(p, nextPrompt, probe, ignored)) ||
                l + " " == nextPrompt;
            if (looksLikePrompt) break;
            expected.push_back(l);
            ++i;
        }
        const bool keepExpected = skipNext || noIndentNext || truncatedNext;
        result.updated.insert(result.updated.end(), keepExpected ? expected.begin() : actual.begin(),
                              keepExpected ? expected.end() : actual.end());
        if (skipNext) {
            skipNext = false;
            noIndentNext = false;
            continue;
        }
        ++result.compared;
        reorderIdKeyedEntries(expected, actual);
        reorderVethBlocks(expected, names);
        std::string diff;
        // A truncated source shows only the beginning of the output.
        std::size_t n = truncatedNext ? expected.size() : std::max(expected.size(), actual.size());
        truncatedNext = false;
        for (std::size_t k = 0; k < n; ++k) {
            std::string e = k < expected.size() ? expected[k] : "<missing>";
            std::string a = k < actual.size() ? actual[k] : "<missing>";
            if (noIndentNext) a = ltrim(a);
            std::string reason;
            if (k >= expected.size() || k >= actual.size() || !compareLine(e, a, names, reason)) {
                diff += "  line " + std::to_string(k + 1) + ": " +
                        (reason.empty() ? "" : "(" + reason + ")") + "\n    expected: [" + e +
                        "]\n    actual:   [" + a + "]\n";
                break;
            }
        }
        noIndentNext = false;
        if (!diff.empty()) {
            result.ok = false;
            result.failures.push_back(name + ": command `" + command + "`:\n" + diff);
        }
    }
    if (!result.failures.empty()) result.ok = false;
    return result;
}

} // namespace vethlab::testing
