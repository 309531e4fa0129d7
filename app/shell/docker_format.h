// How the docker client renders --format and -f (docker/cli 20.10: cli/command/formatter and
// cli/command/inspect): the list formatter with its table header and tabwriter, `docker ps`'s
// template pre-check, and the inspect templates with their typed-then-raw evaluation, each with its
// error text and exit status.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exec_context.h"
#include "go_template.h"
#include "util/json.h"

namespace vethlab::shell {

/// One row of a list as docker's formatter contexts show it: a pointer to a context struct whose
/// methods return the columns (`Label NAME` picks one label).
gotmpl::Value listRow(const std::string& typeName,
                      const std::vector<std::pair<std::string, std::string>>& columns,
                      const std::map<std::string, std::string>& labels);

/// formatter.Context.Write: `table` strips the prefix and prints a header row through tabwriter;
/// \t and \n are unescaped; an error prints "template parsing error: ..." and returns 1.
/// `headers` is the context's SubHeaderContext (column name -> header text).
int writeList(Streams& io, const std::string& format, const std::vector<gotmpl::Value>& rows,
              const std::map<std::string, std::string>& headers);

/// `docker ps` parses and runs a --format over an empty container before listing (to see whether it
/// uses .Size): the "failed to parse template" / "failed to execute template" errors. Returns the
/// exit status to stop with, or 0.
int precheckPsFormat(Streams& io, const std::string& format, const gotmpl::Value& emptyRow);

/// The Go types behind `docker inspect` JSON: which objects are Go maps and which nulls are nil slices.
gotmpl::JsonView containerJsonView();
gotmpl::JsonView networkJsonView();

/// One reference given to inspect: the object found, or the lookup's error ("Error: No such ...").
struct InspectItem {
    std::optional<Json> json;
    gotmpl::JsonView view;
    std::string error;
};

/// cli/command/inspect.Inspect: indented JSON, or each object through the -f template (typed first,
/// then the raw JSON with missingkey=error); errors are reported in reference order after the output.
/// Returns the exit status: 64 for a template that does not parse, 1 when anything failed.
int inspectOutput(Streams& io, const std::string& format, const std::vector<InspectItem>& items);

} // namespace vethlab::shell
