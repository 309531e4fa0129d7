#include "shell_parser.h"

#include <cctype>

namespace vethlab::shell {
namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

} // namespace

std::vector<ListPart> splitLists(const std::string& s) {
    std::vector<ListPart> parts;
    std::string op, cur;
    int depth = 0;
    char quote = 0;
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
            continue;
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
        else if (depth == 0 && c == '&' && (i + 1 >= s.size() || (s[i + 1] != '&' && s[i + 1] != '>')) &&
                 (cur.empty() || (cur.back() != '>' && cur.back() != '<'))) {
            // A lone & ends a command that runs in the background (a job); the list goes on after it.
            parts.push_back({op, cur, true});
            op = "&";
            cur.clear();
            continue;
        } else if (depth == 0 && (c == ';' || (c == '&' && i + 1 < s.size() && s[i + 1] == '&') ||
                                  (c == '|' && i + 1 < s.size() && s[i + 1] == '|'))) {
            parts.push_back({op, cur});
            op = c == ';' ? ";" : std::string(2, c);
            if (c != ';') ++i;
            cur.clear();
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
    auto endWord = [&] {
        if (inWord) cmd.argv.push_back(word);
        word.clear();
        inWord = false;
    };
    auto endCommand = [&] {
        endWord();
        if (!cmd.argv.empty()) out.push_back(cmd);
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
            auto close = s_.find('\'', i + 1);
            if (close == std::string::npos) {
                error = "unexpected EOF while looking for matching `''";
                return std::nullopt;
            }
            word += s_.substr(i + 1, close - i - 1);
            inWord = true;
            i = close + 1;
        } else if (c == '"') {
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
            word += s_[i + 1];
            inWord = true;
            i += 2;
        } else if (c == '$') {
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
