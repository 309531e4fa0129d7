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

} // namespace vethlab::kerneld
