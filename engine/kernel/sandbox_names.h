// The names the kernel backend gives what it makes. Everything lives in network namespaces of its own,
// named "<prefix><what>" (prefix "vethlab-<lab>-"), with their /etc files in /etc/netns/<name>/ as
// `ip netns exec` expects. The Docker host is "<prefix>host", the outside world "<prefix>world", a
// container sandbox "<prefix><its 12-hex netns name>". Interface names need no prefix: they exist only
// inside those namespaces.
#pragma once

#include <string>

#include "kernel/kernel_op.h"

namespace vethlab::kernel {

inline constexpr const char* kSandboxPrefix = "vethlab-";
/// Where a lab keeps each container's own files (its working directory, a host-mode container's hosts
/// file): "<root>/<prefix><short ID>", as Docker keeps them under /var/lib/docker/containers/ID.
inline constexpr const char* kContainerFilesRoot = "/run/vethlab-files";

struct SandboxNames {
    std::string lab; // a short tag, e.g. the helper's pid: "4711"

    std::string prefix() const { return kSandboxPrefix + lab + "-"; }
    std::string host() const { return prefix() + "host"; }
    std::string world() const { return prefix() + "world"; }
    /// The namespace a model NsRef maps to (the model's root namespace is the lab's host).
    std::string of(const NsRef& ref) const { return ref.name.empty() ? host() : prefix() + ref.name; }
    bool owns(const std::string& nsName) const { return nsName.rfind(prefix(), 0) == 0; }
    /// A container's own directory ("" unless `shortId` is 12 lower-case hex digits).
    std::string filesOf(const std::string& shortId) const {
        if (shortId.size() != 12 || shortId.find_first_not_of("0123456789abcdef") != std::string::npos)
            return "";
        return std::string(kContainerFilesRoot) + "/" + prefix() + shortId;
    }
};

/// True for a name any vethlab lab could have made ("vethlab-<tag>-<rest>").
bool isSandboxName(const std::string& nsName);
/// The lab tag of such a name ("4711" for "vethlab-4711-host"), or "".
std::string labTagOf(const std::string& nsName);

} // namespace vethlab::kernel
