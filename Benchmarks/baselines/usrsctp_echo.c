// Bare usrsctp message echo between two processes: the baseline CoreGate's SCTP transport is compared to.
// The simplest correct program: blocking one-to-one sockets, raw IP (usrsctp_init(0)), checksums on
// loopback, blackhole 2. The client keeps WINDOW messages of SIZE bytes (stream 0, PPID 60) in flight
// until COUNT echoes came back and prints the rate and round-trip percentiles (each message carries its
// send time; 1 µs buckets).
//
//   usrsctp_echo server LOCAL_ADDR PORT
//   usrsctp_echo client LOCAL_ADDR SERVER_ADDR PORT COUNT WINDOW SIZE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <usrsctp.h>

/// This process's CPU time (user + system) in microseconds.
static double cpu_microseconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

#define BUCKETS 100000
static uint32_t histogram[BUCKETS];

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double percentile(long total, double p) {
    long rank = (long)(total * p), seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += histogram[i];
        if (seen > rank) return i;
    }
    return BUCKETS;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct sockaddr_in address(const char *host, int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) { fprintf(stderr, "bad address %s\n", host); exit(2); }
    return a;
}

static struct socket *open_socket(const char *host, int port) {
    struct socket *s = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, NULL, NULL, 0, NULL);
    if (!s) { perror("usrsctp_socket"); exit(1); }
    int on = 1;
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on);
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof on);
    struct sctp_initmsg init = {.sinit_num_ostreams = 2, .sinit_max_instreams = 2};
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init);
    struct sockaddr_in local = address(host, port);
    if (usrsctp_bind(s, (struct sockaddr *)&local, sizeof local) != 0) { perror("usrsctp_bind"); exit(1); }
    return s;
}

static ssize_t receive(struct socket *s, char *buffer, size_t size, struct sctp_rcvinfo *info) {
    socklen_t infolen = sizeof *info;
    unsigned int infotype = 0;
    int flags = 0;
    struct sockaddr_in from;
    socklen_t fromlen = sizeof from;
    for (;;) {
        ssize_t n = usrsctp_recvv(s, buffer, size, (struct sockaddr *)&from, &fromlen, info, &infolen, &infotype, &flags);
        if (n <= 0 || !(flags & MSG_NOTIFICATION)) return n;
    }
}

static int send_message(struct socket *s, const char *data, size_t length, uint16_t stream, uint32_t ppid_net) {
    struct sctp_sndinfo info;
    memset(&info, 0, sizeof info);
    info.snd_sid = stream;
    info.snd_ppid = ppid_net;
    return usrsctp_sendv(s, data, length, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0) < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: see the header of usrsctp_echo.c\n"); return 2; }
    usrsctp_init(0, NULL, NULL);
    usrsctp_sysctl_set_sctp_no_csum_on_loopback(0);
    usrsctp_sysctl_set_sctp_blackhole(2);
    static char buffer[65536];
    struct sctp_rcvinfo info;
    if (strcmp(argv[1], "server") == 0) {
        struct socket *listener = open_socket(argv[2], atoi(argv[3]));
        if (usrsctp_listen(listener, 16) != 0) { perror("usrsctp_listen"); return 1; }
        printf("listening\n");
        fflush(stdout);
        for (;;) {
            struct socket *s = usrsctp_accept(listener, NULL, NULL);
            if (!s) continue;
            ssize_t n;
            while ((n = receive(s, buffer, sizeof buffer, &info)) > 0) {
                if (send_message(s, buffer, (size_t)n, info.rcv_sid, info.rcv_ppid) != 0) break;
            }
            usrsctp_close(s);
        }
    }
    if (strcmp(argv[1], "client") == 0 && argc >= 8) {
        long count = atol(argv[5]), window = atol(argv[6]);
        size_t size = (size_t)atol(argv[7]);
        if (size < 8 || size > sizeof buffer || window < 1 || count < window) { fprintf(stderr, "bad sizes\n"); return 2; }
        struct socket *s = open_socket(argv[2], 0);
        struct sockaddr_in remote = address(argv[3], atoi(argv[4]));
        if (usrsctp_connect(s, (struct sockaddr *)&remote, sizeof remote) != 0) { perror("usrsctp_connect"); return 1; }
        char message[65536];
        memset(message, 0x5a, size);
        double start = now_seconds();
        long sent = 0, received = 0;
        uint64_t stamp;
        for (; sent < window; sent++) {
            stamp = now_ns();
            memcpy(message, &stamp, 8);
            send_message(s, message, size, 0, htonl(60));
        }
        while (received < count) {
            ssize_t n = receive(s, buffer, sizeof buffer, &info);
            if (n <= 0) { fprintf(stderr, "connection ended after %ld echoes\n", received); return 1; }
            received++;
            uint64_t then, now = now_ns();
            memcpy(&then, buffer, 8);
            uint64_t us = (now - then) / 1000;
            histogram[us < BUCKETS ? us : BUCKETS - 1]++;
            if (sent < count) {
                memcpy(message, &now, 8);
                send_message(s, message, size, 0, htonl(60));
                sent++;
            }
            if (now_seconds() - start > 120) { fprintf(stderr, "timed out\n"); return 1; }
        }
        double seconds = now_seconds() - start;
        printf("usrsctp-echo messages=%ld window=%ld size=%zu seconds=%.3f rate=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f cpu_us=%.2f\n",
               count, window, size, seconds, count / seconds, percentile(count, 0.5), percentile(count, 0.9),
               percentile(count, 0.99), percentile(count, 0.999), cpu_microseconds() / count);
        usrsctp_close(s);
        usrsctp_finish();
        return 0;
    }
    fprintf(stderr, "usage: see the header of usrsctp_echo.c\n");
    return 2;
}
