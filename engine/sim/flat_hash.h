// Open-addressing hash tables for the engine's hottest lookups (neighbour entries, FDB, conntrack):
// keys and values in one array, linear probing, no node per entry — one cache miss per lookup where
// std::unordered_map takes two or three. Erasing shifts the entries behind back into the hole (no
// tombstones), so a table that churns (ARP resolutions in progress) stays as short as its live entries.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "huge_pages.h"

namespace vethlab::sim {

/// A conntrack flow: (source << 32 | destination, protocol << 16 | id).
struct FlowKey {
    std::uint64_t addresses = 0, protoId = 0;
    friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

inline std::uint64_t flatHash(std::uint64_t k) {
    k ^= k >> 33; // murmur3's finaliser: every bit of the key reaches the low bits the mask keeps
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    return k ^ (k >> 33);
}
inline std::uint64_t flatHash(const FlowKey& k) {
    return flatHash(k.addresses ^ (k.protoId * 0x9e3779b97f4a7c15ull));
}
/// A key no entry uses: an all-ones uint64 (no ifindex, MAC or namespace pair comes to it) or flow.
template <class K> constexpr K emptyKey();
template <> constexpr std::uint64_t emptyKey<std::uint64_t>() {
    return ~0ull;
}
template <> constexpr FlowKey emptyKey<FlowKey>() {
    return {~0ull, ~0ull};
}

template <class K, class V> class FlatMap {
public:
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    void clear() {
        slots_.clear();
        size_ = 0;
    }

    V* find(const K& k) {
        if (slots_.empty()) return nullptr;
        for (std::size_t i = flatHash(k) & mask();; i = (i + 1) & mask()) {
            if (slots_[i].first == k) return &slots_[i].second;
            if (slots_[i].first == emptyKey<K>()) return nullptr;
        }
    }
    const V* find(const K& k) const { return const_cast<FlatMap*>(this)->find(k); }
    bool contains(const K& k) const { return find(k) != nullptr; }

    /// Inserts (k, v) unless k is there; like std::unordered_map::emplace, an existing value stays.
    std::pair<V*, bool> emplace(const K& k, V v) {
        if ((size_ + 1) * 4 > slots_.size() * 3) grow(); // at most 3/4 full
        std::size_t i = flatHash(k) & mask();
        for (; !(slots_[i].first == emptyKey<K>()); i = (i + 1) & mask())
            if (slots_[i].first == k) return {&slots_[i].second, false};
        slots_[i] = {k, std::move(v)};
        ++size_;
        return {&slots_[i].second, true};
    }

    /// The value of k, default-made and inserted if k is not there.
    V& operator[](const K& k) { return *emplace(k, V{}).first; }

    /// Removes k if it is there; pointers to other values may move.
    bool erase(const K& k) {
        if (slots_.empty()) return false;
        std::size_t hole = flatHash(k) & mask();
        for (;; hole = (hole + 1) & mask()) {
            if (slots_[hole].first == emptyKey<K>()) return false;
            if (slots_[hole].first == k) break;
        }
        // Linear probing's backward shift: an entry after the hole moves into it unless its home slot
        // lies cyclically after the hole (it would then be found before the hole, where it is).
        for (std::size_t i = (hole + 1) & mask();; i = (i + 1) & mask()) {
            if (slots_[i].first == emptyKey<K>()) break;
            const std::size_t home = flatHash(slots_[i].first) & mask();
            if (((i - home) & mask()) < ((i - hole) & mask())) continue;
            slots_[hole] = std::move(slots_[i]);
            hole = i;
        }
        slots_[hole] = {emptyKey<K>(), V{}};
        --size_;
        return true;
    }

private:
    std::size_t mask() const { return slots_.size() - 1; }
    void grow() {
        Slots old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, {emptyKey<K>(), V{}});
        size_ = 0;
        for (auto& [k, v] : old)
            if (!(k == emptyKey<K>())) emplace(k, std::move(v));
    }

    using Slots = std::vector<std::pair<K, V>, HugePageAllocator<std::pair<K, V>>>;
    Slots slots_; // a power of two long
    std::size_t size_ = 0;
};

/// A set holds its keys alone (a conntrack flow in 16 bytes, not 24): four to a cache line.
template <class K> class FlatSet {
public:
    std::size_t size() const { return size_; }
    bool contains(const K& k) const {
        if (keys_.empty()) return false;
        for (std::size_t i = flatHash(k) & mask();; i = (i + 1) & mask()) {
            if (keys_[i] == k) return true;
            if (keys_[i] == emptyKey<K>()) return false;
        }
    }
    /// Adds k; false if it was there.
    bool insert(const K& k) {
        if ((size_ + 1) * 4 > keys_.size() * 3) grow(); // at most 3/4 full
        std::size_t i = flatHash(k) & mask();
        for (; !(keys_[i] == emptyKey<K>()); i = (i + 1) & mask())
            if (keys_[i] == k) return false;
        keys_[i] = k;
        ++size_;
        return true;
    }

private:
    std::size_t mask() const { return keys_.size() - 1; }
    void grow() {
        std::vector<K, HugePageAllocator<K>> old = std::move(keys_);
        keys_.assign(old.empty() ? 16 : old.size() * 2, emptyKey<K>());
        size_ = 0;
        for (const K& k : old)
            if (!(k == emptyKey<K>())) insert(k);
    }

    std::vector<K, HugePageAllocator<K>> keys_; // a power of two long
    std::size_t size_ = 0;
};

} // namespace vethlab::sim
