#include "CUsrsctp.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <usrsctp.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result = 0;

static void do_init(void) {
    usrsctp_init(0, NULL, NULL);
    usrsctp_sysctl_set_sctp_no_csum_on_loopback(0);
    usrsctp_sysctl_set_sctp_blackhole(2);
    usrsctp_sysctl_set_sctp_auto_asconf(0);
    init_result = 0;
}

int cg_usctp_init(void) {
    pthread_once(&init_once, do_init);
    return init_result;
}

static void upcall(struct socket *sock, void *arg, int flags) {
    (void)sock;
    (void)flags;
    if (arg) cg_source_signal((cg_source *)arg, 1);
}

static int set_int(struct socket *sock, int level, int name, int value) {
    return usrsctp_setsockopt(sock, level, name, &value, sizeof value) == 0 ? 0 : errno;
}

int cg_usctp_apply_association_options(struct socket *sock, const cg_sctp_options *o) {
    if (o->rto_initial_ms || o->rto_min_ms || o->rto_max_ms) {
        struct sctp_rtoinfo rto;
        memset(&rto, 0, sizeof rto);
        rto.srto_assoc_id = SCTP_FUTURE_ASSOC;
        rto.srto_initial = o->rto_initial_ms;
        rto.srto_min = o->rto_min_ms;
        rto.srto_max = o->rto_max_ms;
        if (usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof rto) != 0) return errno;
    }
    if (o->assoc_max_retrans) {
        struct sctp_assocparams params;
        memset(&params, 0, sizeof params);
        params.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
        params.sasoc_asocmaxrxt = o->assoc_max_retrans;
        if (usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_ASSOCINFO, &params, sizeof params) != 0) return errno;
    }
    if (o->heartbeat_ms || o->path_max_retrans) {
        struct sctp_paddrparams params;
        memset(&params, 0, sizeof params);
        params.spp_assoc_id = SCTP_FUTURE_ASSOC;
        if (o->heartbeat_ms) {
            params.spp_hbinterval = o->heartbeat_ms;
            params.spp_flags |= SPP_HB_ENABLE;
        }
        params.spp_pathmaxrxt = o->path_max_retrans;
        if (usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &params, sizeof params) != 0) return errno;
    }
    return 0;
}

struct socket *cg_usctp_socket(int family, const cg_sctp_options *o, cg_source *source, int *error) {
    struct socket *sock = usrsctp_socket(family, SOCK_STREAM, IPPROTO_SCTP, NULL, NULL, 0, NULL);
    if (!sock) { *error = errno; return NULL; }
    int result = 0;
    if (usrsctp_set_non_blocking(sock, 1) != 0) result = errno;
    if (!result) result = set_int(sock, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1);
    if (!result && o->nodelay) result = set_int(sock, IPPROTO_SCTP, SCTP_NODELAY, 1);
    if (!result && o->send_buffer) result = set_int(sock, SOL_SOCKET, SO_SNDBUF, (int)o->send_buffer);
    if (!result && o->receive_buffer) result = set_int(sock, SOL_SOCKET, SO_RCVBUF, (int)o->receive_buffer);
    if (!result) {
        struct sctp_initmsg init;
        memset(&init, 0, sizeof init);
        init.sinit_num_ostreams = o->out_streams;
        init.sinit_max_instreams = o->in_streams;
        init.sinit_max_attempts = o->init_max_attempts;
        init.sinit_max_init_timeo = o->init_max_timeout_ms;
        if (usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init) != 0) result = errno;
    }
    static const uint16_t events[] = {SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, SCTP_SEND_FAILED_EVENT};
    for (size_t i = 0; !result && i < sizeof events / sizeof events[0]; i++) {
        struct sctp_event event;
        memset(&event, 0, sizeof event);
        event.se_assoc_id = SCTP_FUTURE_ASSOC;
        event.se_type = events[i];
        event.se_on = 1;
        if (usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof event) != 0) result = errno;
    }
    if (!result) result = cg_usctp_apply_association_options(sock, o);
    if (result) {
        usrsctp_close(sock);
        *error = result;
        return NULL;
    }
    usrsctp_set_upcall(sock, upcall, source);
    return sock;
}

int cg_usctp_bind(struct socket *sock, const void *address, socklen_t length) {
    return usrsctp_bind(sock, (struct sockaddr *)address, length) == 0 ? 0 : errno;
}

int cg_usctp_local_port(struct socket *sock) {
    struct sockaddr *addresses = NULL;
    int count = usrsctp_getladdrs(sock, 0, &addresses);
    int port = 0;
    if (count > 0 && addresses) {
        if (addresses->sa_family == AF_INET) port = ntohs(((struct sockaddr_in *)addresses)->sin_port);
        else if (addresses->sa_family == AF_INET6) port = ntohs(((struct sockaddr_in6 *)addresses)->sin6_port);
    }
    if (addresses) usrsctp_freeladdrs(addresses);
    return port;
}

int cg_usctp_connect(struct socket *sock, const void *address, socklen_t length) {
    if (usrsctp_connect(sock, (struct sockaddr *)address, length) == 0) return 0;
    return errno;
}

int cg_usctp_listen(struct socket *sock, int backlog) {
    return usrsctp_listen(sock, backlog) == 0 ? 0 : errno;
}

struct socket *cg_usctp_accept(struct socket *sock, cg_source *source, void *address, socklen_t *length, int *error) {
    struct socket *accepted = usrsctp_accept(sock, (struct sockaddr *)address, length);
    if (!accepted) { *error = errno; return NULL; }
    usrsctp_set_non_blocking(accepted, 1);
    usrsctp_set_upcall(accepted, upcall, source);
    return accepted;
}

ssize_t cg_usctp_send(struct socket *sock, const void *data, size_t length, uint16_t stream, uint32_t ppid, int unordered) {
    struct sctp_sndinfo info;
    memset(&info, 0, sizeof info);
    info.snd_sid = stream;
    info.snd_ppid = htonl(ppid);
    info.snd_flags = unordered ? SCTP_UNORDERED : 0;
    ssize_t n = usrsctp_sendv(sock, data, length, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0);
    return n < 0 ? -errno : n;
}

ssize_t cg_usctp_recv(struct socket *sock, void *buffer, size_t length, cg_sctp_recv_info *out) {
    struct sctp_rcvinfo info;
    socklen_t infolen = sizeof info;
    unsigned int infotype = 0;
    int flags = 0;
    struct sockaddr_storage from;
    socklen_t fromlen = sizeof from;
    memset(&info, 0, sizeof info);
    ssize_t n = usrsctp_recvv(sock, buffer, length, (struct sockaddr *)&from, &fromlen, &info, &infolen, &infotype, &flags);
    if (n < 0) return -errno;
    out->notification = (flags & MSG_NOTIFICATION) != 0;
    out->end_of_record = (flags & MSG_EOR) != 0;
    if (infotype == SCTP_RECVV_RCVINFO) {
        out->stream = info.rcv_sid;
        out->ppid = ntohl(info.rcv_ppid);
    } else {
        out->stream = 0;
        out->ppid = 0;
    }
    return n;
}

int cg_usctp_parse_notification(const void *buffer, size_t length, cg_sctp_notification *out) {
    memset(out, 0, sizeof *out);
    if (length < sizeof(struct sctp_tlv)) return EINVAL;
    const union sctp_notification *note = buffer;
    switch (note->sn_header.sn_type) {
    case SCTP_ASSOC_CHANGE: {
        if (length < sizeof(struct sctp_assoc_change)) return EINVAL;
        const struct sctp_assoc_change *change = &note->sn_assoc_change;
        out->kind = CG_SCTP_NOTE_ASSOC_CHANGE;
        switch (change->sac_state) {
        case SCTP_COMM_UP: out->state = CG_SCTP_COMM_UP; break;
        case SCTP_COMM_LOST: out->state = CG_SCTP_COMM_LOST; break;
        case SCTP_RESTART: out->state = CG_SCTP_RESTART; break;
        case SCTP_SHUTDOWN_COMP: out->state = CG_SCTP_SHUTDOWN_COMP; break;
        case SCTP_CANT_STR_ASSOC: out->state = CG_SCTP_CANT_STR_ASSOC; break;
        default: out->state = 0;
        }
        out->error = change->sac_error;
        out->outbound_streams = change->sac_outbound_streams;
        out->inbound_streams = change->sac_inbound_streams;
        // The ABORT chunk (type 6) that ended the association follows the fixed part when the peer sent one.
        size_t fixed = sizeof(struct sctp_assoc_change);
        out->has_abort_chunk = change->sac_length > fixed && length > fixed && change->sac_info[0] == 6;
        return 0;
    }
    case SCTP_SHUTDOWN_EVENT: out->kind = CG_SCTP_NOTE_SHUTDOWN_EVENT; return 0;
    case SCTP_SEND_FAILED_EVENT: out->kind = CG_SCTP_NOTE_SEND_FAILED; return 0;
    default: out->kind = CG_SCTP_NOTE_OTHER; return 0;
    }
}

int cg_usctp_stream_counts(struct socket *sock, uint16_t *inbound, uint16_t *outbound) {
    struct sctp_status status;
    socklen_t length = sizeof status;
    memset(&status, 0, sizeof status);
    if (usrsctp_getsockopt(sock, IPPROTO_SCTP, SCTP_STATUS, &status, &length) != 0) return errno;
    *inbound = status.sstat_instrms;
    *outbound = status.sstat_outstrms;
    return 0;
}

int cg_usctp_set_nodelay(struct socket *sock, int on) { return set_int(sock, IPPROTO_SCTP, SCTP_NODELAY, on ? 1 : 0); }

int cg_usctp_shutdown(struct socket *sock) {
    return usrsctp_shutdown(sock, SHUT_WR) == 0 ? 0 : errno;
}

void cg_usctp_abort(struct socket *sock) {
    struct linger linger = {1, 0};
    usrsctp_set_upcall(sock, NULL, NULL);
    usrsctp_setsockopt(sock, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    usrsctp_close(sock);
}

void cg_usctp_close(struct socket *sock) {
    usrsctp_set_upcall(sock, NULL, NULL);
    usrsctp_close(sock);
}
