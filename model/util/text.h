// Small text helpers shared by the parsers (catalogue, settings, hosts files, terminal tools).
#pragma once

#include <string>
#include <vector>

namespace vethlab {

/// Removes leading and trailing blanks (spaces, tabs, a trailing carriage return).
inline std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

/// Splits text into lines; a final newline does not make an empty last line.
inline std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        out.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        pos = nl == std::string::npos ? text.size() : nl + 1;
    }
    return out;
}

} // namespace vethlab
