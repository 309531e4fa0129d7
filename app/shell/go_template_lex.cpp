#include "go_template_lex.h"

#include <cstdio>
#include <map>

#include "util/text.h"

namespace vethlab::shell::gotmpl {
namespace {

constexpr int kEof = -1;
const std::string kLeft = "{{";
const std::string kRight = "}}";

bool isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
}

// Letters and digits; any non-ASCII rune counts as a letter (the lab's templates are ASCII).
bool isAlphaNumeric(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
           r >= 0x80;
}

bool startsWith(const std::string& s, std::size_t pos, const std::string& prefix) {
    return pos <= s.size() && s.compare(pos, prefix.size(), prefix) == 0;
}

bool hasLeftTrimMarker(const std::string& s, std::size_t pos) {
    return pos + 1 < s.size() && s[pos] == '-' && isSpace(s[pos + 1]);
}

bool hasRightTrimMarker(const std::string& s, std::size_t pos) {
    return pos + 1 < s.size() && isSpace(s[pos]) && s[pos + 1] == '-';
}

// Decodes one UTF-8 rune at pos; sets width.
int decodeRune(const std::string& s, std::size_t pos, std::size_t& width) {
    auto c = static_cast<unsigned char>(s[pos]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (pos + n > s.size()) n = 1;
    width = n;
    if (n == 1) return c < 0x80 ? c : 0xFFFD;
    int r = c & (0x7F >> n);
    for (std::size_t i = 1; i < n; ++i)
        r = (r << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
    return r;
}

std::string encodeRune(int r) {
    std::string out;
    appendUtf8(out, static_cast<unsigned>(r));
    return out;
}

// fmt's %#U: U+0041 'A'.
std::string runeDesc(int r) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
    std::string s = buf;
    if (r >= 0x20 && r != 0x7F) s += " '" + encodeRune(r) + "'";
    return s;
}

class Lexer {
public:
    explicit Lexer(const std::string& in) : in_(in) {}

    std::vector<Token> run() {
        using State = bool (Lexer::*)();
        State state = &Lexer::lexText;
        while (true) {
            bool more = (this->*state)();
            if (!more) break;
            state = next_;
        }
        return std::move(items_);
    }

private:
    using StateFn = bool (Lexer::*)();

    int next() {
        if (pos_ >= in_.size()) {
            atEof_ = true;
            return kEof;
        }
        std::size_t w = 1;
        int r = decodeRune(in_, pos_, w);
        pos_ += w;
        lastWidth_ = w;
        return r;
    }
    int peek() {
        int r = next();
        backup();
        return r;
    }
    void backup() {
        if (!atEof_ && pos_ > 0) pos_ -= lastWidth_; // at the end, Go's lexer stays there
    }
    // Lines are counted incrementally: items only move forward through the input.
    int lineAt(std::size_t p) {
        for (; counted_ < p && counted_ < in_.size(); ++counted_)
            if (in_[counted_] == '\n') ++line_;
        return line_;
    }
    void emit(Tok t) {
        items_.push_back({t, start_, in_.substr(start_, pos_ - start_), lineAt(start_)});
        start_ = pos_;
    }
    void ignore() { start_ = pos_; }
    bool accept(const std::string& valid) {
        int r = next();
        if (r != kEof && valid.find(static_cast<char>(r)) != std::string::npos) return true;
        backup();
        return false;
    }
    void acceptRun(const std::string& valid) {
        while (true) {
            int r = next();
            if (r == kEof || valid.find(static_cast<char>(r)) == std::string::npos) break;
        }
        backup();
    }
    bool errorf(const std::string& msg) {
        items_.push_back({Tok::Error, start_, msg, lineAt(start_)});
        return false;
    }
    bool go(StateFn f) {
        next_ = f;
        return true;
    }
    bool atTerminator() {
        int r = peek();
        if (isSpace(r)) return true;
        switch (r) {
        case kEof:
        case '.':
        case ',':
        case '|':
        case ':':
        case ')':
        case '(':
            return true;
        default:
            return startsWith(in_, pos_, kRight);
        }
    }
    // (is a delimiter, with a trim marker)
    std::pair<bool, bool> atRightDelim() {
        if (hasRightTrimMarker(in_, pos_) && startsWith(in_, pos_ + 2, kRight)) return {true, true};
        if (startsWith(in_, pos_, kRight)) return {true, false};
        return {false, false};
    }
    std::size_t spacesBefore(std::size_t end) const {
        std::size_t n = 0;
        while (n < end - start_ && isSpace(in_[end - 1 - n]))
            ++n;
        return n;
    }
    std::size_t spacesAfter(std::size_t from) const {
        std::size_t n = 0;
        while (from + n < in_.size() && isSpace(in_[from + n]))
            ++n;
        return n;
    }

    bool lexText() {
        auto x = in_.find(kLeft, pos_);
        if (x != std::string::npos) {
            pos_ = x;
            std::size_t trim = hasLeftTrimMarker(in_, pos_ + kLeft.size()) ? spacesBefore(pos_) : 0;
            pos_ -= trim;
            if (pos_ > start_) emit(Tok::Text);
            pos_ += trim;
            ignore();
            return go(&Lexer::lexLeftDelim);
        }
        pos_ = in_.size();
        if (pos_ > start_) emit(Tok::Text);
        emit(Tok::Eof);
        return false;
    }

    bool lexLeftDelim() {
        pos_ += kLeft.size();
        bool trim = hasLeftTrimMarker(in_, pos_);
        std::size_t after = trim ? 2 : 0;
        if (startsWith(in_, pos_ + after, "/*")) {
            pos_ += after;
            ignore();
            return go(&Lexer::lexComment);
        }
        emit(Tok::LeftDelim);
        pos_ += after;
        ignore();
        parenDepth_ = 0;
        return go(&Lexer::lexInsideAction);
    }

    bool lexComment() {
        pos_ += 2;
        auto i = in_.find("*/", pos_);
        if (i == std::string::npos) return errorf("unclosed comment");
        pos_ = i + 2;
        auto [delim, trim] = atRightDelim();
        if (!delim) return errorf("comment ends before closing delimiter");
        if (trim) pos_ += 2;
        pos_ += kRight.size();
        if (trim) pos_ += spacesAfter(pos_);
        ignore();
        return go(&Lexer::lexText);
    }

    bool lexRightDelim() {
        bool trim = hasRightTrimMarker(in_, pos_);
        if (trim) {
            pos_ += 2;
            ignore();
        }
        pos_ += kRight.size();
        emit(Tok::RightDelim);
        if (trim) {
            pos_ += spacesAfter(pos_);
            ignore();
        }
        return go(&Lexer::lexText);
    }

    bool lexInsideAction() {
        if (atRightDelim().first) {
            if (parenDepth_ == 0) return go(&Lexer::lexRightDelim);
            return errorf("unclosed left paren");
        }
        int r = next();
        if (r == kEof) return errorf("unclosed action");
        if (isSpace(r)) {
            backup();
            return go(&Lexer::lexSpace);
        }
        switch (r) {
        case '=':
            emit(Tok::Assign);
            return go(&Lexer::lexInsideAction);
        case ':':
            if (next() != '=') return errorf("expected :=");
            emit(Tok::Declare);
            return go(&Lexer::lexInsideAction);
        case '|':
            emit(Tok::Pipe);
            return go(&Lexer::lexInsideAction);
        case '"':
            return go(&Lexer::lexQuote);
        case '`':
            return go(&Lexer::lexRawQuote);
        case '$':
            return go(&Lexer::lexVariable);
        case '\'':
            return go(&Lexer::lexChar);
        case '(':
            emit(Tok::LeftParen);
            ++parenDepth_;
            return go(&Lexer::lexInsideAction);
        case ')':
            emit(Tok::RightParen);
            if (--parenDepth_ < 0) return errorf("unexpected right paren " + runeDesc(r));
            return go(&Lexer::lexInsideAction);
        default:
            break;
        }
        if (r == '.' && pos_ < in_.size() && (in_[pos_] < '0' || in_[pos_] > '9'))
            return go(&Lexer::lexField);
        if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
            backup();
            return go(&Lexer::lexNumber);
        }
        if (isAlphaNumeric(r)) {
            backup();
            return go(&Lexer::lexIdentifier);
        }
        if (r < 0x80 && r >= 0x20 && r != 0x7F) {
            emit(Tok::Char);
            return go(&Lexer::lexInsideAction);
        }
        return errorf("unrecognized character in action: " + runeDesc(r));
    }

    bool lexSpace() {
        int spaces = 0;
        while (isSpace(peek())) {
            next();
            ++spaces;
        }
        if (hasRightTrimMarker(in_, pos_ - 1) && startsWith(in_, pos_ - 1 + 2, kRight)) {
            backup();
            if (spaces == 1) return go(&Lexer::lexRightDelim);
        }
        emit(Tok::Space);
        return go(&Lexer::lexInsideAction);
    }

    bool lexIdentifier() {
        static const std::map<std::string, Tok> keywords = {{"block", Tok::Block},
                                                            {"break", Tok::Break},
                                                            {"continue", Tok::Continue},
                                                            {"define", Tok::Define},
                                                            {"else", Tok::Else},
                                                            {"end", Tok::End},
                                                            {"if", Tok::If},
                                                            {"range", Tok::Range},
                                                            {"nil", Tok::Nil},
                                                            {"template", Tok::Template},
                                                            {"with", Tok::With}};
        int r;
        while (isAlphaNumeric(r = next())) {
        }
        backup();
        if (!atTerminator()) return errorf("bad character " + runeDesc(r));
        std::string word = in_.substr(start_, pos_ - start_);
        if (auto k = keywords.find(word); k != keywords.end())
            emit(k->second);
        else if (word == "true" || word == "false")
            emit(Tok::Bool);
        else
            emit(Tok::Identifier);
        return go(&Lexer::lexInsideAction);
    }

    bool lexField() { return lexFieldOrVariable(Tok::Field); }

    bool lexVariable() {
        if (atTerminator()) {
            emit(Tok::Variable);
            return go(&Lexer::lexInsideAction);
        }
        return lexFieldOrVariable(Tok::Variable);
    }

    bool lexFieldOrVariable(Tok t) {
        if (atTerminator()) {
            emit(t == Tok::Variable ? Tok::Variable : Tok::Dot);
            return go(&Lexer::lexInsideAction);
        }
        int r;
        while (isAlphaNumeric(r = next())) {
        }
        backup();
        if (!atTerminator()) return errorf("bad character " + runeDesc(r));
        emit(t);
        return go(&Lexer::lexInsideAction);
    }

    bool lexChar() {
        while (true) {
            int r = next();
            if (r == '\\') {
                int e = next();
                if (e != kEof && e != '\n') continue;
                return errorf("unterminated character constant");
            }
            if (r == kEof || r == '\n') return errorf("unterminated character constant");
            if (r == '\'') break;
        }
        emit(Tok::CharConstant);
        return go(&Lexer::lexInsideAction);
    }

    bool scanNumber() {
        accept("+-");
        std::string digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX"))
                digits = "0123456789abcdefABCDEF_";
            else if (accept("oO"))
                digits = "01234567_";
            else if (accept("bB"))
                digits = "01_";
        }
        acceptRun(digits);
        if (accept(".")) acceptRun(digits);
        if (digits.size() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.size() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (isAlphaNumeric(peek())) {
            next();
            return false;
        }
        return true;
    }

    bool lexNumber() {
        if (!scanNumber()) return errorf("bad number syntax: " + goQuote(in_.substr(start_, pos_ - start_)));
        int sign = peek();
        if (sign == '+' || sign == '-') {
            if (!scanNumber() || in_[pos_ - 1] != 'i')
                return errorf("bad number syntax: " + goQuote(in_.substr(start_, pos_ - start_)));
            emit(Tok::Complex);
        } else {
            emit(Tok::Number);
        }
        return go(&Lexer::lexInsideAction);
    }

    bool lexQuote() {
        while (true) {
            int r = next();
            if (r == '\\') {
                int e = next();
                if (e != kEof && e != '\n') continue;
                return errorf("unterminated quoted string");
            }
            if (r == kEof || r == '\n') return errorf("unterminated quoted string");
            if (r == '"') break;
        }
        emit(Tok::String);
        return go(&Lexer::lexInsideAction);
    }

    bool lexRawQuote() {
        while (true) {
            int r = next();
            if (r == kEof) return errorf("unterminated raw quoted string");
            if (r == '`') break;
        }
        emit(Tok::RawString);
        return go(&Lexer::lexInsideAction);
    }

    const std::string& in_;
    std::size_t pos_ = 0, start_ = 0, lastWidth_ = 1, counted_ = 0;
    int line_ = 1;
    bool atEof_ = false;
    int parenDepth_ = 0;
    StateFn next_ = nullptr;
    std::vector<Token> items_;
};

} // namespace

std::vector<Token> lex(const std::string& input) {
    return Lexer(input).run();
}

std::string goQuote(const std::string& s) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        std::size_t w = 1;
        int r = decodeRune(s, i, w);
        if (r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
            out += "\\x";
            out += hex[static_cast<unsigned char>(s[i]) >> 4];
            out += hex[static_cast<unsigned char>(s[i]) & 0xF];
        } else if (r == '"' || r == '\\') {
            out += '\\';
            out += static_cast<char>(r);
        } else if (r >= 0x20 && r < 0x7F) {
            out += static_cast<char>(r);
        } else if (r >= 0xA0) {
            out += s.substr(i, w);
        } else {
            switch (r) {
            case '\a':
                out += "\\a";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\v':
                out += "\\v";
                break;
            default:
                if (r < 0x80) {
                    out += "\\x";
                    out += hex[r >> 4];
                    out += hex[r & 0xF];
                } else {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(r));
                    out += buf;
                }
            }
        }
        i += w;
    }
    return out + "\"";
}

namespace {

// \a \b \f \n \r \t \v \\ \" : the character, or 0 for another letter.
char simpleEscape(char c) {
    static const std::string from = "abfnrtv\\\"", to = "\a\b\f\n\r\t\v\\\"";
    const auto at = from.find(c);
    return at == std::string::npos ? 0 : to[at];
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// \xHH, \uHHHH, \UHHHHHHHH with lit[i] at the letter; `i` ends at the last digit.
bool unescapeHex(const std::string& lit, std::size_t& i, std::size_t end, std::string& out) {
    const std::size_t n = lit[i] == 'x' ? 2 : lit[i] == 'u' ? 4 : 8;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (i + 1 >= end) return false;
        const int h = hexValue(lit[++i]);
        if (h < 0) return false;
        v = v * 16 + h;
    }
    out += n == 2 ? std::string(1, static_cast<char>(v)) : encodeRune(v);
    return true;
}

// \OOO (three octal digits, at most \377) with lit[i] at the first; `i` ends at the last digit.
bool unescapeOctal(const std::string& lit, std::size_t& i, std::size_t end, std::string& out) {
    int v = 0;
    for (int k = 0; k < 3; ++k) {
        if (i >= end || lit[i] < '0' || lit[i] > '7') return false;
        v = v * 8 + (lit[i++] - '0');
    }
    --i;
    if (v > 255) return false;
    out += static_cast<char>(v);
    return true;
}

} // namespace

bool goUnquote(const std::string& lit, std::string& out, std::string& error) {
    out.clear();
    error = "invalid syntax";
    if (lit.size() < 2) return false;
    if (lit.front() == '`') {
        if (lit.back() != '`') return false;
        for (std::size_t i = 1; i + 1 < lit.size(); ++i)
            if (lit[i] != '\r') out += lit[i];
        return true;
    }
    if (lit.front() != '"' || lit.back() != '"') return false;
    const std::size_t end = lit.size() - 1;
    for (std::size_t i = 1; i < end; ++i) {
        const char c = lit[i];
        if (c != '\\') {
            if (c == '"' || c == '\n') return false;
            out += c;
            continue;
        }
        if (++i >= end) return false;
        const char e = lit[i];
        if (const char simple = simpleEscape(e))
            out += simple;
        else if (e == 'x' || e == 'u' || e == 'U') {
            if (!unescapeHex(lit, i, end, out)) return false;
        } else if (e >= '0' && e <= '7') {
            if (!unescapeOctal(lit, i, end, out)) return false;
        } else {
            return false;
        }
    }
    return true;
}

std::string Token::describe() const {
    if (type == Tok::Eof) return "EOF";
    if (type == Tok::Error) return val;
    if (type >= Tok::Block) return "<" + val + ">";
    if (val.size() <= 10) return goQuote(val);
    // %.10q: the first ten runes, quoted, then "...".
    std::size_t runes = 0, cut = 0;
    while (cut < val.size() && runes < 10) {
        std::size_t w = 1;
        decodeRune(val, cut, w);
        cut += w;
        ++runes;
    }
    return goQuote(val.substr(0, cut)) + "...";
}

} // namespace vethlab::shell::gotmpl
