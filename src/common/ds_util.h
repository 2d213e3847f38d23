/*
** ds_util.h - small helpers shared by src/ and tables/: a growable string
** buffer (buf.c), string copies and formatting (str.c), file reading through
** the host root prefix (util.c).  Secret detection is common/ds_secret.h.
*/
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include <stddef.h>
#include <stdarg.h>

/*
** A growable string buffer with a sticky error (src/common/buf.c), like
** SQLite's sqlite3_str: start it zeroed (`ds_buf b = {0};`), append freely,
** check once at the end.  The first append that fails (no memory) marks the
** buffer failed and every later append is a no-op, so the owner need not
** test each one: ds_buf_take() returns NULL, or ds_buf_failed() says 1.
** The appends return 0, or -1 once the buffer has failed, for a caller that
** wants to stop early (a curl write callback).
*/
typedef struct ds_buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len;
  size_t cap;
  int failed; /* an append failed: the contents are incomplete */
} ds_buf;

int ds_buf_append(ds_buf *b, const char *s, size_t n);
int ds_buf_puts(ds_buf *b, const char *s);
int ds_buf_printf(ds_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 when an append failed since the buffer was started or last freed. */
int ds_buf_failed(const ds_buf *b);
/* Frees the contents and clears the error: the buffer can be used again. */
void ds_buf_free(ds_buf *b);
/* Hands the string to the caller ("" when nothing was appended), or frees
** it and returns NULL when an append failed.  The buffer is left empty. */
char *ds_buf_take(ds_buf *b);

/* `a` unless it is NULL, then `b`. */
static inline const char *ds_or(const char *a, const char *b) {
  return a ? a : b;
}

/* Milliseconds of the monotonic clock: for snapshot lifetimes and
** deadlines (never wall time). */
long long ds_now_ms(void);

char *ds_strdup(const char *s);
char *ds_strndup(const char *s, size_t n);
char *ds_mprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *ds_vmprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
** Reads a whole file into a malloc'd NUL-terminated buffer.  Reads /proc
** files correctly (their stat size is 0).  `max` bounds the size; larger
** files are an error (EFBIG).  Returns 0, or -1 with errno set.
*/
int ds_read_file(const char *path, size_t max, char **out, size_t *len);

/* Joins the host root prefix and an absolute host path into `out`.
** Returns `out`, or NULL when it does not fit. */
char *ds_host_path(const char *root, const char *path, char *out, size_t outsz);

/* Reads the namespace inode of /proc/<pid>/ns/<type> (under `root`) as
** decimal text into `out` ("4026531840"), as osquery does.  Returns 0, or -1
** when the process is gone or the link unreadable. */
int ds_ns_inode(const char *root, long pid, const char *type, char *out, size_t outsz);

#endif
