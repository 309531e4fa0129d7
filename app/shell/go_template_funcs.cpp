#include "go_template_funcs.h"

namespace vethlab::shell::gotmpl {

std::string paramTypeName(Param p) {
    switch (p) {
    case Param::Any:
        return "interface {}";
    case Param::String:
        return "string";
    case Param::Int:
        return "int";
    case Param::StringSlice:
        return "[]string";
    }
    return "";
}

namespace {

enum class Basic { Invalid, Bool, Int, Float, String };

Basic basicKind(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Bool:
        return Basic::Bool;
    case Value::Kind::Int:
        return Basic::Int;
    case Value::Kind::Float:
        return Basic::Float;
    case Value::Kind::String:
        return Basic::String;
    default:
        return Basic::Invalid;
    }
}

bool isNilValue(const Value& v) {
    return v.kind() == Value::Kind::Invalid || v.kind() == Value::Kind::Nil;
}

bool equalOne(const Value& a, const Value& b) {
    Basic ka = basicKind(a), kb = basicKind(b);
    if (ka != kb) {
        if (a.isValid() && b.isValid()) throw CallError("incompatible types for comparison");
        return false;
    }
    switch (ka) {
    case Basic::Bool:
    case Basic::Int:
        return a.asInt() == b.asInt();
    case Basic::Float:
        return a.asFloat() == b.asFloat();
    case Basic::String:
        return a.asString() == b.asString();
    case Basic::Invalid:
        break;
    }
    bool sameKind = a.kind() == b.kind() || !a.isValid() || !b.isValid();
    if (!sameKind)
        throw CallError("non-comparable types " + goSprintf("%s", {a}) + ": " + a.type() + ", " + b.type() +
                        ": " + formatValue(b));
    if (isNilValue(a) || isNilValue(b)) return isNilValue(a) == isNilValue(b);
    if (b.kind() == Value::Kind::Object) return &a.asObject() == &b.asObject();
    throw CallError("non-comparable type " + goSprintf("%s", {b}) + ": " + b.type());
}

bool lessThan(const Value& a, const Value& b) {
    Basic ka = basicKind(a), kb = basicKind(b);
    if (ka == Basic::Invalid || kb == Basic::Invalid) throw CallError("invalid type for comparison");
    if (ka != kb) throw CallError("incompatible types for comparison");
    switch (ka) {
    case Basic::Int:
        return a.asInt() < b.asInt();
    case Basic::Float:
        return a.asFloat() < b.asFloat();
    case Basic::String:
        return a.asString() < b.asString();
    default:
        throw CallError("invalid type for comparison");
    }
}

Value eq(const std::vector<Value>& args) {
    if (args.size() < 2) throw CallError("missing argument for comparison");
    for (std::size_t i = 1; i < args.size(); ++i)
        if (equalOne(args[0], args[i])) return Value::boolean(true);
    return Value::boolean(false);
}

std::size_t indexArg(const Value& index, std::size_t cap) {
    if (index.kind() == Value::Kind::Invalid) throw CallError("cannot index slice/array with nil");
    if (index.kind() != Value::Kind::Int)
        throw CallError("cannot index slice/array with type " + index.type());
    if (index.asInt() < 0 || static_cast<std::size_t>(index.asInt()) > cap)
        throw CallError("index out of range: " + std::to_string(index.asInt()));
    return static_cast<std::size_t>(index.asInt());
}

// What a map holds for a key it does not have: the zero value of its element type.
Value mapZero(const Value& m) {
    if (m.type() == "map[string]string") return Value::string("");
    if (m.type() == "map[string]interface {}") return Value();
    return Value::nil("*struct");
}

Value index(const std::vector<Value>& args) {
    Value item = args[0];
    if (!item.isValid()) throw CallError("index of untyped nil");
    for (std::size_t i = 1; i < args.size(); ++i) {
        const Value& key = args[i];
        switch (item.kind()) {
        case Value::Kind::String: {
            std::size_t x = indexArg(key, item.length());
            if (x >= item.length()) throw CallError("reflect: string index out of range");
            item = Value::integer(static_cast<unsigned char>(item.asString()[x]), "uint8");
            break;
        }
        case Value::Kind::Slice: {
            std::size_t x = indexArg(key, item.length());
            if (x >= item.length()) throw CallError("reflect: slice index out of range");
            item = item.items()[x];
            break;
        }
        case Value::Kind::Nil:
            if (item.type().rfind("[]", 0) == 0) {
                indexArg(key, 0);
                throw CallError("reflect: slice index out of range");
            }
            if (item.type().rfind("map[", 0) == 0) {
                item = mapZero(item);
                break;
            }
            throw CallError("index of nil pointer");
        case Value::Kind::Map: {
            if (!key.isValid()) throw CallError("value is nil; should be of type string");
            if (key.kind() != Value::Kind::String || key.type() != "string")
                throw CallError("value has type " + key.type() + "; should be string");
            const Value* found = item.member(key.asString());
            item = found ? *found : mapZero(item);
            break;
        }
        default:
            throw CallError("can't index item of type " + item.type());
        }
    }
    return item;
}

Value sliceFn(const std::vector<Value>& args) {
    const Value& item = args[0];
    if (!item.isValid()) throw CallError("slice of untyped nil");
    if (args.size() > 4) throw CallError("too many slice indexes: " + std::to_string(args.size() - 1));
    if (item.kind() == Value::Kind::String && args.size() == 4)
        throw CallError("cannot 3-index slice a string");
    if (item.kind() != Value::Kind::String && item.kind() != Value::Kind::Slice)
        throw CallError("can't slice item of type " + item.type());
    std::size_t idx[3] = {0, item.length(), item.length()};
    for (std::size_t i = 1; i < args.size(); ++i)
        idx[i - 1] = indexArg(args[i], item.length());
    if (idx[0] > idx[1])
        throw CallError("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
    if (args.size() == 4 && idx[1] > idx[2])
        throw CallError("invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2]));
    if (item.kind() == Value::Kind::String)
        return Value::string(item.asString().substr(idx[0], idx[1] - idx[0]));
    std::vector<Value> out(item.items().begin() + static_cast<long>(idx[0]),
                           item.items().begin() + static_cast<long>(idx[1]));
    return Value::slice(std::move(out), item.type());
}

Value length(const std::vector<Value>& args) {
    const Value& v = args[0];
    switch (v.kind()) {
    case Value::Kind::String:
    case Value::Kind::Slice:
    case Value::Kind::Map:
        return Value::integer(static_cast<std::int64_t>(v.length()));
    case Value::Kind::Invalid:
        throw CallError("reflect: call of reflect.Value.Type on zero Value");
    case Value::Kind::Nil:
        if (v.type().rfind("[]", 0) == 0 || v.type().rfind("map[", 0) == 0) return Value::integer(0);
        throw CallError("len of nil pointer");
    default:
        throw CallError("len of type " + v.type());
    }
}

// The text html, js and urlquery escape: a lone string as is, anything else through fmt.Sprint.
std::string evalArgs(const std::vector<Value>& args) {
    if (args.size() == 1 && args[0].kind() == Value::Kind::String) return args[0].asString();
    return goSprint(args);
}

std::string htmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '\0':
            out += "\xEF\xBF\xBD";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string jsEscape(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\'':
            out += "\\'";
            break;
        case '"':
            out += "\\\"";
            break;
        case '<':
            out += "\\u003C";
            break;
        case '>':
            out += "\\u003E";
            break;
        case '&':
            out += "\\u0026";
            break;
        case '=':
            out += "\\u003D";
            break;
        default:
            if (c < ' ') {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    return out;
}

std::string urlQueryEscape(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

std::string repeatSpaces(std::int64_t n) {
    if (n < 0) throw CallError("strings: negative Repeat count");
    return std::string(static_cast<std::size_t>(n), ' ');
}

std::string toUpper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

std::string toLower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// strings.Title: the first letter of every word upper-cased; ASCII letters, digits and '_' join a
// word, other ASCII characters separate words.
std::string title(std::string s) {
    bool afterSeparator = true;
    for (char& c : s) {
        auto u = static_cast<unsigned char>(c);
        bool separator = u < 0x80 && !std::isalnum(u) && u != '_';
        if (afterSeparator && u >= 'a' && u <= 'z') c = static_cast<char>(u - 'a' + 'A');
        if (u < 0x80 || (u & 0xC0) == 0xC0) afterSeparator = separator;
    }
    return s;
}

std::vector<Value> split(const std::string& s, const std::string& sep) {
    std::vector<Value> parts;
    if (sep.empty()) {
        for (std::size_t i = 0; i < s.size();) {
            std::size_t w = 1;
            while (i + w < s.size() && (static_cast<unsigned char>(s[i + w]) & 0xC0) == 0x80)
                ++w;
            parts.push_back(Value::string(s.substr(i, w)));
            i += w;
        }
        return parts;
    }
    std::size_t start = 0;
    while (true) {
        auto at = s.find(sep, start);
        if (at == std::string::npos) break;
        parts.push_back(Value::string(s.substr(start, at - start)));
        start = at + sep.size();
    }
    parts.push_back(Value::string(s.substr(start)));
    return parts;
}

Function fn(std::vector<Param> params, bool variadic, std::function<Value(const std::vector<Value>&)> call,
            bool builtin = false) {
    return Function{std::move(params), variadic, builtin, std::move(call)};
}

FunctionTable builtins() {
    using P = Param;
    FunctionTable t;
    auto any1 = std::vector<Param>{P::Any};
    auto any2 = std::vector<Param>{P::Any, P::Any};
    t["and"] = fn(any2, true, nullptr, true); // short-circuits in the evaluator
    t["or"] = fn(any2, true, nullptr, true);
    t["not"] = fn(
        any1, false, [](const auto& a) { return Value::boolean(!isTrue(a[0])); }, true);
    t["len"] = fn(any1, false, length, true);
    t["index"] = fn(any2, true, index, true);
    t["slice"] = fn(any2, true, sliceFn, true);
    t["call"] = fn(
        any2, true,
        [](const auto& a) -> Value {
            if (!a[0].isValid()) throw CallError("call of nil");
            throw CallError("non-function of type " + a[0].type());
        },
        true);
    t["print"] = fn(
        any1, true, [](const auto& a) { return Value::string(goSprint(a)); }, true);
    t["println"] = fn(
        any1, true, [](const auto& a) { return Value::string(goSprintln(a)); }, true);
    t["printf"] = fn(
        {P::String, P::Any}, true,
        [](const auto& a) {
            return Value::string(goSprintf(a[0].asString(), std::vector<Value>(a.begin() + 1, a.end())));
        },
        true);
    t["html"] = fn(
        any1, true, [](const auto& a) { return Value::string(htmlEscape(evalArgs(a))); }, true);
    t["js"] = fn(
        any1, true, [](const auto& a) { return Value::string(jsEscape(evalArgs(a))); }, true);
    t["urlquery"] = fn(
        any1, true, [](const auto& a) { return Value::string(urlQueryEscape(evalArgs(a))); }, true);
    t["eq"] = fn(any2, true, eq, true);
    t["ne"] = fn(
        any2, false, [](const auto& a) { return Value::boolean(!eq(a).asBool()); }, true);
    t["lt"] = fn(
        any2, false, [](const auto& a) { return Value::boolean(lessThan(a[0], a[1])); }, true);
    t["le"] = fn(
        any2, false, [](const auto& a) { return Value::boolean(lessThan(a[0], a[1]) || eq(a).asBool()); },
        true);
    t["gt"] = fn(
        any2, false, [](const auto& a) { return Value::boolean(!(lessThan(a[0], a[1]) || eq(a).asBool())); },
        true);
    t["ge"] = fn(
        any2, false, [](const auto& a) { return Value::boolean(!lessThan(a[0], a[1])); }, true);
    // Go declares the variadic ones as (arg0, args...): at least one argument.
    for (const char* name : {"and", "or", "index", "slice", "call", "eq"})
        t[name].params = {P::Any, P::Any};
    for (const char* name : {"print", "println", "html", "js", "urlquery"})
        t[name].params = {P::Any};
    return t;
}

void addDockerFunctions(FunctionTable& t) {
    using P = Param;
    t["json"] = fn({P::Any}, false, [](const auto& a) { return Value::string(encodeJson(a[0])); });
    t["split"] = fn({P::String, P::String}, false, [](const auto& a) {
        return Value::slice(split(a[0].asString(), a[1].asString()), "[]string");
    });
    t["join"] = fn({P::StringSlice, P::String}, false, [](const auto& a) {
        std::string s;
        if (a[0].kind() == Value::Kind::Slice)
            for (std::size_t i = 0; i < a[0].items().size(); ++i)
                s += (i ? a[1].asString() : "") + a[0].items()[i].asString();
        return Value::string(s);
    });
    t["title"] = fn({P::String}, false, [](const auto& a) { return Value::string(title(a[0].asString())); });
    t["lower"] =
        fn({P::String}, false, [](const auto& a) { return Value::string(toLower(a[0].asString())); });
    t["upper"] =
        fn({P::String}, false, [](const auto& a) { return Value::string(toUpper(a[0].asString())); });
    t["pad"] = fn({P::String, P::Int, P::Int}, false, [](const auto& a) {
        const std::string& s = a[0].asString();
        if (s.empty()) return Value::string(s);
        return Value::string(repeatSpaces(a[1].asInt()) + s + repeatSpaces(a[2].asInt()));
    });
    t["truncate"] = fn({P::String, P::Int}, false, [](const auto& a) {
        const std::string& s = a[0].asString();
        std::int64_t n = a[1].asInt();
        if (n > static_cast<std::int64_t>(s.size())) return Value::string(s);
        if (n < 0) throw CallError("runtime error: slice bounds out of range [:" + std::to_string(n) + "]");
        return Value::string(s.substr(0, static_cast<std::size_t>(n)));
    });
}

} // namespace

const FunctionTable& dockerFunctions() {
    static const FunctionTable table = [] {
        FunctionTable t = builtins();
        addDockerFunctions(t);
        return t;
    }();
    return table;
}

const FunctionTable& dockerHeaderFunctions() {
    static const FunctionTable table = [] {
        using P = Param;
        FunctionTable t = dockerFunctions();
        auto same = [](const std::vector<Value>& a) { return a[0]; };
        t["json"] = fn({P::String}, false, same);
        t["split"] = fn({P::String, P::String}, false, same);
        t["join"] = fn({P::String, P::String}, false, same);
        t["title"] = fn({P::String}, false, same);
        t["lower"] = fn({P::String}, false, same);
        t["upper"] = fn({P::String}, false, same);
        t["truncate"] = fn({P::String, P::Int}, false, same);
        return t;
    }();
    return table;
}

const std::set<std::string>& dockerFunctionNames() {
    static const std::set<std::string> names = [] {
        std::set<std::string> n;
        for (const auto& [name, f] : dockerFunctions())
            n.insert(name);
        return n;
    }();
    return names;
}

} // namespace vethlab::shell::gotmpl
