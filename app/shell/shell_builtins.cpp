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
        inner.vars = std::make_shared<ShellVariables>(); // a new shell: only what was exported
        for (const auto& [name, v] : *ctx.vars)
            if (v.exported) (*inner.vars)[name] = v;
        return ctx.terminal->runScript(inner, argv[2], io);
    }
    return 0;
}

bool isName(const std::string& w) {
    return !w.empty() && !std::isdigit(static_cast<unsigned char>(w[0])) &&
           std::all_of(w.begin(), w.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// export NAME[=VALUE]... and unset NAME...: bash refuses a bad name and goes on with the others.
int runExportUnset(ExecContext& ctx, const std::vector<std::string>& argv, const std::string&, Streams& io) {
    const bool unset = argv[0] == "unset";
    const bool ash = !ctx.isHost() && ctx.shellName == "sh" && ctx.isBusybox();
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
        io.print(ctx.terminal->cwd() + "\n");
        return 0;
    });
    r.add({"cd"}, [](ExecContext& ctx, const auto& argv, const std::string&, Streams&) {
        if (argv.size() > 1) ctx.terminal->cwd() = argv[1];
        return 0;
    });
    r.add({"sh", "bash", "ash", "zsh"}, runShell);
    r.add({"export", "unset"}, runExportUnset);
}

} // namespace vethlab::shell
