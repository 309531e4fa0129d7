#include "docker_command.h"

#include "docker_help.h"

namespace vethlab::shell::dockercli {

using docker::DockerError;

std::string seeHelp(const std::string& cmd) {
    return "See 'docker " + cmd + " --help'.\n";
}

int flagError(Streams& io, const std::string& cmd, const std::string& message) {
    io.error(message + "\n" + seeHelp(cmd));
    return 125;
}

void printError(Streams& io, const DockerError& e) {
    switch (e.kind) {
    case DockerError::Kind::Daemon:
        io.error("Error response from daemon: " + e.message + "\n");
        break;
    case DockerError::Kind::NotFound:
        io.error("Error: " + e.message + "\n");
        break;
    case DockerError::Kind::Client:
        io.error(e.message + "\n");
        break;
    }
}

std::string withPeriod(const std::string& m) {
    return !m.empty() && m.back() == '.' ? m : m + ".";
}

void printRunError(Streams& io, const DockerError& e, bool createStage) {
    std::string m;
    if (e.kind == DockerError::Kind::Client && e.message.rfind("Unable to find image", 0) == 0) {
        io.error(e.message + "\n" + seeHelp("run"));
        return;
    }
    m = e.kind == DockerError::Kind::Daemon ? "Error response from daemon: " + e.message : e.message;
    io.error("docker: " + withPeriod(m) + "\n" + (createStage ? seeHelp("run") : ""));
}

int usageError(Streams& io, const std::string& cmd, const std::string& what) {
    const std::string* help = dockerHelp(cmd); // "rm" and "network rm" are two commands
    std::string usage;
    if (help) {
        // "Usage:" line and the one-line description: the first paragraphs of the help screen.
        auto start = help->find("Usage:");
        auto end = help->find("\n\n", help->find("\n\n", start) + 2);
        if (end == std::string::npos) end = help->size() - 1; // a command without options
        usage = "\n" + help->substr(start, end - start) + "\n";
    }
    io.error("\"docker " + cmd + "\" " + what + "\n" + seeHelp(cmd) + usage);
    return 1;
}

std::vector<std::string> tail(const std::vector<std::string>& v, std::size_t from) {
    return from < v.size() ? std::vector<std::string>(v.begin() + static_cast<long>(from), v.end())
                           : std::vector<std::string>{};
}

std::string labelsString(const std::map<std::string, std::string>& labels) {
    std::string s;
    for (const auto& [k, v] : labels)
        s += (s.empty() ? "" : ",") + k + "=" + v;
    return s;
}

std::optional<FilterArgs> filterFlags(Streams& io, const ParsedFlags& f, const std::string& cmd,
                                      const std::string& flagLabel) {
    FilterArgs filters;
    if (auto e = parseFilterFlags(f.all("filter"), flagLabel, filters)) {
        flagError(io, cmd, *e);
        return std::nullopt;
    }
    return filters;
}

std::map<std::string, std::string> keyValues(const std::vector<std::string>& items) {
    std::map<std::string, std::string> m;
    for (const auto& i : items) {
        auto eq = i.find('=');
        m[i.substr(0, eq)] = eq == std::string::npos ? "" : i.substr(eq + 1);
    }
    return m;
}

} // namespace vethlab::shell::dockercli
