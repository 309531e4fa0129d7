// A std allocator (for std::vector, std::allocate_shared) over a memory source: a class with static
// allocate(bytes) and release(p, bytes), such as huge pages or a free list of fixed-size blocks.
// Stateless, so any two compare equal.
#pragma once

#include <cstddef>

namespace vethlab {

template <class T, class Source> struct SourceAllocator {
    using value_type = T;
    SourceAllocator() = default;
    template <class U> SourceAllocator(const SourceAllocator<U, Source>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(Source::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) { Source::release(p, n * sizeof(T)); }
    template <class U> friend bool operator==(const SourceAllocator&, const SourceAllocator<U, Source>&) {
        return true;
    }
};

} // namespace vethlab
