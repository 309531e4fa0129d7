#include "frame_pool.h"

namespace vethlab::sim::frame_pool {
namespace {

struct FreeBlock {
    FreeBlock* next;
};

// The blocks a thread has released, handed back to its next frames; freed when the thread ends.
struct FreeList {
    FreeBlock* head = nullptr;
    ~FreeList();
};

thread_local bool closed = false; // trivially destructible: still readable while other thread_locals die
thread_local FreeList freeList;

FreeList::~FreeList() {
    closed = true; // a frame released after this goes straight back to the system
    while (head) {
        FreeBlock* next = head->next;
        ::operator delete(head);
        head = next;
    }
}

} // namespace

void* allocate(std::size_t bytes) {
    if (bytes > kBlock || closed) return ::operator new(bytes);
    FreeList& list = freeList;
    if (!list.head) return ::operator new(kBlock);
    FreeBlock* b = list.head;
    list.head = b->next;
    return b;
}

void release(void* p, std::size_t bytes) {
    if (bytes > kBlock || closed) {
        ::operator delete(p);
        return;
    }
    auto* b = static_cast<FreeBlock*>(p);
    FreeList& list = freeList;
    b->next = list.head;
    list.head = b;
}

} // namespace vethlab::sim::frame_pool
