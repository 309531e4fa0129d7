#include "program.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netns.h"

namespace vethlab::kernel {
namespace {

struct Overlay {
    std::string from, to;
};

std::vector<Overlay> etcOverlays(const std::string& netns) {
    std::vector<Overlay> list;
    const std::string dir = "/etc/netns/" + netns;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.')
                list.push_back({dir + "/" + e->d_name, std::string("/etc/") + e->d_name});
        closedir(d);
    }
    return list;
}

long long nowMs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

[[noreturn]] void fail(int err, const char* what) {
    const char* text = std::strerror(errno);
    (void)!write(err, what, std::strlen(what));
    (void)!write(err, ": ", 2);
    (void)!write(err, text, std::strlen(text));
    (void)!write(err, "\n", 1);
    _exit(127);
}

// Only async-signal-safe calls from here on: the parent may have threads.
[[noreturn]] void childMain(int nsFd, const std::vector<Overlay>& overlays, const std::string& hostname,
                            const char* path, char* const argv[], int in, int out, int err) {
    if (setns(nsFd, CLONE_NEWNET) != 0) fail(err, "setns");
    if (unshare(CLONE_NEWNS | (hostname.empty() ? 0 : CLONE_NEWUTS)) != 0) fail(err, "unshare");
    if (mount("", "/", "none", MS_SLAVE | MS_REC, nullptr) != 0) fail(err, "mount --make-rslave /");
    umount2("/sys", MNT_DETACH);
    mount("vethlab", "/sys", "sysfs", 0, nullptr);
    // Docker's sandboxes are not in /run/netns: iproute2 must print "link-netnsid N", not a name.
    mount("vethlab", "/run/netns", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=755");
    for (const auto& o : overlays)
        if (mount(o.from.c_str(), o.to.c_str(), "none", MS_BIND, nullptr) != 0) fail(err, o.to.c_str());
    if (!hostname.empty() && sethostname(hostname.data(), hostname.size()) != 0) fail(err, "sethostname");
    // What a program saves (wget's index.html) lands in a scratch directory that goes with the program.
    if (mount("vethlab", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=1777") != 0 ||
        chdir("/tmp") != 0)
        fail(err, "/tmp");
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(path, argv);
    fail(err, path);
}

void pump(int pid, int inFd, const std::string& input, int outFd, int errFd, ProgramResult& r, int timeoutMs,
          int interruptAfterMs) {
    std::size_t written = 0;
    if (input.empty()) {
        close(inFd);
        inFd = -1;
    }
    const long long start = nowMs();
    const long long deadline = start + timeoutMs;
    long long interruptAt = interruptAfterMs > 0 ? start + interruptAfterMs : 0;
    while (outFd >= 0 || errFd >= 0) {
        pollfd fds[3] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}, {inFd, POLLOUT, 0}};
        if (interruptAt > 0 && nowMs() >= interruptAt) {
            kill(pid, SIGINT);
            interruptAt = 0;
        }
        long long left = (interruptAt > 0 ? interruptAt : deadline) - nowMs();
        if (interruptAt > 0 && left <= 0) continue;
        if (left <= 0) {
            kill(pid, SIGKILL);
            r.timedOut = true;
            break;
        }
        if (poll(fds, 3, static_cast<int>(left)) < 0 && errno != EINTR) break;
        char buf[65536];
        for (int i = 0; i < 2; ++i) {
            int& fd = i == 0 ? outFd : errFd;
            if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
                // The terminal shows both streams in one place: keep the order they were written in.
                if (r.chunks.empty() || r.chunks.back().first != i + 1) r.chunks.emplace_back(i + 1, "");
                r.chunks.back().second.append(buf, static_cast<std::size_t>(n));
            } else {
                close(fd);
                fd = -1;
            }
        }
        if (inFd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(inFd, input.data() + written, input.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n <= 0 || written == input.size()) {
                close(inFd);
                inFd = -1;
            }
        }
    }
    for (int fd : {inFd, outFd, errFd})
        if (fd >= 0) close(fd);
}

} // namespace

ProgramResult runProgram(const ProgramRequest& req) {
    ProgramResult r;
    if (req.argv.empty() || req.argv[0].empty() || req.argv[0][0] != '/') {
        r.status = 127;
        r.err = "vethlab: a program must be given by its absolute path\n";
        return r;
    }
    int nsFd = openNetns(req.netns);
    if (nsFd < 0) {
        r.status = 127;
        r.err = "vethlab: no namespace " + req.netns + "\n";
        return r;
    }
    const auto overlays = etcOverlays(req.netns);
    // The program is named as typed (ping prints "ping: ..."), executed by its absolute path.
    const std::string path = req.argv[0];
    std::vector<std::string> args = req.argv;
    args[0] = path.substr(path.rfind('/') + 1);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        close(nsFd);
        r.status = 127;
        r.err = std::string("vethlab: pipe: ") + std::strerror(errno) + "\n";
        return r;
    }
    pid_t pid = fork();
    if (pid == 0) childMain(nsFd, overlays, req.hostname, path.c_str(), argv.data(), in[0], out[1], err[1]);
    close(nsFd);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (pid < 0) {
        for (int fd : {in[1], out[0], err[0]})
            close(fd);
        r.status = 127;
        r.err = std::string("vethlab: fork: ") + std::strerror(errno) + "\n";
        return r;
    }
    signal(SIGPIPE, SIG_IGN);
    pump(pid, in[1], req.input, out[0], err[0], r, req.timeoutMs, req.interruptAfterMs);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

} // namespace vethlab::kernel
