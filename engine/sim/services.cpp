// Who listens on a TCP port in a namespace: the servers of the running containers that live in it
// (a host-mode container's server listens in the host's namespace, a container-mode pair shares one),
// and on the host docker-proxy for each published port. Servers answer with what can be known for
// sure: busybox httpd's own 404 page (its document root has no index.html), the nginx image's pages
// (nginx_page.cpp), the official tomcat image's 404 page (tomcat_page.cpp: its image pins TOMCAT_VERSION),
// and for images whose real pages vethlab does not have (the seed's Tomcat images, whose exact Tomcat
// version and webapps are unknown) a plain line that says who answered.
#include <string>

#include "engine.h"
#include "lab.h"
#include "tcp_services.h"
#include "util/sim_time.h"

namespace vethlab::sim {
namespace {

std::string baseName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The port a container's main process listens on, if it is a server: `httpd -p [IP:]PORT` (busybox,
// default 80) or the image's own server (listens = in the catalogue) when the command is the image's.
int listeningPort(const docker::Container& c, bool& busybox) {
    const auto words = c.command();
    if (words.empty()) return 0;
    if (baseName(words[0]) == "httpd") {
        busybox = true;
        int port = 80;
        for (std::size_t i = 1; i + 1 < words.size(); ++i)
            if (words[i] == "-p") {
                std::string v = words[i + 1];
                if (auto colon = v.rfind(':'); colon != std::string::npos) v = v.substr(colon + 1);
                try {
                    port = std::stoi(v);
                } catch (...) {
                    return 0;
                }
            }
        return port;
    }
    busybox = false;
    if (!c.config.cmd.empty() && c.config.cmd != c.image.cmd) return 0; // another program than the image's
    for (const auto& p : c.image.listens)
        if (p.proto == "tcp") return p.port;
    return 0;
}

// The Tomcat version an image pins (the official image's ENV TOMCAT_VERSION), "" when unknown.
std::string tomcatVersion(const docker::Image& image) {
    if (!image.hasTool("catalina.sh")) return {};
    for (const auto& e : image.env)
        if (e.starts_with("TOMCAT_VERSION=")) return e.substr(15);
    return {};
}

} // namespace

HttpRequestLine parseRequestLine(const Bytes& data) {
    const std::string text(data.begin(), data.end());
    HttpRequestLine r;
    const auto sp1 = text.find(' ');
    const auto sp2 = sp1 == std::string::npos ? std::string::npos : text.find(' ', sp1 + 1);
    if (sp2 == std::string::npos) return r;
    r.method = text.substr(0, sp1);
    r.target = text.substr(sp1 + 1, sp2 - sp1 - 1);
    return r;
}

// busybox httpd (networking/httpd.c): the error page it writes itself, with Connection: close.
Bytes busyboxHttpdPage(const Bytes& request, Nanos now) {
    const HttpRequestLine r = parseRequestLine(request);
    if (r.method != "GET" && r.method != "HEAD" && r.method != "POST") {
        const std::string body = "<HTML><HEAD><TITLE>501 Not Implemented</TITLE></HEAD>\n<BODY><H1>501 Not "
                                 "Implemented</H1>\nThe requested method is not recognized\n</BODY></HTML>\n";
        const std::string text =
            "HTTP/1.1 501 Not Implemented\r\nContent-type: text/html\r\nDate: " + formatHttpDate(now) +
            "\r\nConnection: close\r\n\r\n" + body;
        return Bytes(text.begin(), text.end());
    }
    const std::string body = "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not "
                             "Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n";
    std::string text = "HTTP/1.1 404 Not Found\r\nContent-type: text/html\r\nDate: " + formatHttpDate(now) +
                       "\r\nConnection: close\r\n\r\n";
    if (r.method != "HEAD") text += body;
    return Bytes(text.begin(), text.end());
}

Bytes plainServerPage(const TcpService& service, Ipv4 local, const Bytes& request, Nanos now) {
    const HttpRequestLine r = parseRequestLine(request);
    const std::string body = "vethlab: " + service.server + " in container " + service.container + " (" +
                             local.str() + ":" + std::to_string(service.port) + ") answered " + r.method +
                             " " + r.target + "; the page itself is not simulated.\n";
    std::string text = "HTTP/1.1 200 \r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nDate: " + formatHttpDate(now) + "\r\n\r\n";
    if (r.method != "HEAD") text += body;
    return Bytes(text.begin(), text.end());
}

Bytes servicePage(const TcpService& service, Ipv4 local, const Bytes& request, Nanos now) {
    switch (service.kind) {
    case TcpService::Kind::BusyboxHttpd:
        return busyboxHttpdPage(request, now);
    case TcpService::Kind::Nginx:
        return nginxPage(request, now);
    case TcpService::Kind::Tomcat:
        return tomcatPage(service, request, now);
    default:
        return plainServerPage(service, local, request, now);
    }
}

std::vector<TcpService> tcpServices(const Lab& lab) {
    std::vector<TcpService> out;
    const auto& daemon = lab.daemon();
    for (const docker::Container* c : daemon.containers()) {
        if (!c->isRunning()) continue;
        bool busybox = false;
        const int port = listeningPort(*c, busybox);
        if (port <= 0 || port > 65535) continue;
        TcpService s;
        s.kind = busybox                     ? TcpService::Kind::BusyboxHttpd
                 : c->image.hasTool("nginx") ? TcpService::Kind::Nginx
                                             : TcpService::Kind::Plain;
        s.namespaceId = daemon.namespaceOf(*c);
        s.port = static_cast<std::uint16_t>(port);
        s.server = c->image.hasTool("catalina.sh") ? "Apache Tomcat" : c->image.reference;
        if (const std::string version = tomcatVersion(c->image);
            s.kind == TcpService::Kind::Plain && !version.empty()) {
            s.kind = TcpService::Kind::Tomcat;
            s.server = "Apache Tomcat/" + version; // ServerInfo's server.info
        }
        s.container = c->name;
        out.push_back(s);
    }
    // docker-proxy, one per published TCP port, bound to the -p address (0.0.0.0 = any).
    for (const docker::Container* c : daemon.containers()) {
        if (!c->isRunning()) continue;
        for (const auto& p : c->published) {
            const auto bind = Ipv4::parse(p.hostIp);
            if (p.container.proto != "tcp" || !bind) continue; // the lab has no IPv6: "::" is not served
            TcpService s;
            s.kind = TcpService::Kind::Proxy;
            s.namespaceId = kernel::KernelState::kRootNamespace;
            s.bind = *bind;
            s.port = static_cast<std::uint16_t>(p.hostPort);
            s.backend = p.containerIp;
            s.backendPort = static_cast<std::uint16_t>(p.container.port);
            out.push_back(s);
        }
    }
    return out;
}

void Engine::listenTcp(int namespaceId, std::uint16_t port, TcpServer server) {
    listeners_[{namespaceId, port}] = std::move(server);
}

void Engine::closeTcpListener(int namespaceId, std::uint16_t port) {
    listeners_.erase({namespaceId, port});
}

std::optional<Engine::TcpServer> Engine::tcpListener(int nsId, Ipv4 local, std::uint16_t port) const {
    if (auto l = listeners_.find({nsId, port}); l != listeners_.end()) return l->second;
    for (const TcpService& service : tcpServices(*lab_)) {
        if (service.namespaceId != nsId || service.port != port) continue;
        if (service.bind.value != 0 && service.bind != local) continue;
        TcpServer s;
        const Lab* lab = lab_;
        if (service.kind == TcpService::Kind::Proxy) {
            s.kind = TcpServer::Kind::Proxy;
            s.backend = service.backend;
            s.backendPort = service.backendPort;
        } else {
            s.respond = [lab, service, local](const Bytes& request) {
                return servicePage(service, local, request, lab->now());
            };
        }
        return s;
    }
    return std::nullopt;
}

} // namespace vethlab::sim
