// What a few event kinds carry beside the fixed-size event record (an Action's closure, a traced
// flood's port list), kept out of the record so that every record fits in one cache line.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace vethlab::sim {

template <class T> class SideSlab {
public:
    /// Stores `value`; returns the index take() wants.
    std::uint32_t put(T value) {
        if (free_.empty()) {
            items_.push_back(std::move(value));
            return static_cast<std::uint32_t>(items_.size() - 1);
        }
        const std::uint32_t i = free_.back();
        free_.pop_back();
        items_[i] = std::move(value);
        return i;
    }
    /// Moves the value at `i` out and frees its place.
    T take(std::uint32_t i) {
        T value = std::move(items_[i]);
        items_[i] = T{};
        free_.push_back(i);
        return value;
    }

private:
    std::vector<T> items_;
    std::vector<std::uint32_t> free_;
};

} // namespace vethlab::sim
