/*
** util.c - string buffers, file reading through the host root, namespace
** inodes.  (Secret detection is common/secret.c.)
*/
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/ds_util.h"

static int buf_reserve(ds_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) return -1;
  b->data = p;
  b->cap = cap;
  return 0;
}

int ds_buf_append(ds_buf *b, const char *s, size_t n) {
  if (buf_reserve(b, n) != 0) return -1;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int ds_buf_puts(ds_buf *b, const char *s) {
  return ds_buf_append(b, s, strlen(s));
}

int ds_buf_printf(ds_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || buf_reserve(b, (size_t)n) != 0) return -1;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

void ds_buf_free(ds_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *ds_buf_take(ds_buf *b) {
  char *s = b->data;
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

char *ds_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *ds_strdup(const char *s) {
  return s ? ds_strndup(s, strlen(s)) : NULL;
}

char *ds_vmprintf(const char *fmt, va_list ap) {
  va_list cp;
  va_copy(cp, ap);
  int n = vsnprintf(NULL, 0, fmt, cp);
  va_end(cp);
  if (n < 0) return NULL;
  char *p = malloc((size_t)n + 1);
  if (p) vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *ds_mprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = ds_vmprintf(fmt, ap);
  va_end(ap);
  return p;
}

int ds_read_file(const char *path, size_t max, char **out, size_t *len) {
  *out = NULL;
  if (len) *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return -1;
  ds_buf b = {0};
  char chunk[8192];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      ds_buf_free(&b);
      errno = e;
      return -1;
    }
    if (n == 0) break;
    if (b.len + (size_t)n > max) {
      close(fd);
      ds_buf_free(&b);
      errno = EFBIG;
      return -1;
    }
    if (ds_buf_append(&b, chunk, (size_t)n) != 0) {
      close(fd);
      ds_buf_free(&b);
      errno = ENOMEM;
      return -1;
    }
  }
  close(fd);
  if (!b.data && ds_buf_append(&b, "", 0) != 0) {
    errno = ENOMEM;
    return -1;
  }
  if (len) *len = b.len;
  *out = ds_buf_take(&b);
  return 0;
}

char *ds_host_path(const char *root, const char *path, char *out, size_t outsz) {
  int n = snprintf(out, outsz, "%s%s", root ? root : "", path);
  if (n < 0 || (size_t)n >= outsz) return NULL;
  return out;
}

int ds_ns_inode(const char *root, long pid, const char *type, char *out, size_t outsz) {
  char rel[64], path[4096], link[128];
  snprintf(rel, sizeof(rel), "/proc/%ld/ns/%s", pid, type);
  if (!ds_host_path(root, rel, path, sizeof(path))) return -1;
  ssize_t n = readlink(path, link, sizeof(link) - 1);
  if (n <= 0) return -1;
  link[n] = '\0';
  /* "net:[4026531840]" -> "4026531840" */
  char *open_b = strchr(link, '[');
  char *close_b = open_b ? strchr(open_b, ']') : NULL;
  if (!open_b || !close_b || (size_t)(close_b - open_b - 1) >= outsz) return -1;
  memcpy(out, open_b + 1, (size_t)(close_b - open_b - 1));
  out[close_b - open_b - 1] = '\0';
  return 0;
}
