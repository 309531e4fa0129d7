#include "sandbox_clean.h"

#include <cerrno>
#include <filesystem>
#include <set>
#include <signal.h>

#include "netns.h"
#include "sandbox_names.h"

namespace vethlab::kernel {
namespace {

// A lab's tag is its helper's pid: the lab is stale when no such process runs.
bool isStale(const std::string& tag) {
    if (tag.empty() || tag.find_first_not_of("0123456789") != std::string::npos || tag.size() > 9)
        return true;
    return kill(std::stoi(tag), 0) != 0 && errno == ESRCH;
}

bool wanted(const std::string& name, CleanScope scope) {
    if (!isSandboxName(name)) return false;
    return scope == CleanScope::All || isStale(labTagOf(name));
}

} // namespace

std::vector<std::string> cleanSandboxes(CleanScope scope) {
    std::vector<std::string> removed;
    for (const auto& name : listNetns())
        if (wanted(name, scope) && deleteNetns(name).empty()) removed.push_back("netns " + name);
    std::error_code ec;
    std::set<std::string> dirs;
    for (const auto& e : std::filesystem::directory_iterator("/etc/netns", ec))
        if (wanted(e.path().filename().string(), scope)) dirs.insert(e.path().string());
    for (const auto& e : std::filesystem::directory_iterator(kContainerFilesRoot, ec))
        if (wanted(e.path().filename().string(), scope)) dirs.insert(e.path().string());
    for (const auto& d : dirs)
        if (std::filesystem::remove_all(d, ec) > 0) removed.push_back("files " + d);
    std::filesystem::remove(kContainerFilesRoot, ec); // only when empty: another lab may still run
    return removed;
}

void removeContainerFiles(const std::string& prefix) {
    std::error_code ec;
    std::vector<std::filesystem::path> dirs;
    for (const auto& e : std::filesystem::directory_iterator(kContainerFilesRoot, ec))
        if (e.path().filename().string().rfind(prefix, 0) == 0) dirs.push_back(e.path());
    for (const auto& d : dirs)
        std::filesystem::remove_all(d, ec);
    std::filesystem::remove(kContainerFilesRoot, ec);
}

} // namespace vethlab::kernel
