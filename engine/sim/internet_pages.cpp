// The pages of the lab's internet web hosts, as those servers sent them in 2022: example.com (Edgecast
// "ECS", IANA's page, 1256 bytes), google.com's 301 to www.google.com (gws, 219 bytes) and baidu.com's
// refresh to www.baidu.com (Apache, 81 bytes). The ECS edge name and the Age header vary between requests
// on the real servers; one value of each is kept here.
#include "internet_pages.h"

#include <algorithm>
#include <cctype>

namespace vethlab::sim {
namespace {

const char* const kExamplePage = R"(<!doctype html>
<html>
<head>
    <title>Example Domain</title>

    <meta charset="utf-8" />
    <meta http-equiv="Content-type" content="text/html; charset=utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <style type="text/css">
    body {
        background-color: #f0f0f2;
        margin: 0;
        padding: 0;
        font-family: -apple-system, system-ui, BlinkMacSystemFont, "Segoe UI", "Open Sans", "Helvetica Neue", Helvetica, Arial, sans-serif;
        
    }
    div {
        width: 600px;
        margin: 5em auto;
        padding: 2em;
        background-color: #fdfdff;
        border-radius: 0.5em;
        box-shadow: 2px 3px 7px 2px rgba(0,0,0,0.02);
    }
    a:link, a:visited {
        color: #38488f;
        text-decoration: none;
    }
    @media (max-width: 700px) {
        div {
            margin: 0 auto;
            width: auto;
        }
    }
    </style>    
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
)";

const char* const kGoogleMoved =
    "<HTML><HEAD><meta http-equiv=\"content-type\" content=\"text/html;charset=utf-8\">\n"
    "<TITLE>301 Moved</TITLE></HEAD><BODY>\n"
    "<H1>301 Moved</H1>\n"
    "The document has moved\n"
    "<A HREF=\"http://www.google.com/\">here</A>.\r\n"
    "</BODY></HTML>\r\n";

const char* const kBaiduRefresh =
    "<html>\n<meta http-equiv=\"refresh\" content=\"0;url=http://www.baidu.com/\">\n</html>\n";

// The Host header's name, lower case, without a port.
std::string hostOf(const std::string& request) {
    std::string lower = request;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto at = lower.find("\r\nhost:");
    if (at == std::string::npos) return {};
    auto begin = lower.find_first_not_of(' ', at + 7);
    auto end = lower.find("\r\n", begin);
    std::string host = lower.substr(begin, end - begin);
    if (auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
    return host;
}

std::string respond(const std::string& head, const std::string& body, bool headOnly) {
    return head + "\r\n" + (headOnly ? std::string() : body);
}

} // namespace

std::string internetHttpResponse(const LabSettings& lab, Ipv4 address, const std::string& request,
                                 Nanos now) {
    const bool headOnly = request.rfind("HEAD ", 0) == 0;
    std::string host = hostOf(request);
    if (host.empty()) {
        for (const auto& h : lab.internetHosts)
            if (h.address == address) {
                host = h.name;
                break;
            }
    }
    const std::string date = formatHttpDate(now);
    if (host == "example.com" || host == "www.example.com") {
        const std::string body = kExamplePage;
        return respond("HTTP/1.1 200 OK\r\nAge: 593438\r\nCache-Control: max-age=604800\r\n"
                       "Content-Type: text/html; charset=UTF-8\r\nDate: " +
                           date + "\r\nEtag: \"3147526947+ident\"\r\nExpires: " +
                           formatHttpDate(now + 604800 * kSecond) +
                           "\r\nLast-Modified: Thu, 17 Oct 2019 07:18:26 GMT\r\nServer: ECS (sab/5783)\r\n"
                           "Vary: Accept-Encoding\r\nX-Cache: HIT\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n",
                       body, headOnly);
    }
    if (host == "google.com") {
        const std::string body = kGoogleMoved;
        return respond("HTTP/1.1 301 Moved Permanently\r\nLocation: http://www.google.com/\r\n"
                       "Content-Type: text/html; charset=UTF-8\r\nDate: " +
                           date + "\r\nExpires: " + formatHttpDate(now + 2592000 * kSecond) +
                           "\r\nCache-Control: public, max-age=2592000\r\nServer: gws\r\nContent-Length: " +
                           std::to_string(body.size()) +
                           "\r\nX-XSS-Protection: 0\r\nX-Frame-Options: SAMEORIGIN\r\n",
                       body, headOnly);
    }
    if (host == "baidu.com") {
        const std::string body = kBaiduRefresh;
        return respond("HTTP/1.1 200 OK\r\nDate: " + date +
                           "\r\nServer: Apache\r\nLast-Modified: Tue, 12 Jan 2010 13:48:00 GMT\r\n"
                           "ETag: \"51-47cf7e6ee8400\"\r\nAccept-Ranges: bytes\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nCache-Control: max-age=86400\r\nExpires: " +
                           formatHttpDate(now + 86400 * kSecond) +
                           "\r\nConnection: Keep-Alive\r\nContent-Type: text/html\r\n",
                       body, headOnly);
    }
    const std::string body = "vethlab: " + (host.empty() ? address.str() : host) +
                             " answered over HTTP; its page is not simulated.\n";
    return respond("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n",
                   body, headOnly);
}

} // namespace vethlab::sim
