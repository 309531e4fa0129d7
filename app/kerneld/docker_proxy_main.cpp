// docker-proxy for the real-kernel backend: the userland proxy Docker 20.10 starts for each published
// port (libnetwork's cmd/proxy), run by vethlab-kerneld in the lab host's namespace so `ss -tulnp` and
// `netstat -tulnp` there show what they show on a Docker host: one docker-proxy process per binding,
// its listening socket at fd 4, a tcp6 listener IPV6_V6ONLY as Go's "tcp6" makes it, the backlog Go
// reads from net.core.somaxconn. The same command line as Docker's, and the same handshake: fd 3 is a
// pipe on which it writes "0\n" once it listens, or "1\n" and the error, then closes it.
#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

struct Options {
    std::string proto = "tcp", hostIp, containerIp;
    int hostPort = -1, containerPort = -1;
};

// Go's flag package: -name value, -name=value, --name too.
bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) == 0) a.erase(0, 1);
        if (a.size() < 2 || a[0] != '-') return false;
        std::string name = a.substr(1), value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            std::fprintf(stderr, "flag needs an argument: -%s\n", name.c_str());
            return false;
        }
        if (name == "proto")
            o.proto = value;
        else if (name == "host-ip")
            o.hostIp = value;
        else if (name == "container-ip")
            o.containerIp = value;
        else if (name == "host-port")
            o.hostPort = std::atoi(value.c_str());
        else if (name == "container-port")
            o.containerPort = std::atoi(value.c_str());
        else {
            std::fprintf(stderr, "flag provided but not defined: -%s\n", name.c_str());
            return false;
        }
    }
    return (o.proto == "tcp" || o.proto == "udp") && o.hostPort > 0 && o.containerPort > 0;
}

struct Address {
    sockaddr_storage sa{};
    socklen_t len = 0;
    int family = AF_INET;
};

bool address(const std::string& ip, int port, Address& out) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out.sa);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.sa);
    if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        out.family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(port));
        out.len = sizeof *v4;
        return true;
    }
    if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) != 1) return false;
    v6->sin6_family = AF_INET6;
    out.family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    out.len = sizeof *v6;
    return true;
}

int somaxconn() {
    int n = 4096;
    if (FILE* f = std::fopen("/proc/sys/net/core/somaxconn", "r")) {
        if (std::fscanf(f, "%d", &n) != 1) n = 4096;
        std::fclose(f);
    }
    return n > 65535 ? 65535 : n;
}

// The listening socket, as Go's ListenTCP/ListenUDP on "tcp4"/"tcp6" makes it; "" or Go's error text.
std::string listenOn(const Options& o, const Address& host, int& fd) {
    const bool tcp = o.proto == "tcp";
    const std::string net = o.proto + (host.family == AF_INET ? "4" : "6");
    const std::string where =
        (host.family == AF_INET6 ? "[" + o.hostIp + "]" : o.hostIp) + ":" + std::to_string(o.hostPort);
    fd = socket(host.family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (fd < 0) return "listen " + net + " " + where + ": socket: " + std::strerror(errno);
    int one = 1;
    if (host.family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (tcp) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&host.sa), host.len) != 0)
        return "listen " + net + " " + where + ": bind: " + std::strerror(errno);
    if (tcp && listen(fd, somaxconn()) != 0)
        return "listen " + net + " " + where + ": listen: " + std::strerror(errno);
    return "";
}

// io.Copy one way, then CloseWrite on the other side (the proxy passes half-closes on, as Docker's does).
void copy(int from, int to) {
    char buf[32768];
    for (;;) {
        ssize_t n = read(from, buf, sizeof buf);
        if (n <= 0) break;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(to, buf + off, static_cast<std::size_t>(n - off));
            if (w <= 0) {
                shutdown(from, SHUT_RD);
                return;
            }
            off += w;
        }
    }
    shutdown(to, SHUT_WR);
}

void relayTcp(int client, Address backend) {
    int up = socket(backend.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (up < 0 || connect(up, reinterpret_cast<const sockaddr*>(&backend.sa), backend.len) != 0) {
        if (up >= 0) close(up);
        close(client);
        return;
    }
    std::thread back(copy, up, client);
    copy(client, up);
    back.join();
    close(up);
    close(client);
}

[[noreturn]] void serveTcp(int listener, const Address& backend) {
    for (;;) {
        int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        std::thread(relayTcp, client, backend).detach();
    }
}

// Docker's UDP proxy: one connected socket to the container per client address, forgotten after 90 s
// without a reply (UDPConnTrackTimeout).
[[noreturn]] void serveUdp(int listener, const Address& backend) {
    std::map<std::string, int> tracked;
    std::mutex m;
    char buf[65507];
    for (;;) {
        sockaddr_storage from{};
        socklen_t fromLen = sizeof from;
        ssize_t n = recvfrom(listener, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &fromLen);
        if (n < 0) continue;
        const std::string key(reinterpret_cast<const char*>(&from), fromLen);
        std::unique_lock lock(m);
        auto it = tracked.find(key);
        if (it == tracked.end()) {
            int up = socket(backend.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (up < 0 || connect(up, reinterpret_cast<const sockaddr*>(&backend.sa), backend.len) != 0) {
                if (up >= 0) close(up);
                continue;
            }
            it = tracked.emplace(key, up).first;
            std::thread([listener, up, from, fromLen, key, &tracked, &m] {
                char reply[65507];
                pollfd p{up, POLLIN, 0};
                while (poll(&p, 1, 90000) > 0) {
                    ssize_t r = recv(up, reply, sizeof reply, 0);
                    if (r < 0) break;
                    sendto(listener, reply, static_cast<std::size_t>(r), 0,
                           reinterpret_cast<const sockaddr*>(&from), fromLen);
                }
                std::lock_guard gone(m);
                tracked.erase(key);
                close(up);
            }).detach();
        }
        send(it->second, buf, static_cast<std::size_t>(n), 0);
    }
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr, "usage: docker-proxy -proto tcp|udp -host-ip IP -host-port PORT -container-ip "
                             "IP -container-port PORT\n");
        return 2;
    }
    Address host, backend;
    int listener = -1;
    std::string error;
    if (!address(o.hostIp, o.hostPort, host) || !address(o.containerIp, o.containerPort, backend))
        error = "invalid address";
    else
        error = listenOn(o, host, listener);
    const std::string word = error.empty() ? "0\n" : "1\n" + error;
    (void)!write(3, word.data(), word.size());
    close(3);
    if (!error.empty()) return 1;
    std::signal(SIGPIPE, SIG_IGN);
    if (o.proto == "tcp") serveTcp(listener, backend);
    serveUdp(listener, backend);
}
