#include "go_template.h"

#include <vector>

#include "go_template_parse.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

std::size_t displayWidth(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

} // namespace

std::optional<GoTemplate> GoTemplate::parse(const std::string& text, std::string& error) {
    auto tree = gotmpl::parseTemplate(text, gotmpl::dockerFunctionNames(), error);
    if (!tree) return std::nullopt;
    GoTemplate t;
    t.tree_ = std::make_shared<const gotmpl::Tree>(std::move(*tree));
    return t;
}

const std::string& GoTemplate::source() const {
    return tree_->text;
}

std::string unescapeFormat(const std::string& format) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '\\' && i + 1 < format.size() && (format[i + 1] == 't' || format[i + 1] == 'n')) {
            out += format[i + 1] == 't' ? '\t' : '\n';
            ++i;
        } else {
            out += format[i];
        }
    }
    return out;
}

std::string tabwrite(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& line : splitLines(text)) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (;;) {
            auto tab = line.find('\t', start);
            cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(cells);
    }
    std::vector<std::size_t> widths;
    for (const auto& r : rows)
        for (std::size_t j = 0; j + 1 < r.size(); ++j) {
            if (widths.size() <= j) widths.resize(j + 1, 0);
            widths[j] = std::max(widths[j], std::max<std::size_t>(displayWidth(r[j]) + 3, 10));
        }
    std::string out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        for (std::size_t j = 0; j < r.size(); ++j) {
            out += r[j];
            if (j + 1 < r.size()) out.append(widths[j] - displayWidth(r[j]), ' ');
        }
        if (i + 1 < rows.size() || text.ends_with('\n')) out += "\n"; // the last line may lack one
    }
    return out;
}

} // namespace vethlab::shell
