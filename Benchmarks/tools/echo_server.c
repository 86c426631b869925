// The ceiling for `cairn serve` on this machine: a Unix-socket server that answers every line
// with one fixed reply of a given size, on as many epoll threads as cairn serve has event loops.
// Usage: echo_server SOCKET_PATH REPLY_BYTES [THREADS]   (runs until SIGTERM; bounded by the caller)
// Build: gcc -O2 -pthread -o echo_server echo_server.c
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUF 65536
typedef struct { int fd; size_t used; char buf[BUF]; } conn_t;
static char *reply;
static size_t reply_len;
static int epfd[16];
static int nthreads = 2;

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; if (errno == EAGAIN) { usleep(50); continue; } return; }
        p += w; n -= (size_t)w;
    }
}

static void *worker(void *arg) {
    int ep = *(int *)arg;
    struct epoll_event evs[64];
    for (;;) {
        int n = epoll_wait(ep, evs, 64, -1);
        if (n < 0) { if (errno == EINTR) continue; break; }
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            ssize_t r = read(c->fd, c->buf + c->used, BUF - c->used);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                close(c->fd); free(c); continue;
            }
            c->used += (size_t)r;
            size_t start = 0;
            for (size_t k = 0; k < c->used; k++) {
                if (c->buf[k] == '\n') { write_all(c->fd, reply, reply_len); start = k + 1; }
            }
            memmove(c->buf, c->buf + start, c->used - start);
            c->used -= start;
            if (c->used == BUF) c->used = 0;
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: echo_server SOCKET REPLY_BYTES [THREADS]\n"); return 64; }
    size_t size = (size_t)atol(argv[2]);
    if (argc > 3) nthreads = atoi(argv[3]);
    if (nthreads < 1 || nthreads > 16) nthreads = 2;
    const char *head = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"session\":\"00000000000000000000000000000000\",\"pad\":\"";
    const char *tail = "\"}}\n";
    size_t min = strlen(head) + strlen(tail);
    if (size < min) size = min;
    reply = malloc(size + 1);
    strcpy(reply, head);
    memset(reply + strlen(head), 'x', size - min);
    strcpy(reply + size - strlen(tail), tail);
    reply_len = size;
    signal(SIGPIPE, SIG_IGN);

    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
    unlink(argv[1]);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(ls, 1024) != 0) { perror("echo_server"); return 1; }
    pthread_t th[16];
    for (int t = 0; t < nthreads; t++) {
        epfd[t] = epoll_create1(0);
        pthread_create(&th[t], NULL, worker, &epfd[t]);
    }
    for (unsigned next = 0;; next++) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) { if (errno == EINTR) continue; break; }
        conn_t *c = calloc(1, sizeof *c);
        c->fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(epfd[next % nthreads], EPOLL_CTL_ADD, fd, &ev);
    }
    return 0;
}
