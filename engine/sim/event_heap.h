// The engine's pending events in (time, insertion) order: a 4-ary min-heap of 16-byte records. Four
// children share a cache line or two, so a pop touches half the lines a binary heap does — which is
// what a run with a million pending events spends its time on.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "util/sim_time.h"

namespace vethlab::sim {

/// A queued event: when it runs, and (insertion sequence << 24 | slot) — the sequence orders
/// same-time events first in, first out; the slot finds its record.
struct ScheduledEvent {
    static constexpr int kSlotBits = 24;
    Nanos time = 0;
    std::uint64_t key = 0;

    static ScheduledEvent make(Nanos t, std::uint64_t seq, std::uint32_t slot) {
        if (slot >> kSlotBits) throw std::length_error("vethlab: more than 16M events pending");
        return {t, (seq << kSlotBits) | slot};
    }
    std::uint32_t slot() const { return static_cast<std::uint32_t>(key & ((1u << kSlotBits) - 1)); }
    bool before(const ScheduledEvent& o) const { return time != o.time ? time < o.time : key < o.key; }
};

class EventHeap {
public:
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    const ScheduledEvent& top() const { return items_.front(); }

    void push(ScheduledEvent e) {
        std::size_t i = items_.size();
        items_.push_back(e);
        while (i > 0) {
            const std::size_t parent = (i - 1) / 4;
            if (!e.before(items_[parent])) break;
            items_[i] = items_[parent];
            i = parent;
        }
        items_[i] = e;
    }

    void pop() {
        const ScheduledEvent last = items_.back();
        items_.pop_back();
        const std::size_t n = items_.size();
        if (n == 0) return;
        std::size_t i = 0;
        for (;;) {
            const std::size_t first = 4 * i + 1;
            if (first >= n) break;
            std::size_t best = first;
            const std::size_t end = first + 4 < n ? first + 4 : n;
            for (std::size_t c = first + 1; c < end; ++c)
                if (items_[c].before(items_[best])) best = c;
            if (!items_[best].before(last)) break;
            items_[i] = items_[best];
            i = best;
        }
        items_[i] = last;
    }

private:
    std::vector<ScheduledEvent> items_;
};

} // namespace vethlab::sim
