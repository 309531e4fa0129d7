// The evaluator: Go 1.19's text/template execution rules (exec.go) over gotmpl::Value. It records
// the node being evaluated exactly where Go does, since error messages quote that node.
#include <optional>
#include <stdexcept>

#include "go_template.h"
#include "go_template_lex.h"
#include "go_template_parse.h"

namespace vethlab::shell {
namespace gotmpl {
namespace {

struct ExecError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct BreakSignal {};
struct ContinueSignal {};

using Args = std::vector<const Node*>; // a command's words, the function or field first

class State {
public:
    State(const Tree& tree, const ExecOptions& opts)
        : tree_(tree), funcs_(opts.header ? dockerHeaderFunctions() : dockerFunctions()),
          missingKeyError_(opts.missingKeyError) {}

    std::string out;

    void run(const Value& data) {
        vars_.push_back({"$", data});
        walk(data, *tree_.root);
    }

private:
    [[noreturn]] void errorf(const std::string& msg) {
        if (!at_) throw ExecError("template: " + name_ + ": " + msg);
        std::size_t pos = std::min(at_->pos, tree_.text.size());
        std::string before = tree_.text.substr(0, pos);
        auto nl = before.rfind('\n');
        std::size_t col = nl == std::string::npos ? pos : pos - (nl + 1);
        int line = 1;
        for (char c : before)
            if (c == '\n') ++line;
        throw ExecError("template: :" + std::to_string(line) + ":" + std::to_string(col) + ": executing " +
                        goQuote(name_) + " at <" + at_->str() + ">: " + msg);
    }

    void walk(const Value& dot, const Node& node) {
        at_ = &node;
        switch (node.kind) {
        case Node::Kind::Action: {
            Value v = evalPipeline(dot, node.pipe.get());
            if (node.pipe->decl.empty()) {
                at_ = &node;
                out += v.isValid() ? formatValue(v) : "<no value>";
            }
            return;
        }
        case Node::Kind::Break:
            throw BreakSignal{};
        case Node::Kind::Continue:
            throw ContinueSignal{};
        case Node::Kind::If:
        case Node::Kind::With:
            return walkIfOrWith(dot, node);
        case Node::Kind::List:
            for (const auto& n : node.nodes)
                walk(dot, *n);
            return;
        case Node::Kind::Range:
            return walkRange(dot, node);
        case Node::Kind::Template:
            return walkTemplate(dot, node);
        case Node::Kind::Text:
            out += node.text;
            return;
        default:
            errorf("unknown node: " + node.str());
        }
    }

    void walkIfOrWith(const Value& dot, const Node& node) {
        const std::size_t mark = vars_.size();
        Value v = evalPipeline(dot, node.pipe.get());
        if (isTrue(v))
            walk(node.kind == Node::Kind::With ? v : dot, *node.list);
        else if (node.elseList)
            walk(dot, *node.elseList);
        vars_.resize(mark);
    }

    void walkRange(const Value& dot, const Node& r) {
        at_ = &r;
        const std::size_t outer = vars_.size();
        Value v = evalPipeline(dot, r.pipe.get());
        const std::size_t mark = vars_.size();
        auto iteration = [&](const Value& index, const Value& elem) {
            if (!r.pipe->decl.empty()) vars_[vars_.size() - 1].second = elem;
            if (r.pipe->decl.size() > 1) vars_[vars_.size() - 2].second = index;
            try {
                walk(elem, *r.list);
            } catch (const ContinueSignal&) {
            }
            vars_.resize(mark);
        };
        bool iterated = false;
        try {
            switch (v.kind()) {
            case Value::Kind::Slice:
                for (std::size_t i = 0; i < v.items().size(); ++i) {
                    iterated = true;
                    iteration(Value::integer(static_cast<std::int64_t>(i)), v.items()[i]);
                }
                break;
            case Value::Kind::Map:
                for (const auto& [k, m] : v.entries()) {
                    iterated = true;
                    iteration(Value::string(k), m);
                }
                break;
            case Value::Kind::Invalid:
                break;
            case Value::Kind::Nil:
                if (v.type().rfind("[]", 0) == 0 || v.type().rfind("map[", 0) == 0) break;
                errorf("range can't iterate over " + formatValue(v));
            default:
                errorf("range can't iterate over " + formatValue(v));
            }
        } catch (const BreakSignal&) {
            iterated = true;
        }
        if (!iterated && r.elseList) walk(dot, *r.elseList);
        vars_.resize(outer);
    }

    void walkTemplate(const Value& dot, const Node& t) {
        at_ = &t;
        const Node* body = nullptr;
        if (auto it = tree_.defined.find(t.text); it != tree_.defined.end())
            body = it->second.get();
        else if (t.text.empty())
            body = tree_.root.get();
        if (!body) errorf("template " + goQuote(t.text) + " not defined");
        if (depth_ >= kMaxTemplateDepth)
            errorf("exceeded maximum template depth (" + std::to_string(kMaxTemplateDepth) + ")");
        Value newDot = t.pipe ? evalPipeline(dot, t.pipe.get()) : Value();
        auto savedVars = std::move(vars_);
        std::string savedName = name_;
        vars_ = {{"$", newDot}};
        name_ = t.text;
        ++depth_;
        walk(newDot, *body);
        --depth_;
        name_ = savedName;
        vars_ = std::move(savedVars);
    }

    Value evalPipeline(const Value& dot, const Node* pipe) {
        if (!pipe) return Value();
        at_ = pipe;
        std::optional<Value> value;
        for (const auto& cmd : pipe->nodes)
            value = evalCommand(dot, *cmd, value);
        Value result = value ? *value : Value();
        for (const auto& d : pipe->decl) {
            if (pipe->isAssign) {
                auto it = vars_.rbegin();
                while (it != vars_.rend() && it->first != d->ident[0])
                    ++it;
                if (it == vars_.rend()) errorf("undefined variable: " + d->ident[0]);
                it->second = result;
            } else {
                vars_.push_back({d->ident[0], result});
            }
        }
        return result;
    }

    void notAFunction(const Args& args, const std::optional<Value>& final) {
        if (args.size() > 1 || final) errorf("can't give argument to non-function " + args[0]->str());
    }

    Value evalCommand(const Value& dot, const Node& cmd, const std::optional<Value>& final) {
        Args args;
        for (const auto& a : cmd.nodes)
            args.push_back(a.get());
        const Node& first = *args[0];
        switch (first.kind) {
        case Node::Kind::Field:
            at_ = &first;
            return evalFieldChain(dot, dot, first, first.ident, args, final);
        case Node::Kind::Chain:
            return evalChain(dot, first, args, final);
        case Node::Kind::Identifier:
            return evalFunction(dot, first, cmd, args, final);
        case Node::Kind::Pipe:
            notAFunction(args, final);
            return evalPipeline(dot, &first);
        case Node::Kind::Variable:
            return evalVariable(dot, first, args, final);
        default:
            break;
        }
        at_ = &first;
        notAFunction(args, final);
        switch (first.kind) {
        case Node::Kind::Bool:
            return Value::boolean(first.truth);
        case Node::Kind::Dot:
            return dot;
        case Node::Kind::Nil:
            errorf("nil is not a command");
        case Node::Kind::Number:
            return idealConstant(first);
        case Node::Kind::String:
            return Value::string(first.text);
        default:
            errorf("can't evaluate command " + goQuote(first.str()));
        }
    }

    Value idealConstant(const Node& n) {
        at_ = &n;
        bool hexInt = n.text.size() > 2 && n.text[0] == '0' && (n.text[1] == 'x' || n.text[1] == 'X') &&
                      n.text.find_first_of("pP") == std::string::npos;
        bool runeInt = !n.text.empty() && n.text[0] == '\'';
        if (n.isFloat && !hexInt && !runeInt && n.text.find_first_of(".eEpP") != std::string::npos)
            return Value::floating(n.floatValue);
        if (n.isInt) return Value::integer(n.intValue);
        if (n.isUint) errorf(n.text + " overflows int");
        return Value();
    }

    Value evalChain(const Value& dot, const Node& chain, const Args& args,
                    const std::optional<Value>& final) {
        at_ = &chain;
        if (chain.pipe->kind == Node::Kind::Nil) errorf("indirection through explicit nil in " + chain.str());
        Value receiver = evalArg(dot, Param::Any, *chain.pipe);
        return evalFieldChain(dot, receiver, chain, chain.ident, args, final);
    }

    Value evalVariable(const Value& dot, const Node& var, const Args& args,
                       const std::optional<Value>& final) {
        at_ = &var;
        Value value;
        bool found = false;
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
            if (it->first == var.ident[0]) {
                value = it->second;
                found = true;
                break;
            }
        if (!found) errorf("undefined variable: " + var.ident[0]);
        if (var.ident.size() == 1) {
            notAFunction(args, final);
            return value;
        }
        std::vector<std::string> fields(var.ident.begin() + 1, var.ident.end());
        return evalFieldChain(dot, value, var, fields, args, final);
    }

    Value evalFieldChain(const Value& dot, Value receiver, const Node& node,
                         const std::vector<std::string>& ident, const Args& args,
                         const std::optional<Value>& final) {
        for (std::size_t i = 0; i + 1 < ident.size(); ++i)
            receiver = evalField(dot, ident[i], node, {}, std::nullopt, receiver);
        return evalField(dot, ident.back(), node, args, final, receiver);
    }

    Value evalFunction(const Value& dot, const Node& ident, const Node& cmd, const Args& args,
                       const std::optional<Value>& final) {
        at_ = &ident;
        auto it = funcs_.find(ident.text);
        if (it == funcs_.end()) errorf(goQuote(ident.text) + " is not a defined function");
        return evalCall(dot, it->second, cmd, ident.text, args, final);
    }

    Value evalField(const Value& dot, const std::string& name, const Node& node, const Args& args,
                    const std::optional<Value>& final, const Value& receiver) {
        const bool hasArgs = args.size() > 1 || final;
        switch (receiver.kind()) {
        case Value::Kind::Invalid:
            if (missingKeyError_) errorf("nil data; no entry for key " + goQuote(name));
            return Value();
        case Value::Kind::Object: {
            const Object& o = receiver.asObject();
            if (const auto* m = o.find(name)) {
                Function f;
                f.params.assign(static_cast<std::size_t>(m->stringArgs), Param::String);
                f.call = [call = m->call](const std::vector<Value>& a) {
                    std::vector<std::string> strings;
                    for (const auto& v : a)
                        strings.push_back(v.asString());
                    return Value::string(call(strings));
                };
                return evalCall(dot, f, node, name, args, final);
            }
            errorf("can't evaluate field " + name + " in type " + o.typeName);
        }
        case Value::Kind::Struct:
            if (const Value* v = receiver.member(name)) {
                if (hasArgs) errorf(name + " has arguments but cannot be invoked as function");
                return *v;
            }
            break;
        case Value::Kind::Map:
            if (hasArgs) errorf(name + " is not a method but has arguments");
            if (const Value* v = receiver.member(name)) return *v;
            if (missingKeyError_) errorf("map has no entry for key " + goQuote(name));
            return Value();
        case Value::Kind::Nil:
            if (receiver.type().rfind("map[", 0) == 0) {
                if (hasArgs) errorf(name + " is not a method but has arguments");
                if (missingKeyError_) errorf("map has no entry for key " + goQuote(name));
                return Value();
            }
            if (receiver.type().rfind("[]", 0) != 0)
                errorf("nil pointer evaluating " + receiver.staticType() + "." + name);
            break;
        default:
            break;
        }
        errorf("can't evaluate field " + name + " in type " + receiver.staticType());
    }

    Value evalCall(const Value& dot, const Function& fn, const Node& node, const std::string& name,
                   const Args& words, const std::optional<Value>& final) {
        Args args(words.empty() ? words.begin() : words.begin() + 1, words.end());
        const std::size_t numIn = args.size() + (final ? 1 : 0);
        std::size_t numFixed = args.size();
        if (fn.variadic) {
            numFixed = fn.params.size() - 1;
            if (numIn < numFixed)
                errorf("wrong number of args for " + name + ": want at least " + std::to_string(numFixed) +
                       " got " + std::to_string(args.size()));
        } else if (numIn != fn.params.size()) {
            errorf("wrong number of args for " + name + ": want " + std::to_string(fn.params.size()) +
                   " got " + std::to_string(numIn));
        }
        if (fn.builtin && (name == "and" || name == "or")) {
            Value v;
            for (const Node* a : args) {
                v = evalArg(dot, Param::Any, *a);
                if (isTrue(v) == (name == "or")) return v;
            }
            if (final) v = *final;
            return v;
        }
        std::vector<Value> argv;
        std::size_t i = 0;
        for (; i < numFixed && i < args.size(); ++i)
            argv.push_back(evalArg(dot, fn.params[i], *args[i]));
        if (fn.variadic)
            for (; i < args.size(); ++i)
                argv.push_back(evalArg(dot, fn.params.back(), *args[i]));
        if (final) {
            Param t = fn.params.back();
            if (fn.variadic && numIn - 1 < numFixed) t = fn.params[numIn - 1];
            argv.push_back(validateType(*final, t));
        }
        try {
            return fn.call(argv);
        } catch (const CallError& e) {
            at_ = &node;
            errorf("error calling " + name + ": " + e.what());
        }
    }

    Value validateType(const Value& v, Param type) {
        if (type == Param::Any) return v;
        if (!v.isValid()) {
            if (type == Param::StringSlice) return Value::nil("[]string");
            errorf("invalid value; expected " + paramTypeName(type));
        }
        bool ok = false;
        switch (type) {
        case Param::String:
            ok = v.kind() == Value::Kind::String && v.type() == "string";
            break;
        case Param::Int:
            ok = v.kind() == Value::Kind::Int && v.type() == "int";
            break;
        case Param::StringSlice:
            ok = (v.kind() == Value::Kind::Slice || v.kind() == Value::Kind::Nil) && v.type() == "[]string";
            break;
        case Param::Any:
            ok = true;
            break;
        }
        if (!ok) errorf("wrong type for value; expected " + paramTypeName(type) + "; got " + v.type());
        return v;
    }

    Value evalArg(const Value& dot, Param type, const Node& n) {
        at_ = &n;
        switch (n.kind) {
        case Node::Kind::Dot:
            return validateType(dot, type);
        case Node::Kind::Nil:
            if (type == Param::Any) return Value();
            if (type == Param::StringSlice) return Value::nil("[]string");
            errorf("cannot assign nil to " + paramTypeName(type));
        case Node::Kind::Field:
            at_ = &n;
            return validateType(evalFieldChain(dot, dot, n, n.ident, {&n}, std::nullopt), type);
        case Node::Kind::Variable:
            return validateType(evalVariable(dot, n, {}, std::nullopt), type);
        case Node::Kind::Pipe:
            return validateType(evalPipeline(dot, &n), type);
        case Node::Kind::Identifier:
            return validateType(evalFunction(dot, n, n, {}, std::nullopt), type);
        case Node::Kind::Chain:
            return validateType(evalChain(dot, n, {}, std::nullopt), type);
        default:
            break;
        }
        switch (type) {
        case Param::String:
            if (n.kind == Node::Kind::String) return Value::string(n.text);
            errorf("expected string; found " + n.str());
        case Param::Int:
            if (n.kind == Node::Kind::Number && n.isInt) return Value::integer(n.intValue);
            errorf("expected integer; found " + n.str());
        case Param::StringSlice:
            errorf("can't handle " + n.str() + " for arg of type []string");
        case Param::Any:
            break;
        }
        switch (n.kind) {
        case Node::Kind::Bool:
            return Value::boolean(n.truth);
        case Node::Kind::Number:
            return idealConstant(n);
        case Node::Kind::String:
            return Value::string(n.text);
        default:
            errorf("can't handle assignment of " + n.str() + " to empty interface argument");
        }
    }

    const Tree& tree_;
    const FunctionTable& funcs_;
    const bool missingKeyError_;
    std::vector<std::pair<std::string, Value>> vars_;
    const Node* at_ = nullptr;
    std::string name_;
    int depth_ = 0;
};

} // namespace
} // namespace gotmpl

TemplateResult GoTemplate::execute(const gotmpl::Value& data, const ExecOptions& options) const {
    gotmpl::State state(*tree_, options);
    TemplateResult result;
    try {
        state.run(data);
    } catch (const gotmpl::ExecError& e) {
        result.error = e.what();
    } catch (const gotmpl::BreakSignal&) {
    } catch (const gotmpl::ContinueSignal&) {
    }
    result.output = std::move(state.out);
    return result;
}

} // namespace vethlab::shell
