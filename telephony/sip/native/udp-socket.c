/*
 * udp-socket.c: a UDP socket for the SIP stack that receives datagrams in batches.
 *
 * Why this exists (docs/sip-stack.md, "Native UDP socket"): with Node's dgram every datagram
 * costs a recvmsg, a new backing store, an `rinfo` object and a callback into JavaScript, and
 * every send a SendWrap and argument checks. A minimal SIP responder on dgram measured about
 * 67 us of CPU per sipp call where the same responder in C took about 22 us. Here one readable
 * event drains the socket with recvmmsg, copies the datagrams into one packed Buffer and calls
 * JavaScript once per batch; a send is one sendto.
 *
 * JavaScript API (see udp-native.ts):
 *   open(host, port, family, recvBufferSize, meta: Int32Array, onBatch) -> handle
 *       onBatch(batch: Buffer, count) is called with meta holding, per datagram i,
 *       meta[i*8 .. i*8+7] = offset, length, port, family (4|6), address words a0..a3
 *       (IPv4: a0 = the address in network order; IPv6: the four 32-bit words in network order).
 *   address(handle) -> [host, port]
 *   send(handle, data: Uint8Array, port, host) -> 0 or -errno (EAGAIN is queued, never returned)
 *   close(handle)
 *   formatAddress6(a0, a1, a2, a3) -> an IPv6 source address as text
 * Everything runs on the event loop thread.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#define NODE_GYP_MODULE_NAME udp_socket
#include <node_api.h>
#include <uv.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 32            /* datagrams per recvmmsg */
#define SLOT 65536          /* bytes per datagram slot: the largest UDP payload fits */
#define META_STRIDE 8       /* int32 per datagram in meta */
#define MAX_ROUNDS 8        /* recvmmsg rounds per readable event, so timers still run */

typedef struct pending {
  struct pending *next;
  struct sockaddr_storage to;
  socklen_t tolen;
  size_t len;
  char data[];
} pending_t;

typedef struct {
  uv_poll_t poll;           /* first, so the handle is the struct */
  napi_env env;
  int fd;
  int family;
  int closed;
  int events;               /* UV_READABLE, plus UV_WRITABLE while sends are queued */
  napi_ref on_batch;
  napi_ref meta_ref;
  int32_t *meta;            /* BATCH * META_STRIDE int32, owned by the JS Int32Array */
  napi_async_context async;
  napi_ref self;            /* keeps the handle object alive while open */
  char *slots;              /* BATCH * SLOT bytes */
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_storage from[BATCH];
  pending_t *queue_head, *queue_tail;
} udp_t;

#define CHECK(call)                                   \
  do {                                                \
    if ((call) != napi_ok) return NULL;               \
  } while (0)

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, "ERR_RINGWELL_UDP", msg);
  return NULL;
}

static void on_poll(uv_poll_t *handle, int status, int events);

static void set_events(udp_t *u, int events) {
  if (u->closed || u->events == events) return;
  u->events = events;
  uv_poll_start(&u->poll, events, on_poll);
}

static void deliver(udp_t *u, int n) {
  napi_env env = u->env;
  size_t total = 0;
  for (int i = 0; i < n; i++) total += u->msgs[i].msg_len;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  void *data = NULL;
  napi_value batch;
  if (napi_create_buffer(env, total == 0 ? 1 : total, &data, &batch) == napi_ok) {
    size_t off = 0;
    for (int i = 0; i < n; i++) {
      size_t len = u->msgs[i].msg_len;
      memcpy((char *)data + off, u->slots + (size_t)i * SLOT, len);
      int32_t *m = u->meta + i * META_STRIDE;
      m[0] = (int32_t)off;
      m[1] = (int32_t)len;
      /* a datagram cut short by the slot (cannot happen below 64 KiB) is flagged by a negative length */
      if (u->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) m[1] = -1;
      struct sockaddr_storage *from = &u->from[i];
      if (from->ss_family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)from;
        m[2] = ntohs(s6->sin6_port);
        m[3] = 6;
        memcpy(&m[4], &s6->sin6_addr, 16);
      } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)from;
        m[2] = ntohs(s4->sin_port);
        m[3] = 4;
        memcpy(&m[4], &s4->sin_addr, 4);
        m[5] = m[6] = m[7] = 0;
      }
      off += len;
    }
    napi_value cb, recv, argv[2], result;
    napi_get_reference_value(env, u->on_batch, &cb);
    napi_get_reference_value(env, u->self, &recv);
    argv[0] = batch;
    napi_create_int32(env, n, &argv[1]);
    /* make_callback runs process.nextTick callbacks and microtasks afterwards, as dgram's would */
    napi_status st = napi_make_callback(env, u->async, recv, cb, 2, argv, &result);
    if (st == napi_pending_exception) {
      napi_value exc;
      napi_get_and_clear_last_exception(env, &exc);
      napi_fatal_exception(env, exc);
    }
  }
  napi_close_handle_scope(env, scope);
}

static void drain_queue(udp_t *u) {
  while (u->queue_head) {
    pending_t *p = u->queue_head;
    ssize_t r = sendto(u->fd, p->data, p->len, MSG_DONTWAIT, (struct sockaddr *)&p->to, p->tolen);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    /* sent, or failed for good: a queued datagram has no one left to tell, as with dgram */
    u->queue_head = p->next;
    if (!u->queue_head) u->queue_tail = NULL;
    free(p);
  }
  set_events(u, UV_READABLE);
}

static void on_poll(uv_poll_t *handle, int status, int events) {
  udp_t *u = (udp_t *)handle;
  if (status < 0 || u->closed) return;
  if (events & UV_WRITABLE) drain_queue(u);
  if (!(events & UV_READABLE)) return;
  for (int round = 0; round < MAX_ROUNDS && !u->closed; round++) {
    for (int i = 0; i < BATCH; i++) {
      u->iov[i].iov_base = u->slots + (size_t)i * SLOT;
      u->iov[i].iov_len = SLOT;
      memset(&u->msgs[i].msg_hdr, 0, sizeof(struct msghdr));
      u->msgs[i].msg_hdr.msg_iov = &u->iov[i];
      u->msgs[i].msg_hdr.msg_iovlen = 1;
      u->msgs[i].msg_hdr.msg_name = &u->from[i];
      u->msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
    }
    int n = recvmmsg(u->fd, u->msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return; /* EAGAIN, or an error the next datagram will not have (ICMP) */
    deliver(u, n);
    if (n < BATCH) return;
  }
}

static int to_sockaddr(int family, const char *host, int port, struct sockaddr_storage *out, socklen_t *len) {
  memset(out, 0, sizeof *out);
  if (family == AF_INET6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)out;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1) {
      /* an IPv4 literal on an IPv6 socket: its mapped form */
      struct in_addr a4;
      if (inet_pton(AF_INET, host, &a4) != 1) return -EINVAL;
      s6->sin6_addr.s6_addr[10] = 0xff;
      s6->sin6_addr.s6_addr[11] = 0xff;
      memcpy(&s6->sin6_addr.s6_addr[12], &a4, 4);
    }
    *len = sizeof *s6;
  } else {
    struct sockaddr_in *s4 = (struct sockaddr_in *)out;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &s4->sin_addr) != 1) return strchr(host, ':') ? -EAFNOSUPPORT : -EINVAL;
    *len = sizeof *s4;
  }
  return 0;
}

static udp_t *unwrap(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_unwrap(env, v, &p) != napi_ok) return NULL;
  return (udp_t *)p;
}

static void on_closed(uv_handle_t *h) {
  udp_t *u = (udp_t *)h;
  close(u->fd);
  while (u->queue_head) {
    pending_t *p = u->queue_head;
    u->queue_head = p->next;
    free(p);
  }
  free(u->slots);
  free(u);
}

static void do_close(napi_env env, napi_value self, udp_t *u) {
  if (u->closed) return;
  u->closed = 1;
  /* the handle object may outlive the socket: later calls must not find the freed struct */
  napi_remove_wrap(env, self, NULL);
  uv_poll_stop(&u->poll);
  napi_delete_reference(env, u->on_batch);
  napi_delete_reference(env, u->meta_ref);
  napi_delete_reference(env, u->self);
  napi_async_destroy(env, u->async);
  uv_close((uv_handle_t *)&u->poll, on_closed);
}

/* open(host, port, family, recvBufferSize, meta, onBatch) */
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6], self;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) {
    napi_throw_type_error(env, NULL, "open(host, port, family, recvBufferSize, meta, onBatch)");
    return NULL;
  }
  char host[64];
  size_t hostlen;
  int32_t port, family, rcvbuf;
  CHECK(napi_get_value_string_latin1(env, argv[0], host, sizeof host, &hostlen));
  CHECK(napi_get_value_int32(env, argv[1], &port));
  CHECK(napi_get_value_int32(env, argv[2], &family));
  CHECK(napi_get_value_int32(env, argv[3], &rcvbuf));
  napi_typedarray_type type;
  size_t length;
  void *meta;
  CHECK(napi_get_typedarray_info(env, argv[4], &type, &length, &meta, NULL, NULL));
  if (type != napi_int32_array || length < BATCH * META_STRIDE) {
    napi_throw_type_error(env, NULL, "meta must be an Int32Array of at least 256 elements");
    return NULL;
  }
  int af = family == 6 ? AF_INET6 : AF_INET;
  struct sockaddr_storage addr;
  socklen_t addrlen;
  int err = to_sockaddr(af, host, port, &addr, &addrlen);
  if (err) return throw_errno(env, "bad listen address", -err);
  int fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf); /* capped by rmem_max, as with dgram */
  if (bind(fd, (struct sockaddr *)&addr, addrlen) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, "bind", e);
  }
  udp_t *u = calloc(1, sizeof(udp_t));
  char *slots = malloc((size_t)BATCH * SLOT);
  uv_loop_t *loop;
  if (!u || !slots || napi_get_uv_event_loop(env, &loop) != napi_ok || uv_poll_init(loop, &u->poll, fd) != 0) {
    free(u);
    free(slots);
    close(fd);
    return throw_errno(env, "open", ENOMEM);
  }
  u->env = env;
  u->fd = fd;
  u->family = af;
  u->slots = slots;
  u->meta = meta;
  CHECK(napi_create_object(env, &self));
  CHECK(napi_wrap(env, self, u, NULL, NULL, NULL));
  CHECK(napi_create_reference(env, self, 1, &u->self));
  CHECK(napi_create_reference(env, argv[4], 1, &u->meta_ref));
  CHECK(napi_create_reference(env, argv[5], 1, &u->on_batch));
  napi_value name;
  CHECK(napi_create_string_utf8(env, "RINGWELL_UDP", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_async_init(env, self, name, &u->async));
  set_events(u, UV_READABLE);
  return self;
}

/* address(handle) -> [host, port] */
static napi_value js_address(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  udp_t *u = unwrap(env, argv[0]);
  if (!u || u->closed) return throw_errno(env, "address", EBADF);
  struct sockaddr_storage a;
  socklen_t len = sizeof a;
  if (getsockname(u->fd, (struct sockaddr *)&a, &len) < 0) return throw_errno(env, "getsockname", errno);
  char host[INET6_ADDRSTRLEN];
  int port;
  if (a.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a)->sin6_addr, host, sizeof host);
    port = ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
  } else {
    inet_ntop(AF_INET, &((struct sockaddr_in *)&a)->sin_addr, host, sizeof host);
    port = ntohs(((struct sockaddr_in *)&a)->sin_port);
  }
  napi_value out, h, p;
  CHECK(napi_create_array_with_length(env, 2, &out));
  CHECK(napi_create_string_latin1(env, host, NAPI_AUTO_LENGTH, &h));
  CHECK(napi_create_int32(env, port, &p));
  CHECK(napi_set_element(env, out, 0, h));
  CHECK(napi_set_element(env, out, 1, p));
  return out;
}

/* send(handle, data, port, host) -> 0 or -errno */
static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], ret;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  udp_t *u = unwrap(env, argv[0]);
  int result = 0;
  void *data;
  size_t len;
  int32_t port;
  char host[64];
  size_t hostlen;
  struct sockaddr_storage to;
  socklen_t tolen;
  if (!u || u->closed) result = -EBADF;
  else if (napi_get_typedarray_info(env, argv[1], NULL, &len, &data, NULL, NULL) != napi_ok) result = -EINVAL;
  else if (napi_get_value_int32(env, argv[2], &port) != napi_ok || port <= 0 || port > 65535) result = -EINVAL;
  else if (napi_get_value_string_latin1(env, argv[3], host, sizeof host, &hostlen) != napi_ok) result = -EINVAL;
  else if ((result = to_sockaddr(u->family, host, port, &to, &tolen)) == 0) {
    ssize_t r = u->queue_head ? -1 : sendto(u->fd, data, len, MSG_DONTWAIT, (struct sockaddr *)&to, tolen);
    if (u->queue_head || (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) {
      /* the send buffer is full: queue and send when writable, as libuv does for dgram */
      pending_t *p = malloc(sizeof(pending_t) + len);
      if (!p) result = -ENOMEM;
      else {
        p->next = NULL;
        p->to = to;
        p->tolen = tolen;
        p->len = len;
        memcpy(p->data, data, len);
        if (u->queue_tail) u->queue_tail->next = p;
        else u->queue_head = p;
        u->queue_tail = p;
        set_events(u, UV_READABLE | UV_WRITABLE);
      }
    } else if (r < 0) result = -errno;
  }
  CHECK(napi_create_int32(env, result, &ret));
  return ret;
}

/* close(handle) */
static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  udp_t *u = unwrap(env, argv[0]);
  if (u) do_close(env, argv[0], u);
  return NULL;
}

/* formatAddress6(a0, a1, a2, a3) -> the address as inet_ntop writes it (the words as in meta) */
static napi_value js_format6(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t w[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < 4 && i < argc; i++) CHECK(napi_get_value_int32(env, argv[i], &w[i]));
  char host[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, w, host, sizeof host)) strcpy(host, "::");
  CHECK(napi_create_string_latin1(env, host, NAPI_AUTO_LENGTH, &out));
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
    {"address", NULL, js_address, NULL, NULL, NULL, napi_default, NULL},
    {"send", NULL, js_send, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
    {"formatAddress6", NULL, js_format6, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value batch;
  if (napi_define_properties(env, exports, 5, props) != napi_ok) return NULL;
  if (napi_create_int32(env, BATCH, &batch) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "batchSize", batch) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
