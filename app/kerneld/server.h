// vethlab-kerneld's server: one lab (a RealKernel) and one client at a time on a QLocalSocket that only
// the user who started the helper can open. Every request is validated: only this lab's namespaces,
// only known programs with argv (program_policy.h), only well-formed ops.
#pragma once

#include <QJsonObject>
#include <QLocalServer>
#include <QObject>
#include <map>
#include <memory>

#include "dns_service.h"
#include "program.h"
#include "proxy_host.h"
#include "real_kernel.h"
#include "tcp_service.h"

class QLocalSocket;

namespace vethlab::kerneld {

class Server : public QObject {
public:
    Server(std::string labTag, QObject* parent = nullptr);
    ~Server() override;
    /// Listens on `path`, readable and writable by `ownerUid` only; returns an error text or "".
    QString listen(const QString& path, uint ownerUid);
    /// Docker's exact order for veth pairs (RealKernel::setFuseVethMoves(false)).
    void setDockerOrder(bool exact) { dockerOrder_ = exact; }
    /// Removes the lab (namespaces, files) and stops listening.
    void shutdown();

    /// One request (a JSON line without the newline) to its answer; public for tests.
    QJsonObject handle(const QJsonObject& request);

private:
    void onConnection();
    void onReadyRead();

    std::string labTag_;
    bool dockerOrder_ = false;
    QLocalServer server_;
    QLocalSocket* client_ = nullptr;
    QByteArray buffer_;
    void noticeDns(const kernel::KernelOp& op);
    QString programRequest(const QJsonObject& req, kernel::ProgramRequest& pr) const;
    QJsonObject startJob(int ns, const kernel::ProgramRequest& pr);
    QJsonObject runProxies(const QJsonArray& list);

    struct Job {
        int ns = 0;
        std::unique_ptr<kernel::RunningProgram> program;
    };
    static constexpr std::size_t kMaxJobs = 8;
    std::map<int, Job> jobs_; // background programs by job id; killed with their namespace or the lab
    int nextJob_ = 1;

    std::unique_ptr<kernel::RealKernel> kernel_;
    std::unique_ptr<DnsService> dns_;
    std::unique_ptr<TcpServiceHost> tcp_;
    std::unique_ptr<ProxyHost> proxies_;
    QJsonObject bootRequest_; // what boot was asked, for reset
    Ipv4 gateway_;
};

} // namespace vethlab::kerneld
