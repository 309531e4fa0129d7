// fmt.Sprintf / Sprint / Sprintln as Go prints template values, bad verbs and missing arguments
// included (%!d(string=x), %!s(MISSING), %!(EXTRA int=2)).
#include <cstdio>

#include "go_template_funcs.h"
#include "go_template_lex.h"

namespace vethlab::shell::gotmpl {
namespace {

struct Spec {
    bool minus = false, plus = false, sharp = false, zero = false, space = false;
    int width = -1, prec = -1;
    char verb = 'v';
};

std::string pad(const std::string& s, const Spec& sp) {
    std::size_t runes = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++runes;
    if (sp.width < 0 || runes >= static_cast<std::size_t>(sp.width)) return s;
    std::size_t n = static_cast<std::size_t>(sp.width) - runes;
    if (sp.minus) return s + std::string(n, ' ');
    if (sp.zero && !s.empty() && (s[0] == '-' || s[0] == '+'))
        return s.substr(0, 1) + std::string(n, '0') + s.substr(1);
    return std::string(n, sp.zero ? '0' : ' ') + s;
}

std::string truncateRunes(const std::string& s, int prec) {
    if (prec < 0) return s;
    std::size_t runes = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (runes == static_cast<std::size_t>(prec)) break;
            ++runes;
        }
    }
    return s.substr(0, i);
}

std::string badVerb(char verb, const Value& v) {
    std::string s = "%!";
    s += verb;
    if (!v.isValid()) return s + "(<nil>)";
    return s + "(" + v.type() + "=" + formatValue(v) + ")";
}

std::string integer(std::int64_t i, const Spec& sp) {
    unsigned long long mag =
        i < 0 ? 0ULL - static_cast<unsigned long long>(i) : static_cast<unsigned long long>(i);
    std::string digits;
    int base = sp.verb == 'x' || sp.verb == 'X' ? 16 : sp.verb == 'o' ? 8 : sp.verb == 'b' ? 2 : 10;
    const char* set = sp.verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits.insert(digits.begin(), set[mag % static_cast<unsigned>(base)]);
        mag /= static_cast<unsigned>(base);
    } while (mag);
    if (sp.prec >= 0 && digits.size() < static_cast<std::size_t>(sp.prec))
        digits.insert(0, static_cast<std::size_t>(sp.prec) - digits.size(), '0');
    if (sp.sharp) {
        if (base == 16) digits = (sp.verb == 'X' ? "0X" : "0x") + digits;
        if (base == 8 && digits[0] != '0') digits = "0" + digits;
        if (base == 2) digits = "0b" + digits;
    }
    std::string sign = i < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "";
    return pad(sign + digits, sp);
}

std::string floating(double f, const Spec& sp) {
    if (sp.verb == 'v') {
        std::string s = formatValue(Value::floating(f));
        if (sp.plus && f >= 0) s = "+" + s;
        return pad(s, sp);
    }
    std::string fmt = "%";
    if (sp.plus) fmt += '+';
    if (sp.space) fmt += ' ';
    if (sp.sharp) fmt += '#';
    if (sp.prec >= 0) fmt += "." + std::to_string(sp.prec);
    char verb = sp.verb == 'F' ? 'f' : sp.verb;
    fmt += verb;
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt.c_str(), f);
    return pad(buf, sp);
}

std::string quoteRune(std::int64_t r) {
    if (r == '\'') return "'\\''";
    std::string q = goQuote(r < 0x80 ? std::string(1, static_cast<char>(r)) : std::string());
    if (r >= 0x80) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "\\u%04llx", static_cast<unsigned long long>(r));
        return std::string("'") + buf + "'";
    }
    std::string inner = q.substr(1, q.size() - 2);
    if (inner == "\\\"") inner = "\"";
    return "'" + inner + "'";
}

std::string formatOne(const Value& v, const Spec& sp);

// Slices and maps apply the verb to each element, as fmt does.
std::string composite(const Value& v, const Spec& sp) {
    // fmt pads each element to the width; a nil inside a container prints as <nil> whatever the verb.
    auto element = [&](const Value& e) { return e.isValid() ? formatOne(e, sp) : pad("<nil>", sp); };
    std::string s;
    if (v.kind() == Value::Kind::Slice) {
        s = "[";
        for (std::size_t i = 0; i < v.items().size(); ++i)
            s += (i ? " " : "") + element(v.items()[i]);
        s += "]";
    } else if (v.kind() == Value::Kind::Map) {
        s = "map[";
        bool first = true;
        for (const auto& [k, m] : v.entries()) {
            s += (first ? "" : " ") + formatOne(Value::string(k), sp) + ":" + element(m);
            first = false;
        }
        s += "]";
    } else {
        s = "{";
        bool first = true;
        for (const auto& [k, m] : v.entries()) {
            s += (first ? "" : " ") + (sp.plus ? k + ":" : "") + element(m);
            first = false;
        }
        s += "}";
    }
    return s;
}

std::string formatOne(const Value& v, const Spec& sp) {
    switch (v.kind()) {
    case Value::Kind::Invalid:
        return sp.verb == 'v' ? pad("<nil>", sp) : badVerb(sp.verb, v);
    case Value::Kind::Slice:
    case Value::Kind::Map:
    case Value::Kind::Struct:
        return composite(v, sp);
    case Value::Kind::Nil:
    case Value::Kind::Object:
        return sp.verb == 'v' || sp.verb == 's' ? pad(formatValue(v), sp) : badVerb(sp.verb, v);
    case Value::Kind::Bool:
        return sp.verb == 'v' || sp.verb == 't' ? pad(formatValue(v), sp) : badVerb(sp.verb, v);
    case Value::Kind::Int:
        switch (sp.verb) {
        case 'v':
        case 'd':
        case 'x':
        case 'X':
        case 'o':
        case 'b':
            return integer(v.asInt(), sp);
        case 'c':
            return pad(std::string(1, static_cast<char>(v.asInt())), sp);
        case 'q':
            return pad(quoteRune(v.asInt()), sp);
        case 'U': {
            char buf[32];
            std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(v.asInt()));
            return pad(buf, sp);
        }
        default:
            return badVerb(sp.verb, v);
        }
    case Value::Kind::Float:
        switch (sp.verb) {
        case 'v':
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
            return floating(v.asFloat(), sp);
        default:
            return badVerb(sp.verb, v);
        }
    case Value::Kind::String:
        switch (sp.verb) {
        case 'v':
        case 's':
            return pad(truncateRunes(v.asString(), sp.prec), sp);
        case 'q':
            return pad(goQuote(truncateRunes(v.asString(), sp.prec)), sp);
        case 'x':
        case 'X': {
            const char* set = sp.verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            std::string s;
            for (unsigned char c : v.asString()) {
                s += set[c >> 4];
                s += set[c & 0xF];
            }
            return pad(s, sp);
        }
        default:
            return badVerb(sp.verb, v);
        }
    }
    return "";
}

} // namespace

std::string goSprintf(const std::string& format, const std::vector<Value>& args) {
    std::string out;
    std::size_t argi = 0;
    for (std::size_t i = 0; i < format.size();) {
        if (format[i] != '%') {
            out += format[i++];
            continue;
        }
        ++i;
        Spec sp;
        for (; i < format.size(); ++i) {
            char c = format[i];
            if (c == '-')
                sp.minus = true, sp.zero = false;
            else if (c == '+')
                sp.plus = true;
            else if (c == '#')
                sp.sharp = true;
            else if (c == ' ')
                sp.space = true;
            else if (c == '0')
                sp.zero = !sp.minus;
            else
                break;
        }
        auto number = [&](int& target) {
            if (i < format.size() && format[i] == '*') {
                ++i;
                if (argi < args.size() && args[argi].kind() == Value::Kind::Int)
                    target = static_cast<int>(args[argi].asInt());
                ++argi;
                return;
            }
            if (i < format.size() && format[i] >= '0' && format[i] <= '9') {
                target = 0;
                while (i < format.size() && format[i] >= '0' && format[i] <= '9')
                    target = target * 10 + (format[i++] - '0');
            }
        };
        number(sp.width);
        if (i < format.size() && format[i] == '.') {
            ++i;
            sp.prec = 0;
            number(sp.prec);
        }
        if (i >= format.size()) {
            out += "%!(NOVERB)";
            break;
        }
        sp.verb = format[i++];
        if (sp.verb == '%') {
            out += '%';
            continue;
        }
        if (argi >= args.size()) {
            out += std::string("%!") + sp.verb + "(MISSING)";
            continue;
        }
        out += formatOne(args[argi++], sp);
    }
    if (argi < args.size()) {
        out += "%!(EXTRA ";
        for (std::size_t k = argi; k < args.size(); ++k) {
            if (k > argi) out += ", ";
            out += args[k].isValid() ? args[k].type() + "=" + formatValue(args[k]) : "<nil>";
        }
        out += ")";
    }
    return out;
}

std::string goSprint(const std::vector<Value>& args) {
    std::string out;
    bool prevString = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        bool isString = args[i].kind() == Value::Kind::String;
        if (i > 0 && !isString && !prevString) out += ' ';
        out += formatValue(args[i]);
        prevString = isString;
    }
    return out;
}

std::string goSprintln(const std::vector<Value>& args) {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i)
        out += (i ? " " : "") + formatValue(args[i]);
    return out + "\n";
}

} // namespace vethlab::shell::gotmpl
