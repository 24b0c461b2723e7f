#define _GNU_SOURCE
#include "CSCTP.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <string.h>
#include <unistd.h>

int cg_ksctp_available(int family) {
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_SCTP);
    if (fd < 0) return 0;
    close(fd);
    return 1;
}

static void fill_subscription(struct sctp_event_subscribe *events) {
    memset(events, 0, sizeof *events);
    events->sctp_data_io_event = 1;
    events->sctp_association_event = 1;
    events->sctp_shutdown_event = 1;
    events->sctp_send_failure_event = 1;
}

void cg_ksctp_subscription_for_tests(cg_ksctp_subscription *out) {
    struct sctp_event_subscribe events;
    fill_subscription(&events);
    out->data_io = events.sctp_data_io_event;
    out->association = events.sctp_association_event;
    out->shutdown = events.sctp_shutdown_event;
    out->send_failure = events.sctp_send_failure_event;
    out->peer_error = events.sctp_peer_error_event;
    out->address = events.sctp_address_event;
}

static int set_int(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof value) == 0 ? 0 : errno;
}

int cg_ksctp_apply_association_options(int fd, const cg_ksctp_options *o) {
    if (o->rto_initial_ms || o->rto_min_ms || o->rto_max_ms) {
        struct sctp_rtoinfo rto;
        memset(&rto, 0, sizeof rto);
        rto.srto_initial = o->rto_initial_ms;
        rto.srto_min = o->rto_min_ms;
        rto.srto_max = o->rto_max_ms;
        if (setsockopt(fd, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof rto) != 0) return errno;
    }
    if (o->assoc_max_retrans) {
        struct sctp_assocparams params;
        memset(&params, 0, sizeof params);
        params.sasoc_asocmaxrxt = o->assoc_max_retrans;
        if (setsockopt(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, &params, sizeof params) != 0) return errno;
    }
    if (o->heartbeat_ms || o->path_max_retrans) {
        struct sctp_paddrparams params;
        memset(&params, 0, sizeof params);
        if (o->heartbeat_ms) {
            params.spp_hbinterval = o->heartbeat_ms;
            params.spp_flags |= SPP_HB_ENABLE;
        }
        params.spp_pathmaxrxt = o->path_max_retrans;
        if (setsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &params, sizeof params) != 0) return errno;
    }
    return 0;
}

int cg_ksctp_socket(int family, const cg_ksctp_options *o, int *error) {
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
    if (fd < 0) { *error = errno; return -1; }
    int result = 0;
    struct sctp_event_subscribe events;
    fill_subscription(&events);
    if (setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof events) != 0) result = errno;
    if (!result && o->nodelay) result = set_int(fd, IPPROTO_SCTP, SCTP_NODELAY, 1);
    if (!result && o->send_buffer) result = set_int(fd, SOL_SOCKET, SO_SNDBUF, (int)o->send_buffer);
    if (!result && o->receive_buffer) result = set_int(fd, SOL_SOCKET, SO_RCVBUF, (int)o->receive_buffer);
    if (!result) {
        struct sctp_initmsg init;
        memset(&init, 0, sizeof init);
        init.sinit_num_ostreams = o->out_streams;
        init.sinit_max_instreams = o->in_streams;
        init.sinit_max_attempts = o->init_max_attempts;
        init.sinit_max_init_timeo = o->init_max_timeout_ms;
        if (setsockopt(fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init) != 0) result = errno;
    }
    if (!result) result = cg_ksctp_apply_association_options(fd, o);
    if (result) {
        close(fd);
        *error = result;
        return -1;
    }
    return fd;
}

int cg_ksctp_bind(int fd, const void *address, socklen_t length) {
    return bind(fd, (const struct sockaddr *)address, length) == 0 ? 0 : errno;
}

int cg_ksctp_local_port(int fd) {
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) return 0;
    if (address.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&address)->sin_port);
    if (address.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return 0;
}

int cg_ksctp_connect(int fd, const void *address, socklen_t length) {
    return connect(fd, (const struct sockaddr *)address, length) == 0 ? 0 : errno;
}

int cg_ksctp_listen(int fd, int backlog) { return listen(fd, backlog) == 0 ? 0 : errno; }

int cg_ksctp_accept(int fd, void *address, socklen_t *length, int *error) {
    int accepted = accept4(fd, (struct sockaddr *)address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (accepted < 0) *error = errno;
    return accepted;
}

ssize_t cg_ksctp_send(int fd, const void *data, size_t length, uint16_t stream, uint32_t ppid, int unordered) {
    int n = sctp_sendmsg(fd, data, length, NULL, 0, htonl(ppid), unordered ? SCTP_UNORDERED : 0, stream, 0, 0);
    return n < 0 ? -errno : n;
}

ssize_t cg_ksctp_recv(int fd, void *buffer, size_t length, cg_ksctp_recv_info *out) {
    struct sctp_sndrcvinfo info;
    int flags = 0;
    memset(&info, 0, sizeof info);
    int n = sctp_recvmsg(fd, buffer, length, NULL, NULL, &info, &flags);
    if (n < 0) return -errno;
    out->notification = (flags & MSG_NOTIFICATION) != 0;
    out->end_of_record = (flags & MSG_EOR) != 0;
    out->stream = info.sinfo_stream;
    out->ppid = ntohl(info.sinfo_ppid);
    return n;
}

int cg_ksctp_parse_notification(const void *buffer, size_t length, cg_ksctp_notification *out) {
    memset(out, 0, sizeof *out);
    if (length < 8) return EINVAL;
    const union sctp_notification *note = buffer;
    switch (note->sn_header.sn_type) {
    case SCTP_ASSOC_CHANGE: {
        if (length < sizeof(struct sctp_assoc_change)) return EINVAL;
        const struct sctp_assoc_change *change = &note->sn_assoc_change;
        out->kind = 1;
        switch (change->sac_state) {
        case SCTP_COMM_UP: out->state = 1; break;
        case SCTP_COMM_LOST: out->state = 2; break;
        case SCTP_RESTART: out->state = 3; break;
        case SCTP_SHUTDOWN_COMP: out->state = 4; break;
        case SCTP_CANT_STR_ASSOC: out->state = 5; break;
        default: out->state = 0;
        }
        out->error = change->sac_error;
        out->outbound_streams = change->sac_outbound_streams;
        out->inbound_streams = change->sac_inbound_streams;
        size_t fixed = sizeof(struct sctp_assoc_change);
        out->has_abort_chunk = change->sac_length > fixed && length > fixed && change->sac_info[0] == 6;
        return 0;
    }
    case SCTP_SHUTDOWN_EVENT: out->kind = 2; return 0;
    case SCTP_SEND_FAILED: out->kind = 3; return 0;
    default: out->kind = 0; return 0;
    }
}

size_t cg_ksctp_build_assoc_change_for_tests(void *buffer, size_t capacity, int linux_state, uint16_t in, uint16_t out, int with_abort) {
    size_t length = sizeof(struct sctp_assoc_change) + (with_abort ? 4 : 0);
    if (capacity < length) return 0;
    memset(buffer, 0, length);
    struct sctp_assoc_change *change = buffer;
    change->sac_type = SCTP_ASSOC_CHANGE;
    change->sac_length = (uint32_t)length;
    change->sac_state = (uint16_t)linux_state;
    change->sac_inbound_streams = in;
    change->sac_outbound_streams = out;
    if (with_abort) {
        change->sac_info[0] = 6;
        change->sac_info[3] = 4;
    }
    return length;
}

int cg_ksctp_stream_counts(int fd, uint16_t *inbound, uint16_t *outbound) {
    struct sctp_status status;
    socklen_t length = sizeof status;
    memset(&status, 0, sizeof status);
    if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &status, &length) != 0) return errno;
    *inbound = status.sstat_instrms;
    *outbound = status.sstat_outstrms;
    return 0;
}

int cg_ksctp_set_nodelay(int fd, int on) { return set_int(fd, IPPROTO_SCTP, SCTP_NODELAY, on ? 1 : 0); }

int cg_ksctp_shutdown(int fd) { return shutdown(fd, SHUT_WR) == 0 ? 0 : errno; }

void cg_ksctp_abort(int fd) {
    struct linger linger = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    close(fd);
}
