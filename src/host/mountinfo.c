/*
** mountinfo.c - parsers of /proc/<pid>/mountinfo and /proc/mounts lines
** (see proc(5)), with the kernel's octal escapes decoded.
*/
#include <ctype.h>
#include <string.h>

#include "host/ds_mountinfo.h"

size_t ds_unescape_octal(const char *src, size_t n, char *dst) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (src[i] == '\\' && i + 3 < n && src[i + 1] >= '0' && src[i + 1] <= '3' &&
        src[i + 2] >= '0' && src[i + 2] <= '7' && src[i + 3] >= '0' && src[i + 3] <= '7') {
      dst[o++] = (char)((src[i + 1] - '0') * 64 + (src[i + 2] - '0') * 8 + (src[i + 3] - '0'));
      i += 3;
    } else {
      dst[o++] = src[i];
    }
  }
  dst[o] = '\0';
  return o;
}

/* Splits the next space-separated field of [*p, end). */
static int next_field(const char **p, const char *end, const char **f, size_t *n) {
  const char *s = *p;
  while (s < end && *s == ' ')
    s++;
  if (s >= end) return -1;
  const char *e = s;
  while (e < end && *e != ' ')
    e++;
  *f = s;
  *n = (size_t)(e - s);
  *p = e;
  return 0;
}

/* Copies a decoded field into the work buffer; returns it, or NULL when full. */
static const char *put(char **w, const char *wend, const char *f, size_t n) {
  if ((size_t)(wend - *w) < n + 1) return NULL;
  char *s = *w;
  size_t len = ds_unescape_octal(f, n, s);
  *w = s + len + 1;
  return s;
}

static int parse_ll(const char *f, size_t n, long long *v) {
  long long acc = 0;
  if (n == 0 || n > 18) return -1;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)f[i])) return -1;
    acc = acc * 10 + (f[i] - '0');
  }
  *v = acc;
  return 0;
}

static int parse_devno(const char *f, size_t n, unsigned *major, unsigned *minor) {
  const char *colon = memchr(f, ':', n);
  long long a, b;
  if (!colon || parse_ll(f, (size_t)(colon - f), &a) != 0 ||
      parse_ll(colon + 1, n - (size_t)(colon - f) - 1, &b) != 0 || a > 0xffffffffLL ||
      b > 0xffffffffLL)
    return -1;
  *major = (unsigned)a;
  *minor = (unsigned)b;
  return 0;
}

int ds_parse_mountinfo_line(const char *line, size_t len, ds_mountinfo *out, char *work,
                            size_t worksz) {
  memset(out, 0, sizeof(*out));
  if (!line || !work) return -1;
  const char *end = line + len;
  while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  const char *p = line, *f;
  size_t n;
  char *w = work;
  const char *wend = work + worksz;
  if (next_field(&p, end, &f, &n) || parse_ll(f, n, &out->mount_id)) return -1;
  if (next_field(&p, end, &f, &n) || parse_ll(f, n, &out->parent_id)) return -1;
  if (next_field(&p, end, &f, &n) || parse_devno(f, n, &out->major, &out->minor)) return -1;
  if (next_field(&p, end, &f, &n) || !(out->root = put(&w, wend, f, n))) return -1;
  if (next_field(&p, end, &f, &n) || !(out->mount_point = put(&w, wend, f, n))) return -1;
  if (next_field(&p, end, &f, &n) || !(out->options = put(&w, wend, f, n))) return -1;
  /* Zero or more optional fields, then the "-" separator. */
  const char *opt_start = NULL, *opt_end = NULL;
  for (;;) {
    if (next_field(&p, end, &f, &n)) return -1;
    if (n == 1 && f[0] == '-') break;
    if (!opt_start) opt_start = f;
    opt_end = f + n;
  }
  if (!(out->optional = put(&w, wend, opt_start ? opt_start : "",
                            opt_start ? (size_t)(opt_end - opt_start) : 0)))
    return -1;
  if (next_field(&p, end, &f, &n) || !(out->fstype = put(&w, wend, f, n))) return -1;
  if (next_field(&p, end, &f, &n) || !(out->source = put(&w, wend, f, n))) return -1;
  /* Super options may be absent on very old kernels. */
  if (next_field(&p, end, &f, &n)) {
    f = "";
    n = 0;
  }
  if (!(out->super_options = put(&w, wend, f, n))) return -1;
  return 0;
}

/* 1 when the space-separated optional fields hold a tag "name:…" (or the bare
** word `name` when `bare`). */
static int has_tag(const char *optional, const char *name, int bare) {
  size_t n = strlen(name);
  for (const char *p = optional; p && *p;) {
    while (*p == ' ')
      p++;
    const char *e = p;
    while (*e && *e != ' ')
      e++;
    if ((size_t)(e - p) >= n && memcmp(p, name, n) == 0 &&
        ((bare && (size_t)(e - p) == n) || (!bare && p[n] == ':')))
      return 1;
    p = e;
  }
  return 0;
}

const char *ds_mount_propagation(const char *optional) {
  int shared = has_tag(optional, "shared", 0);
  int slave = has_tag(optional, "master", 0);
  if (shared && slave) return "shared,slave";
  if (shared) return "shared";
  if (slave) return "slave";
  if (has_tag(optional, "unbindable", 1)) return "unbindable";
  return "private";
}

int ds_mount_has_option(const char *options, const char *opt) {
  size_t n = strlen(opt);
  for (const char *p = options; p && *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == n && memcmp(p, opt, n) == 0) return 1;
    if (!comma) break;
    p = comma + 1;
  }
  return 0;
}

int ds_parse_mounts_line(const char *line, size_t len, ds_mount *out, char *work, size_t worksz) {
  memset(out, 0, sizeof(*out));
  if (!line || !work) return -1;
  const char *end = line + len;
  while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  const char *p = line, *f;
  size_t n;
  char *w = work;
  const char *wend = work + worksz;
  if (next_field(&p, end, &f, &n) || !(out->device = put(&w, wend, f, n))) return -1;
  if (next_field(&p, end, &f, &n) || !(out->path = put(&w, wend, f, n))) return -1;
  if (next_field(&p, end, &f, &n) || !(out->type = put(&w, wend, f, n))) return -1;
  if (next_field(&p, end, &f, &n) || !(out->options = put(&w, wend, f, n))) return -1;
  return 0;
}
