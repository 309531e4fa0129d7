// The values a Go template sees: the subset of Go's reflect.Value that docker's templates meet (the
// inspect JSON decoded as Go structs and maps, docker's formatter contexts with their methods, and
// what the template functions return). Go's type names are kept because its error messages print them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/json.h"

namespace vethlab::shell::gotmpl {

class Value;

/// A Go object seen through its methods, as docker's formatter contexts (*formatter.ContainerContext):
/// each method takes string arguments and returns a string.
struct Object {
    struct Method {
        std::string name;
        int stringArgs = 0;
        std::function<std::string(const std::vector<std::string>&)> call;
    };
    std::string typeName; // e.g. "*formatter.ContainerContext"
    std::vector<Method> methods;
    const Method* find(const std::string& name) const;
};

class Value {
public:
    enum class Kind {
        Invalid, // Go's zero reflect.Value: "<no value>"
        Nil,     // a nil slice, map, pointer or interface of a known type
        Bool,
        Int,
        Float,
        String, // also json.Number, a string type
        Slice,
        Map,    // Go map: printed and ranged in key order
        Struct, // Go struct: fields in declaration order
        Object,
    };
    using Entries = std::vector<std::pair<std::string, Value>>;

    Value() = default;
    static Value boolean(bool b);
    static Value integer(std::int64_t i, std::string type = "int");
    static Value floating(double f);
    static Value string(std::string s, std::string type = "string");
    static Value nil(std::string type);
    static Value slice(std::vector<Value> items, std::string type);
    static Value map(Entries entries, std::string type); // sorts by key
    static Value structure(Entries fields, std::string type);
    static Value object(std::shared_ptr<const Object> o);

    Kind kind() const { return kind_; }
    bool isValid() const { return kind_ != Kind::Invalid; }
    const std::string& type() const { return type_; }
    /// The static type Go names in "can't evaluate field" errors: interface {} for a value taken out
    /// of a map[string]interface{} or []interface{}.
    std::string staticType() const { return boxed_ ? "interface {}" : type_; }
    /// How encoding/json writes this value when its Go fields differ from its JSON members.
    Value withJson(std::string encoded) const {
        Value v = *this;
        v.json_ = std::make_shared<const std::string>(std::move(encoded));
        return v;
    }
    const std::string* json() const { return json_.get(); }
    Value boxed() const {
        Value v = *this;
        v.boxed_ = true;
        return v;
    }
    /// The struct is reached through a pointer (*types.ContainerState, ...): fmt prints it as &{...} at
    /// the top and as its address inside a map, slice or struct.
    Value pointed() const {
        Value v = *this;
        v.pointer_ = true;
        return v;
    }
    bool isPointer() const { return pointer_; }
    bool asBool() const { return int_ != 0; }
    std::int64_t asInt() const { return int_; }
    double asFloat() const { return float_; }
    const std::string& asString() const { return str_; }
    const std::vector<Value>& items() const { return *items_; }
    const Entries& entries() const { return *entries_; }
    const Object& asObject() const { return *object_; }
    /// A map's or struct's member; nullptr when absent.
    const Value* member(const std::string& key) const;
    /// Go's len() for strings, slices and maps.
    std::size_t length() const;

private:
    Kind kind_ = Kind::Invalid;
    bool boxed_ = false;
    bool pointer_ = false;
    std::string type_;
    std::int64_t int_ = 0;
    double float_ = 0;
    std::string str_;
    std::shared_ptr<const std::vector<Value>> items_;
    std::shared_ptr<const Entries> entries_;
    std::shared_ptr<const Object> object_;
    std::shared_ptr<const std::string> json_;
};

/// How a JSON document becomes Go values. Docker's inspect first runs the template over the typed Go
/// struct (types.ContainerJSON, ...) and, if that fails, over the JSON decoded into interface{} with
/// missingkey=error: `typed` picks the first view, in which the objects listed in `mapPaths` are Go
/// maps (the rest are structs) and null at a path in `slicePaths`/`mapPaths` is a nil slice/map.
/// Paths are dot-separated member names; `*` matches any map key or array index.
struct JsonView {
    /// A Go struct field: its name in templates, its JSON key, and the zero value it has when the
    /// JSON leaves it out (omitempty): "" "string", "bool", "int", "map", "slice" or "ptr".
    struct Field {
        std::string name, json, zero;
    };
    struct Struct {
        std::string path;
        std::vector<Field> fields; // declaration order
    };
    bool typed = true;
    std::vector<std::string> mapPaths;
    std::vector<std::string> slicePaths;
    std::vector<Struct> structs;           // structs whose Go fields differ from their JSON members
    std::vector<std::string> pointerPaths; // structs held through a pointer
};

Value fromJson(const Json& j, const JsonView& view);

/// fmt.Sprint of one value (%v).
std::string formatValue(const Value& v);
/// encoding/json of a value with SetEscapeHTML(false), as docker's `json` function writes it.
std::string encodeJson(const Value& v);
/// Go's truth: non-zero numbers, non-empty strings, slices and maps, true, structs and objects.
bool isTrue(const Value& v);

} // namespace vethlab::shell::gotmpl
