// Closed-loop load generator for a line-based JSON-RPC server on a Unix socket.
// K connections, each with its own session: session.start once, then session.send with the
// script's inputs in turn, one request in flight per connection. Runs WARMUP seconds unmeasured,
// then DURATION seconds measured, and stops by itself. Prints one JSON object.
// Usage: loadgen SOCKET K WARMUP_S DURATION_S SCRIPT_FILE
// Build: gcc -O2 -o loadgen loadgen.c
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BUF (1 << 20)
typedef struct {
    int fd;
    int starting;            // waiting for a session.start reply
    char sid[64];
    size_t used;
    char *buf;
    uint64_t sent_at;
    unsigned next;           // next script input
} conn_t;

static char **inputs;
static unsigned ninputs;
static uint64_t *lat;
static size_t nlat, caplat;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) { usleep(20); continue; }
            perror("loadgen: write"); exit(1);
        }
        p += w; n -= (size_t)w;
    }
}

static char *escape(const char *s) {
    char *out = malloc(strlen(s) * 6 + 1), *o = out;
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') { *o++ = '\\'; *o++ = *s; }
        else if ((unsigned char)*s < 0x20) { o += sprintf(o, "\\u%04x", *s); }
        else *o++ = *s;
    }
    *o = 0;
    return out;
}

static void send_start(conn_t *c) {
    static const char req[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.start\"}\n";
    c->starting = 1;
    c->sent_at = now_ns();
    write_all(c->fd, req, sizeof req - 1);
}

static void send_next(conn_t *c) {
    // Script lines are at most 1023 bytes, escaped at most 6x: a request always fits.
    char req[8192];
    int n = snprintf(req, sizeof req,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.send\",\"params\":{\"session\":\"%s\",\"text\":\"%s\"}}\n",
                     c->sid, inputs[c->next % ninputs]);
    if (n < 0 || (size_t)n >= sizeof req) { fprintf(stderr, "loadgen: a script line is too long\n"); exit(1); }
    c->next++;
    c->starting = 0;
    c->sent_at = now_ns();
    write_all(c->fd, req, (size_t)n);
}

static int cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: loadgen SOCKET K WARMUP_S DURATION_S SCRIPT_FILE\n"); return 64; }
    int k = atoi(argv[2]);
    double warmup = atof(argv[3]), duration = atof(argv[4]);
    FILE *f = fopen(argv[5], "r");
    if (!f) { perror("loadgen: script"); return 1; }
    char line[1024];
    inputs = malloc(sizeof(char *) * 10000);
    while (ninputs < 10000 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        inputs[ninputs++] = escape(line);
    }
    fclose(f);
    if (ninputs == 0 || k < 1) { fprintf(stderr, "loadgen: empty script or K < 1\n"); return 64; }

    conn_t *conns = calloc((size_t)k, sizeof *conns);
    int ep = epoll_create1(0);
    for (int i = 0; i < k; i++) {
        conn_t *c = &conns[i];
        c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
        if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("loadgen: connect"); return 1; }
        fcntl(c->fd, F_SETFL, O_NONBLOCK);
        c->buf = malloc(BUF);
        c->next = (unsigned)i * 7u;  // connections start at different points of the script
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    }
    caplat = 1 << 20;
    lat = malloc(caplat * sizeof *lat);
    uint64_t t0 = now_ns();
    uint64_t measure_from = t0 + (uint64_t)(warmup * 1e9), end = measure_from + (uint64_t)(duration * 1e9);
    for (int i = 0; i < k; i++) send_start(&conns[i]);

    uint64_t errors = 0, restarts = 0, reply_bytes = 0, replies = 0;
    struct epoll_event evs[256];
    int stopping = 0;
    while (!stopping) {
        int n = epoll_wait(ep, evs, 256, 100);
        if (n < 0) { if (errno == EINTR) continue; perror("loadgen: epoll"); return 1; }
        for (int e = 0; e < n; e++) {
            conn_t *c = evs[e].data.ptr;
            ssize_t r = read(c->fd, c->buf + c->used, BUF - c->used);
            if (r == 0) { fprintf(stderr, "loadgen: the server closed a connection\n"); return 1; }
            if (r < 0) { if (errno == EAGAIN || errno == EINTR) continue; perror("loadgen: read"); return 1; }
            c->used += (size_t)r;
            char *nl;
            while ((nl = memchr(c->buf, '\n', c->used)) != NULL) {
                uint64_t t = now_ns();
                size_t len = (size_t)(nl - c->buf) + 1;
                *nl = 0;
                int is_error = strstr(c->buf, "\"error\"") != NULL;
                int ended = strstr(c->buf, "\"ended\":true") != NULL;
                if (c->starting) {
                    char *s = strstr(c->buf, "\"session\":\"");
                    if (!s || is_error) { fprintf(stderr, "loadgen: session.start failed: %.200s\n", c->buf); return 1; }
                    s += 11;
                    size_t m = strcspn(s, "\"");
                    if (m >= sizeof c->sid) m = sizeof c->sid - 1;
                    memcpy(c->sid, s, m);
                    c->sid[m] = 0;
                } else {
                    if (t >= measure_from && t < end) {
                        if (nlat == caplat) { caplat *= 2; lat = realloc(lat, caplat * sizeof *lat); }
                        lat[nlat++] = t - c->sent_at;
                        reply_bytes += len;
                        replies++;
                    }
                    if (is_error) errors++;
                }
                memmove(c->buf, c->buf + len, c->used - len);
                c->used -= len;
                if (t >= end) { stopping = 1; continue; }
                if (!c->starting && (ended || is_error)) { restarts++; send_start(c); }
                else send_next(c);
            }
        }
        if (now_ns() >= end + 2000000000ull) stopping = 1;  // a stalled server: give up
    }
    for (int i = 0; i < k; i++) close(conns[i].fd);
    qsort(lat, nlat, sizeof *lat, cmp);
    double secs = duration;
    #define PCT(p) (nlat ? lat[(size_t)((double)(nlat - 1) * (p))] / 1000.0 : 0)
    printf("{\"k\":%d,\"requests\":%zu,\"rps\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,"
           "\"reply_bytes\":%.1f,\"errors\":%llu,\"restarts\":%llu}\n",
           k, nlat, nlat / secs, PCT(0.5), PCT(0.99), PCT(0.999),
           replies ? (double)reply_bytes / replies : 0.0, (unsigned long long)errors, (unsigned long long)restarts);
    return 0;
}
