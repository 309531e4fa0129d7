#include "tcp_window.h"

#include <algorithm>

namespace vethlab::sim {
namespace {

std::uint32_t alignUp(std::uint32_t v) {
    constexpr std::uint32_t unit = 1u << TcpReceiveWindow::kScale;
    return (v + unit - 1) & ~(unit - 1);
}

} // namespace

std::uint16_t TcpReceiveWindow::mssFor(int mtu) {
    return static_cast<std::uint16_t>(std::clamp(mtu - 40, 88, 65495));
}

TcpReceiveWindow::TcpReceiveWindow(std::uint16_t mss, bool timestampsAgreed) : advmss_(mss) {
    const std::uint32_t segment = timestampsAgreed ? mss - kTimestampBytes : mss;
    window_ = kSpace > segment ? kSpace / segment * segment : kSpace; // rounded down to whole segments
    threshold_ = window_;
}

std::uint16_t TcpReceiveWindow::initial() const {
    return static_cast<std::uint16_t>(std::min(window_, 65535u));
}

void TcpReceiveWindow::established(std::uint32_t receiveNext, bool timestamps) {
    if (timestamps) advmss_ -= kTimestampBytes;
    if (clamp_ > 2 * advmss_ && clamp_ + advmss_ > kSpace) clamp_ = std::max(2 * advmss_, kSpace - advmss_);
    threshold_ = std::min(threshold_, clamp_);
    edge_ = receiveNext;
}

void TcpReceiveWindow::grew() {
    threshold_ = std::min(clamp_, threshold_ + 2 * advmss_);
}

std::uint16_t TcpReceiveWindow::select(std::uint32_t receiveNext, std::uint32_t unread, bool scaled) {
    const std::uint32_t taken = receiveNext - edge_;
    const std::uint32_t current = window_ > taken ? window_ - taken : 0;
    const std::uint32_t space = (2 * kSpace - std::min(unread, 2 * kSpace)) / 2;
    std::uint32_t offered = std::min({space, clamp_, threshold_});
    // Scaled, the window is rounded up to the scale's unit; unscaled, down to whole segments.
    offered = scaled ? alignUp(offered) : std::min(offered, 65535u) / advmss_ * advmss_;
    if (offered < current) offered = scaled ? alignUp(current) : current; // never shrink what was offered
    window_ = offered;
    edge_ = receiveNext;
    return static_cast<std::uint16_t>(std::min(scaled ? offered >> kScale : offered, 65535u));
}

} // namespace vethlab::sim
