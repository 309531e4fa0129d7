#include "netns.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vethlab::kernel {
namespace {

constexpr const char* kNetnsDir = "/run/netns";

std::string pathOf(const std::string& name) {
    return std::string(kNetnsDir) + "/" + name;
}

std::string errnoText(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// As iproute2 does: /run/netns is a shared mount point, so a namespace mounted there is seen by every
// mount namespace (ip netns exec makes a private one).
std::string prepareNetnsDir() {
    if (mkdir(kNetnsDir, 0755) != 0 && errno != EEXIST) return errnoText("mkdir /run/netns");
    for (bool bound = false;; bound = true) {
        if (mount("", kNetnsDir, "none", MS_SHARED | MS_REC, nullptr) == 0) return {};
        if (errno != EINVAL || bound) return errnoText("mount --make-shared /run/netns");
        if (mount(kNetnsDir, kNetnsDir, "none", MS_BIND | MS_REC, nullptr) != 0)
            return errnoText("mount --bind /run/netns");
    }
}

} // namespace

int openNetns(const std::string& name) {
    return open(pathOf(name).c_str(), O_RDONLY | O_CLOEXEC);
}

std::string createNetns(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') return "bad namespace name";
    if (auto err = prepareNetnsDir(); !err.empty()) return err;
    const std::string path = pathOf(name);
    int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (fd < 0) return errnoText("create " + path);
    close(fd);
    // A new namespace for this thread only, pinned by the bind mount, then back home.
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    std::string err;
    if (home < 0) {
        err = errnoText("open own namespace");
    } else if (unshare(CLONE_NEWNET) != 0) {
        err = errnoText("unshare");
    } else {
        if (mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0)
            err = errnoText("mount " + path);
        if (setns(home, CLONE_NEWNET) != 0) err = errnoText("setns back");
    }
    if (home >= 0) close(home);
    if (!err.empty()) unlink(path.c_str());
    return err;
}

std::string deleteNetns(const std::string& name) {
    const std::string path = pathOf(name);
    umount2(path.c_str(), MNT_DETACH);
    if (unlink(path.c_str()) != 0) return errnoText("remove " + path);
    return {};
}

std::vector<std::string> listNetns() {
    std::vector<std::string> names;
    DIR* d = opendir(kNetnsDir);
    if (!d) return names;
    while (dirent* e = readdir(d))
        if (e->d_name[0] != '.') names.emplace_back(e->d_name);
    closedir(d);
    return names;
}

NetnsGuard::NetnsGuard(const std::string& name) {
    home_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = openNetns(name);
    if (home_ < 0 || target < 0) {
        error_ = errnoText("open namespace " + name);
    } else if (setns(target, CLONE_NEWNET) != 0) {
        error_ = errnoText("enter namespace " + name);
    } else {
        entered_ = true;
    }
    if (target >= 0) close(target);
}

NetnsGuard::~NetnsGuard() {
    if (entered_) setns(home_, CLONE_NEWNET);
    if (home_ >= 0) close(home_);
}

} // namespace vethlab::kernel
