// WebSocket echo load generator in C (epoll, one thread), so that the generator is never the
// bottleneck of the echo benchmark: N connections, each keeping K binary messages of S bytes
// in flight for T seconds; it counts echoed messages and their round trips.
// Server frames may be masked or not (a raw TCP echo sends our own masked frames back).
//   loadgen PORT SIZE CONNECTIONS INFLIGHT SECONDS [raw | rate=R]
// ("raw": no upgrade request, for a plain TCP echo. "rate=R": paced, open loop: each
// connection sends R messages a second whatever the echoes do, the connections' sends spread
// evenly over each period, at most INFLIGHT unanswered per connection (a send due while that
// many wait is skipped and counted: "skipped" in the output); the round trips of the first
// quarter of the window (at most 1 s: the server settling after the handshakes) are not kept.)
// Prints one JSON line: messages, bytes, seconds, and the round trip's quantiles in µs
// (q[i] is the i/1000 quantile), or {"error": "..."} with exit status 1.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HIST_FINE 20000   /* 1 µs buckets below 20 ms */
#define HIST_COARSE 10000 /* then 1 ms buckets up to 10 s */

typedef struct {
  int fd;
  uint8_t *in;
  size_t in_len, in_cap;
  uint8_t *out;
  size_t out_len, out_off, out_cap;
  double *sent_at; /* ring of send times, one per message in flight */
  size_t head, count, ring;
} conn_t;

static uint64_t hist[HIST_FINE + HIST_COARSE + 1];
static uint64_t messages, bytes_echoed, skipped, recorded;
static double record_from; /* round trips of messages sent before this are not kept */
static uint8_t *frame;
static size_t frame_len;

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void fail(const char *what) {
  printf("{\"error\":\"%s: %s\"}\n", what, strerror(errno));
  exit(1);
}

static void *grow(void *p, size_t *cap, size_t need) {
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 4096;
  while (c < need) c *= 2;
  p = realloc(p, c);
  if (!p) fail("realloc");
  *cap = c;
  return p;
}

static void record(double sent, double rtt) {
  size_t b;
  if (sent < record_from) return;
  recorded++;
  if (rtt < 0) rtt = 0;
  if (rtt < HIST_FINE) b = (size_t)rtt;
  else if (rtt < HIST_FINE + HIST_COARSE * 1000.0) b = HIST_FINE + (size_t)((rtt - HIST_FINE) / 1000);
  else b = HIST_FINE + HIST_COARSE;
  hist[b]++;
}

static double bucket_value(size_t b) {
  return b < HIST_FINE ? b + 0.5 : HIST_FINE + (b - HIST_FINE) * 1000.0 + 500;
}

static void make_frame(size_t size) {
  size_t head = size < 126 ? 2 : size < 65536 ? 4 : 10;
  frame_len = head + 4 + size;
  frame = malloc(frame_len);
  frame[0] = 0x82;
  if (size < 126) frame[1] = 0x80 | size;
  else if (size < 65536) {
    frame[1] = 0x80 | 126;
    frame[2] = size >> 8;
    frame[3] = size & 0xff;
  } else {
    frame[1] = 0x80 | 127;
    for (int i = 0; i < 8; i++) frame[2 + i] = (uint64_t)size >> (56 - 8 * i);
  }
  uint8_t mask[4] = {0x37, 0xfa, 0x21, 0x3d};
  memcpy(frame + head, mask, 4);
  for (size_t i = 0; i < size; i++) frame[head + 4 + i] = (i & 0xff) ^ mask[i & 3];
}

static void queue_frames(conn_t *c, size_t n, double t) {
  c->out = grow(c->out, &c->out_cap, c->out_len + n * frame_len);
  for (size_t i = 0; i < n; i++) {
    memcpy(c->out + c->out_len, frame, frame_len);
    c->out_len += frame_len;
    c->sent_at[(c->head + c->count) % c->ring] = t;
    c->count++;
  }
}

/* Writes what is queued; returns 0 when all left, 1 when the socket is full. */
static int flush(conn_t *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN) return 1;
      if (errno == EINTR) continue;
      fail("send");
    }
    c->out_off += n;
  }
  c->out_off = c->out_len = 0;
  return 0;
}

/* Length of the first whole frame in the input, or 0 if it has not all arrived. */
static size_t frame_at(const uint8_t *p, size_t len) {
  if (len < 2) return 0;
  size_t masked = (p[1] & 0x80) ? 4 : 0;
  uint64_t b = p[1] & 0x7f, head = 2;
  if (b == 126) {
    if (len < 4) return 0;
    b = ((uint64_t)p[2] << 8) | p[3];
    head = 4;
  } else if (b == 127) {
    if (len < 10) return 0;
    b = 0;
    for (int i = 0; i < 8; i++) b = (b << 8) | p[2 + i];
    head = 10;
  }
  size_t total = head + masked + b;
  return len >= total ? total : 0;
}

int main(int argc, char **argv) {
  double rate = 0; /* paced: messages per second per connection */
  if (argc == 7 && strncmp(argv[6], "rate=", 5) == 0) rate = atof(argv[6] + 5);
  if (argc != 6 && !(argc == 7 && (strcmp(argv[6], "raw") == 0 || rate > 0))) {
    fprintf(stderr, "usage: loadgen PORT SIZE CONNECTIONS INFLIGHT SECONDS [raw | rate=R]\n");
    return 2;
  }
  int port = atoi(argv[1]);
  size_t size = strtoul(argv[2], 0, 10);
  int nconn = atoi(argv[3]);
  size_t inflight = strtoul(argv[4], 0, 10);
  double seconds = atof(argv[5]);
  int raw = argc == 7 && rate == 0;
  make_frame(size);
  int ep = epoll_create1(0);
  conn_t *conns = calloc(nconn, sizeof(conn_t));
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  const char *req =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  for (int i = 0; i < nconn; i++) {
    conn_t *c = &conns[i];
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) fail("connect");
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!raw && send(c->fd, req, strlen(req), MSG_NOSIGNAL) < 0) fail("send upgrade");
    c->ring = inflight;
    c->sent_at = calloc(inflight, sizeof(double));
  }
  /* Handshakes, blocking: read each answer's head (the server sends nothing after it yet). */
  for (int i = 0; i < nconn; i++) {
    conn_t *c = &conns[i];
    char buf[4096];
    size_t got = 0;
    c->in = grow(c->in, &c->in_cap, 65536);
    for (; !raw;) {
      ssize_t n = recv(c->fd, buf + got, sizeof buf - 1 - got, 0);
      if (n <= 0) fail("handshake");
      got += n;
      buf[got] = 0;
      char *end = strstr(buf, "\r\n\r\n");
      if (!end) continue;
      if (!strstr(buf, " 101 ")) {
        errno = EPROTO;
        fail("no 101");
      }
      size_t rest = got - (end + 4 - buf);
      c->in = grow(c->in, &c->in_cap, rest + 65536);
      memcpy(c->in, end + 4, rest);
      c->in_len = rest;
      break;
    }
    if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) < 0) fail("nonblock");
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
  }
  double start = now_us(), stop = start + seconds * 1e6;
  double period = rate > 0 ? 1e6 / rate : 0; /* µs between one connection's sends */
  uint64_t paced_sends = 0;                  /* sends due so far, over all connections */
  record_from = rate > 0 ? start + (seconds / 4 < 1 ? seconds / 4 : 1) * 1e6 : 0;
  for (int i = 0; i < nconn && rate == 0; i++) {
    queue_frames(&conns[i], inflight, start);
    if (flush(&conns[i])) {
      struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = &conns[i]};
      epoll_ctl(ep, EPOLL_CTL_MOD, conns[i].fd, &ev);
    }
  }
  int waiting = nconn; /* connections with messages still in flight */
  struct epoll_event events[256];
  double deadline = stop + 10e6;
  while (waiting > 0 && now_us() < deadline) {
    int timeout = 100;
    if (rate > 0) {
      /* Send what is due: send k goes to connection k % nconn at start + k * period / nconn. */
      double t = now_us();
      for (;;) {
        double due = start + paced_sends * (period / nconn);
        if (due >= stop) {
          waiting = 0;
          for (int i = 0; i < nconn; i++) waiting += conns[i].count > 0;
          break;
        }
        if (due > t) {
          timeout = (int)((due - t) / 1000);
          break;
        }
        conn_t *c = &conns[paced_sends++ % nconn];
        if (c->count >= c->ring) {
          skipped++;
          continue;
        }
        int idle = c->out_len == 0;
        queue_frames(c, 1, t);
        if (idle && flush(c)) {
          struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
      }
      if (now_us() >= stop && waiting == 0) break;
    }
    int n = epoll_wait(ep, events, 256, timeout);
    for (int e = 0; e < n; e++) {
      conn_t *c = events[e].data.ptr;
      if (events[e].events & EPOLLOUT) {
        if (!flush(c)) {
          struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
      }
      if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      for (;;) {
        c->in = grow(c->in, &c->in_cap, c->in_len + 65536);
        ssize_t r = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
        if (r < 0 && errno == EAGAIN) break;
        if (r <= 0) {
          if (c->count > 0) waiting--;
          c->count = 0;
          epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, 0);
          break;
        }
        c->in_len += r;
        if ((size_t)r < 65536) break;
      }
      double t = now_us();
      size_t off = 0, done = 0, len;
      while (c->count > 0 && (len = frame_at(c->in + off, c->in_len - off)) > 0) {
        off += len;
        record(c->sent_at[c->head], t - c->sent_at[c->head]);
        c->head = (c->head + 1) % c->ring;
        c->count--;
        done++;
        messages++;
        bytes_echoed += frame_len;
      }
      if (off > 0) {
        memmove(c->in, c->in + off, c->in_len - off);
        c->in_len -= off;
      }
      if (done == 0) continue;
      if (rate > 0) continue; /* paced: the sends follow the clock, not the echoes */
      if (t < stop) {
        int idle = c->out_len == 0;
        queue_frames(c, done, t);
        if (idle && flush(c)) {
          struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
      } else if (c->count == 0) {
        waiting--;
      }
    }
  }
  double elapsed = (now_us() - start) / 1e6;
  for (int i = 0; i < nconn; i++) close(conns[i].fd);
  printf("{\"messages\":%llu,\"bytes\":%llu,\"skipped\":%llu,\"seconds\":%.6f,\"q\":[",
         (unsigned long long)messages, (unsigned long long)bytes_echoed,
         (unsigned long long)skipped, elapsed);
  uint64_t seen = 0;
  size_t b = 0;
  for (int q = 0; q <= 1000; q++) {
    uint64_t want = recorded == 0 ? 0 : (uint64_t)((recorded - 1) * (q / 1000.0));
    while (b < HIST_FINE + HIST_COARSE && seen + hist[b] <= want) seen += hist[b++];
    printf("%s%.1f", q ? "," : "", recorded == 0 ? 0.0 : bucket_value(b));
  }
  printf("]}\n");
  return 0;
}
