// Go's text/template as docker's --format and -f flags use it (Go 1.19, docker/cli 20.10's function
// map): a lexer, parser and evaluator that follow Go's grammar and print Go's error messages, plus
// docker's tabwriter settings for tables.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "go_template_funcs.h"
#include "go_template_value.h"

namespace vethlab::shell {

namespace gotmpl {
struct Tree;
}

struct TemplateResult {
    std::string output; // what was written before any error, as Go's writer holds it
    std::optional<std::string> error;
};

struct ExecOptions {
    bool missingKeyError = false; // Option("missingkey=error")
    bool header = false;          // docker's HeaderFunctions replace json, split, join, ...
};

class GoTemplate {
public:
    /// Parses a template with docker's functions; on error returns nullopt and sets `error` to Go's
    /// message, e.g. `template: :1: function "foo" not defined`.
    static std::optional<GoTemplate> parse(const std::string& text, std::string& error);

    TemplateResult execute(const gotmpl::Value& data, const ExecOptions& options = {}) const;

    const std::string& source() const;

private:
    std::shared_ptr<const gotmpl::Tree> tree_;
};

/// Go's text/tabwriter with docker's settings: minwidth 10, tabwidth 1, padding 3, padchar ' '.
/// Every tab-terminated cell is padded to its column's width; the last cell of a line is not.
std::string tabwrite(const std::string& text);

/// docker's preprocessing of a --format value: the two-character sequences \t and \n become a tab and
/// a newline.
std::string unescapeFormat(const std::string& format);

} // namespace vethlab::shell
