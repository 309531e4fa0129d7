// The shell's grammar, as far as a student types it: quotes, escapes, $NAME and $(...), pipes, lists
// (;, &&, ||) and redirections to /dev/null. Pure: expansion is done through the callbacks the terminal
// gives, so the parser runs nothing itself.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vethlab::shell {

/// One command of a pipeline, with its words expanded and its redirections.
struct SimpleCommand {
    std::vector<std::string> argv;
    std::vector<std::pair<std::string, std::string>> assignments; // NAME=value words before argv
    bool dropOut = false, dropErr = false, errToOut = false;      // >/dev/null, 2>/dev/null, 2>&1
};

/// One part of a list and the operator before it ("" for the first, ";", "&", "&&" or "||").
struct ListPart {
    std::string op;
    std::string text;
    bool background = false; // ended by a lone &: it runs as a job while the shell goes on
};

/// Splits a command line at ;, &, && and || outside quotes and $(...), so that each part is expanded
/// only when it runs ($? and $(...) see the effects of the parts before). A comment ends the line.
std::vector<ListPart> splitLists(const std::string& line);

/// A syntax error as each shell words it: bash's "syntax error near unexpected token `X'" and busybox
/// ash's "syntax error: unexpected word (expecting \"do\")".
struct SyntaxError {
    enum Kind { None, UnexpectedToken, UnexpectedEof, BadForVariable } kind = None;
    std::string token;     // the token bash names
    std::string expecting; // what ash expected ("do", "done"), "" if nothing
    std::string message(bool ash) const;
};

/// `for NAME [in WORDS]; do BODY; done`, split into its parts (WORDS and BODY still unexpanded).
struct ForLoop {
    std::string name;
    bool hasIn = false;
    std::string words;
    std::string body;
    std::string rest; // what follows `done` (a pipe, a redirection): not supported yet
};

/// If `part` (from splitLists) is a `for` loop or starts with a stray `do`/`done`, parses it: returns
/// nullopt for anything else, a loop, or sets `error`.
std::optional<ForLoop> parseFor(const std::string& part, SyntaxError& error);

/// Parses one pipeline (a part from splitLists). `substitute` runs the text of a $(...) and returns
/// its output; `variable` gives the value of $NAME (and of $?).
class Parser {
public:
    using Expand = std::function<std::string(const std::string&)>;

    Parser(std::string text, Expand substitute, Expand variable)
        : s_(std::move(text)), substitute_(std::move(substitute)), variable_(std::move(variable)) {}

    /// The pipeline's commands in order, or nullopt with `error` set to the shell's message
    /// (without the "-bash: " prefix).
    std::optional<std::vector<SimpleCommand>> parse(std::string& error);

private:
    std::string dollar(std::size_t& i);
    bool redirection(std::size_t& i, SimpleCommand& cmd, std::string& error);

    std::string s_;
    std::string error_; // set by dollar(): a syntax error found inside $(...)
    Expand substitute_;
    Expand variable_;
};

} // namespace vethlab::shell
