// The TCP servers a lab runs, as a list both backends can serve: each container's server in its
// namespace and docker-proxy for each published TCP port on the host. The simulation answers through
// Engine::tcpListener; the real kernel's helper opens a socket per entry in the namespace. The pages
// are the same bytes on both (what can be known for sure: busybox httpd's own error pages, the nginx
// image's index.html and error pages, and for images whose real pages vethlab does not have, a plain
// line that says who answered).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "packet.h"
#include "util/sim_time.h"

namespace vethlab {
class Lab;
}

namespace vethlab::sim {

struct TcpService {
    enum class Kind { BusyboxHttpd, Plain, Proxy, Nginx, Tomcat } kind = Kind::Plain;
    int namespaceId = 0;
    Ipv4 bind;              // 0.0.0.0: every address of the namespace
    std::uint16_t port = 0; // where it listens
    std::string server;     // Plain: what answers ("Apache Tomcat", the image's name); Tomcat: its ServerInfo
    std::string container;  // Plain: the container's name
    Ipv4 backend;           // Proxy: the container's address and port
    std::uint16_t backendPort = 0;
    bool operator==(const TcpService&) const = default;
};

/// An HTTP request's first line: "GET /path HTTP/1.1" -> {"GET", "/path"} (both empty when it is not one).
struct HttpRequestLine {
    std::string method, target;
};
HttpRequestLine parseRequestLine(const Bytes& request);

/// Every TCP server of the lab's running containers, and docker-proxy for each published TCP port.
std::vector<TcpService> tcpServices(const Lab& lab);

/// busybox httpd (networking/httpd.c) with no index.html: its own 404 (501 for unknown methods) page.
Bytes busyboxHttpdPage(const Bytes& request, Nanos now);
/// A server whose page vethlab does not have: status 200 and a body that says who answered where.
Bytes plainServerPage(const TcpService& service, Ipv4 local, const Bytes& request, Nanos now);
/// The nginx image's default server (1.21.5): index.html, 404 and 405 as nginx writes them.
Bytes nginxPage(const Bytes& request, Nanos now);
/// The official tomcat image (empty webapps): ErrorReportValve's 404 page naming `service.server`.
Bytes tomcatPage(const TcpService& service, const Bytes& request, Nanos now);
/// What a (non-proxy) service answers to `request` arriving on `local`.
Bytes servicePage(const TcpService& service, Ipv4 local, const Bytes& request, Nanos now);

} // namespace vethlab::sim
