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

std::string jsonQuote(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '<':
            out += "\\u003c";
            break;
        case '>':
            out += "\\u003e";
            break;
        case '&':
            out += "\\u0026";
            break;
        default:
            if (c < 0x20) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
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
