// Named network namespaces as iproute2 keeps them: a bind mount of the namespace under /run/netns,
// so `ip netns exec NAME` and `ip -n NAME` see what the lab made.
#pragma once

#include <string>
#include <vector>

namespace vethlab::kernel {

/// Creates /run/netns/NAME holding a new, empty network namespace; returns "" or an error text.
std::string createNetns(const std::string& name);
/// Unmounts and removes /run/netns/NAME (the namespace dies with its last user); "" or an error.
std::string deleteNetns(const std::string& name);
/// Every name under /run/netns.
std::vector<std::string> listNetns();
/// An open descriptor of /run/netns/NAME (-1 if absent), for setns or IFLA_NET_NS_FD.
int openNetns(const std::string& name);

/// Moves the calling thread into a namespace for its lifetime, and back on destruction.
class NetnsGuard {
public:
    explicit NetnsGuard(const std::string& name);
    ~NetnsGuard();
    NetnsGuard(const NetnsGuard&) = delete;
    NetnsGuard& operator=(const NetnsGuard&) = delete;
    bool ok() const { return entered_; }
    const std::string& error() const { return error_; }

private:
    int home_ = -1;
    bool entered_ = false;
    std::string error_;
};

} // namespace vethlab::kernel
