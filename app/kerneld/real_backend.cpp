#include "real_backend.h"

#include <QJsonArray>

#include "docker/resolv_conf.h"
#include "protocol.h"
#include "resolver.h"
#include "tcp_services.h"

namespace vethlab::kerneld {
namespace {

// What Docker's embedded DNS knows, per container namespace, as the model decides it.
QJsonArray dnsTables(Lab& lab) {
    QJsonArray tables;
    for (const auto* c : lab.daemon().containers()) {
        if (!c->isRunning() || c->networkModeKind() == docker::NetworkMode::Container) continue;
        const int ns = lab.daemon().namespaceOf(*c);
        if (ns <= 0) continue;
        sim::Resolver r(lab, c->id);
        if (!r.usesEmbeddedDns()) continue;
        QJsonObject names, ptr;
        for (const auto& [name, addresses] : r.allRecords()) {
            QJsonArray a;
            for (Ipv4 ip : addresses)
                a.append(QString::fromStdString(ip.str()));
            names[QString::fromStdString(name)] = a;
        }
        for (const auto& [ip, name] : r.allPointers())
            ptr[QString::fromStdString(Ipv4{ip}.str())] = QString::fromStdString(name);
        // IPv6 endpoints (--ipv6 networks): AAAA answers, and PTR under ip6.arpa.
        for (const auto& [name, addresses] : r.allRecords6()) {
            QJsonArray a = names[QString::fromStdString(name)].toArray();
            for (const Ipv6& ip : addresses)
                a.append(QString::fromStdString(ip.str()));
            names[QString::fromStdString(name)] = a;
        }
        for (const auto& [ip, name] : r.allPointers6())
            ptr[QString::fromStdString(ip.str())] = QString::fromStdString(name);
        // What it cannot answer goes to the container's --dns servers, else the host's.
        QJsonArray upstreams;
        docker::DnsConfig dns{c->config.dns, c->config.dnsSearch, c->config.dnsOptions};
        for (const auto& s : docker::embeddedDnsUpstreams(lab.settings().resolvConf, dns))
            upstreams.append(QString::fromStdString(s));
        tables.append(QJsonObject{{"ns", ns}, {"names", names}, {"ptr", ptr}, {"upstreams", upstreams}});
    }
    return tables;
}

// The containers' servers, as the model has them running now (docker-proxy is a process of its own).
QJsonArray serviceList(const Lab& lab) {
    QJsonArray services;
    for (const auto& s : sim::tcpServices(lab))
        if (s.kind != sim::TcpService::Kind::Proxy) services.append(serviceToJson(s));
    return services;
}

// One docker-proxy per binding of every running container, as the daemon starts them.
QJsonArray proxyList(const Lab& lab) {
    QJsonArray proxies;
    for (const auto* c : lab.daemon().containers()) {
        if (!c->isRunning()) continue;
        for (const auto& p : c->published)
            proxies.append(proxyToJson(
                {p.container.proto, p.hostIp, p.containerIp.str(), p.hostPort, p.container.port}));
    }
    return proxies;
}

shell::RealJobOutcome outcome(const JobResult& r) {
    return {{r.status, r.out, r.err, r.chunks}, r.job, r.exited};
}

// Before a program runs: what Docker's embedded DNS knows and which servers listen, as the model has them.
void syncServices(KernelClient& c, Lab& lab) {
    c.request({{"cmd", "dns"}, {"tables", dnsTables(lab)}});
    c.request({{"cmd", "serve"}, {"services", serviceList(lab)}});
    c.request({{"cmd", "proxies"}, {"proxies", proxyList(lab)}});
}

shell::RealJobRunner realJobs(const std::weak_ptr<KernelClient>& weak, Lab& lab) {
    auto gone = [] {
        shell::RealJobOutcome o;
        o.status = 126;
        o.chunks = {{2, "vethlab: the real kernel is gone\n"}};
        return o;
    };
    shell::RealJobRunner jobs;
    jobs.start = [weak, &lab, gone](const shell::RealProgram& p) {
        auto c = weak.lock();
        if (!c) return gone();
        syncServices(*c, lab);
        return outcome(c->startJob(p.namespaceId, p.argv, p.hostname, p.busybox, p.container));
    };
    jobs.collect = [weak, gone](int job) {
        auto c = weak.lock();
        return c ? outcome(c->collectJob(job)) : gone();
    };
    jobs.stop = [weak, gone](int job) {
        auto c = weak.lock();
        return c ? outcome(c->stopJob(job)) : gone();
    };
    return jobs;
}

} // namespace

std::shared_ptr<KernelClient> attachRealKernel(Lab& lab, shell::Terminal& terminal, std::string& error) {
    auto client = KernelClient::start(lab.settings(), error);
    if (!client) return nullptr;
    lab.attachMirror(client);
    auto errors = lab.syncMirror();
    if (!errors.empty()) {
        error = "the real kernel refused: " + errors.front().command + ": " + errors.front().message;
        lab.attachMirror(nullptr);
        return nullptr;
    }
    std::weak_ptr<KernelClient> weak = client;
    terminal.setMirrorRebuilder([weak, &lab]() -> std::string {
        auto c = weak.lock();
        if (!c) return "the real kernel is gone";
        if (auto why = c->reset(); !why.empty()) return why;
        lab.attachMirror(c); // replays the (restored) lab's whole op log
        auto refused = lab.syncMirror();
        return refused.empty() ? std::string() : refused.front().command + ": " + refused.front().message;
    });
    terminal.setRealPrograms([weak, &lab](const shell::RealProgram& p) -> shell::RealOutcome {
        auto c = weak.lock();
        if (!c) return {126, "", "vethlab: the real kernel is gone\n"};
        syncServices(*c, lab);
        auto r = c->run(p.namespaceId, p.argv, p.input, p.hostname, p.busybox, p.interruptAfterMs, p.terminal,
                        p.oneStream, p.container);
        return {r.status, r.out, r.err, r.chunks};
    });
    terminal.setRealJobs(realJobs(weak, lab));
    return client;
}

} // namespace vethlab::kerneld
