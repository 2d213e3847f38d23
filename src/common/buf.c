/*
** buf.c - the growable string buffer (ds_buf) with a sticky error, in the
** manner of SQLite's sqlite3_str and curl's dynbuf: the first append that
** fails (out of memory, a bad format) marks the buffer failed; later appends
** are no-ops; the owner checks once, at the end, with ds_buf_failed() or by
** ds_buf_take() returning NULL.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_util.h"

static int buf_fail(ds_buf *b) {
  b->failed = 1;
  return -1;
}

/* Far beyond any answer, file or report we build (answers are capped at
** max_response_bytes): a larger request is a bug or an attack, and fails
** here instead of asking the allocator for half the address space. */
#define DS_BUF_MAX ((size_t)1 << 36)

static int buf_reserve(ds_buf *b, size_t extra) {
  if (b->failed) return -1;
  if (extra >= DS_BUF_MAX - b->len) return buf_fail(b);
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) return buf_fail(b);
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
  if (b->failed) return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return buf_fail(b);
  if (buf_reserve(b, (size_t)n) != 0) return -1;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

int ds_buf_failed(const ds_buf *b) {
  return b->failed;
}

void ds_buf_free(ds_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}

char *ds_buf_take(ds_buf *b) {
  if (b->failed) {
    ds_buf_free(b);
    return NULL;
  }
  if (!b->data && ds_buf_append(b, "", 0) != 0) {
    ds_buf_free(b);
    return NULL;
  }
  char *s = b->data;
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}
