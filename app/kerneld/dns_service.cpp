#include "dns_service.h"

#include <QHostAddress>
#include <QNetworkDatagram>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <QUdpSocket>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "net/reverse_name.h"
#include "netns.h"
#include "packet.h"

namespace vethlab::kerneld {
namespace {

QByteArray bytes(const sim::Bytes& b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}
sim::Bytes bytes(const QByteArray& a) {
    return sim::Bytes(a.begin(), a.end());
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A socket made while the thread is inside `nsName` belongs to that namespace for good.
QUdpSocket* bindIn(const std::string& nsName, const QHostAddress& address, std::uint16_t port,
                   QObject* parent) {
    kernel::NetnsGuard in(nsName);
    if (!in.ok()) {
        std::fprintf(stderr, "vethlab-kerneld: DNS: %s\n", in.error().c_str());
        return nullptr;
    }
    auto* s = new QUdpSocket(parent);
    if (!s->bind(address, port)) {
        std::fprintf(stderr, "vethlab-kerneld: DNS: cannot listen on %s:%u in %s: %s\n",
                     qPrintable(address.toString()), port, nsName.c_str(), qPrintable(s->errorString()));
        delete s;
        return nullptr;
    }
    return s;
}

} // namespace

struct DnsService::Embedded {
    std::string nsName;
    Ipv4 upstream;
    QUdpSocket* socket = nullptr;
};

DnsService::DnsService() = default;

DnsService::~DnsService() {
    stop([this] { embedded_.clear(); });
}

void DnsService::startResolver(const std::string& worldNs, std::vector<Ipv4> addresses,
                               std::vector<std::pair<std::string, Ipv4>> hosts,
                               std::map<std::uint32_t, std::string> reverse) {
    QMetaObject::invokeMethod(
        this, [this, worldNs, addresses, hosts = std::move(hosts), reverse = std::move(reverse)] {
            hosts_ = hosts;
            reverse_ = reverse;
            // One socket per address, so each answer leaves from the address that was asked.
            for (Ipv4 a : addresses)
                if (QUdpSocket* s = bindIn(worldNs, QHostAddress(a.value), 53, this))
                    connect(s, &QUdpSocket::readyRead, this, [this, s] { answerResolver(s); });
        });
}

void DnsService::listenEmbedded(int modelNs, const std::string& nsName, std::uint16_t port, Ipv4 upstream) {
    QMetaObject::invokeMethod(this, [this, modelNs, nsName, port, upstream] {
        auto e = std::make_unique<Embedded>();
        e->nsName = nsName;
        e->upstream = upstream;
        e->socket = bindIn(nsName, QHostAddress(QStringLiteral("127.0.0.11")), port, this);
        if (!e->socket) return;
        Embedded* raw = e.get();
        connect(e->socket, &QUdpSocket::readyRead, this, [this, raw] { answerEmbedded(*raw); });
        if (auto old = embedded_.find(modelNs); old != embedded_.end()) delete old->second->socket;
        embedded_[modelNs] = std::move(e);
    });
}

void DnsService::setTable(int modelNs, DnsTable table) {
    QMetaObject::invokeMethod(
        this, [this, modelNs, table = std::move(table)] { tables_[modelNs] = table; },
        Qt::BlockingQueuedConnection);
}

void DnsService::forget(int modelNs) {
    QMetaObject::invokeMethod(this, [this, modelNs] {
        if (auto e = embedded_.find(modelNs); e != embedded_.end()) {
            delete e->second->socket;
            embedded_.erase(e);
        }
        tables_.erase(modelNs);
    });
}

void DnsService::answerResolver(QUdpSocket* socket) {
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = socket->receiveDatagram();
        auto q = sim::decodeDns(bytes(d.data()));
        if (!q || q->response) continue;
        sim::DnsMessage a = *q;
        a.response = true;
        bool known = false;
        for (const auto& [name, ip] : hosts_)
            if (lower(name) == lower(q->name)) {
                known = true;
                if (q->type == 1) a.addresses.push_back(ip);
            }
        if (auto address = reverseNameAddress(q->name); q->type == 12 && address)
            if (auto p = reverse_.find(address->value); p != reverse_.end()) {
                a.pointer = p->second;
                known = true;
            }
        if (!known) a.rcode = 3;
        socket->writeDatagram(bytes(sim::encodeDns(a)), d.senderAddress(),
                              static_cast<quint16>(d.senderPort()));
    }
}

void DnsService::answerEmbedded(Embedded& e) {
    int modelNs = -1;
    for (const auto& [id, x] : embedded_)
        if (x.get() == &e) modelNs = id;
    while (e.socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = e.socket->receiveDatagram();
        auto q = sim::decodeDns(bytes(d.data()));
        if (!q || q->response) continue;
        const DnsTable& t = tables_[modelNs];
        sim::DnsMessage a = *q;
        a.response = true;
        bool answered = false;
        const std::string name = lower(q->name);
        if (q->type == 12) {
            if (auto address = reverseNameAddress(q->name))
                if (auto p = t.pointers.find(address->value); p != t.pointers.end()) {
                    a.pointer = p->second;
                    answered = true;
                }
            if (auto address = reverseNameAddress6(q->name))
                if (auto p = t.pointers6.find(*address); p != t.pointers6.end()) {
                    a.pointer = p->second;
                    answered = true;
                }
        } else if (t.names.count(name) || t.names6.count(name)) {
            // A known name: its addresses of the asked family, or an empty NOERROR answer.
            answered = true;
            if (q->type == 1 && t.names.count(name)) {
                a.addresses = t.names.at(name);
                std::shuffle(a.addresses.begin(), a.addresses.end(), *QRandomGenerator::global());
            }
            if (q->type == 28 && t.names6.count(name)) {
                a.addresses6 = t.names6.at(name);
                std::shuffle(a.addresses6.begin(), a.addresses6.end(), *QRandomGenerator::global());
            }
        }
        if (answered) {
            e.socket->writeDatagram(bytes(sim::encodeDns(a)), d.senderAddress(),
                                    static_cast<quint16>(d.senderPort()));
            continue;
        }
        // Forwarded from inside the container's namespace to its upstreams, as dockerd does.
        forward(e.nsName, e.socket, d, t.upstreams.empty() ? std::vector<Ipv4>{e.upstream} : t.upstreams, 0);
    }
}

// resolver.go ServeDNS: each upstream in turn, from inside the container's namespace, extIOTimeout
// (4 s) each; the first answer is relayed, and none when all fail. (The socket stays unconnected: a
// connected one could be remade by Qt outside the namespace; the simulation waits the same 4 s.)
void DnsService::forward(const std::string& nsName, QPointer<QUdpSocket> client,
                         const QNetworkDatagram& question, std::vector<Ipv4> upstreams, std::size_t index) {
    if (index >= upstreams.size() || !client) return;
    QUdpSocket* out = bindIn(nsName, QHostAddress::AnyIPv4, 0, this);
    if (!out) return;
    auto done = std::make_shared<bool>(false);
    auto next = [this, nsName, client, question, upstreams, index, out, done] {
        if (*done) return;
        *done = true;
        out->deleteLater();
        forward(nsName, client, question, upstreams, index + 1);
    };
    connect(out, &QUdpSocket::readyRead, this, [out, question, client, done] {
        while (out->hasPendingDatagrams()) {
            const QByteArray answer = out->receiveDatagram().data();
            if (*done || !client) continue;
            *done = true;
            client->writeDatagram(answer, question.senderAddress(),
                                  static_cast<quint16>(question.senderPort()));
        }
        if (*done) out->deleteLater();
    });
    if (out->writeDatagram(question.data(), QHostAddress(upstreams[index].value), 53) < 0)
        return next(); // no route: dial fails at once and the next server is tried
    QTimer::singleShot(4000, out, next);
}

} // namespace vethlab::kerneld
