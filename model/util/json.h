// A small ordered JSON value, printed the way Docker's CLI prints it: compact as Go's encoder
// writes it, or re-indented with Go's json.Indent (4 spaces, empty {} and [] kept inline).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vethlab {

class Json {
public:
    enum class Kind { Null, Bool, Int, String, Array, Object };

    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool b) : kind_(Kind::Bool), int_(b ? 1 : 0) {}
    Json(int i) : kind_(Kind::Int), int_(i) {}
    Json(std::int64_t i) : kind_(Kind::Int), int_(i) {}
    Json(const char* s) : kind_(Kind::String), str_(s) {}
    Json(std::string s) : kind_(Kind::String), str_(std::move(s)) {}

    static Json array() {
        Json j;
        j.kind_ = Kind::Array;
        return j;
    }
    static Json object() {
        Json j;
        j.kind_ = Kind::Object;
        return j;
    }
    static Json stringArray(const std::vector<std::string>& items);

    Kind kind() const { return kind_; }
    bool isNull() const { return kind_ == Kind::Null; }
    bool asBool() const { return int_ != 0; }
    std::int64_t asInt() const { return int_; }
    const std::string& asString() const { return str_; }
    const std::vector<Json>& items() const { return items_; }
    const std::vector<std::pair<std::string, Json>>& members() const { return members_; }

    /// Appends to an array.
    Json& push(Json v);
    /// Appends a member to an object (order of insertion is kept; callers sort where Go sorts map keys).
    Json& set(std::string key, Json v);
    /// Member lookup; nullptr when absent or not an object.
    const Json* find(const std::string& key) const;

    std::string compact() const;
    /// Go's json.Indent(prefix "", indent "    ") of the compact form.
    std::string indented(int depth = 0) const;

private:
    Kind kind_ = Kind::Null;
    std::int64_t int_ = 0;
    std::string str_;
    std::vector<Json> items_;
    std::vector<std::pair<std::string, Json>> members_;
};

/// Reads a JSON document (objects, arrays, strings, integers, booleans, null; no fractions): nullopt
/// and "line N: why" in `error` when it is not one.
std::optional<Json> parseJson(const std::string& text, std::string& error);

/// Go's JSON string escaping: control characters, U+2028 and U+2029 always; with `escapeHtml` (as
/// json.Marshal does) also <, > and & as \u003c, \u003e, \u0026 (docker's template `json` turns it off).
std::string jsonQuote(const std::string& s, bool escapeHtml = true);

} // namespace vethlab
