// The part of Go's text/template that docker's --format and -f flags use, evaluated over the same
// JSON objects the API returns, plus docker's tabwriter settings for tables.
#pragma once

#include <optional>
#include <string>

#include "util/json.h"

namespace vethlab::shell {

class GoTemplate {
public:
    /// Parses a template; on error returns nullopt and sets `error` to Go's message.
    static std::optional<GoTemplate> parse(const std::string& text, std::string& error);
    std::string execute(const Json& data) const;
    const std::string& source() const { return source_; }

private:
    std::string source_;
};

/// Go's text/tabwriter with docker's settings: minwidth 10, tabwidth 1, padding 3, padchar ' '.
/// Every tab-terminated cell is padded to its column's width; the last cell of a line is not.
std::string tabwrite(const std::string& text);

/// docker's preprocessing of a --format value: the two-character sequences \t and \n become a tab and
/// a newline.
std::string unescapeFormat(const std::string& format);

} // namespace vethlab::shell
