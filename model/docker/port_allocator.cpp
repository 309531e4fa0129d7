#include "docker/port_allocator.h"

namespace vethlab::docker {

PortAllocator::Result PortAllocator::request(const std::string& ipIn, const std::string& proto, int start,
                                             int end) {
    if (proto != "tcp" && proto != "udp" && proto != "sctp") return {0, "unknown protocol"};
    const std::string ip = ipIn.empty() ? "0.0.0.0" : ipIn;
    PortMap& map = byIp_[ip][proto];
    if (start > 0 && start == end) {
        if (!map.used.insert(start).second)
            return {0, "Bind for " + ip + ":" + std::to_string(start) + " failed: port is already allocated"};
        return {start, {}};
    }
    std::string key;
    if (start == 0 && end == 0) {
        start = begin_;
        end = end_;
    } else if (start == 0 || end == 0 || end < start) {
        return {0, "invalid port range: " + std::to_string(start) + "-" + std::to_string(end)};
    }
    key = std::to_string(start) + "-" + std::to_string(end);
    auto it = map.ranges.try_emplace(key, Range{start, end, end}).first;
    Range& r = it->second;
    int port = r.last;
    for (int i = 0; i <= r.end - r.begin; ++i) {
        if (++port > r.end) port = r.begin;
        if (map.used.insert(port).second) {
            r.last = port;
            return {port, {}};
        }
    }
    return {0, "all ports are allocated"};
}

void PortAllocator::release(const std::string& ipIn, const std::string& proto, int port) {
    auto it = byIp_.find(ipIn.empty() ? "0.0.0.0" : ipIn);
    if (it == byIp_.end()) return;
    it->second[proto].used.erase(port);
}

bool PortAllocator::isAllocated(const std::string& ip, const std::string& proto, int port) const {
    auto it = byIp_.find(ip);
    if (it == byIp_.end()) return false;
    auto p = it->second.find(proto);
    return p != it->second.end() && p->second.used.count(port);
}

} // namespace vethlab::docker
