// What the shell does itself, or with the coreutils every image has: echo, true, false, clear, pwd,
// cd, and `sh -c SCRIPT` (sleep is in sleep_tool.cpp). (`exit` ends a pipeline, so the terminal handles it.)
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
        return ctx.terminal->runScript(inner, argv[2], io);
    }
    return 0;
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
}

} // namespace vethlab::shell
