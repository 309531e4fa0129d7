#include "lab.h"

#include <algorithm>
#include <utility>

namespace vethlab {

namespace {

// The root namespace's lo, up since boot.
kernel::Link hostLoopback(int ifindex, Nanos bootTime) {
    kernel::Link lo;
    lo.ifindex = ifindex;
    lo.name = "lo";
    lo.kind = kernel::LinkKind::Loopback;
    lo.mtu = 65536;
    lo.qlen = 1000;
    lo.adminUp = true;
    lo.gotCarrierOnce = true;
    lo.ipv4.push_back({Ipv4Prefix{Ipv4{0x7f000001}, 8}, Ipv4{}, "lo"});
    lo.ipv6.push_back({"::1", 128, "host", "", bootTime, false});
    return lo;
}

// An ifb device the host's kernel made at boot (the ifb module's), left down.
kernel::Link hostIfb(int ifindex, const std::string& name, Random& random) {
    kernel::Link ifb;
    ifb.ifindex = ifindex;
    ifb.name = name;
    ifb.kind = kernel::LinkKind::Ifb;
    ifb.mac = random.kernelMac();
    ifb.qdisc = "noop";
    ifb.qlen = 32;
    return ifb;
}

// The host's uplink as the settings describe it, up since boot with its IPv6 addresses (the IPv4
// address and the default route are added on their own, as `ip` lists them apart).
kernel::Link hostUplink(int ifindex, const LabSettings& settings, Random& random, Nanos bootTime) {
    kernel::Link eth0;
    eth0.ifindex = ifindex;
    eth0.name = settings.eth0Name;
    eth0.kind = kernel::LinkKind::Ethernet;
    eth0.mtu = settings.eth0Mtu;
    eth0.mac = settings.eth0Mac ? *settings.eth0Mac : random.kernelMac();
    eth0.qdisc = settings.eth0Qdisc;
    eth0.qlen = 1000;
    eth0.adminUp = true;
    eth0.gotCarrierOnce = true;
    for (const auto& g : settings.eth0Ipv6Global) {
        auto slash = g.find('/');
        eth0.ipv6.push_back(
            {g.substr(0, slash), std::stoi(g.substr(slash + 1)), "global", "nodad", bootTime, false});
    }
    eth0.ipv6.push_back({eth0.mac.linkLocalV6(), 64, "link", "", bootTime, true});
    return eth0;
}

} // namespace

Lab::Lab(LabSettings settings) : settings_(std::move(settings)), random_(settings_.seed) {
    parseLocalTime(settings_.start, settings_.zone, now_);
    kernel_.setNow(now_);
    daemon_.setImages(docker::ImageCatalogue::builtin(settings_.imageVariant));
    // Room for a small lab's log; a bigger one gets room for a full log at once (growing it moved every
    // record again and again: a big lab's ops are large), in huge pages (see OpLog).
    opLog_.reserve(512);
    bootHost();
}

docker::HostContext Lab::context() {
    kernel_.setNow(now_);
    return docker::HostContext{kernel_, random_, now_, settings_, [this](kernel::KernelOp op) {
                                   kernel::apply(kernel_, op);
                                   if (mirror_ && !mirrorPaused_)
                                       if (auto err = mirror_->apply(op)) mirrorErrors_.push_back(*err);
                                   if (opLog_.size() == opLog_.capacity() && opLog_.size() < kOpLogLimit)
                                       opLog_.reserve(kOpLogLimit + kOpLogLimit / 4);
                                   opLog_.push_back({cause_, now_, std::move(op)});
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
    const kernel::NsRef root{};
    const Nanos longAgo = now_ - 3600 * kSecond; // the host has been up for an hour
    ctx.emit(kernel::LinkAdd{root, hostLoopback(kernel_.peekIfindex(), longAgo)});
    for (const auto& name : settings_.extraLinks)
        ctx.emit(kernel::LinkAdd{root, hostIfb(kernel_.peekIfindex(), name, random_)});
    const kernel::Link eth0 = hostUplink(kernel_.peekIfindex(), settings_, random_, longAgo);
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
