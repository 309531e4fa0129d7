// Linux's TCP receive window as a peer (and tcpdump) sees it, on a 5.x/6.x kernel with the default
// sysctls (tcp_rmem 4096 131072 6291456, tcp_adv_win_scale 1, tcp_app_win 31): the unscaled window of
// the SYN and SYN-ACK (tcp_select_initial_window), the window scale they announce, and the scaled
// window of every later segment (tcp_select_window, which never shrinks what it offered).
#pragma once

#include <cstdint>

namespace vethlab::sim {

class TcpReceiveWindow {
public:
    /// tcp_rmem[1] (128 KiB of receive buffer), half of it counted as window (tcp_adv_win_scale 1).
    static constexpr std::uint32_t kSpace = 65536;
    /// tcp_rmem[2] (6 MiB) shifted until it fits 16 bits: the scale both sides announce.
    static constexpr std::uint8_t kScale = 7;
    /// TCPOLEN_TSTAMP_ALIGNED: what the timestamps option takes from every segment.
    static constexpr std::uint32_t kTimestampBytes = 12;

    /// The MSS a SYN announces on a route of this MTU (ipv4_default_advmss: the MTU less the IPv4 and
    /// TCP headers, at most 65495 on the loopback's 64 KiB).
    static std::uint16_t mssFor(int mtu);

    TcpReceiveWindow() = default;
    /// `mss` is what this side's SYN (or SYN-ACK) announces; a SYN-ACK's window leaves room for the
    /// timestamps the SYN asked for (tcp_openreq_init_rwin): `timestampsAgreed`; a SYN's does not know yet.
    TcpReceiveWindow(std::uint16_t mss, bool timestampsAgreed);

    /// The window field of the SYN or SYN-ACK (never scaled).
    std::uint16_t initial() const;
    /// The handshake is over (tcp_init_buffer_space): the MSS loses the timestamps' bytes if they were
    /// agreed, the window is clamped under the buffer less one segment, and its edge is `receiveNext`.
    void established(std::uint32_t receiveNext, bool timestamps);
    /// Data arrived (tcp_grow_window): the slow-start threshold of the window grows by two segments.
    void grew();
    /// The window field of a segment sent now (scaled if both SYNs had a window scale), with `unread`
    /// bytes of buffer (skb truesize) taken by data the program has not read yet.
    std::uint16_t select(std::uint32_t receiveNext, std::uint32_t unread, bool scaled);

private:
    std::uint32_t advmss_ = 1460, window_ = 0, edge_ = 0, threshold_ = 0, clamp_ = kSpace;
};

} // namespace vethlab::sim
