#include "go_template.h"

#include <vector>

#include "util/text.h"

namespace vethlab::shell {
namespace {

std::size_t displayWidth(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// Go's fmt %v of a decoded value.
std::string printValue(const Json& v) {
    switch (v.kind()) {
    case Json::Kind::Null:
        return "<nil>";
    case Json::Kind::Bool:
        return v.asBool() ? "true" : "false";
    case Json::Kind::Int:
        return std::to_string(v.asInt());
    case Json::Kind::String:
        return v.asString();
    case Json::Kind::Array: {
        std::string s = "[";
        for (std::size_t i = 0; i < v.items().size(); ++i)
            s += (i ? " " : "") + printValue(v.items()[i]);
        return s + "]";
    }
    case Json::Kind::Object: {
        std::string s = "map[";
        bool first = true;
        for (const auto& [k, m] : v.members()) {
            s += (first ? "" : " ") + k + ":" + printValue(m);
            first = false;
        }
        return s + "]";
    }
    }
    return "";
}

const Json* lookup(const Json& dot, const std::string& path, bool& ok) {
    ok = true;
    if (path == ".") return &dot;
    const Json* cur = &dot;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        auto next = path.find('.', pos);
        std::string key = path.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        if (key.empty()) break;
        const Json* child = cur->find(key);
        if (!child) {
            ok = false; // Go prints "<no value>" for a key a map does not have
            static const Json missing;
            return &missing;
        }
        cur = child;
        if (next == std::string::npos) break;
        pos = next + 1;
    }
    return cur;
}

struct Node {
    enum Kind { Text, Value, Json_, Range, If } kind = Text;
    std::string text; // literal or path
    std::vector<Node> body, elseBody;
};

// Go caps parenthesized pipelines at 10000 (parse.go's maxStackDepth) and lets goroutine stacks grow
// for nested actions; a thread's stack cannot, so nested if/range share Go's cap and its message.
constexpr int kMaxDepth = 10000;

bool parseNodes(const std::string& src, std::size_t& pos, std::vector<Node>& out, std::string& endWord,
                std::string& error, int depth = 0) {
    if (depth >= kMaxDepth) {
        error = "template: :1: max expression depth exceeded";
        return false;
    }
    while (pos < src.size()) {
        auto open = src.find("{{", pos);
        if (open == std::string::npos) {
            out.push_back({Node::Text, src.substr(pos), {}, {}});
            pos = src.size();
            break;
        }
        if (open > pos) out.push_back({Node::Text, src.substr(pos, open - pos), {}, {}});
        auto close = src.find("}}", open);
        if (close == std::string::npos) {
            error = "template: :1: unclosed action";
            return false;
        }
        std::string action = trim(src.substr(open + 2, close - open - 2));
        pos = close + 2;
        if (action == "end" || action == "else") {
            endWord = action;
            return true;
        }
        if (action.rfind("range ", 0) == 0 || action.rfind("if ", 0) == 0) {
            bool isRange = action[0] == 'r';
            Node n{isRange ? Node::Range : Node::If, trim(action.substr(isRange ? 6 : 3)), {}, {}};
            std::string word;
            if (!parseNodes(src, pos, n.body, word, error, depth + 1)) return false;
            if (word == "else") {
                if (!parseNodes(src, pos, n.elseBody, word, error, depth + 1)) return false;
            }
            if (word != "end") {
                error = "template: :1: unexpected EOF";
                return false;
            }
            out.push_back(std::move(n));
            continue;
        }
        if (action.rfind("json ", 0) == 0) {
            out.push_back({Node::Json_, trim(action.substr(5)), {}, {}});
            continue;
        }
        if (action.empty() || action[0] != '.') {
            error = "template: :1: function \"" + action.substr(0, action.find(' ')) + "\" not defined";
            return false;
        }
        out.push_back({Node::Value, action, {}, {}});
    }
    return true;
}

bool truthy(const Json& v) {
    switch (v.kind()) {
    case Json::Kind::Null:
        return false;
    case Json::Kind::Bool:
        return v.asBool();
    case Json::Kind::Int:
        return v.asInt() != 0;
    case Json::Kind::String:
        return !v.asString().empty();
    case Json::Kind::Array:
        return !v.items().empty();
    case Json::Kind::Object:
        return !v.members().empty();
    }
    return false;
}

void run(const std::vector<Node>& nodes, const Json& dot, std::string& out) {
    for (const auto& n : nodes) {
        bool ok = true;
        switch (n.kind) {
        case Node::Text:
            out += n.text;
            break;
        case Node::Value: {
            const Json* v = lookup(dot, n.text, ok);
            out += v->isNull() && !ok ? "<no value>" : printValue(*v);
            break;
        }
        case Node::Json_:
            out += lookup(dot, n.text, ok)->compact();
            break;
        case Node::Range: {
            const Json* v = lookup(dot, n.text, ok);
            if (v->kind() == Json::Kind::Array) {
                for (const auto& item : v->items())
                    run(n.body, item, out);
            } else if (v->kind() == Json::Kind::Object) {
                for (const auto& [k, item] : v->members())
                    run(n.body, item, out);
            }
            if (!truthy(*v)) run(n.elseBody, dot, out);
            break;
        }
        case Node::If:
            run(truthy(*lookup(dot, n.text, ok)) ? n.body : n.elseBody, dot, out);
            break;
        }
    }
}

} // namespace

std::optional<GoTemplate> GoTemplate::parse(const std::string& text, std::string& error) {
    std::vector<Node> nodes;
    std::size_t pos = 0;
    std::string word;
    if (!parseNodes(text, pos, nodes, word, error)) return std::nullopt;
    if (!word.empty()) {
        error = "template: :1: unexpected {{" + word + "}}";
        return std::nullopt;
    }
    GoTemplate t;
    t.source_ = text;
    return t;
}

std::string GoTemplate::execute(const Json& data) const {
    std::vector<Node> nodes;
    std::size_t pos = 0;
    std::string word, error;
    parseNodes(source_, pos, nodes, word, error);
    std::string out;
    run(nodes, data, out);
    return out;
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
    std::vector<bool> endsWithNewline;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        endsWithNewline.push_back(nl != std::string::npos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
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
        if (endsWithNewline[i]) out += "\n";
    }
    return out;
}

} // namespace vethlab::shell
