// The functions a docker template can call: Go's builtins (and, or, not, len, index, slice, print,
// printf, println, html, js, urlquery, call, eq, ne, lt, le, gt, ge) and docker/cli's templates
// package (json, split, join, title, lower, upper, pad, truncate), with the parameter types Go's
// evaluator checks arguments against.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "go_template_value.h"

namespace vethlab::shell::gotmpl {

/// How a parameter is declared in Go: reflect.Value or interface{} (anything), or a concrete type.
enum class Param { Any, String, Int, StringSlice };

std::string paramTypeName(Param p);

/// A function's own failure; the evaluator reports it as "error calling NAME: MESSAGE".
struct CallError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Function {
    std::vector<Param> params;
    bool variadic = false; // the last parameter repeats
    bool builtin = false;
    std::function<Value(const std::vector<Value>&)> call;
};

using FunctionTable = std::map<std::string, Function>;

/// Go's builtins plus docker's basicFunctions.
const FunctionTable& dockerFunctions();
/// The same, with docker's HeaderFunctions in place: a table header keeps the column names intact.
const FunctionTable& dockerHeaderFunctions();
/// The names a template may call (what the parser checks).
const std::set<std::string>& dockerFunctionNames();

/// fmt.Sprintf, fmt.Sprint and fmt.Sprintln over template values.
std::string goSprintf(const std::string& format, const std::vector<Value>& args);
std::string goSprint(const std::vector<Value>& args);
std::string goSprintln(const std::vector<Value>& args);

} // namespace vethlab::shell::gotmpl
