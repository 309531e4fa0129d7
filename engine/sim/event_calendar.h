// The engine's pending events in (time, insertion) order: a calendar queue. Time is cut into 1 us
// buckets over a 4 ms window; an event lands in its bucket's vector in O(1), a bucket is sorted once
// when the clock reaches it (by counting: its events arrived in insertion order), and events beyond
// the window wait in a heap. An all-pairs run keeps 10^5 events pending; a heap pop then misses the
// cache at every level, a bucket is sorted in L1.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "event_heap.h"

namespace vethlab::sim {

class EventCalendar {
public:
    static constexpr int kShift = 10;              // 1.024 us per bucket
    static constexpr std::int64_t kBuckets = 4096; // a 4.2 ms window

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    void push(ScheduledEvent e) {
        const std::int64_t b = bucketOf(e);
        ++size_;
        if (b <= base_) { // the bucket being run (or one before it, after a peek ran ahead): in order
            auto at = std::upper_bound(
                current_.begin(), current_.end(), e,
                [](const ScheduledEvent& x, const ScheduledEvent& y) { return y.before(x); });
            current_.insert(at, e);
        } else if (b < base_ + kBuckets) {
            auto& bucket = buckets_[static_cast<std::size_t>(b & (kBuckets - 1))];
            if (bucket.capacity() == 0 && !spare_.empty()) { // a drained bucket's memory, reused
                bucket = std::move(spare_.back());
                spare_.pop_back();
            }
            bucket.push_back(e);
            ++inWheel_;
        } else {
            far_.push(e);
        }
    }

    /// Tells an idle calendar (nothing in its window) the clock's time, which no event pushed later
    /// precedes: its window moves there, rather than every event after it going through the far heap
    /// (a run starts seconds after the lab's boot).
    void idleAt(Nanos now) {
        const std::int64_t b = now >> kShift;
        if (inWheel_ == 0 && current_.empty() && b - 1 > base_ && (far_.empty() || bucketOf(far_.top()) >= b))
            base_ = b - 1;
    }

    /// The earliest event; nullptr when none is queued.
    const ScheduledEvent* top() {
        if (current_.empty()) {
            if (size_ == 0) return nullptr;
            advance();
        }
        return &current_.back();
    }

    /// Removes the event top() returned.
    void pop() {
        current_.pop_back();
        --size_;
    }

    /// The event `k` places after top() if it is already known (in the bucket being run), else nullptr:
    /// the run loop fetches its record ahead of time.
    const ScheduledEvent* ahead(std::size_t k) const {
        return k < current_.size() ? &current_[current_.size() - 1 - k] : nullptr;
    }

private:
    static std::int64_t bucketOf(const ScheduledEvent& e) { return e.time >> kShift; }

    // Moves to the next bucket holding events and sorts it, latest first (pops take from the back).
    void advance() {
        for (;;) {
            if (inWheel_ == 0)
                base_ = bucketOf(far_.top()); // nothing in the window: jump to the far heap's first
            else
                ++base_;
            // Drained buffers go to a small pool the next filled buckets take from: memory follows the
            // events pending, not the busiest moment of every bucket.
            if (current_.capacity() != 0 && spare_.size() < kSpare) spare_.push_back(std::move(current_));
            current_ = std::move(buckets_[static_cast<std::size_t>(base_ & (kBuckets - 1))]);
            buckets_[static_cast<std::size_t>(base_ & (kBuckets - 1))] = {};
            inWheel_ -= current_.size();
            bool fromFar = false;
            while (!far_.empty() && bucketOf(far_.top()) == base_) {
                current_.push_back(far_.top());
                far_.pop();
                fromFar = true;
            }
            if (current_.empty()) continue;
            if (fromFar || current_.size() < kRadixFrom)
                std::sort(current_.begin(), current_.end(),
                          [](const ScheduledEvent& x, const ScheduledEvent& y) { return y.before(x); });
            else
                sortBySequenceThenTime();
            return;
        }
    }

    // A bucket filled straight from push() holds its events in insertion (sequence) order, so a stable
    // sort by time alone puts them in (time, sequence) order: two counting passes over the time's low
    // bits instead of a comparison sort. The second pass writes them reversed, latest first.
    void sortBySequenceThenTime() {
        static_assert(kShift % 2 == 0);
        constexpr int kHalf = kShift / 2;
        constexpr std::size_t kDigits = std::size_t{1} << kHalf;
        const std::size_t n = current_.size();
        scratch_.resize(n);
        auto pass = [n](const ScheduledEvent* from, ScheduledEvent* to, int shift, bool reversed) {
            std::size_t start[kDigits + 1] = {};
            auto digit = [shift](const ScheduledEvent& e) {
                return static_cast<std::size_t>(e.time >> shift) & (kDigits - 1);
            };
            for (std::size_t i = 0; i < n; ++i)
                ++start[digit(from[i]) + 1];
            for (std::size_t d = 1; d <= kDigits; ++d)
                start[d] += start[d - 1];
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t at = start[digit(from[i])]++;
                to[reversed ? n - 1 - at : at] = from[i];
            }
        };
        pass(current_.data(), scratch_.data(), 0, false);
        pass(scratch_.data(), current_.data(), kHalf, true);
    }

    std::vector<ScheduledEvent> current_; // bucket base_ (and any pushed before it), latest first
    std::int64_t base_ = 0;
    std::vector<std::vector<ScheduledEvent>> buckets_ = std::vector<std::vector<ScheduledEvent>>(kBuckets);
    std::size_t inWheel_ = 0; // events in buckets_
    EventHeap far_;           // events at or beyond base_ + kBuckets when they were pushed
    std::size_t size_ = 0;
    static constexpr std::size_t kSpare = 256;
    std::vector<std::vector<ScheduledEvent>> spare_;
    static constexpr std::size_t kRadixFrom = 48; // smaller buckets: a comparison sort is as quick
    std::vector<ScheduledEvent> scratch_;         // the counting sort's other buffer
};

} // namespace vethlab::sim
