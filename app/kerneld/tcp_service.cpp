#include "tcp_service.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <chrono>
#include <cstdio>
#include <memory>

#include "internet_pages.h"
#include "netns.h"

namespace vethlab::kerneld {
namespace {

// The pages carry the real time here: the kernel runs now, not on the simulation's clock.
Nanos wallClock() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

QByteArray bytes(const sim::Bytes& b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

// A web server: reads the request head, writes the page, closes (both pages end the exchange).
void serve(const sim::TcpService& service, QTcpSocket* s) {
    auto head = std::make_shared<QByteArray>();
    QObject::connect(s, &QTcpSocket::readyRead, s, [s, head, service] {
        head->append(s->readAll());
        if (!head->contains("\r\n\r\n")) return;
        const sim::Bytes request(head->begin(), head->end());
        const sim::Bytes page =
            sim::servicePage(service, Ipv4{s->localAddress().toIPv4Address()}, request, wallClock());
        s->write(bytes(page));
        s->disconnectFromHost();
    });
}

// An internet web host: reads the request head, writes the response; the client closes (keep-alive).
void serveInternetPage(const LabSettings& internet, QTcpSocket* s) {
    auto head = std::make_shared<QByteArray>();
    QObject::connect(s, &QTcpSocket::readyRead, s, [s, head, internet] {
        head->append(s->readAll());
        const auto end = head->indexOf("\r\n\r\n");
        if (end < 0) return;
        const std::string request(head->constData(), static_cast<std::size_t>(end + 4));
        head->remove(0, end + 4);
        s->write(QByteArray::fromStdString(sim::internetHttpResponse(
            internet, Ipv4{s->localAddress().toIPv4Address()}, request, wallClock())));
    });
}

} // namespace

void TcpServiceHost::serveInternet(const std::string& worldNs, const LabSettings& internet,
                                   const std::vector<Ipv4>& web) {
    QMetaObject::invokeMethod(this, [this, worldNs, internet, web] {
        kernel::NetnsGuard in(worldNs);
        if (!in.ok()) return;
        for (Ipv4 address : web) {
            auto* server = new QTcpServer(this);
            if (!server->listen(QHostAddress(address.value), 80)) {
                std::fprintf(stderr, "vethlab-kerneld: cannot listen on %s:80 in %s\n", address.str().c_str(),
                             worldNs.c_str());
                delete server;
                continue;
            }
            connect(server, &QTcpServer::newConnection, this, [server, internet] {
                while (QTcpSocket* s = server->nextPendingConnection()) {
                    connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                    serveInternetPage(internet, s);
                }
            });
        }
    });
}

TcpServiceHost::~TcpServiceHost() {
    stop([this] { listeners_.clear(); });
}

void TcpServiceHost::setServices(std::vector<Entry> entries) {
    QMetaObject::invokeMethod(
        this,
        [this, entries = std::move(entries)] {
            std::map<Key, Entry> wanted;
            for (const Entry& e : entries)
                wanted.emplace(Key{e.service.namespaceId, e.service.bind.value, e.service.port}, e);
            for (auto it = listeners_.begin(); it != listeners_.end();) {
                auto w = wanted.find(it->first);
                if (w != wanted.end() && w->second.service == it->second.entry.service &&
                    w->second.nsName == it->second.entry.nsName) {
                    wanted.erase(w);
                    ++it;
                    continue;
                }
                delete it->second.server;
                it = listeners_.erase(it);
            }
            for (const auto& [key, e] : wanted)
                open(e);
        },
        Qt::BlockingQueuedConnection);
}

void TcpServiceHost::forget(int modelNs) {
    QMetaObject::invokeMethod(
        this,
        [this, modelNs] {
            for (auto it = listeners_.begin(); it != listeners_.end();) {
                if (std::get<0>(it->first) != modelNs) {
                    ++it;
                    continue;
                }
                delete it->second.server; // its accepted connections are its children
                it = listeners_.erase(it);
            }
        },
        Qt::BlockingQueuedConnection);
}

void TcpServiceHost::open(const Entry& e) {
    kernel::NetnsGuard in(e.nsName);
    if (!in.ok()) return;
    auto* server = new QTcpServer(this);
    const QHostAddress bind =
        e.service.bind.value ? QHostAddress(e.service.bind.value) : QHostAddress::AnyIPv4;
    if (!server->listen(bind, e.service.port)) {
        std::fprintf(stderr, "vethlab-kerneld: cannot listen on %s:%u in %s: %s\n",
                     qPrintable(bind.toString()), e.service.port, e.nsName.c_str(),
                     qPrintable(server->errorString()));
        delete server;
        return;
    }
    Listener& l = listeners_[Key{e.service.namespaceId, e.service.bind.value, e.service.port}];
    l = {e, server};
    connect(server, &QTcpServer::newConnection, this, [this, e, server] {
        while (QTcpSocket* s = server->nextPendingConnection()) {
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            serve(e.service, s);
        }
    });
}

} // namespace vethlab::kerneld
