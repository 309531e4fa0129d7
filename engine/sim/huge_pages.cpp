#include "huge_pages.h"

#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(__GLIBC__)
#include <atomic>
#include <cstdint>
#include <malloc.h>
#include <unistd.h>

namespace vethlab::sim::huge_pages {
namespace {

// The heap's end when it was last advised; 0 until a large lab asks. Advice is idempotent, so two
// engines racing here only advise twice.
std::atomic<std::uintptr_t> advisedEnd{0};

void adviseUpTo(std::uintptr_t from) {
    const auto to = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    from &= ~(page - 1);
    if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
    advisedEnd.store(to, std::memory_order_relaxed);
}

} // namespace

void adviseHeap() {
    if (advisedEnd.load(std::memory_order_relaxed) != 0) return;
    // Steps of 32 MiB (sixteen huge pages) keep the part touched before followHeap() advises it small;
    // blocks up to 32 MiB stay in the heap (glibc's largest dynamic threshold) rather than in mmaps of
    // their own, which nobody advises.
    mallopt(M_TOP_PAD, 32 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    adviseUpTo(reinterpret_cast<std::uintptr_t>(sbrk(0)));
}

void followHeap() {
    const std::uintptr_t end = advisedEnd.load(std::memory_order_relaxed);
    if (end != 0 && reinterpret_cast<std::uintptr_t>(sbrk(0)) > end) adviseUpTo(end);
}

} // namespace vethlab::sim::huge_pages
#else
namespace vethlab::sim::huge_pages {
void adviseHeap() {}
void followHeap() {}
} // namespace vethlab::sim::huge_pages
#endif
