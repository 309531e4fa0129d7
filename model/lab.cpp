#include "lab.h"

#include <algorithm>
#include <utility>

namespace vethlab {

Lab::Lab(LabSettings settings) : settings_(std::move(settings)), random_(settings_.seed) {
    parseLocalTime(settings_.start, settings_.zone, now_);
    kernel_.setNow(now_);
    daemon_.setImages(docker::ImageCatalogue::builtin(settings_.imageVariant));
    bootHost();
}

docker::HostContext Lab::context() {
    kernel_.setNow(now_);
    return docker::HostContext{kernel_, random_, now_, settings_, [this](const kernel::KernelOp& op) {
                                   kernel::apply(kernel_, op);
                                   opLog_.push_back({cause_, now_, op});
                                   if (mirror_)
                                       if (auto err = mirror_->apply(op)) mirrorErrors_.push_back(*err);
                               }};
}

void Lab::attachMirror(std::shared_ptr<kernel::KernelBackend> mirror) {
    mirror_ = std::move(mirror);
    mirrorErrors_.clear();
    if (!mirror_) return;
    if (opsDropped_ > 0) { // the replay needs the whole history
        mirrorErrors_.push_back({"", 0,
                                 "this lab's oldest kernel operations were dropped from its log (more than " +
                                     std::to_string(kOpLogLimit) +
                                     "): restart the lesson to build it on the kernel"});
        mirror_.reset();
        return;
    }
    for (const auto& r : opLog_)
        if (auto err = mirror_->apply(r.op)) mirrorErrors_.push_back(*err);
}

std::vector<kernel::KernelError> Lab::syncMirror() {
    if (mirror_)
        for (auto& e : mirror_->sync())
            mirrorErrors_.push_back(std::move(e));
    return std::exchange(mirrorErrors_, {});
}

void Lab::advance(Nanos dt) {
    Nanos target = now_ + dt;
    auto ctx = context();
    daemon_.advanceTo(ctx, target);
    now_ = target;
    kernel_.setNow(now_);
}

std::span<const OpRecord> Lab::opsSince(std::uint64_t mark) const {
    const std::uint64_t first = std::max(mark, opsDropped_) - opsDropped_;
    if (first >= opLog_.size()) return {};
    return std::span<const OpRecord>(opLog_).subspan(static_cast<std::size_t>(first));
}

void Lab::beginCommand(const std::string& text) {
    if (opLog_.size() > kOpLogLimit) {
        const std::size_t drop = opLog_.size() - kOpLogLimit / 2;
        opLog_.erase(opLog_.begin(), opLog_.begin() + static_cast<std::ptrdiff_t>(drop));
        opsDropped_ += drop;
    }
    cause_ = text;
    if (settings_.thinkTime > 0) advance(settings_.thinkTime);
}

void Lab::bootHost() {
    cause_ = "boot";
    auto ctx = context();
    kernel::NsRef root{};
    kernel::Link lo;
    lo.ifindex = kernel_.peekIfindex();
    lo.name = "lo";
    lo.kind = kernel::LinkKind::Loopback;
    lo.mtu = 65536;
    lo.qlen = 1000;
    lo.adminUp = true;
    lo.gotCarrierOnce = true;
    lo.ipv4.push_back({Ipv4Prefix{Ipv4{0x7f000001}, 8}, Ipv4{}, "lo"});
    lo.ipv6.push_back({"::1", 128, "host", "", now_ - 3600 * kSecond, false});
    ctx.emit(kernel::LinkAdd{root, lo});
    for (const auto& name : settings_.extraLinks) {
        kernel::Link ifb;
        ifb.ifindex = kernel_.peekIfindex();
        ifb.name = name;
        ifb.kind = kernel::LinkKind::Ifb;
        ifb.mac = random_.kernelMac();
        ifb.qdisc = "noop";
        ifb.qlen = 32;
        ctx.emit(kernel::LinkAdd{root, ifb});
    }
    kernel::Link eth0;
    eth0.ifindex = kernel_.peekIfindex();
    eth0.name = settings_.eth0Name;
    eth0.kind = kernel::LinkKind::Ethernet;
    eth0.mtu = settings_.eth0Mtu;
    eth0.mac = settings_.eth0Mac ? *settings_.eth0Mac : random_.kernelMac();
    eth0.qdisc = settings_.eth0Qdisc;
    eth0.qlen = 1000;
    eth0.adminUp = true;
    eth0.gotCarrierOnce = true;
    const Nanos longAgo = now_ - 3600 * kSecond;
    for (const auto& g : settings_.eth0Ipv6Global) {
        auto slash = g.find('/');
        eth0.ipv6.push_back(
            {g.substr(0, slash), std::stoi(g.substr(slash + 1)), "global", "nodad", longAgo, false});
    }
    eth0.ipv6.push_back({eth0.mac.linkLocalV6(), 64, "link", "", longAgo, true});
    ctx.emit(kernel::LinkAdd{root, eth0});
    ctx.emit(kernel::AddrAdd{root,
                             eth0.ifindex,
                             eth0.name,
                             {settings_.hostAddress, settings_.hostAddress.broadcast(), eth0.name}});
    kernel::Route def;
    def.gateway = settings_.gateway;
    def.device = eth0.ifindex;
    ctx.emit(kernel::RouteAdd{root, def, eth0.name});
    ctx.emit(kernel::FileWrite{root, "/etc/hosts", settings_.hostsFile, ""});
    ctx.emit(kernel::FileWrite{root, "/etc/resolv.conf", settings_.resolvConf, ""});
    ctx.emit(kernel::FileWrite{root, "/etc/hostname", settings_.hostname + "\n", ""});
    cause_ = "dockerd";
    daemon_.boot(ctx);
    // The host's history (links made and deleted before the lab) moves the kernel's counter on.
    if (settings_.nextIfindex > 0) kernel_.setNextIfindex(settings_.nextIfindex);
    cause_.clear();
}

} // namespace vethlab
