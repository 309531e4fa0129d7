// What the shell does beyond one pipeline: `for` loops, variable assignments, and the syntax errors
// bash and busybox ash report before they run any part of a line.
#include "program_name.h"
#include "terminal.h"

namespace vethlab::shell {
namespace {

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

// A list or pipe operator with nothing before or after it.
std::optional<SyntaxError> emptyCommand(const std::vector<ListPart>& parts, std::size_t k) {
    const std::string part = trimmed(parts[k].text);
    if (part.empty()) {
        if (k + 1 < parts.size()) return SyntaxError{SyntaxError::UnexpectedToken, parts[k + 1].op, ""};
        if (parts[k].op == "&&" || parts[k].op == "||")
            return SyntaxError{SyntaxError::UnexpectedEof, "", ""};
        return std::nullopt;
    }
    if (part[0] == '|') return SyntaxError{SyntaxError::UnexpectedToken, "|", ""};
    if (part.back() == '|' && (part.size() < 2 || part[part.size() - 2] != '\\'))
        return SyntaxError{SyntaxError::UnexpectedEof, "", ""};
    return std::nullopt;
}

// A quote left open at the end of the text (ash names it before anything runs; bash's words for it
// come from the parser).
bool unterminatedQuote(const std::string& s) {
    char quote = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!quote && s[i] == '#' && (i == 0 || s[i - 1] == ' ')) return false;
        if (s[i] == '\\' && quote != '\'') {
            ++i;
        } else if (quote && s[i] == quote) {
            quote = 0;
        } else if (!quote && (s[i] == '\'' || s[i] == '"')) {
            quote = s[i];
        }
    }
    return quote != 0;
}

} // namespace

bool Terminal::syntaxCheck(const ExecContext& ctx, const std::string& text, Streams& io) {
    if (ctx.isAsh() && unterminatedQuote(text)) {
        io.error("sh: syntax error: unterminated quoted string\n");
        return false;
    }
    const auto parts = splitLists(text);
    for (std::size_t k = 0; k < parts.size(); ++k) {
        SyntaxError e;
        if (auto empty = emptyCommand(parts, k))
            e = *empty;
        else
            parseFor(parts[k].text, e);
        if (e.kind == SyntaxError::None || (e.kind == SyntaxError::BadForVariable && !ctx.isAsh())) continue;
        io.error(ctx.shellName + ": " + e.message(ctx.isAsh()) + "\n");
        return false;
    }
    return true;
}

std::string Terminal::variableValue(const ExecContext& ctx, const std::string& name, int status) {
    if (name == "?") return std::to_string(status);
    if (auto v = ctx.vars->find(name); v != ctx.vars->end()) return v->second.value;
    if (!ctx.isHost())
        if (const docker::Container* c = lab_->daemon().containerById(ctx.containerId))
            for (const auto& e : c->env)
                if (e.rfind(name + "=", 0) == 0) return e.substr(name.size() + 1);
    if (name == "HOSTNAME" && ctx.isHost()) return lab_->settings().hostname;
    if (name == "HOME") return "/root";
    return "";
}

int Terminal::assign(ExecContext& ctx, const SimpleCommand& cmd, int status) {
    for (const auto& [name, value] : cmd.assignments)
        (*ctx.vars)[name].value = value;
    return status;
}

// `for NAME in WORDS; do BODY; done`: WORDS are expanded once, then BODY runs for each with $NAME set.
std::optional<int> Terminal::runCompound(ExecContext& ctx, const std::string& part, Streams& io, int status) {
    // The other compound commands are not run here: say so rather than "command not found".
    const std::string head = trimmed(part).substr(0, trimmed(part).find_first_of(" \t;"));
    if (head == "while" || head == "until" || head == "if" || head == "case") {
        io.error(ctx.shellName + ": vethlab: `" + head + "' is not simulated; for loops are\n");
        return 2;
    }
    SyntaxError e;
    auto loop = parseFor(part, e);
    if (!loop) {
        if (e.kind != SyntaxError::BadForVariable) return std::nullopt;
        io.error(ctx.shellName + ": " + e.message(ctx.isAsh()) + "\n");
        return ctx.isAsh() ? 2 : 1;
    }
    // `done | CMD ...`: the loop is the pipeline's first stage; its output is the next command's input.
    const std::string rest = trimmed(loop->rest);
    const bool piped = rest.size() > 1 && rest[0] == '|' && rest[1] != '|';
    if (!rest.empty() && !piped) {
        io.error(ctx.shellName + ": vethlab: what follows `done' (" + rest +
                 ") is not simulated: run the loop alone or pipe it\n");
        return 2;
    }
    Parser words(
        loop->words,
        [&](const std::string& inner) {
            Streams sub;
            sub.err = io.err;
            runPipelineText(ctx, inner, sub, status);
            return sub.out;
        },
        [&](const std::string& name) { return variableValue(ctx, name, status); });
    std::string error;
    auto expanded = words.parse(error);
    if (!expanded) {
        io.error(ctx.shellName + ": " + error + "\n");
        return 2;
    }
    std::vector<std::string> values;
    for (const auto& cmd : *expanded) // the words were parsed as a command: its words are the list
        values.insert(values.end(), cmd.argv.begin(), cmd.argv.end());
    int last = 0;
    const std::size_t shells = sessions_.size();
    // A stage of a pipeline runs in a subshell (bash and ash alike): what the loop sets is gone after it.
    const ShellVariables before = *ctx.vars;
    Streams loopIo;
    loopIo.err = io.err;
    Streams& out = piped ? loopIo : io;
    for (const auto& v : values) {
        (*ctx.vars)[loop->name].value = v;
        last = runPipelineText(ctx, loop->body, out, last);
        if (finished_ || sessions_.size() != shells) lineAborted_ = true; // `exit` ended this shell
        if (lineAborted_) break;
    }
    if (!piped) return last;
    *ctx.vars = before;
    bool exited = false;
    return runPipeline(ctx, rest.substr(1), last, io, exited, loopIo.out);
}

} // namespace vethlab::shell
