// Bare sendmmsg/recvmmsg UDP echo between two processes: the baseline CoreGate's UDP transport is compared
// to. The server echoes every datagram of a recvmmsg batch with one sendmmsg. The client keeps WINDOW
// datagrams of SIZE bytes in flight (each carries its send time), until COUNT echoes came back, and prints
// the rate and round-trip percentiles (1 µs buckets).
//
//   udp_echo server LOCAL_ADDR PORT
//   udp_echo client LOCAL_ADDR SERVER_ADDR PORT COUNT WINDOW SIZE
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define BUCKETS 100000

/// This process's CPU time (user + system) in microseconds.
static double cpu_microseconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct sockaddr_in address(const char *host, int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) { fprintf(stderr, "bad address %s\n", host); exit(2); }
    return a;
}

static int open_socket(const char *host, int port) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = address(host, port);
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof local) != 0) { perror("socket/bind"); exit(1); }
    return fd;
}

static char buffers[BATCH][2048];
static struct iovec iov[BATCH];
static struct sockaddr_in names[BATCH];
static struct mmsghdr msgs[BATCH];
static uint32_t histogram[BUCKETS];

static void prepare(size_t length) {
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buffers[i];
        iov[i].iov_len = length;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &names[i];
        msgs[i].msg_hdr.msg_namelen = sizeof names[i];
    }
}

static double percentile(long total, double p) {
    long rank = (long)(total * p), seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += histogram[i];
        if (seen > rank) return i;
    }
    return BUCKETS;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "server") == 0) {
        int fd = open_socket(argv[2], atoi(argv[3]));
        printf("listening\n");
        fflush(stdout);
        for (;;) {
            prepare(sizeof buffers[0]);
            int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
            if (n <= 0) continue;
            for (int i = 0; i < n; i++) iov[i].iov_len = msgs[i].msg_len;
            for (int sent = 0; sent < n;) {
                int m = sendmmsg(fd, msgs + sent, (unsigned)(n - sent), 0);
                if (m <= 0) break;
                sent += m;
            }
        }
    }
    if (argc >= 8 && strcmp(argv[1], "client") == 0) {
        long count = atol(argv[5]), window = atol(argv[6]);
        size_t size = (size_t)atol(argv[7]);
        if (size < 16 || size > sizeof buffers[0] || window < 1 || window > 4096 || count < window) { fprintf(stderr, "bad sizes\n"); return 2; }
        int fd = open_socket(argv[2], 0);
        struct sockaddr_in remote = address(argv[3], atoi(argv[4]));
        if (connect(fd, (struct sockaddr *)&remote, sizeof remote) != 0) { perror("connect"); return 1; }
        struct timeval timeout = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        static char out[BATCH][2048];
        struct iovec oiov[BATCH];
        struct mmsghdr omsgs[BATCH];
        memset(omsgs, 0, sizeof omsgs);
        for (int i = 0; i < BATCH; i++) {
            memset(out[i], 0x5a, size);
            oiov[i].iov_base = out[i];
            oiov[i].iov_len = size;
            omsgs[i].msg_hdr.msg_iov = &oiov[i];
            omsgs[i].msg_hdr.msg_iovlen = 1;
        }
        long sent = 0, received = 0, lost = 0;
        uint64_t start = now_ns();
        long inflight = 0;
        while (received < count) {
            long want = window - inflight;
            if (want > count - sent) want = count - sent;
            while (want > 0) {
                int k = want > BATCH ? BATCH : (int)want;
                uint64_t t = now_ns();
                for (int i = 0; i < k; i++) memcpy(out[i], &t, 8);
                int m = sendmmsg(fd, omsgs, (unsigned)k, 0);
                if (m <= 0) break;
                sent += m;
                inflight += m;
                want -= m;
            }
            prepare(sizeof buffers[0]);
            int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
            if (n <= 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) { lost += inflight; received += inflight; inflight = 0; continue; }
                perror("recvmmsg");
                return 1;
            }
            uint64_t t = now_ns();
            for (int i = 0; i < n; i++) {
                uint64_t then;
                memcpy(&then, buffers[i], 8);
                uint64_t us = (t - then) / 1000;
                histogram[us < BUCKETS ? us : BUCKETS - 1]++;
            }
            received += n;
            inflight -= n;
            if (t - start > 120000000000ull) { fprintf(stderr, "timed out\n"); return 1; }
        }
        double seconds = (now_ns() - start) / 1e9;
        long measured = count - lost;
        printf("udp-echo echoes=%ld window=%ld size=%zu seconds=%.3f rate=%.0f lost=%ld p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f cpu_us=%.2f\n",
               count, window, size, seconds, measured / seconds, lost, percentile(measured, 0.5), percentile(measured, 0.9),
               percentile(measured, 0.99), percentile(measured, 0.999), cpu_microseconds() / count);
        return 0;
    }
    fprintf(stderr, "usage: see the header of udp_echo.c\n");
    return 2;
}
