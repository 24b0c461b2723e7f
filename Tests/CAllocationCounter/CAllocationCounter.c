// See CAllocationCounter.h. glibc exports its allocator as __libc_malloc etc.; defining malloc, calloc and
// realloc in the executable puts these in front of it (symbol interposition), for every thread.
#include "CAllocationCounter.h"
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);

static __thread int counting;
static __thread long allocations;

void *malloc(size_t size) {
    if (counting) allocations += 1;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    if (counting) allocations += 1;
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (counting) allocations += 1;
    return __libc_realloc(pointer, size);
}

void coregate_allocations_start(void) {
    allocations = 0;
    counting = 1;
}

long coregate_allocations_stop(void) {
    counting = 0;
    return allocations;
}
