// The engine's large, randomly read arrays (the event slab, the hash tables of a thousand-container run)
// use the model's HugePageAllocator (model/util/huge_page_allocator.h): with 4 KiB pages every access
// outside the TLB's few MiB walks the page tables first. This adds the malloc heap as huge pages.
#pragma once

#include "util/huge_page_allocator.h"

namespace vethlab::sim {

namespace huge_pages {
using vethlab::huge_pages::allocate;
using vethlab::huge_pages::kHugePage;
using vethlab::huge_pages::release;

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

using vethlab::HugePageAllocator;

} // namespace vethlab::sim
