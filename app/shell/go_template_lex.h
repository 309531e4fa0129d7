// The lexer of Go's text/template (delimiters {{ }}, trim markers, comments), producing the same
// items, positions and error texts as Go 1.19's text/template/parse.
#pragma once

#include <string>
#include <vector>

namespace vethlab::shell::gotmpl {

enum class Tok {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // keywords
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
};

struct Token {
    Tok type = Tok::Eof;
    std::size_t pos = 0;
    std::string val;
    int line = 1;
    /// How Go's parser names the item in messages: EOF, <keyword>, or the quoted text.
    std::string describe() const;
};

/// All items up to and including EOF or the first error item.
std::vector<Token> lex(const std::string& input);

/// Go's strconv.Quote (printable UTF-8 kept, the rest escaped).
std::string goQuote(const std::string& s);
/// Go's strconv.Unquote of a "..." or `...` literal; false when malformed.
bool goUnquote(const std::string& lit, std::string& out, std::string& error);

} // namespace vethlab::shell::gotmpl
