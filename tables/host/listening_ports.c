/*
** listening_ports - sockets waiting for connections, in every network
** namespace (the host's and each container's), with their owning process.
**
** Sources: for each distinct /proc/<pid>/ns/net, one member's
** /proc/<pid>/net/{tcp,tcp6,udp,udp6,unix}; TCP in LISTEN, UDP bound without
** a peer, unix stream/seqpacket sockets accepting connections.  The owner
** comes from the socket:[inode] links of /proc/<pid>/fd (read only when pid
** or fd is used); a socket with no visible owner has pid and fd -1, like
** osquery.  When no namespace link can be read (no privilege) the reader's
** own <root>/proc/net is used and net_namespace is NULL.
**
** Push-down: net_namespace (= and IN) reads only those namespaces.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_netproc.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum {
  C_PID,
  C_PORT,
  C_PROTOCOL,
  C_FAMILY,
  C_ADDRESS,
  C_FD,
  C_SOCKET,
  C_PATH,
  C_NET_NAMESPACE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_INTEGER, "Owning process; -1 when no process shows the socket", 0},
    [C_PORT] = {"port", DS_INTEGER, "Local port (0 for unix sockets)", 0},
    [C_PROTOCOL] = {"protocol", DS_INTEGER, "6 TCP, 17 UDP, 0 unix", 0},
    [C_FAMILY] = {"family", DS_INTEGER, "2 IPv4, 10 IPv6, 1 unix", 0},
    [C_ADDRESS] = {"address", DS_TEXT, "Local address (0.0.0.0 / :: = every interface)", 0},
    [C_FD] = {"fd", DS_BIGINT, "File descriptor in the owning process; -1 if unknown", 0},
    [C_SOCKET] = {"socket", DS_BIGINT, "Socket inode", 0},
    [C_PATH] = {"path", DS_TEXT, "Unix socket path ('@name' abstract); '' for IP sockets", 0},
    [C_NET_NAMESPACE] = {"net_namespace", DS_TEXT,
                         "Network namespace inode (= and IN read only those namespaces)",
                         DS_INDEXED},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

typedef struct sock {
  unsigned long long inode;
  int port, protocol, family;
  char address[46];
  char *path;
  int ns; /* index in the namespace list; -1 if unknown */
  int owned;
} sock;

typedef struct socks {
  sock *items;
  size_t n, cap;
} socks;

static int push(socks *s, const sock *x) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    sock *p = realloc(s->items, cap * sizeof(*p));
    if (!p) return -1;
    s->items = p;
    s->cap = cap;
  }
  s->items[s->n++] = *x;
  return 0;
}

static int read_inet(const char *root, const char *dir, const char *file, int family, int udp,
                     int ns, socks *out, ds_buf *b, int *nread) {
  char path[4096];
  if ((size_t)snprintf(path, sizeof(path), "%s%s/%s", root, dir, file) >= sizeof(path) ||
      ds_read_into(path, 64 << 20, b) != 0)
    return 0;
  (*nread)++;
  const char *end = b->data + b->len;
  for (const char *p = b->data; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    ds_inet_socket s;
    if (ds_parse_inet_line(p, (size_t)(e - p), family == 10 ? 6 : 4, &s) == 0 &&
        ds_inet_is_listening(&s, udp) && s.inode != 0) {
      sock x = {.inode = s.inode,
                .port = s.local_port,
                .protocol = udp ? 17 : 6,
                .family = family,
                .ns = ns};
      memcpy(x.address, s.local_address, sizeof(x.address));
      if (push(out, &x) != 0) return -1;
    }
    p = e + 1;
  }
  return 0;
}

static int read_unix(const char *root, const char *dir, int ns, socks *out, ds_buf *b, int *nread) {
  char path[4096];
  if ((size_t)snprintf(path, sizeof(path), "%s%s/unix", root, dir) >= sizeof(path) ||
      ds_read_into(path, 64 << 20, b) != 0)
    return 0;
  (*nread)++;
  const char *end = b->data + b->len;
  for (const char *p = b->data; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    ds_unix_socket u;
    if (ds_parse_unix_line(p, (size_t)(e - p), &u) == 0 && (u.flags & DS_UNIX_ACCEPTCON) &&
        u.inode != 0) {
      sock x = {.inode = u.inode, .family = 1, .ns = ns, .path = ds_strdup(u.path)};
      if (!x.path || push(out, &x) != 0) {
        free(x.path);
        return -1;
      }
    }
    p = e + 1;
  }
  return 0;
}

/* Reads the five files of one namespace from `dir`; *nread counts the files
** that could be read (0: try another member of the namespace).  Returns 0, or
** -1 when out of memory. */
static int read_namespace(const char *root, const char *dir, int ns, socks *out, ds_buf *b,
                          int *nread) {
  *nread = 0;
  if (read_inet(root, dir, "tcp", 2, 0, ns, out, b, nread) ||
      read_inet(root, dir, "tcp6", 10, 0, ns, out, b, nread) ||
      read_inet(root, dir, "udp", 2, 1, ns, out, b, nread) ||
      read_inet(root, dir, "udp6", 10, 1, ns, out, b, nread) ||
      read_unix(root, dir, ns, out, b, nread))
    return -1;
  return 0;
}

/* The network namespaces seen so far: their inodes, kept for the rows. */
typedef struct nslist {
  char (*inode)[32];
  size_t n, cap;
} nslist;

static int ns_seen(const nslist *l, const char *inode) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->inode[i], inode) == 0) return 1;
  return 0;
}

/* Reads every network namespace the query accepts (net_namespace = / IN:
** reading a namespace's files walks the kernel's socket tables, ~1 ms each
** with 20 containers) once, through the first member whose /proc/<pid>/net
** can be read (a process may exit, or a fixture lack it).  *links counts the
** namespace links that could be read at all. */
static int read_all_namespaces(const ds_query *q, const char *root, const long *pids, size_t n,
                               nslist *l, socks *s, ds_buf *b, size_t *links) {
  *links = 0;
  for (size_t i = 0; i < n; i++) {
    char inode[32], dir[64];
    if (ds_ns_inode(root, pids[i], "net", inode, sizeof(inode)) != 0) continue;
    ++*links;
    if (ns_seen(l, inode) || !ds_query_accepts_text(q, C_NET_NAMESPACE, inode)) continue;
    if (l->n == l->cap) {
      size_t cap = l->cap ? l->cap * 2 : 16;
      char(*p)[32] = realloc(l->inode, cap * sizeof(*p));
      if (!p) return -1;
      l->inode = p;
      l->cap = cap;
    }
    snprintf(dir, sizeof(dir), "/proc/%ld/net", pids[i]);
    snprintf(l->inode[l->n], sizeof(l->inode[l->n]), "%s", inode);
    int nread;
    if (read_namespace(root, dir, (int)l->n, s, b, &nread) != 0) return -1;
    if (nread > 0) l->n++; /* else: the next member of this namespace is tried */
  }
  return 0;
}

static int cmp_inode(const void *a, const void *b) {
  unsigned long long x = ((const sock *)a)->inode, y = ((const sock *)b)->inode;
  return (x > y) - (x < y);
}

static sock *find(socks *s, unsigned long long inode) {
  sock key = {.inode = inode};
  /* bsearch's array must not be NULL, even when empty (C11 7.22.5). */
  if (s->n == 0) return NULL;
  return bsearch(&key, s->items, s->n, sizeof(sock), cmp_inode);
}

static int emit(ds_query *q, const nslist *l, const sock *s, long pid, long fd) {
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_PID, pid);
  ds_set_int(q, C_PORT, s->port);
  ds_set_int(q, C_PROTOCOL, s->protocol);
  ds_set_int(q, C_FAMILY, s->family);
  ds_set_text(q, C_ADDRESS, s->family == 1 ? "" : s->address);
  ds_set_int(q, C_FD, fd);
  ds_set_int(q, C_SOCKET, (sqlite3_int64)s->inode);
  ds_set_text(q, C_PATH, s->path ? s->path : "");
  if (s->ns >= 0) ds_set_text(q, C_NET_NAMESPACE, l->inode[s->ns]);
  return SQLITE_OK;
}

/* Emits a row per (process, fd) holding one of the sockets. */
static int emit_owned(ds_query *q, const char *root, const long *pids, size_t n, const nslist *l,
                      socks *s) {
  int rc = SQLITE_OK;
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    char rel[64], dir[4096];
    snprintf(rel, sizeof(rel), "/proc/%ld/fd", pids[i]);
    DIR *d = ds_host_path(root, rel, dir, sizeof(dir)) ? opendir(dir) : NULL;
    if (!d) continue; /* gone, or not ours to read */
    struct dirent *e;
    while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      char name[300], link[64];
      snprintf(name, sizeof(name), "fd/%s", e->d_name);
      if (ds_proc_readlink(root, pids[i], name, link, sizeof(link)) < 0) continue;
      sock *x = find(s, ds_socket_inode(link));
      if (!x) continue;
      x->owned = 1;
      rc = emit(q, l, x, pids[i], strtol(e->d_name, NULL, 10));
    }
    closedir(d);
  }
  return rc;
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  long *pids;
  size_t n;
  if (ds_proc_list(root, &pids, &n) != 0)
    return ds_error(q, "cannot list %s/proc: %s", root, strerror(errno));
  nslist l = {0};
  socks s = {0};
  ds_buf b = {0};
  size_t links = 0;
  int rc =
      read_all_namespaces(q, root, pids, n, &l, &s, &b, &links) == 0 ? SQLITE_OK : SQLITE_NOMEM;
  int nread;
  /* No namespace link readable (no privilege): the reader's own view. */
  if (links == 0 && rc == SQLITE_OK && read_namespace(root, "/proc/net", -1, &s, &b, &nread) != 0)
    rc = SQLITE_NOMEM;
  if (s.n) qsort(s.items, s.n, sizeof(sock), cmp_inode);
  if (rc == SQLITE_OK && (ds_query_uses(q, C_PID) || ds_query_uses(q, C_FD)))
    rc = emit_owned(q, root, pids, n, &l, &s);
  for (size_t i = 0; i < s.n && rc == SQLITE_OK; i++)
    if (!s.items[i].owned) rc = emit(q, &l, &s.items[i], -1, -1);
  for (size_t i = 0; i < s.n; i++)
    free(s.items[i].path);
  free(s.items);
  free(l.inode);
  free(pids);
  ds_buf_free(&b);
  return rc;
}

const ds_table ds_table_listening_ports = {
    .name = "listening_ports",
    .doc = "Listening TCP, UDP and unix sockets in every network namespace, with their owner.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT l.port, l.address, p.name, p.container_id\n"
               "FROM listening_ports l JOIN processes p ON p.pid = l.pid\n"
               "WHERE l.protocol = 6 AND l.address IN ('0.0.0.0', '::');",
};
