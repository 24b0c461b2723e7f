#define _GNU_SOURCE
#include "CEventLoop.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

uint64_t cg_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct cg_source {
    _Atomic(int) pending;
    _Atomic(int) events;
    struct cg_source *next;
    cg_waker *waker;
    uint64_t token;
};

struct cg_waker {
    _Atomic(cg_source *) head;
    int fd;
};

cg_waker *cg_waker_create(void) {
    cg_waker *waker = calloc(1, sizeof *waker);
    if (!waker) return NULL;
    waker->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (waker->fd < 0) { free(waker); return NULL; }
    atomic_init(&waker->head, NULL);
    return waker;
}

void cg_waker_destroy(cg_waker *waker) {
    if (!waker) return;
    close(waker->fd);
    free(waker);
}

int cg_waker_fd(const cg_waker *waker) { return waker->fd; }

cg_source *cg_waker_take_all(cg_waker *waker) {
    uint64_t value;
    while (read(waker->fd, &value, sizeof value) < 0 && errno == EINTR) {}
    cg_source *list = atomic_exchange_explicit(&waker->head, NULL, memory_order_acquire);
    // The stack is newest first: reverse it so sources are handled in the order they became ready.
    cg_source *ordered = NULL;
    while (list) {
        cg_source *next = list->next;
        list->next = ordered;
        ordered = list;
        list = next;
    }
    return ordered;
}

cg_source *cg_source_create(cg_waker *waker, uint64_t token) {
    cg_source *source = calloc(1, sizeof *source);
    if (!source) return NULL;
    atomic_init(&source->pending, 0);
    atomic_init(&source->events, 0);
    source->waker = waker;
    source->token = token;
    return source;
}

void cg_source_set_token(cg_source *source, uint64_t token) { source->token = token; }
uint64_t cg_source_token(const cg_source *source) { return source->token; }
cg_source *cg_source_next(const cg_source *source) { return source->next; }

void cg_source_clear(cg_source *source) {
    atomic_store_explicit(&source->pending, 0, memory_order_release);
}

int cg_source_take_events(cg_source *source) {
    return atomic_exchange_explicit(&source->events, 0, memory_order_acq_rel);
}

void cg_source_signal(cg_source *source, int events) {
    atomic_fetch_or_explicit(&source->events, events, memory_order_release);
    if (atomic_exchange_explicit(&source->pending, 1, memory_order_acq_rel) != 0) return;
    cg_waker *waker = source->waker;
    cg_source *head = atomic_load_explicit(&waker->head, memory_order_relaxed);
    do {
        source->next = head;
    } while (!atomic_compare_exchange_weak_explicit(&waker->head, &head, source,
                                                    memory_order_release, memory_order_relaxed));
    if (head == NULL) {
        uint64_t one = 1;
        while (write(waker->fd, &one, sizeof one) < 0 && errno == EINTR) {}
    }
}

struct cg_udp_batch {
    int count;
    int size;
    uint8_t *buffers;
    struct iovec *iovecs;
    struct sockaddr_storage *addresses;
    struct mmsghdr *messages;
};

cg_udp_batch *cg_udp_batch_create(int count, int size) {
    if (count <= 0 || size <= 0) return NULL;
    cg_udp_batch *batch = calloc(1, sizeof *batch);
    if (!batch) return NULL;
    batch->count = count;
    batch->size = size;
    batch->buffers = calloc((size_t)count, (size_t)size);
    batch->iovecs = calloc((size_t)count, sizeof *batch->iovecs);
    batch->addresses = calloc((size_t)count, sizeof *batch->addresses);
    batch->messages = calloc((size_t)count, sizeof *batch->messages);
    if (!batch->buffers || !batch->iovecs || !batch->addresses || !batch->messages) {
        cg_udp_batch_destroy(batch);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        batch->iovecs[i].iov_base = batch->buffers + (size_t)i * (size_t)size;
        batch->iovecs[i].iov_len = (size_t)size;
        batch->messages[i].msg_hdr.msg_iov = &batch->iovecs[i];
        batch->messages[i].msg_hdr.msg_iovlen = 1;
        batch->messages[i].msg_hdr.msg_name = &batch->addresses[i];
        batch->messages[i].msg_hdr.msg_namelen = sizeof batch->addresses[i];
    }
    return batch;
}

void cg_udp_batch_destroy(cg_udp_batch *batch) {
    if (!batch) return;
    free(batch->buffers);
    free(batch->iovecs);
    free(batch->addresses);
    free(batch->messages);
    free(batch);
}

int cg_udp_batch_count(const cg_udp_batch *batch) { return batch->count; }
int cg_udp_batch_size(const cg_udp_batch *batch) { return batch->size; }
uint8_t *cg_udp_batch_buffer(cg_udp_batch *batch, int index) {
    return batch->buffers + (size_t)index * (size_t)batch->size;
}
int cg_udp_batch_length(const cg_udp_batch *batch, int index) { return (int)batch->messages[index].msg_len; }
void cg_udp_batch_set_length(cg_udp_batch *batch, int index, int length) {
    batch->messages[index].msg_len = (unsigned)length;
}
void *cg_udp_batch_address(cg_udp_batch *batch, int index) { return &batch->addresses[index]; }
unsigned cg_udp_batch_address_length(const cg_udp_batch *batch, int index) {
    return batch->messages[index].msg_hdr.msg_namelen;
}
void cg_udp_batch_set_address(cg_udp_batch *batch, int index, const void *address, unsigned length) {
    if (length > sizeof batch->addresses[index]) length = sizeof batch->addresses[index];
    memcpy(&batch->addresses[index], address, length);
    batch->messages[index].msg_hdr.msg_namelen = length;
}

int cg_udp_recv_batch(int fd, cg_udp_batch *batch, int max) {
    if (max > batch->count) max = batch->count;
    for (int i = 0; i < max; i++) {
        batch->iovecs[i].iov_len = (size_t)batch->size;
        batch->messages[i].msg_hdr.msg_namelen = sizeof batch->addresses[i];
        batch->messages[i].msg_hdr.msg_flags = 0;
    }
    int n;
    do { n = recvmmsg(fd, batch->messages, (unsigned)max, MSG_DONTWAIT, NULL); } while (n < 0 && errno == EINTR);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
    return n;
}

int cg_udp_send_batch(int fd, cg_udp_batch *batch, int first, int count, int connected) {
    if (first < 0 || count <= 0 || first + count > batch->count) return -EINVAL;
    for (int i = first; i < first + count; i++) {
        batch->iovecs[i].iov_len = batch->messages[i].msg_len;
        if (connected) {
            batch->messages[i].msg_hdr.msg_name = NULL;
            batch->messages[i].msg_hdr.msg_namelen = 0;
        } else {
            batch->messages[i].msg_hdr.msg_name = &batch->addresses[i];
        }
    }
    int n;
    do { n = sendmmsg(fd, batch->messages + first, (unsigned)count, MSG_DONTWAIT); } while (n < 0 && errno == EINTR);
    // Restore the receive layout.
    for (int i = first; i < first + count; i++) {
        batch->messages[i].msg_hdr.msg_name = &batch->addresses[i];
    }
    if (n < 0) return -errno;
    return n;
}
