#include "program.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "netns.h"

namespace vethlab::kernel {
namespace {

struct Overlay {
    std::string from, to;
};

void addOverlays(const std::string& dir, std::vector<Overlay>& list) {
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.') {
                const std::string to = std::string("/etc/") + e->d_name;
                std::erase_if(list, [&](const Overlay& o) { return o.to == to; });
                list.push_back({dir + "/" + e->d_name, to});
            }
        closedir(d);
    }
}

// The namespace's files (the ip netns exec convention), then the container's own over them.
std::vector<Overlay> etcOverlays(const std::string& netns, const std::string& files) {
    std::vector<Overlay> list;
    addOverlays("/etc/netns/" + netns, list);
    if (!files.empty()) addOverlays(files + "/etc", list);
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
                            const std::string& cwd, const char* path, char* const argv[], int in, int out,
                            int err) {
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
    // What a program saves (wget's index.html) lands in its container's directory, or in a scratch
    // directory that goes with the program.
    const int scratch = cwd.empty()
                            ? mount("vethlab", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=1777")
                            : mount(cwd.c_str(), "/tmp", "none", MS_BIND, nullptr);
    if (scratch != 0 || chdir("/tmp") != 0) fail(err, "/tmp");
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

// A pseudo-terminal for a program whose output goes to the person's terminal: {master, slave}. Output
// processing is off, so a newline stays a newline as the transcript shows it; 80 columns as a console.
bool openTerminal(int ends[2]) {
    ends[0] = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (ends[0] < 0) return false;
    const char* name = grantpt(ends[0]) == 0 && unlockpt(ends[0]) == 0 ? ptsname(ends[0]) : nullptr;
    ends[1] = name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
    termios t{};
    if (ends[1] < 0 || tcgetattr(ends[1], &t) != 0) {
        close(ends[0]);
        if (ends[1] >= 0) close(ends[1]);
        return false;
    }
    t.c_oflag &= ~static_cast<tcflag_t>(OPOST);
    tcsetattr(ends[1], TCSANOW, &t);
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 80;
    ioctl(ends[1], TIOCSWINSZ, &size);
    return true;
}

struct Spawned {
    pid_t pid = -1;
    int in = -1, out = -1, err = -1; // the parent's ends of the child's standard streams
};

// Forks the program into its namespace; false with `r` saying why (status 127) when it cannot.
bool spawn(const ProgramRequest& req, Spawned& child, ProgramResult& r) {
    auto refuse = [&r](std::string why) {
        r.status = 127;
        r.err = std::move(why);
        return false;
    };
    if (req.argv.empty() || req.argv[0].empty() || req.argv[0][0] != '/')
        return refuse("vethlab: a program must be given by its absolute path\n");
    int nsFd = openNetns(req.netns);
    if (nsFd < 0) return refuse("vethlab: no namespace " + req.netns + "\n");
    const auto overlays = etcOverlays(req.netns, req.files);
    const std::string cwd = req.files.empty() ? "" : req.files + "/cwd";
    if (!cwd.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(cwd, ec);
        if (ec) {
            close(nsFd);
            return refuse("vethlab: " + cwd + ": " + ec.message() + "\n");
        }
    }
    // The program is named as typed (ping prints "ping: ..."), executed by its absolute path.
    const std::string path = req.argv[0];
    std::vector<std::string> args = req.argv;
    args[0] = path.substr(path.rfind('/') + 1);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    int in[2], out[2], err[2];
    const bool opened =
        pipe2(in, O_CLOEXEC) == 0 && (req.terminal ? openTerminal(out) : pipe2(out, O_CLOEXEC) == 0) &&
        (req.terminal || req.oneStream ? (err[0] = -1, err[1] = fcntl(out[1], F_DUPFD_CLOEXEC, 0)) >= 0
                                       : pipe2(err, O_CLOEXEC) == 0);
    if (!opened) {
        close(nsFd);
        return refuse(std::string("vethlab: pipe: ") + std::strerror(errno) + "\n");
    }
    pid_t pid = fork();
    if (pid == 0)
        childMain(nsFd, overlays, req.hostname, cwd, path.c_str(), argv.data(), in[0], out[1], err[1]);
    close(nsFd);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (pid < 0) {
        for (int fd : {in[1], out[0], err[0]})
            if (fd >= 0) close(fd);
        return refuse(std::string("vethlab: fork: ") + std::strerror(errno) + "\n");
    }
    signal(SIGPIPE, SIG_IGN);
    child = {pid, in[1], out[0], err[0]};
    return true;
}

int exitStatus(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Reads what is there on `fd` into `r` (stream 1 or 2); closes it and sets it to -1 at its end.
void drain(int& fd, int stream, ProgramResult& r) {
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) {
        close(fd);
        fd = -1;
        return;
    }
    (stream == 1 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
    if (r.chunks.empty() || r.chunks.back().first != stream) r.chunks.emplace_back(stream, "");
    r.chunks.back().second.append(buf, static_cast<std::size_t>(n));
}

} // namespace

ProgramResult runProgram(const ProgramRequest& req) {
    ProgramResult r;
    Spawned child;
    if (!spawn(req, child, r)) return r;
    pump(child.pid, child.in, req.input, child.out, child.err, r, req.timeoutMs, req.interruptAfterMs);
    int status = 0;
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = exitStatus(status);
    return r;
}

std::unique_ptr<RunningProgram> RunningProgram::start(const ProgramRequest& request, ProgramResult& failure) {
    Spawned child;
    if (!spawn(request, child, failure)) return nullptr;
    close(child.in); // nothing to read: the person types to the shell, not to the job
    std::unique_ptr<RunningProgram> p(new RunningProgram);
    p->pid_ = child.pid;
    p->outFd_ = child.out;
    p->errFd_ = child.err;
    return p;
}

RunningProgram::~RunningProgram() {
    if (!exited_ && pid_ > 0) kill(pid_, SIGKILL);
    for (int fd : {outFd_, errFd_})
        if (fd >= 0) close(fd);
    ProgramResult ignored;
    reap(ignored, true);
}

void RunningProgram::reap(ProgramResult& r, bool wait) {
    if (exited_ || pid_ <= 0) return;
    int status = 0;
    pid_t done;
    while ((done = waitpid(pid_, &status, wait ? 0 : WNOHANG)) < 0 && errno == EINTR) {
    }
    if (done != pid_) return;
    exited_ = true;
    status_ = r.status = exitStatus(status);
}

ProgramResult RunningProgram::collect(int quietMs, int maxMs, bool& exited) {
    ProgramResult r;
    const long long deadline = nowMs() + maxMs;
    while (outFd_ >= 0 || errFd_ >= 0) {
        const long long left = deadline - nowMs();
        if (left <= 0) break;
        pollfd fds[2] = {{outFd_, POLLIN, 0}, {errFd_, POLLIN, 0}};
        const int ready = poll(fds, 2, static_cast<int>(std::min<long long>(quietMs, left)));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break; // quiet for quietMs: the program waits for packets
        for (int i = 0; i < 2; ++i)
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) drain(i == 0 ? outFd_ : errFd_, i + 1, r);
    }
    // Both streams closed: the program has ended (or is about to; wait for it).
    reap(r, outFd_ < 0 && errFd_ < 0);
    r.status = status_;
    exited = exited_;
    return r;
}

ProgramResult RunningProgram::stop(int signal, int maxMs) {
    if (!exited_) kill(pid_, signal);
    bool exited = false;
    ProgramResult r = collect(maxMs, maxMs, exited);
    if (!exited) {
        kill(pid_, SIGKILL);
        ProgramResult rest = collect(1000, 1000, exited);
        r.out += rest.out;
        r.err += rest.err;
        r.chunks.insert(r.chunks.end(), rest.chunks.begin(), rest.chunks.end());
        reap(r, true);
    }
    r.status = status_;
    return r;
}

} // namespace vethlab::kernel
