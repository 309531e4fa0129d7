// A container's network mode (`--network`): the default bridge, the host's namespace, none, another
// container's namespace, or a user-defined network. HostConfig.NetworkMode keeps the text as given
// ("default", "bridge", "host", "none", "container:<id>", a network's name); this is its kind.
#pragma once

#include <string>

namespace vethlab::docker {

enum class NetworkMode { Bridge, Host, None, Container, UserDefined };

/// The kind of a --network value: "default" (no --network) and "bridge" are the default bridge.
inline NetworkMode networkModeOf(const std::string& mode) {
    if (mode == "default" || mode == "bridge") return NetworkMode::Bridge;
    if (mode == "host") return NetworkMode::Host;
    if (mode == "none") return NetworkMode::None;
    if (mode.rfind("container:", 0) == 0) return NetworkMode::Container;
    return NetworkMode::UserDefined;
}

/// "container:web" -> "web" (the container whose namespace a container-mode container joins).
inline std::string containerModeTarget(const std::string& mode) {
    return mode.substr(10);
}

/// A short name for the kind: "bridge", "host", "none", "container" or "user".
inline const char* networkModeName(NetworkMode m) {
    switch (m) {
    case NetworkMode::Bridge:
        return "bridge";
    case NetworkMode::Host:
        return "host";
    case NetworkMode::None:
        return "none";
    case NetworkMode::Container:
        return "container";
    case NetworkMode::UserDefined:
        break;
    }
    return "user";
}

} // namespace vethlab::docker
