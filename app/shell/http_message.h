// HTTP/1.1 as the lab's clients speak it: URLs as curl and wget take them, a request, and a response
// split into its head and body.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "packet.h"

namespace vethlab::shell {

struct Url {
    std::string scheme = "http", host, path = "/";
    int port = 80;
    bool explicitPort = false;
};

/// "localhost:8081", "http://172.17.0.2:8080/index.html"; `scheme` is set even when the URL is bad.
std::optional<Url> parseUrl(const std::string& text, std::string& scheme);
/// A request head with Host, User-Agent and Accept, as curl sends it.
std::string request(const std::string& method, const Url& u, const std::string& agent);

struct Response {
    std::string head, body, statusLine;
    int status = 0;
};
Response splitResponse(const sim::Bytes& bytes);
/// A response header's value ("" when absent); `name` in lower case, matched without regard to case.
std::string headerValue(const std::string& head, const std::string& name);
/// The Content-Length header's value, 0 when there is none.
std::size_t contentLength(const std::string& head);
/// Whether the server said it closes the connection (busybox httpd does; nginx keeps it alive).
bool closesConnection(const std::string& head);
/// A timeout in seconds as curl and wget take it (a non-negative decimal number).
bool parseSeconds(const std::string& v, double& out);

} // namespace vethlab::shell
