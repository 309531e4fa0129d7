// Memory for large arrays written or read through once per lab (a big lab's op log, the engine's event
// slab and hash tables): blocks of 2 MiB and more are aligned to 2 MiB and advised as transparent huge
// pages. A lab of 1,000 containers writes ~8 MiB of op log: with 4 KiB pages that is ~2,000 page faults
// (a third of a step back's replay on a paravirtualised machine), with huge pages four. Advice only:
// without THP it is plain memory. Smaller blocks come from operator new as usual.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#include "util/source_allocator.h"

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

struct HugePageSource {
    static void* allocate(std::size_t bytes) { return huge_pages::allocate(bytes); }
    static void release(void* p, std::size_t bytes) { huge_pages::release(p, bytes); }
};

/// A std allocator over huge_pages, for std::vector.
template <class T> using HugePageAllocator = SourceAllocator<T, HugePageSource>;

} // namespace vethlab
