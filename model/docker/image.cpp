#include "docker/image.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "docker/program_name.h"
#include "util/text.h"

namespace vethlab::docker {

extern const char* const kBuiltinImageCatalogue; // generated from resources/images.conf

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep))
        if (!trim(cur).empty()) out.push_back(trim(cur));
    return out;
}

std::optional<PortProto> parsePort(const std::string& s) {
    PortProto p;
    auto slash = s.find('/');
    try {
        p.port = std::stoi(s.substr(0, slash));
    } catch (...) {
        return std::nullopt;
    }
    if (slash != std::string::npos) p.proto = s.substr(slash + 1);
    return p;
}

} // namespace

std::vector<std::string> splitShellWords(const std::string& text) {
    std::vector<std::string> words;
    std::string cur;
    bool inWord = false;
    char quote = 0;
    for (char c : text) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                cur += c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            inWord = true;
        } else if (c == ' ' || c == '\t') {
            if (inWord) words.push_back(cur);
            cur.clear();
            inWord = false;
        } else {
            cur += c;
            inWord = true;
        }
    }
    if (inWord) words.push_back(cur);
    return words;
}

bool Image::hasTool(const std::string& name) const {
    return std::find(tools.begin(), tools.end(), baseName(name)) != tools.end();
}

bool imageHasDirectory(const Image& image, const std::string& path) {
    // The root file systems' top levels: Alpine's and Debian's (FHS), and the busybox image's, which
    // has only what busybox needs.
    static const std::vector<std::string> fhs = {
        "/",          "/bin",       "/dev",           "/etc",      "/home",      "/lib",
        "/media",     "/mnt",       "/opt",           "/proc",     "/root",      "/run",
        "/sbin",      "/srv",       "/sys",           "/tmp",      "/usr",       "/usr/bin",
        "/usr/lib",   "/usr/local", "/usr/local/bin", "/usr/sbin", "/usr/share", "/var",
        "/var/cache", "/var/lib",   "/var/log",       "/var/run",  "/var/tmp",   "/etc/network"};
    static const std::vector<std::string> busybox = {"/",    "/bin",      "/dev",  "/etc",       "/home",
                                                     "/lib", "/proc",     "/root", "/sys",       "/tmp",
                                                     "/usr", "/usr/sbin", "/var",  "/var/spool", "/var/www"};
    std::string p = path;
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    const bool busyboxImage = image.reference.rfind("busybox", 0) == 0;
    const auto& base = busyboxImage ? busybox : fhs;
    if (std::find(base.begin(), base.end(), p) != base.end()) return true;
    if (p == image.workdir) return true;
    // The image's own directories (images.conf's dirs) and every directory above them.
    for (std::string d : image.dirs) {
        for (;;) {
            if (d == p) return true;
            auto slash = d.rfind('/');
            if (slash == 0 || slash == std::string::npos) break;
            d.resize(slash);
        }
    }
    return !image.workdir.empty() && image.workdir.rfind(p + "/", 0) == 0;
}

namespace {

// One `key = value` line of an images.conf section; the error without its line number.
std::optional<std::string> setField(Image& image, const std::string& key, const std::string& value) {
    static const std::map<std::string, Flavour> flavours = {{"debian", Flavour::Debian},
                                                            {"busybox", Flavour::Busybox},
                                                            {"busybox-debian", Flavour::BusyboxDebian},
                                                            {"netshoot", Flavour::Netshoot}};
    if (key == "id")
        image.id = value;
    else if (key == "cmd")
        image.cmd = splitShellWords(value);
    else if (key == "entrypoint")
        image.entrypoint = splitShellWords(value);
    else if (key == "workdir")
        image.workdir = value;
    else if (key == "env")
        image.env = split(value, ';');
    else if (key == "tools")
        image.tools = splitShellWords(value);
    else if (key == "dirs")
        image.dirs = splitShellWords(value);
    else if (key == "curl")
        image.curl = value;
    else if (key == "expose" || key == "listens") {
        for (const auto& w : splitShellWords(value)) {
            auto p = parsePort(w);
            if (!p) return "bad port " + w;
            (key == "expose" ? image.exposed : image.listens).push_back(*p);
        }
    } else if (key == "flavour") {
        auto it = flavours.find(value);
        if (it == flavours.end()) return "unknown flavour " + value;
        image.flavour = it->second;
    } else {
        return "unknown key " + key;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> ImageCatalogue::parse(const std::string& text, const std::string& variant,
                                                 ImageCatalogue& out) {
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    Image* current = nullptr;
    std::map<std::string, Image> variants;
    bool skipping = false;
    while (std::getline(in, line)) {
        ++lineNo;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        if (t.front() == '[') {
            if (t.back() != ']') return "images.conf:" + std::to_string(lineNo) + ": unterminated section";
            std::string name = t.substr(1, t.size() - 2);
            auto at = name.find('@');
            skipping = false;
            if (at != std::string::npos) {
                if (name.substr(at + 1) != variant) {
                    skipping = true;
                    continue;
                }
                name = name.substr(0, at);
                current = &variants[name];
            } else {
                current = &out.images_[name];
            }
            current->reference = name;
            continue;
        }
        if (skipping) continue;
        auto eq = t.find('=');
        if (!current || eq == std::string::npos)
            return "images.conf:" + std::to_string(lineNo) + ": expected key = value inside a section";
        if (auto err = setField(*current, trim(t.substr(0, eq)), trim(t.substr(eq + 1))))
            return "images.conf:" + std::to_string(lineNo) + ": " + *err;
    }
    for (auto& [name, image] : variants)
        out.images_[name] = image;
    return std::nullopt;
}

ImageCatalogue ImageCatalogue::builtin(const std::string& variant) {
    ImageCatalogue c;
    auto err = parse(kBuiltinImageCatalogue, variant, c);
    (void)err; // the built-in text is checked by a unit test
    return c;
}

const Image* ImageCatalogue::find(const std::string& reference) const {
    if (auto it = images_.find(reference); it != images_.end()) return &it->second;
    const std::string latest = ":latest";
    if (reference.size() > latest.size() && reference.ends_with(latest))
        if (auto it = images_.find(reference.substr(0, reference.size() - latest.size()));
            it != images_.end())
            return &it->second;
    return nullptr;
}

} // namespace vethlab::docker
