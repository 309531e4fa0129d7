#include "shell_parser.h"

#include <algorithm>
#include <cctype>

namespace vethlab::shell {
namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

bool isName(const std::string& w) {
    if (w.empty() || std::isdigit(static_cast<unsigned char>(w[0]))) return false;
    return std::all_of(w.begin(), w.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

} // namespace

std::vector<ListPart> splitLists(const std::string& s) {
    std::vector<ListPart> parts;
    std::string op, cur;
    int depth = 0;
    char quote = 0;
    // Inside for/while/if ... done/fi the separators belong to the compound command: it is one part.
    int nest = 0;
    std::string word;         // the bare word being read, to spot the keywords
    bool commandStart = true; // the word being read is in command position
    auto endWord = [&] {
        if (word.empty()) return;
        if (commandStart) {
            if (word == "for" || word == "while" || word == "until" || word == "if")
                ++nest;
            else if ((word == "done" || word == "fi") && nest > 0)
                --nest;
        }
        commandStart = word == "do" || word == "then" || word == "else" || word == "elif" || word == "if" ||
                       word == "while" || word == "until";
        word.clear();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quote) {
            if (c == '\\' && quote == '"' && i + 1 < s.size()) {
                cur += c;
                cur += s[++i];
                continue;
            }
            if (c == quote) quote = 0;
            cur += c;
            continue;
        }
        if (c == '\\' && i + 1 < s.size()) {
            cur += c;
            cur += s[++i];
            word += "\\";
            continue;
        }
        const bool separator = c == ';' || c == '\n' || (c == '&' && i + 1 < s.size() && s[i + 1] == '&') ||
                               (c == '|' && i + 1 < s.size() && s[i + 1] == '|');
        // A lone & (not &&, &>, 2>&1) ends a command that runs in the background.
        const bool loneAmp = c == '&' && !separator && (i + 1 >= s.size() || s[i + 1] != '>') &&
                             (cur.empty() || (cur.back() != '>' && cur.back() != '<'));
        if (depth == 0 && (c == ' ' || c == '\t' || separator || loneAmp || c == '|')) {
            endWord();
            if (separator || loneAmp || c == '|') commandStart = true;
        } else if (depth == 0) {
            word += c;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '$' && i + 1 < s.size() && s[i + 1] == '(') {
            ++depth;
            cur += "$(";
            ++i;
            continue;
        } else if (c == ')' && depth > 0)
            --depth;
        else if (c == '#' && depth == 0 && (cur.empty() || cur.back() == ' '))
            break;
        else if (depth == 0 && nest == 0 && loneAmp) {
            // A job; the list goes on after it.
            parts.push_back({op, cur, true});
            op = "&";
            cur.clear();
            continue;
        } else if (depth == 0 && nest == 0 && separator) {
            parts.push_back({op, cur});
            op = c == ';' || c == '\n' ? ";" : std::string(2, c);
            if (c == '&' || c == '|') ++i;
            cur.clear();
            continue;
        } else if (separator && c != ';' && c != '\n') { // && or || inside a compound: keep both characters
            cur += c;
            cur += s[++i];
            continue;
        }
        cur += c;
    }
    parts.push_back({op, cur});
    return parts;
}

std::optional<std::vector<SimpleCommand>> Parser::parse(std::string& error) {
    std::vector<SimpleCommand> out;
    SimpleCommand cmd;
    std::string word;
    bool inWord = false;
    bool plain = true;       // the word so far is unquoted literal text
    bool assignment = false; // the word is NAME=value before the command's name: no field splitting
    auto endWord = [&] {
        if (inWord && assignment) {
            const auto eq = word.find('=');
            cmd.assignments.emplace_back(word.substr(0, eq), word.substr(eq + 1));
        } else if (inWord) {
            cmd.argv.push_back(word);
        }
        word.clear();
        inWord = false;
        plain = true;
        assignment = false;
    };
    auto endCommand = [&] {
        endWord();
        if (!cmd.argv.empty() || !cmd.assignments.empty()) out.push_back(cmd);
        cmd = SimpleCommand{};
    };
    std::size_t i = 0;
    while (i < s_.size()) {
        const char c = s_[i];
        if (c == '#' && !inWord) break;
        if (isBlank(c)) {
            endWord();
            ++i;
        } else if (c == '\'') {
            plain = false;
            auto close = s_.find('\'', i + 1);
            if (close == std::string::npos) {
                error = "unexpected EOF while looking for matching `''";
                return std::nullopt;
            }
            word += s_.substr(i + 1, close - i - 1);
            inWord = true;
            i = close + 1;
        } else if (c == '"') {
            plain = false;
            inWord = true;
            for (++i; i < s_.size() && s_[i] != '"';) {
                if (s_[i] == '\\' && i + 1 < s_.size() &&
                    std::string("\"\\$`").find(s_[i + 1]) != std::string::npos) {
                    word += s_[i + 1];
                    i += 2;
                } else if (s_[i] == '$') {
                    word += dollar(i);
                } else {
                    word += s_[i++];
                }
            }
            if (i >= s_.size()) {
                error = "unexpected EOF while looking for matching `\"'";
                return std::nullopt;
            }
            ++i;
        } else if (c == '\\' && i + 1 < s_.size()) {
            plain = false;
            word += s_[i + 1];
            inWord = true;
            i += 2;
        } else if (c == '$' && assignment) {
            word += dollar(i);
        } else if (c == '$') {
            plain = false;
            // Unquoted: the expansion is split into words at blanks and newlines.
            std::string part;
            for (char v : dollar(i)) {
                if (isBlank(v) || v == '\n') {
                    if (!part.empty() || inWord) {
                        word += part;
                        inWord = true; // (a first field alone was dropped here: `echo $(echo a b)` gave "b")
                        endWord();
                    }
                    part.clear();
                } else {
                    part += v;
                }
            }
            if (!part.empty()) {
                word += part;
                inWord = true;
            }
        } else if (c == '|' || c == '&') { // a pipe; a lone & (background) ends the command too
            endCommand();
            ++i;
        } else if (c == '>' || ((c == '2' || c == '1') && !inWord && i + 1 < s_.size() && s_[i + 1] == '>')) {
            if (!redirection(i, cmd, error)) return std::nullopt;
        } else {
            if (c == '=' && plain && !assignment && cmd.argv.empty() && isName(word)) assignment = true;
            word += c;
            inWord = true;
            ++i;
        }
    }
    if (!error_.empty()) {
        error = error_;
        return std::nullopt;
    }
    endCommand();
    return out;
}

// At '>', "2>" or "1>": `>&N` (only 2>&1 means something here) or `> /dev/null`; other files are
// not simulated.
bool Parser::redirection(std::size_t& i, SimpleCommand& cmd, std::string& error) {
    const bool err = s_[i] == '2';
    if (s_[i] != '>') ++i;
    ++i; // past '>'
    if (i < s_.size() && s_[i] == '&') {
        std::string target;
        for (++i; i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]));)
            target += s_[i++];
        if (err && target == "1") cmd.errToOut = true;
        return true;
    }
    while (i < s_.size() && s_[i] == ' ')
        ++i;
    std::string target;
    while (i < s_.size() && s_[i] != ' ' && s_[i] != ';' && s_[i] != '|' && s_[i] != '&')
        target += s_[i++];
    if (target != "/dev/null") {
        error = "vethlab: redirection to files is not supported (only /dev/null)";
        return false;
    }
    (err ? cmd.dropErr : cmd.dropOut) = true;
    return true;
}

std::string Parser::dollar(std::size_t& i) {
    if (i + 1 < s_.size() && s_[i + 1] == '(') {
        int depth = 1;
        std::size_t j = i + 2;
        while (j < s_.size() && depth) {
            if (s_[j] == '(') ++depth;
            if (s_[j] == ')') --depth;
            ++j;
        }
        if (depth) { // never substitute an unclosed $(: each level would re-copy the rest of the line
            error_ = "unexpected EOF while looking for matching `)'";
            i = s_.size();
            return {};
        }
        std::string inner = s_.substr(i + 2, j - i - 3);
        i = j;
        std::string out = substitute_(inner);
        while (!out.empty() && out.back() == '\n')
            out.pop_back();
        return out;
    }
    std::size_t j = i + 1;
    const bool braced = j < s_.size() && s_[j] == '{';
    if (braced) ++j;
    std::string name;
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_' ||
                             (name.empty() && s_[j] == '?'))) {
        name += s_[j++];
        if (name == "?") break;
    }
    if (braced && j < s_.size() && s_[j] == '}') ++j;
    if (name.empty()) {
        ++i;
        return "$";
    }
    i = j;
    return variable_(name);
}

} // namespace vethlab::shell

namespace vethlab::shell {
namespace {

// One token of a compound command: a word (quotes and $(...) kept whole) or an operator.
struct Token {
    std::string text;
    std::size_t begin = 0, end = 0;
    bool op = false;
};

Token nextToken(const std::string& s, std::size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    Token t;
    t.begin = i;
    if (i >= s.size()) return t;
    if (s[i] == ';' || s[i] == '\n' || s[i] == '|' || s[i] == '&') {
        t.op = true;
        t.text = s[i++];
        if (i < s.size() && (t.text == "|" || t.text == "&") && s[i] == t.text[0]) t.text += s[i++];
        t.end = i;
        return t;
    }
    char quote = 0;
    int depth = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == '\\' && quote == '"' && i + 1 < s.size())
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '\\' && i + 1 < s.size()) {
            ++i;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (depth == 0 && std::string(" \t;\n|&").find(c) != std::string::npos) {
            break;
        }
    }
    t.end = i;
    t.text = s.substr(t.begin, i - t.begin);
    return t;
}

bool isSeparator(const Token& t) {
    return t.op && (t.text == ";" || t.text == "\n");
}

bool isKeyword(const std::string& w) {
    static const char* const kKeywords[] = {"do", "done", "then", "fi", "else", "elif", "in", "esac"};
    return std::any_of(std::begin(kKeywords), std::end(kKeywords), [&](const char* k) { return w == k; });
}

} // namespace

std::string SyntaxError::message(bool ash) const {
    const std::string expect = expecting.empty() ? "" : " (expecting \"" + expecting + "\")";
    if (ash) {
        switch (kind) {
        case BadForVariable:
            return "syntax error: bad for loop variable";
        case UnexpectedEof:
            return "syntax error: unexpected end of file" + expect;
        default:
            return "syntax error: unexpected " +
                   (isKeyword(token) || token == "|" || token == ";" ? "\"" + token + "\""
                                                                     : std::string("word")) +
                   expect;
        }
    }
    switch (kind) {
    case BadForVariable:
        return "`" + token + "': not a valid identifier";
    case UnexpectedEof:
        return "syntax error: unexpected end of file";
    default:
        return "syntax error near unexpected token `" + token + "'";
    }
}

std::optional<ForLoop> parseFor(const std::string& part, SyntaxError& error) {
    std::size_t i = 0;
    Token t = nextToken(part, i);
    auto fail = [&](SyntaxError::Kind kind, const std::string& token, const std::string& expecting) {
        error = SyntaxError{kind, token, expecting};
        return std::nullopt;
    };
    if (t.text == "do" || t.text == "done") return fail(SyntaxError::UnexpectedToken, t.text, "");
    if (t.text != "for") return std::nullopt;
    ForLoop loop;
    t = nextToken(part, i);
    if (t.text.empty()) return fail(SyntaxError::UnexpectedEof, "", "");
    if (t.op) return fail(SyntaxError::UnexpectedToken, t.text, "");
    if (!isName(t.text)) return fail(SyntaxError::BadForVariable, t.text, "");
    loop.name = t.text;
    t = nextToken(part, i);
    if (t.text == "in") {
        loop.hasIn = true;
        const std::size_t from = i;
        do
            t = nextToken(part, i);
        while (!t.text.empty() && !isSeparator(t));
        if (t.text.empty()) return fail(SyntaxError::UnexpectedEof, "", "do");
        loop.words = part.substr(from, t.begin - from);
    }
    while (isSeparator(t))
        t = nextToken(part, i);
    if (t.text.empty()) return fail(SyntaxError::UnexpectedEof, "", "do");
    if (t.text != "do") return fail(SyntaxError::UnexpectedToken, t.text, "do");
    // The body runs to the `done` that closes this loop; nested loops and ifs open their own.
    const std::size_t bodyBegin = i;
    int nest = 0;
    bool commandStart = true, empty = true;
    for (t = nextToken(part, i); !t.text.empty(); t = nextToken(part, i)) {
        if (t.op) {
            commandStart = true;
            continue;
        }
        if (commandStart && (t.text == "for" || t.text == "while" || t.text == "until" || t.text == "if"))
            ++nest;
        if (commandStart && (t.text == "done" || t.text == "fi")) {
            if (nest == 0) break;
            --nest;
        }
        empty = false;
        commandStart = t.text == "do" || t.text == "then" || t.text == "else" || t.text == "if" ||
                       t.text == "while" || t.text == "until";
    }
    if (t.text.empty()) return fail(SyntaxError::UnexpectedEof, "", "done");
    if (empty) return fail(SyntaxError::UnexpectedToken, "done", "");
    loop.body = part.substr(bodyBegin, t.begin - bodyBegin);
    loop.rest = part.substr(t.end);
    return loop;
}

} // namespace vethlab::shell
