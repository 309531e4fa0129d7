#include "kernel_client.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <sstream>
#include <unistd.h>

#include "protocol.h"

namespace vethlab::kerneld {
namespace {

constexpr int kTimeoutMs = 330000; // a program may run 300 s (traceroute past the silent routers)

QString here() {
    if (QCoreApplication::instance()) return QCoreApplication::applicationDirPath();
    return QFileInfo(QFile::symLinkTarget("/proc/self/exe")).absolutePath();
}

} // namespace

std::string helperPath() {
    if (const char* env = std::getenv("VETHLAB_KERNELD")) return env;
    const QString dir = here();
    for (const QString& candidate : {dir + "/vethlab-kerneld", dir + "/../kerneld/vethlab-kerneld",
                                     dir + "/../app/kerneld/vethlab-kerneld"})
        if (QFileInfo(candidate).isExecutable()) return QDir::cleanPath(candidate).toStdString();
    return "vethlab-kerneld";
}

std::shared_ptr<KernelClient> KernelClient::start(const LabSettings& settings, std::string& error) {
    std::shared_ptr<KernelClient> c(new KernelClient());
    QTemporaryDir dir(QDir::tempPath() + "/vethlab-XXXXXX");
    dir.setAutoRemove(false);
    if (!dir.isValid()) {
        error = "cannot make a directory for the helper's socket";
        return nullptr;
    }
    c->dir_ = dir.path().toStdString();
    const QString socketPath = dir.path() + "/kerneld.sock";
    const QString helper = QString::fromStdString(helperPath());
    QStringList args{"--socket", socketPath, "--owner", QString::number(getuid())};
    if (geteuid() == 0) {
        c->helper_.setProgram(helper);
    } else {
        c->helper_.setProgram("sudo");
        args.prepend(helper);
        args.prepend("-n");
    }
    c->helper_.setArguments(args);
    c->helper_.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its complaints reach the user
    c->helper_.start();
    if (!c->helper_.waitForStarted(10000)) {
        error = "cannot start " + helper.toStdString() + ": " + c->helper_.errorString().toStdString();
        return nullptr;
    }
    while (!c->helper_.canReadLine()) {
        if (!c->helper_.waitForReadyRead(15000)) {
            const std::string why = c->helper_.state() == QProcess::NotRunning ? "it exited" : "no answer";
            error = geteuid() == 0 ? "vethlab-kerneld did not start: " + why
                                   : "the real kernel needs root: run as root or allow `sudo " +
                                         helper.toStdString() + "` (sudo said: " + why + ")";
            return nullptr;
        }
    }
    const QByteArray ready = c->helper_.readLine().trimmed();
    if (!ready.startsWith("ready ")) {
        error = "vethlab-kerneld: " + ready.toStdString();
        return nullptr;
    }
    c->helperPid_ = ready.mid(6).toInt();
    c->socket_.connectToServer(socketPath);
    if (!c->socket_.waitForConnected(10000)) {
        error = "cannot reach vethlab-kerneld: " + c->socket_.errorString().toStdString();
        return nullptr;
    }
    QJsonArray internet, resolvers;
    for (const auto& h : settings.internetHosts) {
        internet.append(QJsonObject{{"name", QString::fromStdString(h.name)},
                                    {"address", QString::fromStdString(h.address.str())},
                                    {"reverse", QString::fromStdString(h.reverse)}});
        if (h.answersDns) resolvers.append(QString::fromStdString(h.address.str())); // 8.8.8.8, 1.1.1.1, ...
    }
    std::istringstream conf(settings.resolvConf);
    for (std::string key, value; conf >> key;)
        if (key == "nameserver" && conf >> value && Ipv4::parse(value) && value.rfind("127.", 0) != 0 &&
            !resolvers.contains(QString::fromStdString(value))) // one socket per address in the world
            resolvers.append(QString::fromStdString(value));
    const Ipv4Prefix gw{settings.gateway, settings.hostAddress.length};
    QJsonObject boot = c->request({{"cmd", "boot"},
                                   {"gateway", QString::fromStdString(gw.str())},
                                   {"internet", internet},
                                   {"resolvers", resolvers},
                                   {"internetTtl", settings.internetInitialTtl - settings.internetHops - 1},
                                   {"internetHops", settings.internetHops}});
    if (!boot["ok"].toBool()) {
        error = "vethlab-kerneld: " + boot["error"].toString().toStdString();
        return nullptr;
    }
    return c;
}

KernelClient::~KernelClient() {
    if (socket_.state() == QLocalSocket::ConnectedState) request({{"cmd", "shutdown"}});
    socket_.disconnectFromServer();
    if (helper_.state() != QProcess::NotRunning && !helper_.waitForFinished(10000)) helper_.terminate();
    helper_.waitForFinished(5000);
    if (!dir_.empty()) QDir(QString::fromStdString(dir_)).removeRecursively();
}

QJsonObject KernelClient::request(QJsonObject req) {
    if (!req.contains("v")) req["v"] = kProtocolVersion;
    req["id"] = nextId_++;
    socket_.write(QJsonDocument(req).toJson(QJsonDocument::Compact) + "\n");
    socket_.flush();
    while (buffer_.indexOf('\n') < 0) {
        if (socket_.state() != QLocalSocket::ConnectedState && socket_.bytesAvailable() == 0)
            return {{"ok", false}, {"error", "vethlab-kerneld went away"}};
        if (!socket_.waitForReadyRead(kTimeoutMs) && socket_.bytesAvailable() == 0)
            return {{"ok", false}, {"error", "vethlab-kerneld did not answer"}};
        buffer_ += socket_.readAll();
    }
    const qsizetype nl = buffer_.indexOf('\n');
    const QByteArray line = buffer_.left(nl);
    buffer_.remove(0, nl + 1);
    return QJsonDocument::fromJson(line).object();
}

std::optional<kernel::KernelError> KernelClient::apply(const kernel::KernelOp& op) {
    queued_.push_back(opToJson(op));
    return std::nullopt;
}

std::vector<kernel::KernelError> KernelClient::sync() {
    std::vector<kernel::KernelError> errors;
    auto collect = [&](const QJsonObject& answer) {
        if (!answer["ok"].toBool())
            errors.push_back({"vethlab-kerneld", 0, answer["error"].toString().toStdString()});
        for (const auto& e : answer["errors"].toArray())
            errors.push_back(errorFromJson(e.toObject()));
    };
    if (!queued_.empty()) {
        QJsonArray ops;
        for (auto& o : queued_)
            ops.append(o);
        queued_.clear();
        collect(request({{"cmd", "apply"}, {"ops", ops}}));
    }
    collect(request({{"cmd", "sync"}}));
    return errors;
}

kernel::KernelState KernelClient::snapshot() {
    (void)sync();
    return stateFromJson(request({{"cmd", "snapshot"}})["state"].toObject());
}

std::string KernelClient::reset() {
    queued_.clear();
    const QJsonObject answer = request({{"cmd", "reset"}});
    return answer["ok"].toBool() ? std::string() : answer["error"].toString().toStdString();
}

namespace {

QJsonArray argvJson(const std::vector<std::string>& argv) {
    QJsonArray a;
    for (const auto& s : argv)
        a.append(QString::fromStdString(s));
    return a;
}

template <typename Result> Result resultFrom(const QJsonObject& answer) {
    Result r;
    if (!answer["ok"].toBool()) {
        r.status = 126;
        r.err = "vethlab-kerneld: " + answer["error"].toString().toStdString() + "\n";
        r.chunks = {{2, r.err}};
        return r;
    }
    r.status = answer["status"].toInt();
    r.out = answer["out"].toString().toStdString();
    r.err = answer["err"].toString().toStdString();
    for (const auto& c : answer["chunks"].toArray())
        r.chunks.emplace_back(c.toArray().at(0).toInt(), c.toArray().at(1).toString().toStdString());
    return r;
}

JobResult jobFrom(const QJsonObject& answer) {
    JobResult r = resultFrom<JobResult>(answer);
    r.job = answer["job"].toInt();
    r.exited = !answer["ok"].toBool() || answer["exited"].toBool(true);
    return r;
}

} // namespace

RunResult KernelClient::run(int namespaceId, const std::vector<std::string>& argv, const std::string& input,
                            const std::string& hostname, bool busybox, int interruptAfterMs, bool terminal,
                            bool oneStream, const std::string& container) {
    // busybox traceroute through the internet's 12 silent routers waits 5 s for each of 36 probes: three
    // minutes, as on a Docker host; a program that never ends by itself is interrupted long before.
    return resultFrom<RunResult>(request({{"cmd", "run"},
                                          {"timeoutMs", 300000},
                                          {"container", QString::fromStdString(container)},
                                          {"terminal", terminal},
                                          {"oneStream", oneStream},
                                          {"ns", namespaceId},
                                          {"argv", argvJson(argv)},
                                          {"input", QString::fromStdString(input)},
                                          {"hostname", QString::fromStdString(hostname)},
                                          {"busybox", busybox},
                                          {"interruptAfterMs", interruptAfterMs}}));
}

JobResult KernelClient::startJob(int namespaceId, const std::vector<std::string>& argv,
                                 const std::string& hostname, bool busybox, const std::string& container) {
    return jobFrom(request({{"cmd", "start"},
                            {"container", QString::fromStdString(container)},
                            {"ns", namespaceId},
                            {"argv", argvJson(argv)},
                            {"hostname", QString::fromStdString(hostname)},
                            {"busybox", busybox}}));
}

JobResult KernelClient::collectJob(int job) {
    return jobFrom(request({{"cmd", "collect"}, {"job", job}}));
}

JobResult KernelClient::stopJob(int job) {
    return jobFrom(request({{"cmd", "stop"}, {"job", job}}));
}

} // namespace vethlab::kerneld
