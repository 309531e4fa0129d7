// The JSON reader (json.h's parseJson): strict, with the line of the first error.
#include <cstdlib>

#include "util/json.h"
#include "util/text.h"

namespace vethlab {
namespace {

constexpr int kMaxDepth = 64; // deeper than any document vethlab writes

// A strict reader: objects, arrays, strings with every escape, integers, booleans, null.
class Reader {
public:
    explicit Reader(const std::string& text) : s_(text) {}

    std::optional<Json> document(std::string& error) {
        auto v = value(0);
        space();
        if (v && at_ != s_.size()) v = fail("text after the end of the document");
        if (!v) error = "line " + std::to_string(line()) + ": " + error_;
        return v;
    }

private:
    std::optional<Json> fail(const std::string& message) {
        if (error_.empty()) error_ = message;
        return std::nullopt;
    }
    int line() const {
        int n = 1;
        for (std::size_t i = 0; i < at_ && i < s_.size(); ++i)
            n += s_[i] == '\n';
        return n;
    }
    void space() {
        while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\n' || s_[at_] == '\t' || s_[at_] == '\r'))
            ++at_;
    }
    bool literal(const char* word) {
        const std::string w(word);
        if (s_.compare(at_, w.size(), w) != 0) return false;
        at_ += w.size();
        return true;
    }
    std::optional<Json> value(int depth) {
        if (depth > kMaxDepth) return fail("nested too deeply");
        space();
        if (at_ >= s_.size()) return fail("unexpected end of the document");
        const char c = s_[at_];
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') {
            auto str = string();
            return str ? std::optional<Json>(Json(*str)) : std::nullopt;
        }
        if (literal("true")) return Json(true);
        if (literal("false")) return Json(false);
        if (literal("null")) return Json();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        return fail("unexpected character");
    }
    std::optional<Json> number() {
        const std::size_t start = at_;
        if (s_[at_] == '-') ++at_;
        while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9')
            ++at_;
        const std::string digits = s_.substr(start, at_ - start);
        if (digits.empty() || digits == "-" || digits.size() > 18) return fail("not an integer");
        return Json(static_cast<std::int64_t>(std::strtoll(digits.c_str(), nullptr, 10)));
    }
    static void utf8(std::string& out, unsigned cp) { appendUtf8(out, cp); }
    std::optional<unsigned> hex4() {
        if (at_ + 4 > s_.size()) return std::nullopt;
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = s_[at_++];
            v <<= 4;
            if (h >= '0' && h <= '9')
                v |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                v |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                v |= static_cast<unsigned>(h - 'A' + 10);
            else
                return std::nullopt;
        }
        return v;
    }
    std::optional<std::string> string() {
        ++at_; // the opening quote
        std::string out;
        while (at_ < s_.size() && s_[at_] != '"') {
            const char c = s_[at_++];
            if (static_cast<unsigned char>(c) < 0x20)
                return fail("a control character in a string"), std::nullopt;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ >= s_.size()) break;
            const char e = s_[at_++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u': {
                auto cp = hex4();
                if (!cp) return fail("a bad \\u escape"), std::nullopt;
                if (*cp >= 0xD800 && *cp < 0xDC00 && literal("\\u")) {
                    auto low = hex4();
                    if (!low || *low < 0xDC00 || *low > 0xDFFF)
                        return fail("a bad surrogate pair"), std::nullopt;
                    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                }
                utf8(out, *cp);
                break;
            }
            default:
                return fail("a bad escape"), std::nullopt;
            }
        }
        if (at_ >= s_.size()) return fail("the string is not closed"), std::nullopt;
        ++at_;
        return out;
    }
    std::optional<Json> array(int depth) {
        ++at_;
        Json a = Json::array();
        space();
        if (at_ < s_.size() && s_[at_] == ']') return ++at_, a;
        for (;;) {
            auto v = value(depth + 1);
            if (!v) return std::nullopt;
            a.push(std::move(*v));
            space();
            if (at_ < s_.size() && s_[at_] == ',') {
                ++at_;
                continue;
            }
            if (at_ < s_.size() && s_[at_] == ']') return ++at_, a;
            return fail("expected ',' or ']'");
        }
    }
    std::optional<Json> object(int depth) {
        ++at_;
        Json o = Json::object();
        space();
        if (at_ < s_.size() && s_[at_] == '}') return ++at_, o;
        for (;;) {
            space();
            if (at_ >= s_.size() || s_[at_] != '"') return fail("expected a member name");
            auto key = string();
            if (!key) return std::nullopt;
            space();
            if (at_ >= s_.size() || s_[at_] != ':') return fail("expected ':'");
            ++at_;
            auto v = value(depth + 1);
            if (!v) return std::nullopt;
            o.set(std::move(*key), std::move(*v));
            space();
            if (at_ < s_.size() && s_[at_] == ',') {
                ++at_;
                continue;
            }
            if (at_ < s_.size() && s_[at_] == '}') return ++at_, o;
            return fail("expected ',' or '}'");
        }
    }

    const std::string& s_;
    std::size_t at_ = 0;
    std::string error_;
};

} // namespace

std::optional<Json> parseJson(const std::string& text, std::string& error) {
    return Reader(text).document(error);
}

} // namespace vethlab
