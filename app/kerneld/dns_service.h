// Name service on the real kernel, in its own thread so it answers while a program runs: Docker's
// embedded DNS (a UDP socket on 127.0.0.11:PORT inside each container namespace, where Docker's nat
// rules send port 53; names it does not know are forwarded to the LAN resolver from inside the
// container's namespace, as dockerd does), and the LAN resolver of the lab's world namespace (it knows
// the internet hosts; anything else is NXDOMAIN), as the simulation has them.
#pragma once

#include <QPointer>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "net/ipv6.h"
#include "service_thread.h"

class QNetworkDatagram;
class QUdpSocket;

namespace vethlab::kerneld {

struct DnsTable {
    std::map<std::string, std::vector<Ipv4>> names;  // lower-case name -> addresses
    std::map<std::uint32_t, std::string> pointers;   // address -> PTR name
    std::map<std::string, std::vector<Ipv6>> names6; // the same for AAAA (--ipv6 networks)
    std::map<Ipv6, std::string> pointers6;           // the same for IPv6 addresses
    std::vector<Ipv4> upstreams;                     // the container's --dns servers, else the host's
};

class DnsService : public ServiceThread {
public:
    DnsService(); // out of line: Embedded is defined in the .cpp
    ~DnsService() override;

    /// The LAN resolver: port 53 of `addresses` in the world namespace.
    /// `reverse`: the PTR names the hosts' owners publish (dns.google for 8.8.8.8).
    void startResolver(const std::string& worldNs, std::vector<Ipv4> addresses,
                       std::vector<std::pair<std::string, Ipv4>> hosts,
                       std::map<std::uint32_t, std::string> reverse);
    /// Docker's embedded DNS for one container namespace, on 127.0.0.11:port; `upstream` is where it
    /// forwards what it does not know.
    void listenEmbedded(int modelNs, const std::string& nsName, std::uint16_t port, Ipv4 upstream);
    void setTable(int modelNs, DnsTable table);
    void forget(int modelNs);

private:
    struct Embedded;
    void answerEmbedded(Embedded& e);
    void forward(const std::string& nsName, QPointer<QUdpSocket> client, const QNetworkDatagram& question,
                 std::vector<Ipv4> upstreams, std::size_t index);
    void answerResolver(QUdpSocket* socket);

    std::vector<std::pair<std::string, Ipv4>> hosts_;
    std::map<std::uint32_t, std::string> reverse_; // the PTR names the hosts' owners publish
    std::map<int, std::unique_ptr<Embedded>> embedded_;
    std::map<int, DnsTable> tables_;
};

} // namespace vethlab::kerneld
