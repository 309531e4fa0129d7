// vethlab-kerneld's protocol: JSON lines over a QLocalSocket, one request and one answer per line.
// Version 1 (docs/kerneld-protocol.md). Every request: {"v":1,"id":N,"cmd":"...", ...}; every answer:
// {"v":1,"id":N,"ok":true|false, "error":"..." when false, ...}.
#pragma once

#include <QJsonObject>
#include <optional>
#include <string>

#include "kernel/kernel_backend.h"
#include "tcp_services.h"

namespace vethlab::kerneld {

inline constexpr int kProtocolVersion = 1;

QJsonObject opToJson(const kernel::KernelOp& op);
/// nullopt when the object is not a well-formed op.
std::optional<kernel::KernelOp> opFromJson(const QJsonObject& o);

QJsonObject stateToJson(const kernel::KernelState& state);
kernel::KernelState stateFromJson(const QJsonObject& o);

QJsonObject errorToJson(const kernel::KernelError& e);
kernel::KernelError errorFromJson(const QJsonObject& o);

QJsonObject serviceToJson(const sim::TcpService& s);
/// nullopt when the object is not a well-formed service.
std::optional<sim::TcpService> serviceFromJson(const QJsonObject& o);

/// One docker-proxy: a published binding as Docker's daemon hands it to the proxy.
struct ProxySpec {
    std::string proto, hostIp, containerIp; // "tcp"/"udp"; "0.0.0.0", "::", "127.0.0.1", ...
    int hostPort = 0, containerPort = 0;
    bool operator==(const ProxySpec&) const = default;
};
QJsonObject proxyToJson(const ProxySpec& p);
/// nullopt unless the protocol, both addresses (IPv4 or IPv6) and both ports are well formed.
std::optional<ProxySpec> proxyFromJson(const QJsonObject& o);

} // namespace vethlab::kerneld
