// C helpers for the EventLoop and Transport modules: the monotonic clock, a lock-free ready list that
// foreign threads (usrsctp's) push sockets onto before waking a loop, and batched UDP I/O
// (recvmmsg/sendmmsg) over buffers allocated once. Kept in C because glibc's `struct mmsghdr` is only
// visible with _GNU_SOURCE and because the foreign-thread side must not enter Swift.
#ifndef CEVENTLOOP_H
#define CEVENTLOOP_H

#include <stdint.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// CLOCK_MONOTONIC in nanoseconds.
uint64_t cg_monotonic_ns(void);

// MARK: Ready list (multi-producer, single consumer)

/// A loop-side wake-up: an eventfd plus a lock-free stack of sources that became ready.
typedef struct cg_waker cg_waker;
/// Something a foreign thread marks ready (a usrsctp socket). Pushed at most once until the loop takes it.
typedef struct cg_source cg_source;

/// Creates a waker with its own non-blocking eventfd; NULL with errno set on failure.
cg_waker *cg_waker_create(void);
void cg_waker_destroy(cg_waker *waker);
int cg_waker_fd(const cg_waker *waker);
/// Reads the eventfd (resets it) and takes every ready source, oldest first.
cg_source *cg_waker_take_all(cg_waker *waker);

/// A source with a caller token (an index into the caller's table). Never freed while its waker lives:
/// callers recycle sources, since a foreign thread may still hold one briefly after its socket closed.
cg_source *cg_source_create(cg_waker *waker, uint64_t token);
void cg_source_set_token(cg_source *source, uint64_t token);
uint64_t cg_source_token(const cg_source *source);
/// The next source of a list returned by `cg_waker_take_all`.
cg_source *cg_source_next(const cg_source *source);
/// Clears the pending mark; call before handling the source so that a signal arriving during handling
/// queues it again.
void cg_source_clear(cg_source *source);
/// Marks the source ready (thread-safe): queued once, and the eventfd written when the list was empty.
/// `events` is OR-ed into the source's event bits.
void cg_source_signal(cg_source *source, int events);
/// Takes (and clears) the event bits accumulated since the last call.
int cg_source_take_events(cg_source *source);

// MARK: Batched UDP

/// Buffers for `count` datagrams of up to `size` bytes each, with their addresses.
typedef struct cg_udp_batch cg_udp_batch;

cg_udp_batch *cg_udp_batch_create(int count, int size);
void cg_udp_batch_destroy(cg_udp_batch *batch);
int cg_udp_batch_count(const cg_udp_batch *batch);
int cg_udp_batch_size(const cg_udp_batch *batch);
/// The buffer of datagram `index`.
uint8_t *cg_udp_batch_buffer(cg_udp_batch *batch, int index);
/// The received (or to-send) length of datagram `index`.
int cg_udp_batch_length(const cg_udp_batch *batch, int index);
void cg_udp_batch_set_length(cg_udp_batch *batch, int index, int length);
/// The address of datagram `index` (a sockaddr_storage; the source after receive, the destination for send).
void *cg_udp_batch_address(cg_udp_batch *batch, int index);
unsigned cg_udp_batch_address_length(const cg_udp_batch *batch, int index);
/// Copies an address into slot `index` (for sending).
void cg_udp_batch_set_address(cg_udp_batch *batch, int index, const void *address, unsigned length);

/// recvmmsg into up to `max` slots (MSG_DONTWAIT); the number received, 0 when nothing is waiting,
/// -errno on error.
int cg_udp_recv_batch(int fd, cg_udp_batch *batch, int max);
/// sendmmsg of slots [first, first+count); the number sent, -errno on error (EAGAIN: none sent).
int cg_udp_send_batch(int fd, cg_udp_batch *batch, int first, int count, int connected);

#endif
