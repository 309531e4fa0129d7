// Memory for the engine's large, randomly read arrays (the event slab, the hash tables of a
// thousand-container run): blocks of 2 MiB and more are aligned to 2 MiB and advised as transparent
// huge pages, so a lookup costs a cache miss but no page walk. A lab of 1,000 containers keeps tens of
// MiB of them; with 4 KiB pages every access outside the TLB's few MiB walks the page tables first.
// Smaller blocks come from operator new as usual.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace vethlab::sim {

namespace huge_pages {
constexpr std::size_t kHugePage = std::size_t{2} << 20;

inline void* allocate(std::size_t bytes) {
    if (bytes < kHugePage) return ::operator new(bytes);
    const std::size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, rounded, MADV_HUGEPAGE); // advice only: without THP it is plain memory
#endif
    return p;
}

inline void release(void* p, std::size_t bytes) {
    if (bytes < kHugePage)
        ::operator delete(p);
    else
        std::free(p);
}

/// The malloc heap as huge pages, for a large lab: what glibc's `glibc.malloc.hugetlb=1` tunable does,
/// chosen at run time (huge_pages.cpp). A thousand-container run keeps most of its memory in small
/// blocks (frames, packets waiting for ARP, neighbour tables) spread over hundreds of MiB and read at
/// random: with 4 KiB pages nearly every one costs a page walk. From adviseHeap() on, the heap grows in
/// large steps and followHeap() advises each step before malloc hands much of it out. A small lab never
/// calls it, so its memory stays as it was. Process-wide, as the heap is.
void adviseHeap();
/// Cheap (sbrk(0) reads a variable): the run loop calls it after every event.
void followHeap();
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

} // namespace vethlab::sim
