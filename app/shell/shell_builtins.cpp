// What the shell does itself, or with the coreutils every image has: echo, true, false, clear, pwd,
// cd, export, unset, and `sh -c SCRIPT` (sleep is in sleep_tool.cpp). (`exit` ends a pipeline, so the
// terminal handles it.)
#include <algorithm>
#include <cctype>

#include "command_registry.h"
#include "program_name.h"
#include "terminal.h"
#include "text_tools.h"

namespace vethlab::shell {
namespace {

int runShell(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    if (argv.size() >= 3 && argv[1] == "-c") {
        ExecContext inner = ctx;
        inner.shellName = baseName(argv[0]);
        inner.interactive = false;
        inner.cwd = std::make_shared<std::string>(*ctx.cwd); // a child process: its cd stays its own
        inner.vars = std::make_shared<ShellVariables>();     // a new shell: only what was exported
        for (const auto& [name, v] : *ctx.vars)
            if (v.exported) (*inner.vars)[name] = v;
        return ctx.terminal->runScript(inner, argv[2], io);
    }
    return 0;
}

// The logical path `dir` names from `cwd`: "." and ".." folded as the shells' cd does.
std::string joinPath(const std::string& cwd, const std::string& dir) {
    std::vector<std::string> parts;
    const std::string full = dir.starts_with("/") ? dir : cwd + "/" + dir;
    std::size_t pos = 0;
    while (pos <= full.size()) {
        auto end = full.find('/', pos);
        if (end == std::string::npos) end = full.size();
        std::string part = full.substr(pos, end - pos);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        pos = end + 1;
    }
    std::string out;
    for (const auto& p : parts)
        out += "/" + p;
    return out.empty() ? "/" : out;
}

// cd DIR: a directory the image has (the host's file system is not modelled: any directory there).
// The message is each shell's own (checked against bash 5.2, dash 0.5.12 and busybox 1.35 ash):
// bash (1), busybox ash (2), dash (2), zsh (1).
int runCd(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    const std::string dir = argv.size() > 1 ? argv[1] : "/root";
    const std::string target = joinPath(*ctx.cwd, dir);
    const docker::Container* c = ctx.isHost() ? nullptr : ctx.lab->daemon().containerById(ctx.containerId);
    if (!c || docker::imageHasDirectory(c->image, target)) {
        *ctx.cwd = target;
        return 0;
    }
    const std::string& sh = ctx.shellName;
    if (sh == "zsh") {
        io.error("cd: no such file or directory: " + dir + "\n");
        return 1;
    }
    if (sh == "sh" || sh == "ash") {
        if (ctx.isBusybox())
            // `sh -c` numbers its one line 0 (busybox 1.35's ash, as Debian ships it).
            io.error("sh: cd: " + std::string(ctx.interactive ? "" : "line 0: ") + "can't cd to " + dir +
                     ": No such file or directory\n");
        else
            io.error("sh: 1: cd: can't cd to " + dir + "\n"); // dash
        return 2;
    }
    io.error(sh + ": cd: " + dir + ": No such file or directory\n"); // bash 5.2, -c or not
    return 1;
}

bool isName(const std::string& w) {
    return !w.empty() && !std::isdigit(static_cast<unsigned char>(w[0])) &&
           std::all_of(w.begin(), w.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// export NAME[=VALUE]... and unset NAME...: bash refuses a bad name and goes on with the others.
int runExportUnset(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    const bool unset = argv[0] == "unset";
    const bool ash = ctx.isAsh();
    int status = 0;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        const auto eq = unset ? std::string::npos : a.find('=');
        const std::string name = a.substr(0, eq);
        if (!isName(name)) {
            if (unset && !ash) continue; // bash 5.2 says nothing
            if (ash) {
                io.error("sh: " + argv[0] + ": " + name + ": bad variable name\n");
                return 2;
            }
            io.error(ctx.shellName + ": " + argv[0] + ": `" + a + "': not a valid identifier\n");
            status = 1;
            continue;
        }
        if (unset) {
            ctx.vars->erase(name);
            continue;
        }
        auto& v = (*ctx.vars)[name];
        v.exported = true;
        if (eq != std::string::npos) v.value = a.substr(eq + 1);
    }
    return status;
}

} // namespace

void addShellBuiltins(CommandRegistry& r) {
    addSleep(r);
    r.add({"echo"},
          [](ExecContext&, const auto& argv, const std::string&, Streams& io) { return runEcho(argv, io); });
    r.add({"true", "clear"}, [](ExecContext&, const auto&, const std::string&, Streams&) { return 0; });
    r.add({"false"}, [](ExecContext&, const auto&, const std::string&, Streams&) { return 1; });
    r.add({"pwd"}, [](ExecContext& ctx, const auto&, const std::string&, Streams& io) {
        io.print(*ctx.cwd + "\n");
        return 0;
    });
    r.add({"cd"}, runCd);
    r.add({"sh", "bash", "ash", "zsh"}, runShell);
    r.add({"export", "unset"}, runExportUnset);
}

} // namespace vethlab::shell
