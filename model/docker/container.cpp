#include "docker/container.h"

namespace vethlab::docker {

std::string Container::pathFromWorkingDir(const std::string& path) const {
    if (path.starts_with('/')) return path;
    const std::string dir = workingDir();
    return dir.ends_with('/') ? dir + path : dir + "/" + path;
}

std::string Container::hostname() const {
    if (!config.hostname.empty()) return config.hostname;
    return shortId();
}

std::string Container::hostsNames() const {
    // libnetwork updateHostsFile: the FQDN (hostname, plus the domain name if set) and, when it is
    // dotted, its first label; so `-h myhost.example.com` keeps that hostname and gets both names.
    std::string fqdn = config.domainname.empty() ? hostname() : hostname() + "." + config.domainname;
    auto dot = fqdn.find('.');
    return dot == std::string::npos ? fqdn : fqdn + " " + fqdn.substr(0, dot);
}

std::vector<std::string> Container::command() const {
    std::vector<std::string> words = config.entrypoint.empty() ? image.entrypoint : config.entrypoint;
    const auto& cmd = config.cmd.empty() && config.entrypoint.empty() ? image.cmd : config.cmd;
    words.insert(words.end(), cmd.begin(), cmd.end());
    return words;
}

NetworkMode Container::networkModeKind() const {
    return networkModeOf(config.networkMode);
}

Attachment* Container::attachment(const std::string& networkId) {
    for (auto& a : attachments)
        if (a.networkId == networkId) return &a;
    return nullptr;
}

const Attachment* Container::attachment(const std::string& networkId) const {
    return const_cast<Container*>(this)->attachment(networkId);
}

} // namespace vethlab::docker
