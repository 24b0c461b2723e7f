// Counts the heap allocations (malloc, calloc, realloc) made by the calling thread while counting is on.
// The test bundle's malloc, calloc and realloc forward to glibc's and add one to a thread-local counter,
// so tests running in parallel on other threads do not disturb a count.
#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H

/// Starts counting on this thread from zero.
void coregate_allocations_start(void);
/// Stops counting on this thread and returns the allocations counted since the start.
long coregate_allocations_stop(void);

#endif
