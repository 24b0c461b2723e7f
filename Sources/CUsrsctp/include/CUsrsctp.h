// usrsctp (the userland SCTP stack over raw IP) behind a small C surface: sockets with the options
// CoreGate uses, whole-message send and receive with stream id and PPID, notifications parsed into one
// plain struct, and an upcall that only marks a ready-list source (never enters Swift on usrsctp's threads).
#ifndef CUSRSCTP_H
#define CUSRSCTP_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include "CEventLoop.h"

struct socket;

/// Options applied to every socket; 0 keeps the stack's default.
typedef struct cg_sctp_options {
    uint16_t out_streams;         // requested outbound streams (INIT)
    uint16_t in_streams;          // maximum inbound streams
    uint32_t heartbeat_ms;        // heartbeat interval
    uint32_t rto_initial_ms;
    uint32_t rto_min_ms;
    uint32_t rto_max_ms;
    uint16_t assoc_max_retrans;   // retransmissions before the association is declared lost
    uint16_t path_max_retrans;
    uint16_t init_max_attempts;
    uint16_t init_max_timeout_ms;
    uint32_t send_buffer;         // SO_SNDBUF
    uint32_t receive_buffer;      // SO_RCVBUF
    int nodelay;                  // SCTP_NODELAY (no Nagle-like bundling delay)
} cg_sctp_options;

/// What one receive call returned.
typedef struct cg_sctp_recv_info {
    uint16_t stream;
    uint32_t ppid;                // host byte order
    int end_of_record;            // the message is complete (MSG_EOR)
    int notification;             // the bytes are a notification, not data
} cg_sctp_recv_info;

enum {
    CG_SCTP_NOTE_OTHER = 0,
    CG_SCTP_NOTE_ASSOC_CHANGE = 1,
    CG_SCTP_NOTE_SHUTDOWN_EVENT = 2,
    CG_SCTP_NOTE_SEND_FAILED = 3,
};
enum {
    CG_SCTP_COMM_UP = 1,
    CG_SCTP_COMM_LOST = 2,
    CG_SCTP_RESTART = 3,
    CG_SCTP_SHUTDOWN_COMP = 4,
    CG_SCTP_CANT_STR_ASSOC = 5,
};

/// A parsed notification (both stacks fill the same struct).
typedef struct cg_sctp_notification {
    int kind;                     // CG_SCTP_NOTE_*
    int state;                    // CG_SCTP_COMM_* for an association change
    uint16_t error;               // sac_error (an SCTP error cause code, 0 when none)
    uint16_t outbound_streams;
    uint16_t inbound_streams;
    int has_abort_chunk;          // an ABORT chunk from the peer came with the change
} cg_sctp_notification;

/// Initialises usrsctp once per process: raw IP (port 0, no UDP encapsulation), checksums computed on
/// loopback, out-of-the-blue packets never answered (blackhole 2). 0 on success, an errno otherwise.
int cg_usctp_init(void);

/// A non-blocking one-to-one socket of `family` with `options`, whose upcall signals `source`.
struct socket *cg_usctp_socket(int family, const cg_sctp_options *options, cg_source *source, int *error);
/// Re-applies per-association options (heartbeat, RTO, retransmissions) to a connected or accepted socket.
int cg_usctp_apply_association_options(struct socket *sock, const cg_sctp_options *options);
int cg_usctp_bind(struct socket *sock, const void *address, socklen_t length);
/// The locally bound port (network order in the address, returned in host order), 0 when unknown.
int cg_usctp_local_port(struct socket *sock);
/// 0 or EINPROGRESS on success, an errno otherwise.
int cg_usctp_connect(struct socket *sock, const void *address, socklen_t length);
int cg_usctp_listen(struct socket *sock, int backlog);
/// Accepts one pending association: a new non-blocking socket whose upcall signals `source`, NULL with
/// *error = EWOULDBLOCK when none waits. The peer's address goes to `address`.
struct socket *cg_usctp_accept(struct socket *sock, cg_source *source, void *address, socklen_t *length, int *error);
/// Sends one whole message; the byte count or -errno (-EWOULDBLOCK when the send buffer is full).
ssize_t cg_usctp_send(struct socket *sock, const void *data, size_t length, uint16_t stream, uint32_t ppid, int unordered);
/// Receives up to `length` bytes of one message; the byte count, 0 at end of file, or -errno.
ssize_t cg_usctp_recv(struct socket *sock, void *buffer, size_t length, cg_sctp_recv_info *info);
int cg_usctp_parse_notification(const void *buffer, size_t length, cg_sctp_notification *out);
/// The negotiated stream counts of the socket's association; 0 on success.
int cg_usctp_stream_counts(struct socket *sock, uint16_t *inbound, uint16_t *outbound);
/// Turns SCTP_NODELAY on or off (the transport turns it off while handing a batch over, so the stack
/// bundles it, and on again for the batch's last message, which sends everything queued).
int cg_usctp_set_nodelay(struct socket *sock, int on);
/// Graceful shutdown (SHUTDOWN after queued data).
int cg_usctp_shutdown(struct socket *sock);
/// Sends ABORT and closes.
void cg_usctp_abort(struct socket *sock);
/// Detaches the upcall and closes.
void cg_usctp_close(struct socket *sock);

#endif
