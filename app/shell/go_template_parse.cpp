#include "go_template_parse.h"

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

#include "go_template_lex.h"

namespace vethlab::shell::gotmpl {

std::string Node::str() const {
    std::string s;
    switch (kind) {
    case Kind::List:
        for (const auto& n : nodes)
            s += n->str();
        return s;
    case Kind::Text:
        return text;
    case Kind::Action:
        return "{{" + pipe->str() + "}}";
    case Kind::If:
    case Kind::Range:
    case Kind::With:
        s = kind == Kind::If ? "{{if " : kind == Kind::Range ? "{{range " : "{{with ";
        s += pipe->str() + "}}" + list->str();
        if (elseList) s += "{{else}}" + elseList->str();
        return s + "{{end}}";
    case Kind::Pipe:
        for (std::size_t i = 0; i < decl.size(); ++i)
            s += (i ? ", " : "") + decl[i]->str();
        if (!decl.empty()) s += " := ";
        for (std::size_t i = 0; i < nodes.size(); ++i)
            s += (i ? " | " : "") + nodes[i]->str();
        return s;
    case Kind::Command:
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (i) s += ' ';
            s += nodes[i]->kind == Kind::Pipe ? "(" + nodes[i]->str() + ")" : nodes[i]->str();
        }
        return s;
    case Kind::Field:
        for (const auto& id : ident)
            s += "." + id;
        return s;
    case Kind::Chain:
        s = pipe->kind == Kind::Pipe ? "(" + pipe->str() + ")" : pipe->str();
        for (const auto& id : ident)
            s += "." + id;
        return s;
    case Kind::Variable:
        for (std::size_t i = 0; i < ident.size(); ++i)
            s += (i ? "." : "") + ident[i];
        return s;
    case Kind::Identifier:
    case Kind::Number:
        return text;
    case Kind::Dot:
        return ".";
    case Kind::Nil:
        return "nil";
    case Kind::Bool:
        return truth ? "true" : "false";
    case Kind::String:
        return quoted;
    case Kind::Break:
        return "{{break}}";
    case Kind::Continue:
        return "{{continue}}";
    case Kind::End:
        return "{{end}}";
    case Kind::Else:
        return "{{else}}";
    case Kind::Template:
        s = "{{template " + goQuote(text);
        if (pipe) s += " " + pipe->str();
        return s + "}}";
    }
    return s;
}

namespace {

struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using NodePtr = std::unique_ptr<Node>;

NodePtr make(Node::Kind k, std::size_t pos, int line = 0) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->pos = pos;
    n->line = line;
    return n;
}

std::vector<std::string> splitDots(const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto dot = s.find('.', start);
        parts.push_back(s.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return parts;
}

class Parser {
public:
    Parser(const std::string& text, const std::set<std::string>& funcs, Tree& tree)
        : items_(lex(text)), funcs_(funcs), tree_(tree) {}

    NodePtr parse() {
        auto root = make(Node::Kind::List, peek().pos);
        while (peek().type != Tok::Eof) {
            if (peek().type == Tok::LeftDelim) {
                std::size_t mark = idx_;
                next();
                if (nextNonSpace().type == Tok::Define) {
                    parseDefinition();
                    continue;
                }
                idx_ = mark;
            }
            auto n = textOrAction();
            if (n->kind == Node::Kind::End || n->kind == Node::Kind::Else) errorf("unexpected " + n->str());
            root->nodes.push_back(std::move(n));
        }
        return root;
    }

private:
    const Token& next() {
        const Token& t = items_[std::min(idx_, items_.size() - 1)];
        if (idx_ < items_.size()) ++idx_;
        if (idx_ > seen_) seen_ = idx_;
        return t;
    }
    void backup() { --idx_; }
    const Token& peek() {
        const Token& t = next();
        backup();
        return t;
    }
    const Token& nextNonSpace() {
        while (true) {
            const Token& t = next();
            if (t.type != Tok::Space) return t;
        }
    }
    const Token& peekNonSpace() {
        const Token& t = nextNonSpace();
        backup();
        return t;
    }

    [[noreturn]] void errorf(const std::string& msg) {
        // Go reports the line of the furthest item its lexer has produced.
        int line = items_[seen_ == 0 ? 0 : seen_ - 1].line;
        throw ParseError("template: :" + std::to_string(line) + ": " + msg);
    }
    [[noreturn]] void unexpected(const Token& t, const std::string& context) {
        if (t.type == Tok::Error) {
            std::string extra;
            if (actionLine_ != 0 && actionLine_ != t.line) {
                extra = " in action started at :" + std::to_string(actionLine_);
                if (t.val.size() >= 7 && t.val.compare(t.val.size() - 7, 7, " action") == 0)
                    extra = extra.substr(10); // avoid "action in action"
            }
            errorf(t.val + extra);
        }
        errorf("unexpected " + t.describe() + " in " + context);
    }
    const Token& expect(Tok type, const std::string& context) {
        const Token& t = nextNonSpace();
        if (t.type != type) unexpected(t, context);
        return t;
    }

    struct DepthGuard {
        explicit DepthGuard(Parser& p) : parser(p) {
            if (++parser.depth_ > kMaxTemplateDepth) parser.errorf("max expression depth exceeded");
        }
        ~DepthGuard() { --parser.depth_; }
        Parser& parser;
    };

    void parseDefinition() {
        const std::string context = "define clause";
        const Token& nameTok = nextNonSpace();
        if (nameTok.type != Tok::String && nameTok.type != Tok::RawString) unexpected(nameTok, context);
        std::string name = unquote(nameTok.val);
        expect(Tok::RightDelim, context);
        auto saved = vars_;
        vars_ = {"$"};
        auto [list, end] = itemList();
        if (end->kind != Node::Kind::End) errorf("unexpected " + end->str() + " in " + context);
        vars_ = saved;
        addTemplate(name, std::move(list));
    }

    void addTemplate(const std::string& name, NodePtr list) {
        auto& slot = tree_.defined[name];
        if (slot && !isEmpty(*slot) && !isEmpty(*list))
            errorf("template: multiple definition of template " + goQuote(name));
        if (!slot || isEmpty(*slot)) slot = std::move(list);
    }

    static bool isEmpty(const Node& n) {
        if (n.kind == Node::Kind::List) {
            for (const auto& c : n.nodes)
                if (!isEmpty(*c)) return false;
            return true;
        }
        if (n.kind == Node::Kind::Text) return n.text.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
        return false;
    }

    std::pair<NodePtr, NodePtr> itemList() {
        auto list = make(Node::Kind::List, peekNonSpace().pos);
        while (peekNonSpace().type != Tok::Eof) {
            auto n = textOrAction();
            if (n->kind == Node::Kind::End || n->kind == Node::Kind::Else)
                return {std::move(list), std::move(n)};
            list->nodes.push_back(std::move(n));
        }
        errorf("unexpected EOF");
    }

    NodePtr textOrAction() {
        const Token& t = nextNonSpace();
        switch (t.type) {
        case Tok::Text: {
            auto n = make(Node::Kind::Text, t.pos);
            n->text = t.val;
            return n;
        }
        case Tok::LeftDelim: {
            actionLine_ = t.line;
            auto n = action();
            actionLine_ = 0;
            return n;
        }
        default:
            unexpected(t, "input");
        }
    }

    NodePtr action() {
        const Token& t = nextNonSpace();
        switch (t.type) {
        case Tok::Block:
            return blockControl();
        case Tok::Break:
            return branchControl(t, Node::Kind::Break, "{{break}}");
        case Tok::Continue:
            return branchControl(t, Node::Kind::Continue, "{{continue}}");
        case Tok::Else:
            return elseControl();
        case Tok::End:
            return make(Node::Kind::End, expect(Tok::RightDelim, "end").pos);
        case Tok::If:
            return control(Node::Kind::If, true, "if");
        case Tok::Range:
            return control(Node::Kind::Range, false, "range");
        case Tok::Template:
            return templateControl();
        case Tok::With:
            return control(Node::Kind::With, false, "with");
        default:
            break;
        }
        backup();
        const Token& start = peek();
        auto n = make(Node::Kind::Action, start.pos, start.line);
        n->pipe = pipeline("command", Tok::RightDelim);
        return n;
    }

    NodePtr branchControl(const Token& t, Node::Kind kind, const std::string& context) {
        std::size_t pos = t.pos;
        int line = t.line;
        const Token& after = nextNonSpace();
        if (after.type != Tok::RightDelim) unexpected(after, context);
        if (rangeDepth_ == 0) errorf(context + " outside {{range}}");
        return make(kind, pos, line);
    }

    NodePtr pipeline(const std::string& context, Tok end) {
        DepthGuard guard(*this);
        const Token& first = peekNonSpace();
        auto pipe = make(Node::Kind::Pipe, first.pos, first.line);
        declarations(*pipe, context);
        while (true) {
            const Token& t = nextNonSpace();
            if (t.type == end) {
                checkPipeline(*pipe, context);
                return pipe;
            }
            switch (t.type) {
            case Tok::Bool:
            case Tok::CharConstant:
            case Tok::Complex:
            case Tok::Dot:
            case Tok::Field:
            case Tok::Identifier:
            case Tok::Number:
            case Tok::Nil:
            case Tok::RawString:
            case Tok::String:
            case Tok::Variable:
            case Tok::LeftParen:
                backup();
                pipe->nodes.push_back(command());
                break;
            default:
                unexpected(t, context);
            }
        }
    }

    // `$x :=`, `$x =`, and range's `$i, $v :=` at the start of a pipeline.
    void declarations(Node& pipe, const std::string& context) {
        while (true) {
            if (peekNonSpace().type != Tok::Variable) return;
            std::size_t varIdx = idx_;
            while (items_[varIdx].type == Tok::Space)
                ++varIdx;
            const Token& v = nextNonSpace();
            const Token& after = peekNonSpace();
            if (after.type == Tok::Assign || after.type == Tok::Declare) {
                pipe.isAssign = after.type == Tok::Assign;
                nextNonSpace();
                pipe.decl.push_back(variableNode(v.pos, v.val));
                vars_.push_back(v.val);
                return;
            }
            if (after.type == Tok::Char && after.val == ",") {
                nextNonSpace();
                pipe.decl.push_back(variableNode(v.pos, v.val));
                vars_.push_back(v.val);
                if (context == "range" && pipe.decl.size() < 2) {
                    Tok t = peekNonSpace().type;
                    if (t == Tok::Variable || t == Tok::RightDelim || t == Tok::RightParen) continue;
                    errorf("range can only initialize variables");
                }
                errorf("too many declarations in " + context);
            }
            idx_ = varIdx; // not a declaration: the variable starts the first command
            return;
        }
    }

    void checkPipeline(const Node& pipe, const std::string& context) {
        if (pipe.nodes.empty()) errorf("missing value for " + context);
        for (std::size_t i = 1; i < pipe.nodes.size(); ++i) {
            switch (pipe.nodes[i]->nodes[0]->kind) {
            case Node::Kind::Bool:
            case Node::Kind::Dot:
            case Node::Kind::Nil:
            case Node::Kind::Number:
            case Node::Kind::String:
                errorf("non executable command in pipeline stage " + std::to_string(i + 1));
            default:
                break;
            }
        }
    }

    NodePtr control(Node::Kind kind, bool allowElseIf, const std::string& context) {
        DepthGuard guard(*this);
        const std::size_t varsMark = vars_.size();
        auto n = make(kind, 0);
        n->pipe = pipeline(context, Tok::RightDelim);
        n->pos = n->pipe->pos;
        n->line = n->pipe->line;
        if (kind == Node::Kind::Range) ++rangeDepth_;
        auto [list, next] = itemList();
        if (kind == Node::Kind::Range) --rangeDepth_;
        n->list = std::move(list);
        if (next->kind == Node::Kind::Else) {
            if (allowElseIf && peek().type == Tok::If) {
                this->next();
                n->elseList = make(Node::Kind::List, next->pos);
                n->elseList->nodes.push_back(control(Node::Kind::If, true, "if"));
            } else {
                auto [elseList, end] = itemList();
                if (end->kind != Node::Kind::End) errorf("expected end; found " + end->str());
                n->elseList = std::move(elseList);
            }
        }
        vars_.resize(varsMark);
        return n;
    }

    NodePtr elseControl() {
        const Token& p = peekNonSpace();
        if (p.type == Tok::If) return make(Node::Kind::Else, p.pos, p.line);
        const Token& t = expect(Tok::RightDelim, "else");
        return make(Node::Kind::Else, t.pos, t.line);
    }

    std::string templateName(const Token& t, const std::string& context) {
        if (t.type != Tok::String && t.type != Tok::RawString) unexpected(t, context);
        return unquote(t.val);
    }

    NodePtr templateControl() {
        const std::string context = "template clause";
        const Token& t = nextNonSpace();
        auto n = make(Node::Kind::Template, t.pos, t.line);
        n->text = templateName(t, context);
        if (nextNonSpace().type != Tok::RightDelim) {
            backup();
            n->pipe = pipeline(context, Tok::RightDelim);
        }
        return n;
    }

    NodePtr blockControl() {
        const std::string context = "block clause";
        const Token& t = nextNonSpace();
        auto n = make(Node::Kind::Template, t.pos, t.line);
        n->text = templateName(t, context);
        n->pipe = pipeline(context, Tok::RightDelim);
        auto saved = vars_;
        vars_ = {"$"};
        auto [list, end] = itemList();
        if (end->kind != Node::Kind::End) errorf("unexpected " + end->str() + " in " + context);
        vars_ = saved;
        addTemplate(n->text, std::move(list));
        return n;
    }

    NodePtr command() {
        auto cmd = make(Node::Kind::Command, peekNonSpace().pos);
        while (true) {
            peekNonSpace();
            if (auto operand = this->operand()) cmd->nodes.push_back(std::move(operand));
            const Token& t = next();
            if (t.type == Tok::Space) continue;
            if (t.type == Tok::RightDelim || t.type == Tok::RightParen)
                backup();
            else if (t.type != Tok::Pipe)
                unexpected(t, "operand");
            break;
        }
        if (cmd->nodes.empty()) errorf("empty command");
        return cmd;
    }

    NodePtr operand() {
        auto node = term();
        if (!node) return nullptr;
        if (peek().type == Tok::Field) {
            auto chain = make(Node::Kind::Chain, peek().pos);
            while (peek().type == Tok::Field) {
                std::string f = next().val;
                chain->ident.push_back(f.substr(1));
            }
            switch (node->kind) {
            case Node::Kind::Field:
            case Node::Kind::Variable: {
                auto joined = make(node->kind, chain->pos);
                joined->ident = node->ident;
                joined->ident.insert(joined->ident.end(), chain->ident.begin(), chain->ident.end());
                return joined;
            }
            case Node::Kind::Bool:
            case Node::Kind::String:
            case Node::Kind::Number:
            case Node::Kind::Nil:
            case Node::Kind::Dot:
                errorf("unexpected . after term " + goQuote(node->str()));
            default:
                chain->pipe = std::move(node);
                return chain;
            }
        }
        return node;
    }

    NodePtr term() {
        const Token& t = nextNonSpace();
        switch (t.type) {
        case Tok::Identifier: {
            if (!funcs_.count(t.val)) errorf("function " + goQuote(t.val) + " not defined");
            auto n = make(Node::Kind::Identifier, t.pos);
            n->text = t.val;
            return n;
        }
        case Tok::Dot:
            return make(Node::Kind::Dot, t.pos);
        case Tok::Nil:
            return make(Node::Kind::Nil, t.pos);
        case Tok::Variable:
            return useVar(t.pos, t.val);
        case Tok::Field: {
            auto n = make(Node::Kind::Field, t.pos);
            n->ident = splitDots(t.val.substr(1));
            return n;
        }
        case Tok::Bool: {
            auto n = make(Node::Kind::Bool, t.pos);
            n->truth = t.val == "true";
            return n;
        }
        case Tok::CharConstant:
        case Tok::Complex:
        case Tok::Number:
            return number(t);
        case Tok::LeftParen:
            return pipeline("parenthesized pipeline", Tok::RightParen);
        case Tok::String:
        case Tok::RawString: {
            auto n = make(Node::Kind::String, t.pos);
            n->quoted = t.val;
            n->text = unquote(t.val);
            return n;
        }
        default:
            backup();
            return nullptr;
        }
    }

    std::string unquote(const std::string& lit) {
        std::string out, err;
        if (!goUnquote(lit, out, err)) errorf(err);
        return out;
    }

    NodePtr number(const Token& t);

    NodePtr variableNode(std::size_t pos, const std::string& name) {
        auto n = make(Node::Kind::Variable, pos);
        n->ident = splitDots(name);
        return n;
    }

    NodePtr useVar(std::size_t pos, const std::string& name) {
        auto v = variableNode(pos, name);
        for (const auto& known : vars_)
            if (known == v->ident[0]) return v;
        errorf("undefined variable " + goQuote(v->ident[0]));
    }

    std::vector<Token> items_;
    const std::set<std::string>& funcs_;
    Tree& tree_;
    std::size_t idx_ = 0, seen_ = 0;
    std::vector<std::string> vars_ = {"$"};
    int actionLine_ = 0;
    int rangeDepth_ = 0;
    int depth_ = 0;
};

// strconv.ParseInt/ParseUint with base 0: prefixes 0x, 0o, 0b, a leading 0 for octal, underscores
// only between digits when there is a prefix.
bool parseGoInt(std::string s, bool isUnsigned, std::int64_t& i, std::uint64_t& u) {
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        if (isUnsigned) return false;
        neg = s[0] == '-';
        s = s.substr(1);
    }
    int base = 10;
    bool prefixed = false;
    if (s.size() > 1 && s[0] == '0') {
        char p = static_cast<char>(s[1] | 0x20);
        if (p == 'x' || p == 'o' || p == 'b') {
            base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
            s = s.substr(2);
            prefixed = true;
        } else {
            base = 8;
            s = s.substr(1);
            prefixed = true;
        }
    }
    if (s.empty()) return prefixed && base == 8; // "0"
    std::string digits;
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] == '_') {
            // Between digits, or right after a base prefix.
            if ((k == 0 && !prefixed) || k + 1 >= s.size() || s[k + 1] == '_') return false;
            continue;
        }
        digits += s[k];
    }
    if (digits.empty()) return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(digits.c_str(), &end, base);
    if (errno == ERANGE || *end != '\0' || digits[0] == '-' || digits[0] == '+') return false;
    if (isUnsigned) {
        u = v;
        return true;
    }
    if (neg) {
        if (v > 9223372036854775808ULL) return false;
        i = v == 9223372036854775808ULL ? INT64_MIN : -static_cast<std::int64_t>(v);
    } else {
        if (v > 9223372036854775807ULL) return false;
        i = static_cast<std::int64_t>(v);
    }
    return true;
}

NodePtr Parser::number(const Token& t) {
    auto n = make(Node::Kind::Number, t.pos);
    n->text = t.val;
    if (t.type == Tok::CharConstant) {
        std::string body = t.val.substr(1, t.val.size() - 2), out, err;
        if (body == "\\'")
            body = "'";
        else if (body == "\"")
            body = "\\\"";
        if (!goUnquote("\"" + body + "\"", out, err) || out.empty())
            errorf("malformed character constant: " + t.val);
        auto c = static_cast<unsigned char>(out[0]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        if (out.size() != len) errorf("malformed character constant: " + t.val);
        std::int64_t r = len == 1 ? c : c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k)
            r = (r << 6) | (static_cast<unsigned char>(out[k]) & 0x3F);
        n->isInt = n->isUint = n->isFloat = true;
        n->intValue = r;
        n->uintValue = static_cast<std::uint64_t>(r);
        n->floatValue = static_cast<double>(r);
        return n;
    }
    if (t.type == Tok::Complex || t.val.back() == 'i')
        errorf("complex constants are not supported: " +
               goQuote(t.val)); // Docker's templates never need them
    std::uint64_t u = 0;
    std::int64_t i = 0;
    if (parseGoInt(t.val, true, i, u)) {
        n->isUint = true;
        n->uintValue = u;
    }
    if (parseGoInt(t.val, false, i, u)) {
        n->isInt = true;
        n->intValue = i;
        if (i == 0) n->isUint = true;
    }
    if (n->isInt) {
        n->isFloat = true;
        n->floatValue = static_cast<double>(n->intValue);
    } else if (n->isUint) {
        n->isFloat = true;
        n->floatValue = static_cast<double>(n->uintValue);
    } else {
        std::string clean;
        for (char c : t.val)
            if (c != '_') clean += c;
        char* end = nullptr;
        errno = 0;
        double f = std::strtod(clean.c_str(), &end);
        if (end && *end == '\0' && !clean.empty() && errno != ERANGE) {
            if (t.val.find_first_of(".eEpP") == std::string::npos ||
                (t.val.size() > 1 && (t.val[1] == 'x' || t.val[1] == 'X') &&
                 t.val.find_first_of("pP") == std::string::npos))
                errorf("integer overflow: " + goQuote(t.val));
            n->isFloat = true;
            n->floatValue = f;
            if (f >= -9.2e18 && f <= 9.2e18 && static_cast<double>(static_cast<std::int64_t>(f)) == f) {
                n->isInt = true;
                n->intValue = static_cast<std::int64_t>(f);
            }
            if (f >= 0 && f <= 1.8e19 && static_cast<double>(static_cast<std::uint64_t>(f)) == f) {
                n->isUint = true;
                n->uintValue = static_cast<std::uint64_t>(f);
            }
        }
    }
    if (!n->isInt && !n->isUint && !n->isFloat) errorf("illegal number syntax: " + goQuote(t.val));
    return n;
}

} // namespace

std::optional<Tree> parseTemplate(const std::string& text, const std::set<std::string>& functions,
                                  std::string& error) {
    Tree tree;
    tree.text = text;
    try {
        Parser p(text, functions, tree);
        tree.root = p.parse();
    } catch (const ParseError& e) {
        error = e.what();
        return std::nullopt;
    }
    return tree;
}

} // namespace vethlab::shell::gotmpl
