// Linux kernel SCTP through libsctp behind the same small C surface as CUsrsctp: one-to-one sockets,
// SCTP_EVENTS subscription, sctp_sendmsg/sctp_recvmsg with stream id and PPID, notifications parsed into
// the same plain struct. Descriptors are ordinary non-blocking fds for the event loop's epoll.
#ifndef CSCTP_H
#define CSCTP_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

/// The options of CUsrsctp's `cg_sctp_options`, repeated so the two C modules stay independent.
typedef struct cg_ksctp_options {
    uint16_t out_streams;
    uint16_t in_streams;
    uint32_t heartbeat_ms;
    uint32_t rto_initial_ms;
    uint32_t rto_min_ms;
    uint32_t rto_max_ms;
    uint16_t assoc_max_retrans;
    uint16_t path_max_retrans;
    uint16_t init_max_attempts;
    uint16_t init_max_timeout_ms;
    uint32_t send_buffer;
    uint32_t receive_buffer;
    int nodelay;
} cg_ksctp_options;

typedef struct cg_ksctp_recv_info {
    uint16_t stream;
    uint32_t ppid;
    int end_of_record;
    int notification;
} cg_ksctp_recv_info;

typedef struct cg_ksctp_notification {
    int kind;                     // 1 association change, 2 shutdown event, 3 send failed, 0 other
    int state;                    // 1 up, 2 lost, 3 restart, 4 shutdown complete, 5 cannot start
    uint16_t error;
    uint16_t outbound_streams;
    uint16_t inbound_streams;
    int has_abort_chunk;
} cg_ksctp_notification;

/// Whether this kernel gives SCTP sockets of `family` (socket(family, SOCK_STREAM, IPPROTO_SCTP) succeeds).
int cg_ksctp_available(int family);
/// A non-blocking one-to-one SCTP socket with `options`; -1 with *error set on failure.
int cg_ksctp_socket(int family, const cg_ksctp_options *options, int *error);
int cg_ksctp_apply_association_options(int fd, const cg_ksctp_options *options);
int cg_ksctp_bind(int fd, const void *address, socklen_t length);
int cg_ksctp_local_port(int fd);
/// 0 or EINPROGRESS on success, an errno otherwise.
int cg_ksctp_connect(int fd, const void *address, socklen_t length);
int cg_ksctp_listen(int fd, int backlog);
/// A new non-blocking descriptor, or -1 with *error (EAGAIN when none waits).
int cg_ksctp_accept(int fd, void *address, socklen_t *length, int *error);
ssize_t cg_ksctp_send(int fd, const void *data, size_t length, uint16_t stream, uint32_t ppid, int unordered);
ssize_t cg_ksctp_recv(int fd, void *buffer, size_t length, cg_ksctp_recv_info *info);
int cg_ksctp_parse_notification(const void *buffer, size_t length, cg_ksctp_notification *out);
int cg_ksctp_stream_counts(int fd, uint16_t *inbound, uint16_t *outbound);
int cg_ksctp_set_nodelay(int fd, int on);
int cg_ksctp_shutdown(int fd);
void cg_ksctp_abort(int fd);

/// Fills `out` with the kernel's SCTP_EVENTS subscription this module sets (for tests).
typedef struct cg_ksctp_subscription {
    int data_io, association, shutdown, send_failure, peer_error, address;
} cg_ksctp_subscription;
void cg_ksctp_subscription_for_tests(cg_ksctp_subscription *out);
/// Builds a kernel SCTP_ASSOC_CHANGE notification into `buffer` (for tests of the parser); its length.
size_t cg_ksctp_build_assoc_change_for_tests(void *buffer, size_t capacity, int linux_state, uint16_t in, uint16_t out, int with_abort);

#endif
