// The parse tree of Go's text/template and its parser (Go 1.19's grammar and error texts). Nodes
// keep their byte position and print themselves as Go's Node.String() does, because execution
// errors quote them: `template: :1:2: executing "" at <.Foo>: ...`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vethlab::shell::gotmpl {

struct Node {
    enum class Kind {
        List,
        Text,
        Action,
        If,
        Range,
        With,
        Pipe,
        Command,
        Field,
        Chain,
        Variable,
        Identifier,
        Dot,
        Nil,
        Bool,
        Number,
        String,
        Break,
        Continue,
        Template,
        End,
        Else,
    };
    Kind kind = Kind::List;
    std::size_t pos = 0;
    int line = 0;

    std::string text;               // Text, Identifier, Number (as written), String (unquoted), Template name
    std::string quoted;             // String as written
    std::vector<std::string> ident; // Field and Variable (name then fields), Chain fields
    std::vector<std::unique_ptr<Node>> nodes; // List items, Command args, Pipe commands
    std::vector<std::unique_ptr<Node>> decl;  // Pipe: declared or assigned variables
    bool isAssign = false;                    // Pipe: `=` rather than `:=`
    std::unique_ptr<Node> pipe;               // Action/If/Range/With/Template pipeline; Chain's term
    std::unique_ptr<Node> list, elseList;     // If/Range/With bodies

    bool truth = false; // Bool
    bool isInt = false, isUint = false, isFloat = false;
    std::int64_t intValue = 0;
    std::uint64_t uintValue = 0;
    double floatValue = 0;

    std::string str() const;
};

/// A parsed template: its body and the templates it defines ({{define}}, {{block}}).
struct Tree {
    std::unique_ptr<Node> root;
    std::map<std::string, std::unique_ptr<Node>> defined;
    std::string text; // the source, for error positions
};

/// Parses `text`; `functions` are the names the template may call. On error returns nullopt and
/// sets `error` to Go's message ("template: :1: function \"foo\" not defined").
std::optional<Tree> parseTemplate(const std::string& text, const std::set<std::string>& functions,
                                  std::string& error);

/// The deepest nesting of actions and parentheses accepted (Go's parser limits expression depth too);
/// it keeps the recursive parser and evaluator well inside the thread's stack.
constexpr int kMaxTemplateDepth = 1000;

} // namespace vethlab::shell::gotmpl
