#include "docker_cli.h"

#include <set>

#include "docker_command.h"

namespace vethlab::shell::dockercli {

int DockerCommand::dispatch(const std::vector<std::string>& argv) {
    if (argv.size() < 2) {
        io_.error("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n");
        return 0;
    }
    std::string cmd = argv[1];
    auto args = tail(argv, 2);
    lab_.advance(kQuickCall);
    if (cmd == "container" && !args.empty()) {
        cmd = args[0];
        args = tail(args, 1);
        if (cmd == "ls" || cmd == "list") cmd = "ps";
    }
    if (cmd == "network") return network(args);
    if (cmd == "run") return run(args, false);
    if (cmd == "create") return run(args, true);
    if (cmd == "start") return start(args);
    if (cmd == "stop") return stop(args, false);
    if (cmd == "restart") return stop(args, true);
    if (cmd == "rm") return rm(args);
    if (cmd == "ps") return ps(args);
    if (cmd == "inspect") return inspect(args);
    if (cmd == "exec") return exec(args);
    if (cmd == "attach") return attach(args);
    if (cmd == "port") return port(args);
    if (cmd == "rename") return rename(args);
    // Real docker commands this lab does not simulate say so, rather than pretending not to exist.
    static const std::set<std::string> realCommands = {
        "build",   "commit", "cp",   "diff",    "events", "export",  "history", "image",   "images",
        "import",  "info",   "kill", "load",    "login",  "logout",  "logs",    "pause",   "pull",
        "push",    "rmi",    "save", "search",  "stats",  "tag",     "top",     "unpause", "update",
        "version", "volume", "wait", "compose", "system", "context", "swarm",   "service"};
    if (realCommands.count(cmd)) {
        io_.error("vethlab: docker " + cmd + " is not simulated in this lab\n");
        return 1;
    }
    io_.error("docker: '" + cmd + "' is not a docker command.\nSee 'docker --help'\n");
    return 1;
}

} // namespace vethlab::shell::dockercli

namespace vethlab::shell {

int runDocker(Terminal& term, const std::vector<std::string>& argv, Streams& io) {
    dockercli::DockerCommand cmd(term, io);
    return cmd.dispatch(argv);
}

} // namespace vethlab::shell
