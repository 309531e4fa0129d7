#include "scenario.h"

#include <set>
#include <sstream>

#include "util/text.h"

namespace vethlab::scenario {
namespace {

// "reach a b" into a check; an error message when it is not one.
std::optional<std::string> parseCheck(const std::string& text, int lineNo, Check& c) {
    static const std::set<std::string> kChecks = {"reach", "no-reach", "ip"};
    std::istringstream words(text);
    c = Check{lineNo, "", {}};
    words >> c.kind;
    std::string w;
    while (words >> w)
        c.args.push_back(w);
    if (!kChecks.count(c.kind)) return "unknown check '" + c.kind + "' (reach, no-reach, ip)";
    if (c.args.size() != 2) return "a check takes two arguments";
    return std::nullopt;
}

std::vector<std::string> splitBars(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (;;) {
        const auto bar = text.find('|', from);
        parts.push_back(trim(text.substr(from, bar == std::string::npos ? std::string::npos : bar - from)));
        if (bar == std::string::npos) return parts;
        from = bar + 1;
    }
}

} // namespace

std::optional<Scenario> parseScenario(const std::string& text, const std::string& path, std::string& error) {
    Scenario s;
    s.path = path;
    const auto lines = splitLines(text);
    auto fail = [&](int line, const std::string& message) -> std::optional<Scenario> {
        error = path + ":" + std::to_string(line) + ": " + message;
        return std::nullopt;
    };
    std::size_t i = 0;
    if (lines.empty() || trim(lines[0]) != "---") return fail(1, "a scenario starts with a '---' header");
    bool inLab = false;
    for (i = 1; i < lines.size() && trim(lines[i]) != "---"; ++i) {
        const std::string& raw = lines[i];
        const int lineNo = static_cast<int>(i + 1);
        if (trim(raw).empty() || trim(raw)[0] == '#') continue;
        if (inLab && (raw.rfind("  ", 0) == 0 || raw.rfind("\t", 0) == 0)) {
            s.labSettings += trim(raw) + "\n";
            continue;
        }
        inLab = false;
        auto colon = raw.find(':');
        if (colon == std::string::npos) return fail(lineNo, "expected 'key: value' in the header");
        const std::string key = trim(raw.substr(0, colon)), value = trim(raw.substr(colon + 1));
        if (key == "id")
            s.id = value;
        else if (key == "title")
            s.title = value;
        else if (key == "title_zh")
            s.titleZh = value;
        else if (key == "lab" && value.empty())
            inLab = true;
        else
            return fail(lineNo, "unknown header key '" + key + "'");
    }
    if (i >= lines.size()) return fail(static_cast<int>(lines.size()), "the header is not closed with '---'");
    if (s.id.empty()) return fail(1, "the header needs an id");
    if (s.title.empty() || s.titleZh.empty()) return fail(1, "the header needs title and title_zh");

    Step* step = nullptr;
    std::string* narration = nullptr;
    for (++i; i < lines.size(); ++i) {
        const std::string& raw = lines[i];
        const int lineNo = static_cast<int>(i + 1);
        const std::string t = trim(raw);
        if (raw.rfind("## ", 0) == 0) {
            s.steps.emplace_back();
            step = &s.steps.back();
            step->line = lineNo;
            step->title = trim(raw.substr(3));
            narration = nullptr;
            continue;
        }
        if (raw.rfind("# ", 0) == 0 && !step) continue; // the document's own title
        if (!step) {
            if (t.empty()) continue;
            return fail(lineNo, "text before the first '## ' step");
        }
        if (t == "<!-- en -->") {
            narration = &step->narrationEn;
            continue;
        }
        if (t == "<!-- zh_CN -->") {
            narration = &step->narrationZh;
            continue;
        }
        if (t.rfind("```", 0) == 0) {
            if (t != "```console") return fail(lineNo, "code blocks in a scenario are ```console blocks");
            ConsoleBlock block{lineNo, {}};
            for (++i; i < lines.size() && trim(lines[i]) != "```"; ++i)
                block.lines.push_back({static_cast<int>(i + 1), lines[i]});
            if (i >= lines.size()) return fail(lineNo, "the console block is not closed");
            if (block.lines.empty()) return fail(lineNo, "an empty console block");
            step->blocks.push_back(block);
            narration = nullptr;
            continue;
        }
        if (t.rfind("- check:", 0) == 0) {
            Check c;
            if (auto err = parseCheck(t.substr(8), lineNo, c)) return fail(lineNo, *err);
            step->checks.push_back(c);
            continue;
        }
        // Activities: "- goal: CHECK | English | 中文", "- hint: English | 中文",
        // "- predict: CHECK | English question | 中文问题".
        bool activity = false;
        for (const char* kind : {"- goal:", "- hint:", "- predict:"}) {
            const std::string key = kind;
            if (t.rfind(key, 0) != 0) continue;
            const auto parts = splitBars(t.substr(key.size()));
            const bool hint = key == "- hint:";
            if (parts.size() != (hint ? 2U : 3U) || parts.back().empty() || parts[parts.size() - 2].empty())
                return fail(lineNo, hint ? "a hint is 'English | 中文'"
                                         : "write '" + key + " CHECK | English | 中文'");
            const Bilingual words{parts[parts.size() - 2], parts.back()};
            if (hint) {
                step->hints.push_back(words);
            } else {
                Check c;
                if (auto err = parseCheck(parts[0], lineNo, c)) return fail(lineNo, *err);
                if (key == "- goal:")
                    step->goals.push_back({c, words});
                else if (step->predict)
                    return fail(lineNo, "a step asks one question");
                else
                    step->predict = Prediction{c, words};
            }
            narration = nullptr;
            activity = true;
            break;
        }
        if (activity) continue;
        if (narration)
            *narration += raw + "\n";
        else if (!t.empty())
            return fail(lineNo, "narration must follow <!-- en --> or <!-- zh_CN -->");
    }
    if (s.steps.empty())
        return fail(static_cast<int>(lines.size()), "a scenario needs at least one '## ' step");
    for (const auto& st : s.steps)
        if (trim(st.narrationEn).empty() || trim(st.narrationZh).empty())
            return fail(st.line, "every step is narrated in English and in Chinese");
    return s;
}

} // namespace vethlab::scenario
