// A scenario: one lesson as a Markdown document — a small front-matter header (id, titles, lab
// settings), then steps as "## " headings with narration in English and Simplified Chinese, console
// blocks (prompt, command, expected output) and checks. Parsed into plain data; the player builds the
// lab from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vethlab::scenario {

struct ConsoleLine {
    int line = 0;     // in the file, for error messages
    std::string text; // as written (may hold placeholders such as <ID>)
};

/// One console block: the lines as written; the player tells prompts from output as it runs.
struct ConsoleBlock {
    int line = 0;
    std::vector<ConsoleLine> lines;
};

/// A fact about the lab that is not terminal output: "reach tomcat81 tomcat82" (ping -c 1 succeeds),
/// "no-reach a b", "ip u3 172.17.0.3" (the container's address on its first network).
struct Check {
    int line = 0;
    std::string kind;
    std::vector<std::string> args;
};

/// A text written in both languages.
struct Bilingual {
    std::string en, zh;
    const std::string& in(const std::string& language) const { return language == "zh_CN" ? zh : en; }
};

/// An activity's goal: "- goal: reach client web | Reach web from client by name | 让 client 按名字连到 web".
/// Checked live, with the check language, against the student's own lab once its step has played.
struct Goal {
    Check check;
    Bilingual text;
};

/// A question asked before its step plays ("- predict: reach tomcat82 tomcat81 | Will tomcat82 reach
/// tomcat81 by name? | ..."): the student answers yes or no; the check, run after the step, reveals.
struct Prediction {
    Check check;
    Bilingual question;
};

struct Step {
    int line = 0;
    std::string title; // "Two containers on docker0 / 两个容器接入 docker0"
    std::string narrationEn, narrationZh;
    std::vector<ConsoleBlock> blocks;
    std::vector<Check> checks;
    std::vector<Goal> goals;      // the student's activity once this step has played
    std::vector<Bilingual> hints; // "- hint: English | 中文"
    std::optional<Prediction> predict;
};

struct Scenario {
    std::string path;
    std::string id, title, titleZh;
    std::string labSettings; // "key: value" lines for LabSettings::apply
    std::vector<Step> steps;
};

/// Parses a scenario; on error returns nullopt and sets `error` to "file:line: message".
std::optional<Scenario> parseScenario(const std::string& text, const std::string& path, std::string& error);

} // namespace vethlab::scenario
