// Images the simulated host has pulled: what a container runs, which userland prints its output.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vethlab::docker {

/// Which userland an image carries; it decides the exact output of ip, ifconfig, ping and the prompt.
enum class Flavour { Debian, Busybox, BusyboxDebian, Netshoot };

struct PortProto {
    int port = 0;
    std::string proto = "tcp";
    std::string str() const { return std::to_string(port) + "/" + proto; }
    friend auto operator<=>(const PortProto&, const PortProto&) = default;
};

struct Image {
    std::string reference; // as typed in the catalogue, e.g. "alpine", "tomcat:8.2"
    std::string id;        // 64 hex
    std::vector<std::string> cmd;
    std::vector<std::string> entrypoint;
    std::string workdir;
    std::vector<std::string> env;
    std::vector<PortProto> exposed;
    std::vector<PortProto> listens;
    Flavour flavour = Flavour::Debian;
    std::vector<std::string> tools;
    std::vector<std::string> dirs; // directories of its own beyond the base system's (cd, exec -w)
    std::string curl; // the version of its curl when not Debian 12's 7.88.1 (Ubuntu 22.04's "7.81.0")

    bool hasTool(const std::string& name) const;
    friend bool operator==(const Image&, const Image&) = default;
};

class ImageCatalogue {
public:
    /// Parses the catalogue text (resources/images.conf). `variant` selects "[name@variant]" sections.
    /// Returns an error message with a line number on malformed input.
    static std::optional<std::string> parse(const std::string& text, const std::string& variant,
                                            ImageCatalogue& out);
    /// The built-in catalogue compiled from resources/images.conf.
    static ImageCatalogue builtin(const std::string& variant = {});

    /// Finds "name", "name:latest" or "name:tag".
    const Image* find(const std::string& reference) const;
    const std::map<std::string, Image>& images() const { return images_; }
    friend bool operator==(const ImageCatalogue&, const ImageCatalogue&) = default;

private:
    std::map<std::string, Image> images_;
};

/// Whether `path` (absolute, normalised) is a directory in the image's file system: the base
/// system's top levels, its WORKDIR and the directories images.conf lists. The rest of a file system
/// is not modelled, so anything else counts as missing.
bool imageHasDirectory(const Image& image, const std::string& path);

/// Splits a line into words the way a shell would (single and double quotes).
std::vector<std::string> splitShellWords(const std::string& text);

} // namespace vethlab::docker
