#include "huge_pages.h"

#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(__GLIBC__)
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 // Linux 6.1; older kernels refuse it (EINVAL) and nothing changes
#endif

namespace vethlab::sim::huge_pages {
namespace {

// The heap's end when it was last advised; 0 until a large lab asks. Advice is idempotent, so two
// engines racing here only advise twice.
std::atomic<std::uintptr_t> advisedEnd{0};

// Where the heap begins ([heap] in /proc/self/maps), 0 if unknown.
std::uintptr_t heapStart() {
    std::FILE* maps = std::fopen("/proc/self/maps", "r");
    if (!maps) return 0;
    char line[512];
    std::uintptr_t start = 0;
    while (std::fgets(line, sizeof line, maps))
        if (std::strstr(line, "[heap]")) {
            start = std::strtoull(line, nullptr, 16);
            break;
        }
    std::fclose(maps);
    return start;
}

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
    // What the lab already holds (namespaces, links, routes: read at every hop) is advised and collapsed
    // into huge pages now, rather than by khugepaged minutes later.
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t start = heapStart();
    if (start != 0 && start < end) {
        const std::uintptr_t from = (start + kHugePage - 1) & ~(kHugePage - 1);
        const std::uintptr_t to = end & ~(kHugePage - 1);
        madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
        if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_COLLAPSE);
    }
    adviseUpTo(end);
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
