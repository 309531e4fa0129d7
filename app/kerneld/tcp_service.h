// The lab's TCP servers on the real kernel, in their own thread so they answer while a program runs:
// each container's server listens in its namespace (a socket belongs to the namespace it was made in)
// and answers the simulation's pages (sim::tcpServices). docker-proxy is not here: it runs as its own
// process (proxy_host.h), as on a Docker host.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "lab_settings.h"
#include "service_thread.h"
#include "tcp_services.h"

class QTcpServer;
class QTcpSocket;

namespace vethlab::kerneld {

class TcpServiceHost : public ServiceThread {
public:
    struct Entry {
        sim::TcpService service;
        std::string nsName; // the real namespace of service.namespaceId
    };

    ~TcpServiceHost() override;

    /// Listens exactly on `entries`: new ones are opened, gone ones closed, the rest left as they are.
    void setServices(std::vector<Entry> entries);
    /// Closes every listener in a namespace (before it is deleted: a socket keeps its namespace alive).
    void forget(int modelNs);
    /// The lab's internet web hosts: port 80 of each address in the world namespace, answering the
    /// simulation's pages (sim::internetHttpResponse; `internet` names the hosts).
    void serveInternet(const std::string& worldNs, const LabSettings& internet, const std::vector<Ipv4>& web);

private:
    using Key = std::tuple<int, std::uint32_t, std::uint16_t>; // namespace, bind address, port
    struct Listener {
        Entry entry;
        QTcpServer* server = nullptr;
    };
    void open(const Entry& e);

    std::map<Key, Listener> listeners_;
};

} // namespace vethlab::kerneld
