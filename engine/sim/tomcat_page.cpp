// The official tomcat image's server with its empty webapps directory (the image moves Tomcat's own
// webapps to webapps.dist): no context maps "/", so every request ends in StandardHostValve's
// sendError(404) and the Host's ErrorReportValve writes its page. Checked against apache/tomcat at
// tag 10.1.7: ErrorReportValve.report (the page's parts and their order), TomcatCSS.TOMCAT_CSS,
// valves/LocalStrings.properties ("HTTP Status {0} – {1}" with an en dash, "Status Report", the 404
// description), StringManager (English asked for: the ROOT bundle, locale "en", hence lang="en" and
// Content-Language: en), Http11OutputBuffer.sendStatus ("HTTP/1.1 404 " without a reason phrase) and
// Http11Processor.prepareResponse (Content-Type, Content-Language, Content-Length, Date; keep-alive kept
// for a 404; a HEAD gets the same headers without the body). With no context CoyoteAdapter returns
// before its TRACE filter, so every method gets the 404.
#include <string>

#include "tcp_services.h"

namespace vethlab::sim {
namespace {

constexpr const char* kTomcatCss = "body {font-family:Tahoma,Arial,sans-serif;} "
                                   "h1, h2, h3, b {color:white;background-color:#525D76;} "
                                   "h1 {font-size:22px;} "
                                   "h2 {font-size:16px;} "
                                   "h3 {font-size:14px;} "
                                   "p {font-size:12px;} "
                                   "a {color:black;} "
                                   ".line {height:1px;background-color:#525D76;border:none;}";

// "HTTP Status 404 – Not Found", the dash U+2013 in UTF-8.
constexpr const char* kStatusHeader = "HTTP Status 404 \xE2\x80\x93 Not Found";

constexpr const char* kDescription = "The origin server did not find a current representation for the "
                                     "target resource or is not willing to disclose that one exists.";

} // namespace

Bytes tomcatPage(const TcpService& service, const Bytes& request, Nanos now) {
    const HttpRequestLine r = parseRequestLine(request);
    const std::string body = std::string("<!doctype html><html lang=\"en\"><head><title>") + kStatusHeader +
                             "</title><style type=\"text/css\">" + kTomcatCss + "</style></head><body><h1>" +
                             kStatusHeader + "</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p>" +
                             "<p><b>Description</b> " + kDescription + "</p><hr class=\"line\" /><h3>" +
                             service.server + "</h3></body></html>";
    std::string text = "HTTP/1.1 404 \r\nContent-Type: text/html;charset=utf-8\r\nContent-Language: "
                       "en\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nDate: " + formatHttpDate(now) + "\r\n\r\n";
    if (r.method != "HEAD") text += body;
    return Bytes(text.begin(), text.end());
}

} // namespace vethlab::sim
