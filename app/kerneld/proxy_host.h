// docker-proxy on the real kernel: one process per published binding, started in the lab host's
// namespace as Docker's daemon starts them (the same command line, and the readiness pipe at fd 3),
// stopped with SIGTERM when the binding goes, and all of them when the lab goes.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

#include "protocol.h"

namespace vethlab::kerneld {

/// docker-proxy's arguments after argv[0], in Docker's order (portmapper's newProxyCommand).
std::vector<std::string> proxyArguments(const ProxySpec& p);

class ProxyHost {
public:
    explicit ProxyHost(std::string program) : program_(std::move(program)) {}
    ~ProxyHost() { stopAll(); }
    ProxyHost(const ProxyHost&) = delete;
    ProxyHost& operator=(const ProxyHost&) = delete;

    /// Runs exactly `wanted` in namespace `ns`: new ones started, gone ones stopped, the rest kept.
    /// Returns what a proxy that could not start said ("listen tcp4 0.0.0.0:80: bind: ...").
    std::vector<std::string> set(const std::string& ns, const std::vector<ProxySpec>& wanted);
    void stopAll();

    /// Where the docker-proxy program is: beside `selfDir`, its libexec directory, or the build tree.
    static std::string locate(const std::string& selfDir);

private:
    struct Running {
        ProxySpec spec;
        std::string ns;
        pid_t pid = -1;
    };
    std::string start(const std::string& ns, const ProxySpec& spec, pid_t& pid) const;
    static void stop(pid_t pid);

    std::string program_;
    std::vector<Running> running_;
};

} // namespace vethlab::kerneld
