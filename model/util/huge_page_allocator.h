// Memory for large arrays written or read through once per lab (a big lab's op log, the engine's event
// slab and hash tables): blocks of 2 MiB and more are aligned to 2 MiB and advised as transparent huge
// pages. A lab of 1,000 containers writes ~8 MiB of op log: with 4 KiB pages that is ~2,000 page faults
// (a third of a step back's replay on a paravirtualised machine), with huge pages four. Advice only:
// without THP it is plain memory. Smaller blocks come from operator new as usual.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace vethlab {

namespace huge_pages {
constexpr std::size_t kHugePage = std::size_t{2} << 20;

inline void* allocate(std::size_t bytes) {
    if (bytes < kHugePage) return ::operator new(bytes);
    const std::size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

inline void release(void* p, std::size_t bytes) {
    if (bytes < kHugePage)
        ::operator delete(p);
    else
        std::free(p);
}
} // namespace huge_pages

/// A std allocator over huge_pages, for std::vector.
template <class T> struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <class U> HugePageAllocator(const HugePageAllocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(huge_pages::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) { huge_pages::release(p, n * sizeof(T)); }
    template <class U> friend bool operator==(const HugePageAllocator&, const HugePageAllocator<U>&) {
        return true;
    }
};

} // namespace vethlab
