#include "go_template_value.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "util/json.h"

namespace vethlab::shell::gotmpl {

const Object::Method* Object::find(const std::string& name) const {
    for (const auto& m : methods)
        if (m.name == name) return &m;
    return nullptr;
}

Value Value::boolean(bool b) {
    Value v;
    v.kind_ = Kind::Bool;
    v.type_ = "bool";
    v.int_ = b ? 1 : 0;
    return v;
}

Value Value::integer(std::int64_t i, std::string type) {
    Value v;
    v.kind_ = Kind::Int;
    v.type_ = std::move(type);
    v.int_ = i;
    return v;
}

Value Value::floating(double f) {
    Value v;
    v.kind_ = Kind::Float;
    v.type_ = "float64";
    v.float_ = f;
    return v;
}

Value Value::string(std::string s, std::string type) {
    Value v;
    v.kind_ = Kind::String;
    v.type_ = std::move(type);
    v.str_ = std::move(s);
    return v;
}

Value Value::nil(std::string type) {
    Value v;
    v.kind_ = Kind::Nil;
    v.type_ = std::move(type);
    return v;
}

Value Value::slice(std::vector<Value> items, std::string type) {
    Value v;
    v.kind_ = Kind::Slice;
    v.type_ = std::move(type);
    v.items_ = std::make_shared<const std::vector<Value>>(std::move(items));
    return v;
}

Value Value::map(Entries entries, std::string type) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Value v;
    v.kind_ = Kind::Map;
    v.type_ = std::move(type);
    v.entries_ = std::make_shared<const Entries>(std::move(entries));
    return v;
}

Value Value::structure(Entries fields, std::string type) {
    Value v;
    v.kind_ = Kind::Struct;
    v.type_ = std::move(type);
    v.entries_ = std::make_shared<const Entries>(std::move(fields));
    return v;
}

Value Value::object(std::shared_ptr<const Object> o) {
    Value v;
    v.kind_ = Kind::Object;
    v.type_ = o->typeName;
    v.object_ = std::move(o);
    return v;
}

const Value* Value::member(const std::string& key) const {
    if (kind_ != Kind::Map && kind_ != Kind::Struct) return nullptr;
    for (const auto& [k, v] : *entries_)
        if (k == key) return &v;
    return nullptr;
}

std::size_t Value::length() const {
    switch (kind_) {
    case Kind::String:
        return str_.size();
    case Kind::Slice:
        return items_->size();
    case Kind::Map:
        return entries_->size();
    default:
        return 0;
    }
}

namespace {

bool pathMatches(const std::string& pattern, const std::vector<std::string>& path) {
    if (pattern.empty()) return path.empty(); // the document itself
    std::size_t pos = 0, i = 0;
    while (pos <= pattern.size()) {
        auto dot = pattern.find('.', pos);
        std::string part = pattern.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        if (i >= path.size() || (part != "*" && part != path[i])) return false;
        ++i;
        if (dot == std::string::npos) break;
        pos = dot + 1;
    }
    return i == path.size();
}

bool listed(const std::vector<std::string>& patterns, const std::vector<std::string>& path) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return pathMatches(p, path); });
}

Value zeroValue(const std::string& kind) {
    if (kind == "string") return Value::string("");
    if (kind == "bool") return Value::boolean(false);
    if (kind == "int") return Value::integer(0);
    if (kind == "map") return Value::nil("map[string]string");
    if (kind == "slice") return Value::nil("[]string");
    return Value::nil("*struct");
}

// A struct in Go's field order, under Go's field names, with the fields JSON omitted at their zero.
Value typedStruct(const JsonView::Struct& st, const Value::Entries& members) {
    Value::Entries fields;
    for (const auto& f : st.fields) {
        auto it =
            std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == f.json; });
        fields.emplace_back(f.name, it != members.end() ? it->second : zeroValue(f.zero));
    }
    return Value::structure(std::move(fields), "struct")
        .withJson(encodeJson(Value::structure(members, "struct")));
}

Value convert(const Json& j, const JsonView& view, std::vector<std::string>& path) {
    switch (j.kind()) {
    case Json::Kind::Null:
        if (!view.typed) return Value(); // a nil interface{} unwraps to no value
        if (listed(view.slicePaths, path)) return Value::nil("[]string");
        if (listed(view.mapPaths, path)) return Value::nil("map[string]string");
        return Value::nil("*struct");
    case Json::Kind::Bool:
        return Value::boolean(j.asBool());
    case Json::Kind::Int:
        return view.typed ? Value::integer(j.asInt())
                          : Value::string(std::to_string(j.asInt()), "json.Number");
    case Json::Kind::String:
        return Value::string(j.asString());
    case Json::Kind::Array: {
        std::vector<Value> items;
        bool allStrings = true;
        for (std::size_t i = 0; i < j.items().size(); ++i) {
            path.push_back(std::to_string(i));
            items.push_back(convert(j.items()[i], view, path));
            if (!view.typed) items.back() = items.back().boxed();
            path.pop_back();
            allStrings = allStrings && items.back().kind() == Value::Kind::String;
        }
        return Value::slice(std::move(items), view.typed && allStrings ? "[]string" : "[]interface {}");
    }
    case Json::Kind::Object: {
        Value::Entries entries;
        for (const auto& [k, m] : j.members()) {
            path.push_back(k);
            entries.emplace_back(k, view.typed ? convert(m, view, path) : convert(m, view, path).boxed());
            path.pop_back();
        }
        if (!view.typed) return Value::map(std::move(entries), "map[string]interface {}");
        if (listed(view.mapPaths, path)) return Value::map(std::move(entries), "map[string]interface {}");
        Value st = Value::structure(entries, "struct");
        for (const auto& typed : view.structs)
            if (pathMatches(typed.path, path)) {
                st = typedStruct(typed, entries);
                break;
            }
        return listed(view.pointerPaths, path) ? st.pointed() : st;
    }
    }
    return Value();
}

std::string formatFloat(double f) {
    // Go's %v: the shortest digits that round-trip, %e form when the exponent is < -4 or >= 6.
    if (f != f) return "NaN";
    if (f > 1.7976931348623157e308) return "+Inf";
    if (f < -1.7976931348623157e308) return "-Inf";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
    std::string sci(buf, r.ptr);
    auto e = sci.find('e');
    int exp = std::atoi(sci.c_str() + e + 1);
    if (exp < -4 || exp >= 6) {
        std::string mant = sci.substr(0, e);
        std::string ex = sci.substr(e + 1);
        char sign = ex[0] == '-' ? '-' : '+';
        std::string digits = ex.substr(ex[0] == '-' || ex[0] == '+' ? 1 : 0);
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        if (digits.size() < 2) digits = "0" + digits;
        return mant + "e" + sign + digits;
    }
    r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
    return std::string(buf, r.ptr);
}

void appendJsonString(std::string& out, const std::string& s) {
    out += jsonQuote(s, false); // docker's `json` encoder has SetEscapeHTML(false)
}

std::string jsonFloat(double f) {
    // encoding/json: shortest digits; %e form only below 1e-6 or from 1e21 on.
    double a = f < 0 ? -f : f;
    char buf[64];
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
        std::string s(buf, r.ptr);
        auto e = s.find("e-0");
        if (e != std::string::npos) s.erase(e + 2, 1);
        e = s.find("e+0");
        if (e != std::string::npos) s.erase(e + 2, 1);
        return s;
    }
    auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
    return std::string(buf, r.ptr);
}

} // namespace

Value fromJson(const Json& j, const JsonView& view) {
    std::vector<std::string> path;
    return convert(j, view, path);
}

namespace {

// What fmt prints for a pointer below the top: the struct's address. The heap's addresses are random
// by nature; this one is derived from the struct's content, so a run is reproducible.
std::string pointerAddress(const Value& v) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : encodeJson(v)) {
        h ^= ch;
        h *= 1099511628211ULL;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "0xc000%06llx", static_cast<unsigned long long>(h & 0xfffff0));
    return buf;
}

// fmt's printValue: depth 0 is the value given to Print; a pointer to a struct shows as &{...} there
// only.
std::string formatAt(const Value& v, int depth) {
    switch (v.kind()) {
    case Value::Kind::Invalid:
        return "<nil>";
    case Value::Kind::Nil:
        if (v.type().rfind("[]", 0) == 0) return "[]";
        if (v.type().rfind("map[", 0) == 0) return "map[]";
        return "<nil>";
    case Value::Kind::Bool:
        return v.asBool() ? "true" : "false";
    case Value::Kind::Int:
        return std::to_string(v.asInt());
    case Value::Kind::Float:
        return formatFloat(v.asFloat());
    case Value::Kind::String:
        return v.asString();
    case Value::Kind::Slice: {
        std::string s = "[";
        for (std::size_t i = 0; i < v.items().size(); ++i)
            s += (i ? " " : "") + formatAt(v.items()[i], depth + 1);
        return s + "]";
    }
    case Value::Kind::Map: {
        std::string s = "map[";
        bool first = true;
        for (const auto& [k, m] : v.entries()) {
            s += (first ? "" : " ") + k + ":" + formatAt(m, depth + 1);
            first = false;
        }
        return s + "]";
    }
    case Value::Kind::Struct: {
        if (v.isPointer() && depth > 0) return pointerAddress(v);
        std::string s = v.isPointer() ? "&{" : "{";
        bool first = true;
        for (const auto& [k, m] : v.entries()) {
            s += (first ? "" : " ") + formatAt(m, depth + 1);
            first = false;
        }
        return s + "}";
    }
    case Value::Kind::Object: {
        // A pointer to a struct prints as &{...}; its fields are the formatter's private state.
        return "&{" + v.type() + "}";
    }
    }
    return "";
}

} // namespace

std::string formatValue(const Value& v) {
    return formatAt(v, 0);
}

std::string encodeJson(const Value& v) {
    if (v.json()) return *v.json();
    std::string out;
    switch (v.kind()) {
    case Value::Kind::Invalid:
    case Value::Kind::Nil:
        return "null";
    case Value::Kind::Bool:
        return v.asBool() ? "true" : "false";
    case Value::Kind::Int:
        return std::to_string(v.asInt());
    case Value::Kind::Float:
        return jsonFloat(v.asFloat());
    case Value::Kind::String:
        if (v.type() == "json.Number") return v.asString();
        appendJsonString(out, v.asString());
        return out;
    case Value::Kind::Slice:
        out = "[";
        for (std::size_t i = 0; i < v.items().size(); ++i)
            out += (i ? "," : "") + encodeJson(v.items()[i]);
        return out + "]";
    case Value::Kind::Map:
    case Value::Kind::Struct: {
        out = "{";
        bool first = true;
        for (const auto& [k, m] : v.entries()) {
            if (!first) out += ",";
            first = false;
            appendJsonString(out, k);
            out += ":" + encodeJson(m);
        }
        return out + "}";
    }
    case Value::Kind::Object: {
        // docker's contexts marshal as a map of their argument-less methods, keys sorted.
        Value::Entries entries;
        for (const auto& m : v.asObject().methods)
            if (m.stringArgs == 0) entries.emplace_back(m.name, Value::string(m.call({})));
        return encodeJson(Value::map(std::move(entries), "map[string]interface {}"));
    }
    }
    return out;
}

bool isTrue(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Invalid:
    case Value::Kind::Nil:
        return false;
    case Value::Kind::Bool:
        return v.asBool();
    case Value::Kind::Int:
        return v.asInt() != 0;
    case Value::Kind::Float:
        return v.asFloat() != 0;
    case Value::Kind::String:
    case Value::Kind::Slice:
    case Value::Kind::Map:
        return v.length() > 0;
    case Value::Kind::Struct:
    case Value::Kind::Object:
        return true;
    }
    return false;
}

} // namespace vethlab::shell::gotmpl
