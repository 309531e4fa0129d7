#include "util/json.h"

#include <cstdio>

namespace vethlab {

Json Json::stringArray(const std::vector<std::string>& items) {
    Json a = array();
    for (const auto& s : items)
        a.push(s);
    return a;
}

Json& Json::push(Json v) {
    items_.push_back(std::move(v));
    return items_.back();
}

Json& Json::set(std::string key, Json v) {
    members_.emplace_back(std::move(key), std::move(v));
    return members_.back().second;
}

const Json* Json::find(const std::string& key) const {
    if (kind_ != Kind::Object) return nullptr;
    for (const auto& [k, v] : members_)
        if (k == key) return &v;
    return nullptr;
}

std::string jsonQuote(const std::string& s, bool escapeHtml) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || (escapeHtml && (c == '<' || c == '>' || c == '&'))) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
            // U+2028 and U+2029: JavaScript line terminators, escaped by Go whatever the HTML setting.
            out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string Json::compact() const {
    switch (kind_) {
    case Kind::Null:
        return "null";
    case Kind::Bool:
        return int_ ? "true" : "false";
    case Kind::Int:
        return std::to_string(int_);
    case Kind::String:
        return jsonQuote(str_);
    case Kind::Array: {
        std::string out = "[";
        for (std::size_t i = 0; i < items_.size(); ++i)
            out += (i ? "," : "") + items_[i].compact();
        return out + "]";
    }
    case Kind::Object: {
        std::string out = "{";
        for (std::size_t i = 0; i < members_.size(); ++i)
            out += (i ? "," : "") + jsonQuote(members_[i].first) + ":" + members_[i].second.compact();
        return out + "}";
    }
    }
    return "null";
}

std::string Json::indented(int depth) const {
    const std::string pad(static_cast<std::size_t>(depth + 1) * 4, ' ');
    const std::string closePad(static_cast<std::size_t>(depth) * 4, ' ');
    if (kind_ == Kind::Array && !items_.empty()) {
        std::string out = "[\n";
        for (std::size_t i = 0; i < items_.size(); ++i)
            out += pad + items_[i].indented(depth + 1) + (i + 1 < items_.size() ? ",\n" : "\n");
        return out + closePad + "]";
    }
    if (kind_ == Kind::Object && !members_.empty()) {
        std::string out = "{\n";
        for (std::size_t i = 0; i < members_.size(); ++i)
            out += pad + jsonQuote(members_[i].first) + ": " + members_[i].second.indented(depth + 1) +
                   (i + 1 < members_.size() ? ",\n" : "\n");
        return out + closePad + "}";
    }
    return compact();
}

} // namespace vethlab
