/*
** netproc.c - parsers of /proc/net/{tcp,tcp6,udp,udp6,unix} lines.
*/
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "host/ds_netproc.h"

static const char *skip_sp(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* Reads exactly `digits` hex digits (0 = as many as there are, up to 16). */
static const char *hex(const char *p, const char *end, int digits, unsigned long long *v) {
  unsigned long long acc = 0;
  int n = 0;
  for (; p < end && isxdigit((unsigned char)*p) && (digits == 0 || n < digits) && n < 16;
       p++, n++) {
    int c = tolower((unsigned char)*p);
    acc = (acc << 4) | (unsigned long long)(isdigit(c) ? c - '0' : c - 'a' + 10);
  }
  if (n == 0 || (digits && n != digits)) return NULL;
  *v = acc;
  return p;
}

static const char *dec(const char *p, const char *end, unsigned long long *v) {
  unsigned long long acc = 0;
  int n = 0;
  for (; p < end && isdigit((unsigned char)*p) && n < 20; p++, n++)
    acc = acc * 10 + (unsigned long long)(*p - '0');
  if (n == 0) return NULL;
  *v = acc;
  return p;
}

/* "0100007F:0CEA" (v4) or 32 hex digits ":PORT" (v6).  Each 32-bit word is
** printed as the CPU sees it, so the bytes are rebuilt in memory order. */
static const char *address(const char *p, const char *end, int family, char *text, int *port) {
  unsigned char bytes[16];
  int words = family == 6 ? 4 : 1;
  for (int i = 0; i < words; i++) {
    unsigned long long w;
    if (!(p = hex(p, end, 8, &w))) return NULL;
    uint32_t word = (uint32_t)w;
    memcpy(bytes + 4 * i, &word, 4);
  }
  if (p >= end || *p != ':') return NULL;
  unsigned long long pt;
  if (!(p = hex(p + 1, end, 4, &pt))) return NULL;
  *port = (int)pt;
  if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, bytes, text, 46)) return NULL;
  return p;
}

int ds_parse_inet_line(const char *line, size_t len, int family, ds_inet_socket *out) {
  memset(out, 0, sizeof(*out));
  if (!line || (family != 4 && family != 6)) return -1;
  const char *end = line + len, *p = skip_sp(line, end);
  unsigned long long v;
  /* "sl:" */
  if (!(p = dec(p, end, &v)) || p >= end || *p != ':') return -1;
  p = skip_sp(p + 1, end);
  if (!(p = address(p, end, family, out->local_address, &out->local_port))) return -1;
  p = skip_sp(p, end);
  if (!(p = address(p, end, family, out->remote_address, &out->remote_port))) return -1;
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 2, &v))) return -1;
  out->state = (int)v;
  /* tx_queue:rx_queue tr:tm->when retrnsmt */
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v)) || p >= end || *p != ':' || !(p = hex(p + 1, end, 0, &v)))
    return -1;
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v)) || p >= end || *p != ':' || !(p = hex(p + 1, end, 0, &v)))
    return -1;
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v))) return -1;
  p = skip_sp(p, end);
  if (!(p = dec(p, end, &v))) return -1;
  out->uid = (long long)v;
  p = skip_sp(p, end); /* timeout */
  if (!(p = dec(p, end, &v))) return -1;
  p = skip_sp(p, end);
  if (!(p = dec(p, end, &v))) return -1;
  out->inode = v;
  return 0;
}

int ds_inet_is_listening(const ds_inet_socket *s, int is_udp) {
  if (is_udp) return s->remote_port == 0 && s->state == 0x07;
  return s->state == 0x0A;
}

int ds_parse_unix_line(const char *line, size_t len, ds_unix_socket *out) {
  memset(out, 0, sizeof(*out));
  if (!line) return -1;
  const char *end = line + len;
  while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  const char *p = skip_sp(line, end);
  unsigned long long v;
  /* Num: RefCount Protocol Flags Type St Inode [Path] */
  if (!(p = hex(p, end, 0, &v)) || p >= end || *p != ':') return -1;
  p = skip_sp(p + 1, end);
  if (!(p = hex(p, end, 0, &v))) return -1; /* refcount */
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v))) return -1; /* protocol */
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v))) return -1;
  out->flags = (unsigned long)v;
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v))) return -1;
  out->type = (int)v;
  p = skip_sp(p, end);
  if (!(p = hex(p, end, 0, &v))) return -1;
  out->state = (int)v;
  p = skip_sp(p, end);
  if (!(p = dec(p, end, &v))) return -1;
  out->inode = v;
  p = skip_sp(p, end);
  size_t n = (size_t)(end - p);
  if (n >= sizeof(out->path)) n = sizeof(out->path) - 1;
  memcpy(out->path, p, n);
  out->path[n] = '\0';
  return 0;
}

unsigned long long ds_socket_inode(const char *link) {
  static const char prefix[] = "socket:[";
  if (!link || strncmp(link, prefix, sizeof(prefix) - 1) != 0) return 0;
  unsigned long long v = 0;
  const char *p = link + sizeof(prefix) - 1;
  for (; isdigit((unsigned char)*p); p++)
    v = v * 10 + (unsigned long long)(*p - '0');
  return *p == ']' ? v : 0;
}
