// awk as Docker tutorials use it: `awk '{print $1}'`, -F, NR, NF, $NF, patterns (/re/, NR>1, $3=="x"),
// BEGIN/END, printf, and variables summed over lines. Not a whole awk: a program beyond this subset
// is refused in one line that says so. mawk (Debian) and busybox awk print these programs alike.
#include <cmath>
#include <map>
#include <memory>
#include <regex>
#include <stdexcept>

#include "command_registry.h"
#include "text_tools.h"
#include "util/text.h"

namespace vethlab::shell {
namespace {

struct Unsupported : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Value {
    std::string str;
    double num = 0;
    bool numeric = false; // a number, or a field/variable that looks like one (awk's "strnum")
};

bool looksNumeric(const std::string& s, double& n) {
    const std::string t = trim(s);
    if (t.empty()) return false;
    char* end = nullptr;
    n = std::strtod(t.c_str(), &end);
    return end && *end == '\0' && t.find_first_of("xXnN") == std::string::npos;
}

Value strnum(const std::string& s) {
    Value v{s, 0, false};
    v.numeric = looksNumeric(s, v.num);
    return v;
}

Value number(double n) {
    char buf[64];
    if (n == std::floor(n) && std::fabs(n) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", n);
    else
        std::snprintf(buf, sizeof buf, "%.6g", n);
    return Value{buf, n, true};
}

double toNumber(const Value& v) {
    if (v.numeric) return v.num;
    return std::strtod(v.str.c_str(), nullptr);
}

struct Node {
    std::string kind; // num str field var regex not neg bin concat call
    std::string text;
    std::vector<std::unique_ptr<Node>> kids;
};
using NodePtr = std::unique_ptr<Node>;

NodePtr node(std::string kind, std::string text = {}) {
    auto n = std::make_unique<Node>();
    n->kind = std::move(kind);
    n->text = std::move(text);
    return n;
}

struct Statement {
    std::string kind; // print printf assign
    std::string var, op;
    std::vector<NodePtr> args;
};
struct Rule {
    std::string special; // "BEGIN", "END" or ""
    NodePtr pattern;     // null: every line
    std::vector<Statement> actions;
    bool printLine = false; // a pattern without an action prints the line
};

// A recursive-descent parser of the subset; throws Unsupported at anything else.
class AwkParser {
public:
    explicit AwkParser(std::string src) : s_(std::move(src)) {}

    std::vector<Rule> program() {
        std::vector<Rule> rules;
        for (skip(true); i_ < s_.size(); skip(true)) {
            Rule r;
            if (word("BEGIN") || word("END")) {
                r.special = last_;
            } else if (peek() != '{') {
                r.pattern = expr();
            }
            skip(false);
            if (peek() == '{')
                r.actions = block();
            else
                r.printLine = true;
            rules.push_back(std::move(r));
        }
        return rules;
    }

private:
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    void skip(bool newlines) {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\t' || (newlines && (s_[i_] == '\n' || s_[i_] == ';'))))
            ++i_;
    }
    bool eat(const std::string& t) {
        skip(false);
        if (s_.compare(i_, t.size(), t) != 0) return false;
        i_ += t.size();
        return true;
    }
    bool word(const std::string& w) {
        skip(false);
        if (s_.compare(i_, w.size(), w) != 0) return false;
        const std::size_t e = i_ + w.size();
        if (e < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[e])) || s_[e] == '_')) return false;
        i_ = e;
        last_ = w;
        return true;
    }
    // i_ may be one past the end (an unterminated string literal).
    [[noreturn]] void fail() const { throw Unsupported(s_.substr(std::min(i_, s_.size()), 20)); }

    std::vector<Statement> block() {
        eat("{");
        std::vector<Statement> out;
        for (skip(true); peek() != '}'; skip(true)) {
            if (i_ >= s_.size()) fail();
            out.push_back(statement());
        }
        ++i_;
        return out;
    }

    Statement statement() {
        Statement st;
        if (word("printf") || word("print")) {
            st.kind = last_;
            skip(false);
            const bool paren = peek() == '(' && st.kind == "printf";
            if (paren) ++i_;
            noGreater_ = true;
            while (skip(false), i_ < s_.size() && std::string(";}\n").find(peek()) == std::string::npos) {
                st.args.push_back(expr());
                if (!eat(",")) break;
            }
            noGreater_ = false;
            if (paren && !eat(")")) fail();
            skip(false);
            if (peek() == '>' || peek() == '|') fail(); // output redirection
            if (st.kind == "printf" && st.args.empty()) fail();
            return st;
        }
        skip(false);
        const std::size_t start = i_;
        std::string name = identifier();
        if (!name.empty()) {
            for (const char* op : {"+=", "-=", "++", "--", "="}) {
                if (s_.compare(i_ + countBlanks(), std::string(op).size(), op) == 0 &&
                    !(std::string(op) == "=" && s_.compare(i_ + countBlanks(), 2, "==") == 0)) {
                    eat(op);
                    st.kind = "assign";
                    st.var = name;
                    st.op = op;
                    if (st.op != "++" && st.op != "--") st.args.push_back(expr());
                    return st;
                }
            }
        }
        i_ = start;
        fail();
    }

    std::size_t countBlanks() const {
        std::size_t k = 0;
        while (i_ + k < s_.size() && (s_[i_ + k] == ' ' || s_[i_ + k] == '\t'))
            ++k;
        return k;
    }

    std::string identifier() {
        skip(false);
        std::string n;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_') &&
               !(n.empty() && std::isdigit(static_cast<unsigned char>(s_[i_]))))
            n += s_[i_++];
        return n;
    }

    NodePtr binary(const char* op, NodePtr a, NodePtr b) {
        auto n = node("bin", op);
        n->kids.push_back(std::move(a));
        n->kids.push_back(std::move(b));
        return n;
    }

    NodePtr expr() { // ||
        auto a = andExpr();
        while (eat("||"))
            a = binary("||", std::move(a), andExpr());
        return a;
    }
    NodePtr andExpr() {
        auto a = matchExpr();
        while (eat("&&"))
            a = binary("&&", std::move(a), matchExpr());
        return a;
    }
    NodePtr matchExpr() {
        auto a = comparison();
        for (;;) {
            if (eat("!~"))
                a = binary("!~", std::move(a), comparison());
            else if (skip(false), peek() == '~' && eat("~"))
                a = binary("~", std::move(a), comparison());
            else
                return a;
        }
    }
    NodePtr comparison() {
        auto a = concat();
        for (const char* op : {"==", "!=", "<=", ">=", "<", ">"}) {
            if (noGreater_ && op[0] == '>') continue;
            skip(false);
            if (s_.compare(i_, std::string(op).size(), op) == 0) {
                eat(op);
                return binary(op, std::move(a), concat());
            }
        }
        return a;
    }
    bool startsOperand() {
        skip(false);
        const char c = peek();
        return c == '$' || c == '"' || c == '(' || std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
               c == '.';
    }
    NodePtr concat() {
        auto a = additive();
        while (startsOperand()) {
            auto n = node("concat");
            n->kids.push_back(std::move(a));
            n->kids.push_back(additive());
            a = std::move(n);
        }
        return a;
    }
    NodePtr additive() {
        auto a = multiplicative();
        for (;;) {
            skip(false);
            if ((peek() == '+' || peek() == '-') && s_.compare(i_, 2, "++") != 0 &&
                s_.compare(i_, 2, "+=") != 0) {
                const std::string op(1, s_[i_++]);
                a = binary(op == "+" ? "+" : "-", std::move(a), multiplicative());
            } else {
                return a;
            }
        }
    }
    NodePtr multiplicative() {
        auto a = unary();
        for (;;) {
            skip(false);
            if (peek() == '*' || peek() == '/' || peek() == '%') {
                const char op = s_[i_++];
                a = binary(op == '*' ? "*" : op == '/' ? "/" : "%", std::move(a), unary());
            } else {
                return a;
            }
        }
    }
    NodePtr unary() {
        skip(false);
        if (peek() == '!' && s_.compare(i_, 2, "!=") != 0) {
            ++i_;
            auto n = node("not");
            n->kids.push_back(unary());
            return n;
        }
        if (peek() == '-') {
            ++i_;
            auto n = node("neg");
            n->kids.push_back(unary());
            return n;
        }
        return primary();
    }
    NodePtr primary() {
        skip(false);
        const char c = peek();
        if (c == '$') {
            ++i_;
            auto n = node("field");
            skip(false);
            if (peek() == '(') {
                ++i_;
                n->kids.push_back(expr());
                if (!eat(")")) fail();
            } else {
                n->kids.push_back(primary());
            }
            return n;
        }
        if (c == '(') {
            ++i_;
            auto n = expr();
            if (!eat(")")) fail();
            return n;
        }
        if (c == '"') return stringLiteral();
        if (c == '/') {
            std::string re;
            for (++i_; i_ < s_.size() && s_[i_] != '/'; ++i_) {
                if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') ++i_;
                re += s_[i_];
            }
            if (i_++ >= s_.size()) fail();
            return node("regex", re);
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            std::string n;
            while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.'))
                n += s_[i_++];
            return node("num", n);
        }
        const std::string name = identifier();
        if (name.empty() || name == "getline" || name == "function" || name == "if" || name == "while" ||
            name == "for")
            fail();
        skip(false);
        if (peek() == '(') {
            if (name != "length" && name != "toupper" && name != "tolower") fail();
            ++i_;
            auto n = node("call", name);
            skip(false);
            if (peek() != ')') n->kids.push_back(expr());
            if (!eat(")")) fail();
            return n;
        }
        if (name == "length") return node("call", name);
        if (peek() == '[') fail(); // arrays
        return node("var", name);
    }
    NodePtr stringLiteral() {
        std::string v;
        for (++i_; i_ < s_.size() && s_[i_] != '"'; ++i_) {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                const char e = s_[++i_];
                v += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            } else {
                v += s_[i_];
            }
        }
        if (i_++ >= s_.size()) fail();
        return node("str", v);
    }

    std::string s_;
    std::size_t i_ = 0;
    std::string last_;
    bool noGreater_ = false; // in print's arguments '>' would be a redirection
};

class AwkRun {
public:
    AwkRun(std::string fs) : fs_(std::move(fs)) {}

    std::string out;
    std::map<std::string, Value> vars;
    std::vector<std::string> fields; // fields[0] is $0
    long nr = 0;

    void setLine(const std::string& line) {
        fields = {line};
        if (fs_ == " ") {
            std::string w;
            for (char c : line + " ")
                if (c == ' ' || c == '\t' || c == '\n') {
                    if (!w.empty()) fields.push_back(w);
                    w.clear();
                } else {
                    w += c;
                }
        } else if (fs_.size() == 1 || fs_ == "\\t") {
            const char sep = fs_ == "\\t" ? '\t' : fs_[0];
            if (!line.empty()) {
                fields.emplace_back();
                for (char c : line)
                    if (c == sep)
                        fields.emplace_back();
                    else
                        fields.back() += c;
            }
        } else {
            const std::regex re(fs_, std::regex::extended);
            if (!line.empty())
                for (std::sregex_token_iterator it(line.begin(), line.end(), re, -1), end; it != end; ++it)
                    fields.push_back(*it);
        }
    }

    Value eval(const Node& n) {
        if (n.kind == "num") return number(std::strtod(n.text.c_str(), nullptr));
        if (n.kind == "str") return Value{n.text, 0, false};
        if (n.kind == "regex")
            return number(std::regex_search(fields.empty() ? "" : fields[0], regexOf(n.text)));
        if (n.kind == "field") {
            const long k = static_cast<long>(toNumber(eval(*n.kids[0])));
            if (k < 0) throw Unsupported("$" + std::to_string(k));
            return strnum(static_cast<std::size_t>(k) < fields.size() ? fields[static_cast<std::size_t>(k)]
                                                                      : "");
        }
        if (n.kind == "var") {
            if (n.text == "NR") return number(static_cast<double>(nr));
            if (n.text == "NF") return number(fields.empty() ? 0 : static_cast<double>(fields.size() - 1));
            auto v = vars.find(n.text);
            return v == vars.end() ? Value{"", 0, true} : v->second;
        }
        if (n.kind == "not") return number(!truth(eval(*n.kids[0])));
        if (n.kind == "neg") return number(-toNumber(eval(*n.kids[0])));
        if (n.kind == "concat") return Value{eval(*n.kids[0]).str + eval(*n.kids[1]).str, 0, false};
        if (n.kind == "call") {
            const std::string arg = n.kids.empty() ? (fields.empty() ? "" : fields[0]) : eval(*n.kids[0]).str;
            if (n.text == "length") return number(static_cast<double>(arg.size()));
            std::string t = arg;
            for (auto& c : t)
                c = static_cast<char>(n.text == "toupper" ? std::toupper(static_cast<unsigned char>(c))
                                                          : std::tolower(static_cast<unsigned char>(c)));
            return Value{t, 0, false};
        }
        return binary(n);
    }

    static bool truth(const Value& v) { return v.numeric ? v.num != 0 : !v.str.empty(); }

    void run(const std::vector<Statement>& actions) {
        for (const auto& st : actions) {
            if (st.kind == "assign") {
                Value cur = vars.count(st.var) ? vars[st.var] : Value{"", 0, true};
                const double a = toNumber(cur);
                if (st.op == "=") vars[st.var] = eval(*st.args[0]);
                if (st.op == "+=") vars[st.var] = number(a + toNumber(eval(*st.args[0])));
                if (st.op == "-=") vars[st.var] = number(a - toNumber(eval(*st.args[0])));
                if (st.op == "++") vars[st.var] = number(a + 1);
                if (st.op == "--") vars[st.var] = number(a - 1);
            } else if (st.kind == "print") {
                if (st.args.empty()) out += fields.empty() ? "" : fields[0];
                for (std::size_t k = 0; k < st.args.size(); ++k)
                    out += (k ? " " : "") + eval(*st.args[k]).str;
                out += "\n";
            } else {
                printf(st);
            }
        }
    }

private:
    const std::regex& regexOf(const std::string& re) {
        auto it = regexes_.find(re);
        if (it == regexes_.end()) it = regexes_.emplace(re, std::regex(re, std::regex::extended)).first;
        return it->second;
    }

    Value binary(const Node& n) {
        const std::string& op = n.text;
        if (op == "&&") return number(truth(eval(*n.kids[0])) && truth(eval(*n.kids[1])));
        if (op == "||") return number(truth(eval(*n.kids[0])) || truth(eval(*n.kids[1])));
        const Value a = eval(*n.kids[0]);
        if (op == "~" || op == "!~") {
            const Node& r = *n.kids[1];
            const bool hit = std::regex_search(a.str, regexOf(r.kind == "regex" ? r.text : eval(r).str));
            return number(op == "~" ? hit : !hit);
        }
        const Value b = eval(*n.kids[1]);
        if (op == "+") return number(toNumber(a) + toNumber(b));
        if (op == "-") return number(toNumber(a) - toNumber(b));
        if (op == "*") return number(toNumber(a) * toNumber(b));
        if (op == "/" || op == "%") {
            if (toNumber(b) == 0) throw Unsupported("division by zero");
            return number(op == "/" ? toNumber(a) / toNumber(b) : std::fmod(toNumber(a), toNumber(b)));
        }
        int cmp;
        if (a.numeric && b.numeric)
            cmp = a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
        else
            cmp = a.str.compare(b.str);
        if (op == "==") return number(cmp == 0);
        if (op == "!=") return number(cmp != 0);
        if (op == "<") return number(cmp < 0);
        if (op == "<=") return number(cmp <= 0);
        if (op == ">") return number(cmp > 0);
        return number(cmp >= 0);
    }

    // printf FORMAT, ARGS: %s %d %i %f %g %x %c %% with flags and widths, as C's printf.
    void printf(const Statement& st) {
        const std::string fmt = eval(*st.args[0]).str;
        std::size_t next = 1;
        for (std::size_t k = 0; k < fmt.size(); ++k) {
            if (fmt[k] != '%') {
                out += fmt[k];
                continue;
            }
            std::size_t e = k + 1;
            while (e < fmt.size() && std::string("-+ #0123456789.").find(fmt[e]) != std::string::npos)
                ++e;
            if (e >= fmt.size()) throw Unsupported(fmt);
            const char conv = fmt[e];
            std::string spec = fmt.substr(k, e - k + 1);
            const Value v = next < st.args.size() ? eval(*st.args[next]) : Value{"", 0, true};
            char buf[512];
            if (conv == '%') {
                out += '%';
                k = e;
                continue;
            }
            ++next;
            if (conv == 's') {
                std::snprintf(buf, sizeof buf, spec.c_str(), v.str.c_str());
            } else if (conv == 'd' || conv == 'i' || conv == 'x' || conv == 'X' || conv == 'o' ||
                       conv == 'c') {
                spec.insert(spec.size() - 1, "l");
                if (conv == 'c' && !v.numeric) {
                    spec.erase(spec.size() - 2, 1);
                    std::snprintf(buf, sizeof buf, spec.c_str(), v.str.empty() ? 0 : v.str[0]);
                } else {
                    if (conv == 'c') spec.erase(spec.size() - 2, 1);
                    std::snprintf(buf, sizeof buf, spec.c_str(), static_cast<long>(toNumber(v)));
                }
            } else if (std::string("fFeEgG").find(conv) != std::string::npos) {
                std::snprintf(buf, sizeof buf, spec.c_str(), toNumber(v));
            } else {
                throw Unsupported(spec);
            }
            out += buf;
            k = e;
        }
    }

    std::string fs_;
    std::map<std::string, std::regex> regexes_;
};

int runAwk(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in, Streams& io) {
    std::string fs = " ", source;
    std::vector<std::pair<std::string, std::string>> assigns;
    std::size_t i = 1;
    for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
        const std::string& a = argv[i];
        if (a.rfind("-F", 0) == 0) {
            fs = a.size() > 2 ? a.substr(2) : (i + 1 < argv.size() ? argv[++i] : " ");
        } else if (a == "-v" && i + 1 < argv.size()) {
            const std::string& kv = argv[++i];
            const auto eq = kv.find('=');
            if (eq != std::string::npos) assigns.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        } else {
            io.error("awk: vethlab: option " + a + " is not simulated (only -F and -v)\n");
            return 2;
        }
    }
    if (i >= argv.size()) {
        io.error(ctx.isBusybox() ? ctx.busyboxBanner() + "\nUsage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n"
                                 : "usage: mawk [-F value] [-v var=value] [--] 'program text' [file ...]\n");
        return 2;
    }
    source = argv[i];
    if (i + 1 < argv.size()) {
        io.error("awk: vethlab: reading files is not simulated: pipe the text into awk\n");
        return 2;
    }
    AwkRun run(fs);
    try {
        AwkParser parser(source);
        const auto rules = parser.program();
        for (const auto& [k, v] : assigns)
            run.vars[k] = strnum(v);
        run.setLine("");
        for (const auto& r : rules)
            if (r.special == "BEGIN") run.run(r.actions);
        for (const auto& line : splitLines(in)) {
            ++run.nr;
            run.setLine(line);
            for (const auto& r : rules) {
                if (!r.special.empty()) continue;
                if (r.pattern && !AwkRun::truth(run.eval(*r.pattern))) continue;
                if (r.printLine)
                    run.out += line + "\n";
                else
                    run.run(r.actions);
            }
        }
        for (const auto& r : rules)
            if (r.special == "END") run.run(r.actions);
    } catch (const Unsupported& e) {
        io.print(run.out);
        io.error("awk: vethlab simulates print, printf, patterns, NR, NF and simple variables; not this "
                 "program (near `" +
                 std::string(e.what()) + "')\n");
        return 2;
    } catch (const std::regex_error&) {
        io.error("awk: vethlab: this regular expression is not simulated\n");
        return 2;
    }
    io.print(run.out);
    return 0;
}

} // namespace

void addAwk(CommandRegistry& r) {
    r.add({"awk", "mawk", "gawk"}, runAwk);
}

} // namespace vethlab::shell
