// The official nginx image's default server (nginx:latest of the catalogue, 1.21.5): its index.html and
// 50x.html as the image ships them (docs/html/ of nginx's source, the files dated 28 Dec 2021 in the image),
// and nginx's own error pages (ngx_http_special_response.c: CRLF lines, the version in the tail).
#include <cctype>
#include <cstdio>
#include <string>

#include "tcp_services.h"

namespace vethlab::sim {
namespace {

constexpr const char* kVersion = "nginx/1.21.5";

constexpr const char* kIndex =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n"
    "html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\n"
    "font-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n"
    "<h1>Welcome to nginx!</h1>\n"
    "<p>If you see this page, the nginx web server is successfully installed and\n"
    "working. Further configuration is required.</p>\n\n"
    "<p>For online documentation and support please refer to\n"
    "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
    "Commercial support is available at\n"
    "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n"
    "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

// The other page the image ships beside index.html (the package installs both at once).
constexpr const char* k50x =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n<style>\nhtml { color-scheme: light dark; }\n"
    "body { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n"
    "</head>\n<body>\n<h1>An error occurred.</h1>\n"
    "<p>Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again later.</p>\n"
    "<p>If you are the system administrator of this resource then you should check\n"
    "the error log for details.</p>\n<p><em>Faithfully yours, nginx.</em></p>\n</body>\n</html>\n";

// The files' mtime in the image, and nginx's ETag: "<mtime hex>-<length hex>".
constexpr const char* kLastModified = "Tue, 28 Dec 2021 15:28:38 GMT";
constexpr const char* kMtimeHex = "61cb2d26";

std::string errorPage(const std::string& status) {
    return "<html>\r\n<head><title>" + status + "</title></head>\r\n<body>\r\n<center><h1>" + status +
           "</h1></center>\r\n<hr><center>" + kVersion + "</center>\r\n</body>\r\n</html>\r\n";
}

// nginx's header order: Server, Date, Content-Type, Content-Length, [Last-Modified], Connection,
// [ETag, Accept-Ranges] (the last three lines only for a file it served).
Bytes response(const std::string& status, const std::string& body, bool file, bool withBody, Nanos now,
               bool close) {
    std::string text = "HTTP/1.1 " + status + "\r\nServer: " + kVersion + "\r\nDate: " + formatHttpDate(now) +
                       "\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n";
    if (file) text += "Last-Modified: " + std::string(kLastModified) + "\r\n";
    text += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    if (file) {
        char length[16];
        std::snprintf(length, sizeof length, "%zx", body.size());
        text += "ETag: \"" + std::string(kMtimeHex) + "-" + length + "\"\r\nAccept-Ranges: bytes\r\n";
    }
    text += "\r\n";
    if (withBody) text += body;
    return Bytes(text.begin(), text.end());
}

} // namespace

Bytes nginxPage(const Bytes& request, Nanos now) {
    const HttpRequestLine r = parseRequestLine(request);
    const std::string& method = r.method;
    std::string target = r.target;
    if (const auto q = target.find('?'); q != std::string::npos) target.resize(q);
    const bool head = method == "HEAD";
    // A client that says "Connection: close" (busybox wget) gets it back.
    std::string lower(request.begin(), request.end());
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool close = lower.find("\r\nconnection: close\r\n") != std::string::npos;
    // ngx_http_static_module: methods other than GET, HEAD and POST are refused before the file is
    // looked up; POST after it (so POST of a missing file is a 404). The index module passes "/" on
    // to /index.html with the method unchanged.
    if (method != "GET" && !head && method != "POST")
        return response("405 Not Allowed", errorPage("405 Not Allowed"), false, true, now, close);
    const bool index = target == "/" || target == "/index.html";
    const bool found = index || target == "/50x.html";
    if (!found) return response("404 Not Found", errorPage("404 Not Found"), false, !head, now, close);
    if (method == "POST")
        return response("405 Not Allowed", errorPage("405 Not Allowed"), false, true, now, close);
    return response("200 OK", index ? kIndex : k50x, true, !head, now, close);
}

} // namespace vethlab::sim
