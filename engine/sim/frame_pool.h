// Memory for the engine's shared frames: the block holding a frame's reference counts and its vector is
// taken from a per-thread free list of fixed-size blocks, so a frame's life costs no malloc/free pair
// for it (an all-pairs run makes millions of them, a few thousand alive at once). Only the bytes
// themselves still come from the vector's own allocator.
#pragma once

#include <cstddef>
#include <new>

#include "util/source_allocator.h"

namespace vethlab::sim::frame_pool {

constexpr std::size_t kBlock = 64; // a shared_ptr control block with a std::vector inside fits
void* allocate(std::size_t bytes);
void release(void* p, std::size_t bytes);

struct Source {
    static void* allocate(std::size_t bytes) { return frame_pool::allocate(bytes); }
    static void release(void* p, std::size_t bytes) { frame_pool::release(p, bytes); }
};

/// A std allocator over the pool, for std::allocate_shared.
template <class T> using Allocator = SourceAllocator<T, Source>;

} // namespace vethlab::sim::frame_pool
