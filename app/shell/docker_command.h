// The docker client's internals shared by its command families (docker_cli.cpp dispatches,
// docker_network.cpp, docker_container.cpp and docker_ps.cpp implement): the command object, the
// daemon's step durations and the error printers every subcommand uses.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli_flags.h"
#include "docker/daemon.h"
#include "docker_filters.h"
#include "exec_context.h"
#include "terminal.h"

namespace vethlab::shell::dockercli {

// How long the real daemon takes for each step (magnitudes observed with Docker 20.10 on a VM).
inline constexpr Nanos kCreateTime = 315 * kMillisecond;
inline constexpr Nanos kStartTime = 200 * kMillisecond;
inline constexpr Nanos kFailedStartTime = 100 * kMillisecond; // the daemon rolls back early
inline constexpr Nanos kQuickCall = 20 * kMillisecond;
inline constexpr Nanos kNetworkCreateTime = 110 * kMillisecond;

std::string seeHelp(const std::string& cmd);
int flagError(Streams& io, const std::string& cmd, const std::string& message);
void printError(Streams& io, const docker::DockerError& e);
std::string withPeriod(const std::string& m);
// `docker run` prefixes errors with "docker: " and ends them with a period.
void printRunError(Streams& io, const docker::DockerError& e, bool createStage);
int usageError(Streams& io, const std::string& cmd, const std::string& what);
std::vector<std::string> tail(const std::vector<std::string>& v, std::size_t from);
std::string labelsString(const std::map<std::string, std::string>& labels);
// "k=v" items as a map (a missing "=" gives an empty value).
std::map<std::string, std::string> keyValues(const std::vector<std::string>& items);
// A --filter flag's values, or the flag error docker's option parser prints (exit 125).
std::optional<FilterArgs> filterFlags(Streams& io, const ParsedFlags& f, const std::string& cmd,
                                      const std::string& flagLabel);

class DockerCommand {
public:
    DockerCommand(Terminal& term, Streams& io) : term_(term), io_(io), lab_(term.lab()) {}

    int dispatch(const std::vector<std::string>& argv);

private:
    docker::Daemon& daemon() { return lab_.daemon(); }
    const TimeZone& zone() const { return lab_.settings().zone; }

    int network(const std::vector<std::string>& args);
    int networkLs(const std::vector<std::string>& args);
    int networkCreate(const std::vector<std::string>& args);
    int networkInspect(const std::vector<std::string>& args);
    int networkConnect(const std::vector<std::string>& args, bool connect);
    int networkRm(const std::vector<std::string>& args);
    int networkPrune(const std::vector<std::string>& args);
    int run(const std::vector<std::string>& args, bool createOnly);
    int runAfterCreate(const std::string& id, const docker::ContainerConfig& c, bool detach);
    int runForeground(const std::string& id, bool stdinOpen);
    int start(const std::vector<std::string>& args);
    int stop(const std::vector<std::string>& args, bool restart);
    int rm(const std::vector<std::string>& args);
    int ps(const std::vector<std::string>& args);
    int inspect(const std::vector<std::string>& args);
    int exec(const std::vector<std::string>& args);
    int attach(const std::vector<std::string>& args);
    int port(const std::vector<std::string>& args);
    int rename(const std::vector<std::string>& args);

    Terminal& term_;
    Streams& io_;
    Lab& lab_;
};

} // namespace vethlab::shell::dockercli
