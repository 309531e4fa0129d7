#include "proxy_host.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"

namespace vethlab::kerneld {
namespace {

// After fork, only async-signal-safe calls: kerneld has threads.
[[noreturn]] void childMain(int nsFd, int ready, const char* path, char* const argv[]) {
    if (setns(nsFd, CLONE_NEWNET) != 0) _exit(126);
    if (ready == 3 ? fcntl(3, F_SETFD, 0) != 0 : dup2(ready, 3) != 3) _exit(126); // dup2 drops CLOEXEC
    int null = open("/dev/null", O_RDWR);
    if (null < 0) _exit(126);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    close_range(4, ~0U, 0);
    execv(path, argv);
    _exit(127);
}

// What the proxy wrote on its readiness pipe: "0\n", or "1\n" and its error (Docker waits 16 s).
std::string readiness(int fd) {
    std::string said;
    char buf[512];
    pollfd p{fd, POLLIN, 0};
    while (poll(&p, 1, 16000) > 0) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        said.append(buf, static_cast<std::size_t>(n));
    }
    if (said == "0\n") return "";
    if (said.rfind("1\n", 0) == 0) return said.substr(2);
    return "docker-proxy did not start";
}

} // namespace

std::vector<std::string> proxyArguments(const ProxySpec& p) {
    return {"-proto",          p.proto,
            "-host-ip",        p.hostIp,
            "-host-port",      std::to_string(p.hostPort),
            "-container-ip",   p.containerIp,
            "-container-port", std::to_string(p.containerPort)};
}

std::string ProxyHost::locate(const std::string& selfDir) {
    for (const std::string& candidate :
         {selfDir + "/docker-proxy", selfDir + "/../libexec/vethlab/docker-proxy"}) {
        struct stat st {};
        if (stat(candidate.c_str(), &st) == 0 && (st.st_mode & S_IXUSR)) return candidate;
    }
    return selfDir + "/docker-proxy";
}

std::vector<std::string> ProxyHost::set(const std::string& ns, const std::vector<ProxySpec>& wanted) {
    std::vector<ProxySpec> missing = wanted;
    for (auto it = running_.begin(); it != running_.end();) {
        auto w = std::find(missing.begin(), missing.end(), it->spec);
        if (w != missing.end() && it->ns == ns) {
            missing.erase(w);
            ++it;
            continue;
        }
        stop(it->pid);
        it = running_.erase(it);
    }
    std::vector<std::string> errors;
    for (const ProxySpec& spec : missing) {
        pid_t pid = -1;
        if (auto why = start(ns, spec, pid); !why.empty())
            errors.push_back(why);
        else
            running_.push_back({spec, ns, pid});
    }
    return errors;
}

std::string ProxyHost::start(const std::string& ns, const ProxySpec& spec, pid_t& pid) const {
    std::vector<std::string> args{program_};
    for (auto& a : proxyArguments(spec))
        args.push_back(a);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int nsFd = kernel::openNetns(ns);
    if (nsFd < 0) return "no namespace " + ns;
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        close(nsFd);
        return std::string("pipe: ") + std::strerror(errno);
    }
    pid = fork();
    if (pid == 0) childMain(nsFd, ready[1], program_.c_str(), argv.data());
    close(nsFd);
    close(ready[1]);
    std::string why = pid < 0 ? std::string("fork: ") + std::strerror(errno) : readiness(ready[0]);
    close(ready[0]);
    if (!why.empty() && pid > 0) {
        stop(pid);
        pid = -1;
    }
    return why;
}

void ProxyHost::stop(pid_t pid) {
    kill(pid, SIGTERM);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

void ProxyHost::stopAll() {
    for (const Running& r : running_)
        stop(r.pid);
    running_.clear();
}

} // namespace vethlab::kerneld
