#include "server.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <algorithm>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"
#include "program_policy.h"
#include "protocol.h"

namespace vethlab::kerneld {
namespace {

QJsonObject refuse(const QString& why) {
    return {{"ok", false}, {"error", why}};
}

QJsonArray errorsJson(const std::vector<kernel::KernelError>& errors) {
    QJsonArray a;
    for (const auto& e : errors)
        a.append(errorToJson(e));
    return a;
}

bool isNamespaceName(const std::string& n) {
    if (n.empty() || n.size() > 64) return false;
    for (char c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

QJsonObject resultJson(const kernel::ProgramResult& r) {
    QJsonArray chunks;
    for (const auto& [stream, text] : r.chunks)
        chunks.append(QJsonArray{stream, QString::fromStdString(text)});
    return {{"ok", true},
            {"chunks", chunks},
            {"status", r.status},
            {"out", QString::fromStdString(r.out)},
            {"err", QString::fromStdString(r.err)},
            {"timedOut", r.timedOut}};
}

} // namespace

Server::Server(std::string labTag, QObject* parent) : QObject(parent), labTag_(std::move(labTag)) {
    connect(&server_, &QLocalServer::newConnection, this, &Server::onConnection);
}

Server::~Server() {
    shutdown();
}

QString Server::listen(const QString& path, uint ownerUid) {
    QLocalServer::removeServer(path);
    server_.setSocketOptions(QLocalServer::UserAccessOption);
    if (!server_.listen(path)) return server_.errorString();
    const QByteArray p = QFile::encodeName(path);
    if (chown(p.constData(), ownerUid, static_cast<gid_t>(-1)) != 0 || chmod(p.constData(), 0600) != 0)
        return "cannot give the socket to uid " + QString::number(ownerUid);
    return {};
}

void Server::shutdown() {
    jobs_.clear();
    proxies_.reset();
    tcp_.reset();
    dns_.reset();
    if (kernel_) kernel_->teardown();
    kernel_.reset();
    server_.close();
}

void Server::onConnection() {
    QLocalSocket* s = server_.nextPendingConnection();
    if (client_) { // one lab, one client
        s->write(QJsonDocument(refuse("another client holds this lab")).toJson(QJsonDocument::Compact) +
                 "\n");
        s->disconnectFromServer();
        return;
    }
    client_ = s;
    connect(s, &QLocalSocket::readyRead, this, &Server::onReadyRead);
    connect(s, &QLocalSocket::disconnected, this, [this] {
        // The client is gone: the lab goes with it.
        shutdown();
        QCoreApplication::quit();
    });
}

void Server::onReadyRead() {
    buffer_ += client_->readAll();
    for (qsizetype nl; (nl = buffer_.indexOf('\n')) >= 0;) {
        const QByteArray line = buffer_.left(nl);
        buffer_.remove(0, nl + 1);
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        QJsonObject answer =
            doc.isObject() ? handle(doc.object()) : refuse("not a JSON object: " + err.errorString());
        answer["v"] = kProtocolVersion;
        if (doc.isObject()) answer["id"] = doc.object()["id"];
        client_->write(QJsonDocument(answer).toJson(QJsonDocument::Compact) + "\n");
        client_->flush();
        if (doc.isObject() && doc.object()["cmd"].toString() == "shutdown") {
            client_->waitForBytesWritten(1000);
            QCoreApplication::quit();
        }
    }
}

// Docker's embedded DNS listens where the container's nat rules send port 53.
void Server::noticeDns(const kernel::KernelOp& op) {
    if (const auto* del = std::get_if<kernel::NetnsDel>(&op)) dns_->forget(del->ns.id);
    const auto* rule = std::get_if<kernel::RuleInsert>(&op);
    if (!rule || rule->ns.id == kernel::KernelState::kRootNamespace || rule->rule.target != "DNAT" ||
        rule->rule.protocol != "udp" || rule->rule.toDestination.rfind("127.0.0.11:", 0) != 0)
        return;
    const int port = std::atoi(rule->rule.toDestination.c_str() + 11);
    if (port <= 0 || port > 65535) return;
    dns_->listenEmbedded(rule->ns.id, kernel_->namespaceName(rule->ns.id), static_cast<std::uint16_t>(port),
                         gateway_);
}

// A program to run: only in this lab's namespaces, only known programs, argv only. "" or why not.
QString Server::programRequest(const QJsonObject& req, kernel::ProgramRequest& pr) const {
    const std::string ns = kernel_->namespaceName(req["ns"].toInt(-1));
    if (ns.empty()) return "namespace " + QString::number(req["ns"].toInt(-1)) + " is not this lab's";
    if (!req["argv"].isArray()) return "argv must be an array of strings (no shell strings)";
    std::vector<std::string> argv;
    for (const auto& a : req["argv"].toArray()) {
        if (!a.isString()) return "argv must be an array of strings (no shell strings)";
        argv.push_back(a.toString().toStdString());
    }
    auto resolved = kernel::resolveProgram(argv, req["busybox"].toBool());
    if (auto* why = std::get_if<std::string>(&resolved)) return "refused: " + QString::fromStdString(*why);
    pr.netns = ns;
    pr.argv = std::get<std::vector<std::string>>(resolved);
    pr.input = req["input"].toString().toStdString();
    pr.hostname = req["hostname"].toString("vethlab").toStdString();
    if (const QString id = req["container"].toString(); !id.isEmpty()) {
        pr.files = kernel_->names().filesOf(id.toStdString());
        if (pr.files.empty()) return "container must be a short ID (12 hex digits): " + id;
    }
    pr.timeoutMs = std::clamp(req["timeoutMs"].toInt(60000), 1, 600000);
    pr.interruptAfterMs = std::max(0, req["interruptAfterMs"].toInt());
    pr.terminal = req["terminal"].toBool();
    pr.oneStream = req["oneStream"].toBool();
    return {};
}

// A background job (`tcpdump ... &`): started, and given the time to say it is ready (tcpdump's
// "listening on ..."), so that what the next command sends is captured.
// docker-proxy for each published binding, in the lab host's namespace; the DNAT rules beside them are
// the model's (applied first, as Docker programs iptables before it starts the proxy).
QJsonObject Server::runProxies(const QJsonArray& list) {
    std::vector<ProxySpec> wanted;
    for (const auto& v : list) {
        auto spec = proxyFromJson(v.toObject());
        if (!spec)
            return refuse("not a proxy: " + QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        wanted.push_back(*spec);
    }
    (void)kernel_->sync();
    QJsonArray errors;
    for (const auto& why : proxies_->set(kernel_->namespaceName(kernel::KernelState::kRootNamespace), wanted))
        errors.append(QString::fromStdString(why));
    return {{"ok", true}, {"errors", errors}};
}

QJsonObject Server::startJob(int ns, const kernel::ProgramRequest& pr) {
    if (jobs_.size() >= kMaxJobs)
        return refuse("too many background programs (" + QString::number(kMaxJobs) + ")");
    kernel::ProgramResult failure;
    auto program = kernel::RunningProgram::start(pr, failure);
    if (!program) return resultJson(failure);
    bool exited = false;
    auto r = program->collect(300, 3000, exited);
    QJsonObject answer = resultJson(r);
    answer["exited"] = exited;
    if (!exited) {
        const int job = nextJob_++;
        jobs_[job] = {ns, std::move(program)};
        answer["job"] = job;
    }
    return answer;
}

QJsonObject Server::handle(const QJsonObject& req) {
    if (req["v"].toInt() != kProtocolVersion)
        return refuse("protocol version " + QString::number(req["v"].toInt()) +
                      " is not supported (this helper speaks " + QString::number(kProtocolVersion) + ")");
    const QString cmd = req["cmd"].toString();
    if (cmd == "hello")
        return {{"ok", true}, {"lab", QString::fromStdString(labTag_)}, {"pid", static_cast<int>(getpid())}};
    if (cmd == "reset") {
        // A failed docker command is undone by building the sandbox again from the lab's op log.
        if (!kernel_) return refuse("no lab: send boot first");
        jobs_.clear();
        proxies_.reset();
        tcp_.reset();
        dns_.reset();
        kernel_->teardown();
        kernel_.reset();
        return handle(bootRequest_);
    }
    if (cmd == "boot") {
        if (kernel_) return refuse("the lab is booted already");
        bootRequest_ = req;
        kernel::WorldPlan world;
        world.gateway = Ipv4Prefix::parse(req["gateway"].toString().toStdString()).value_or(Ipv4Prefix{});
        gateway_ = world.gateway.addr;
        std::vector<std::pair<std::string, Ipv4>> hosts;
        std::map<std::uint32_t, std::string> reverse;
        for (const auto& h : req["internet"].toArray())
            if (auto a = Ipv4::parse(h.toObject()["address"].toString().toStdString())) {
                world.internetHosts.push_back(*a);
                hosts.emplace_back(h.toObject()["name"].toString().toStdString(), *a);
                if (const QString ptr = h.toObject()["reverse"].toString(); !ptr.isEmpty())
                    reverse[a->value] = ptr.toStdString();
            }
        world.internetTtl = req["internetTtl"].toInt();
        world.internetHops = std::clamp(req["internetHops"].toInt(), 0, 60);
        for (const auto& r : req["resolvers"].toArray())
            if (auto a = Ipv4::parse(r.toString().toStdString())) world.resolvers.push_back(*a);
        kernel_ = std::make_unique<kernel::RealKernel>(kernel::SandboxNames{labTag_}, world);
        kernel_->setFuseVethMoves(!dockerOrder_);
        if (!kernel_->error().empty()) {
            QString why = QString::fromStdString(kernel_->error());
            kernel_.reset();
            return refuse(why);
        }
        dns_ = std::make_unique<DnsService>();
        tcp_ = std::make_unique<TcpServiceHost>();
        LabSettings internet;
        internet.internetHosts.clear();
        std::vector<Ipv4> web;
        for (const auto& [name, address] : hosts) {
            internet.internetHosts.push_back({name, address});
            if (std::find(world.resolvers.begin(), world.resolvers.end(), address) == world.resolvers.end() &&
                std::find(web.begin(), web.end(), address) == web.end())
                web.push_back(address);
        }
        tcp_->serveInternet(kernel_->names().world(), internet, web);
        proxies_ = std::make_unique<ProxyHost>(
            ProxyHost::locate(QCoreApplication::applicationDirPath().toStdString()));
        std::vector<Ipv4> resolvers = world.resolvers;
        if (std::find(resolvers.begin(), resolvers.end(), world.gateway.addr) == resolvers.end())
            resolvers.push_back(world.gateway.addr);
        dns_->startResolver(kernel_->names().world(), resolvers, hosts, reverse);
        return {{"ok", true}, {"host", QString::fromStdString(kernel_->names().host())}};
    }
    if (cmd == "shutdown") {
        shutdown();
        return {{"ok", true}};
    }
    if (!kernel_) return refuse("no lab: send boot first");
    if (cmd == "apply") {
        std::vector<kernel::KernelError> errors;
        for (const auto& v : req["ops"].toArray()) {
            auto op = opFromJson(v.toObject());
            if (!op)
                return refuse("not a kernel operation: " +
                              QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            if (const auto* add = std::get_if<kernel::NetnsAdd>(&*op); add && !isNamespaceName(add->ns.name))
                return refuse("not a namespace name: " + QString::fromStdString(add->ns.name));
            // A listening socket would keep a deleted namespace (and its veth) alive.
            if (const auto* del = std::get_if<kernel::NetnsDel>(&*op)) {
                tcp_->forget(del->ns.id);
                if (del->ns.id == kernel::KernelState::kRootNamespace) proxies_->stopAll();
                std::erase_if(jobs_, [&](const auto& j) { return j.second.ns == del->ns.id; });
            }
            if (auto e = kernel_->apply(*op)) errors.push_back(*e);
            noticeDns(*op);
        }
        return {{"ok", true}, {"errors", errorsJson(errors)}};
    }
    if (cmd == "dns") {
        for (const auto& tv : req["tables"].toArray()) {
            const QJsonObject t = tv.toObject();
            DnsTable table;
            const QJsonObject names = t["names"].toObject();
            for (auto it = names.begin(); it != names.end(); ++it)
                for (const auto& a : it.value().toArray())
                    if (auto ip = Ipv4::parse(a.toString().toStdString()))
                        table.names[it.key().toStdString()].push_back(*ip);
                    else if (auto ip6 = Ipv6::parse(a.toString().toStdString()))
                        table.names6[it.key().toStdString()].push_back(*ip6);
            const QJsonObject ptr = t["ptr"].toObject();
            for (auto it = ptr.begin(); it != ptr.end(); ++it)
                if (auto ip = Ipv4::parse(it.key().toStdString()))
                    table.pointers[ip->value] = it.value().toString().toStdString();
                else if (auto ip6 = Ipv6::parse(it.key().toStdString()))
                    table.pointers6[*ip6] = it.value().toString().toStdString();
            for (const auto& u : t["upstreams"].toArray())
                if (auto ip = Ipv4::parse(u.toString().toStdString())) table.upstreams.push_back(*ip);
            dns_->setTable(t["ns"].toInt(), std::move(table));
        }
        return {{"ok", true}};
    }
    if (cmd == "serve") {
        std::vector<TcpServiceHost::Entry> entries;
        for (const auto& v : req["services"].toArray()) {
            auto service = serviceFromJson(v.toObject());
            if (!service || service->kind == sim::TcpService::Kind::Proxy) // docker-proxy: see "proxies"
                return refuse("not a service: " + QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            const std::string ns = kernel_->namespaceName(service->namespaceId);
            if (ns.empty())
                return refuse("namespace " + QString::number(service->namespaceId) + " is not this lab's");
            entries.push_back({*service, ns});
        }
        (void)kernel_->sync(); // the DNAT rules Docker adds beside docker-proxy
        tcp_->setServices(std::move(entries));
        return {{"ok", true}};
    }
    if (cmd == "proxies") return runProxies(req["proxies"].toArray());
    if (cmd == "sync") return {{"ok", true}, {"errors", errorsJson(kernel_->sync())}};
    if (cmd == "snapshot") return {{"ok", true}, {"state", stateToJson(kernel_->snapshot())}};
    if (cmd == "run" || cmd == "start") {
        kernel::ProgramRequest pr;
        if (auto why = programRequest(req, pr); !why.isEmpty()) return refuse(why);
        (void)kernel_->sync();
        kernel_->settleLinks(1500);
        if (cmd == "start") return startJob(req["ns"].toInt(-1), pr);
        return resultJson(kernel::runProgram(pr));
    }
    if (cmd == "collect" || cmd == "stop") {
        auto it = jobs_.find(req["job"].toInt());
        if (it == jobs_.end()) return refuse("no job " + QString::number(req["job"].toInt()));
        bool exited = true;
        const int maxMs = std::clamp(req["maxMs"].toInt(2000), 0, 10000);
        auto r = cmd == "stop" ? it->second.program->stop(SIGTERM, maxMs)
                               : it->second.program->collect(std::clamp(req["quietMs"].toInt(300), 0, 5000),
                                                             maxMs, exited);
        QJsonObject answer = resultJson(r);
        answer["exited"] = exited;
        if (exited) jobs_.erase(it);
        return answer;
    }
    return refuse("unknown command " + cmd);
}

} // namespace vethlab::kerneld
