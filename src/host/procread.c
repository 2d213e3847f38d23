/*
** procread.c - reading /proc and host files through the host root prefix
** into reused buffers, listing the processes, and the per-process scan the
** pid-indexed tables are built on.  The parsers are in procfs.c.
*/
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dockersec.h"
#include "host/ds_procfs.h"

/* ---- readers -------------------------------------------------------------- */

int ds_read_into(const char *path, size_t max, ds_buf *b) {
  b->len = 0;
  b->failed = 0; /* the contents are replaced whole */
  if (b->data) b->data[0] = '\0';
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return -1;
  for (;;) {
    if (b->cap - b->len < 4096 + 1) {
      size_t cap = b->cap ? b->cap * 2 : 8192;
      char *p = realloc(b->data, cap);
      if (!p) {
        close(fd);
        errno = ENOMEM;
        return -1;
      }
      b->data = p;
      b->cap = cap;
    }
    ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      b->len = 0;
      b->data[0] = '\0';
      errno = e;
      return -1;
    }
    if (n == 0) break;
    b->len += (size_t)n;
    if (b->len > max) {
      close(fd);
      b->len = 0;
      b->data[0] = '\0';
      errno = EFBIG;
      return -1;
    }
  }
  close(fd);
  b->data[b->len] = '\0';
  return 0;
}

int ds_host_read(const char *root, const char *path, ds_buf *b, size_t max) {
  char full[4096];
  if (!ds_host_path(root, path, full, sizeof(full))) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return ds_read_into(full, max, b);
}

/* "<root>/proc/<pid>/<name>" into path[size]; 0, or -1 + ENAMETOOLONG. */
static int proc_path(const char *root, long pid, const char *name, char *path, size_t size) {
  int n = snprintf(path, size, "%s/proc/%ld/%s", root ? root : "", pid, name);
  if (n < 0 || (size_t)n >= size) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return 0;
}

int ds_proc_read(const char *root, long pid, const char *name, ds_buf *b, size_t max) {
  char path[4096];
  if (proc_path(root, pid, name, path, sizeof(path)) != 0) return -1;
  return ds_read_into(path, max, b);
}

long ds_proc_readlink(const char *root, long pid, const char *name, char *out, size_t outsz) {
  char path[4096];
  if (proc_path(root, pid, name, path, sizeof(path)) != 0) return -1;
  if (outsz < 2) {
    errno = ENAMETOOLONG; /* no room for a target: as if it were too long */
    return -1;
  }
  ssize_t len = readlink(path, out, outsz - 1);
  if (len < 0) return -1;
  out[len] = '\0';
  return (long)len;
}

int ds_proc_gone(int err) {
  return err == ENOENT || err == ESRCH;
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

static long parse_pid_name(const char *s) {
  long v = 0;
  if (!*s) return -1;
  for (; *s; s++) {
    if (!isdigit((unsigned char)*s) || v > 100000000L) return -1;
    v = v * 10 + (*s - '0');
  }
  return v;
}

int ds_proc_list(const char *root, long **pids, size_t *n) {
  char path[4096];
  *pids = NULL;
  *n = 0;
  if (!ds_host_path(root, "/proc", path, sizeof(path))) {
    errno = ENAMETOOLONG;
    return -1;
  }
  DIR *d = opendir(path);
  if (!d) return -1;
  size_t cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    long pid = parse_pid_name(e->d_name);
    if (pid <= 0) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 1024;
      long *p = realloc(*pids, cap * sizeof(long));
      if (!p) {
        closedir(d);
        free(*pids);
        *pids = NULL;
        *n = 0;
        errno = ENOMEM;
        return -1;
      }
      *pids = p;
    }
    (*pids)[(*n)++] = pid;
  }
  closedir(d);
  if (*n) qsort(*pids, *n, sizeof(long), cmp_long);
  return 0;
}

int ds_proc_pids_for(ds_query *q, int col, long **pids, size_t *n) {
  int nv = ds_query_nvalues(q, col);
  if (nv == 0) return ds_proc_list(ds_query_root(q), pids, n);
  *pids = malloc(sizeof(long) * (size_t)nv);
  *n = 0;
  if (!*pids) {
    errno = ENOMEM;
    return -1;
  }
  for (int i = 0; i < nv; i++) {
    if (ds_query_is_null(q, col, i)) continue;
    sqlite3_int64 v = ds_query_int(q, col, i);
    if (v > 0 && v < 0x7fffffff) (*pids)[(*n)++] = (long)v;
  }
  if (*n > 1) qsort(*pids, *n, sizeof(long), cmp_long);
  size_t k = 0;
  for (size_t i = 0; i < *n; i++)
    if (k == 0 || (*pids)[k - 1] != (*pids)[i]) (*pids)[k++] = (*pids)[i];
  *n = k;
  return 0;
}

/* ---- scanning the processes of a pid-indexed table ------------------------ */

int ds_proc_each(ds_query *q, int pid_col, ds_proc_fn fn, void *arg) {
  long *pids;
  size_t n;
  if (ds_proc_pids_for(q, pid_col, &pids, &n) != 0) {
    int err = errno;
    return ds_error(q, "cannot list %s/proc: %s", ds_query_root(q), strerror(err));
  }
  int rc = SQLITE_OK;
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
    rc = fn(q, pids[i], arg);
  free(pids);
  return rc;
}

/* ds_proc_read_each's state, handed through ds_proc_each's `arg`. */
typedef struct read_each {
  const char *root, *file;
  size_t max;
  ds_buf buf;
  ds_proc_file_fn fn;
  void *arg;
} read_each;

static int read_then_call(ds_query *q, long pid, void *arg) {
  read_each *r = arg;
  if (ds_proc_read(r->root, pid, r->file, &r->buf, r->max) != 0) return SQLITE_OK;
  return r->fn(q, pid, &r->buf, r->arg);
}

int ds_proc_read_each(ds_query *q, int pid_col, const char *file, size_t max, ds_proc_file_fn fn,
                      void *arg) {
  read_each r = {.root = ds_query_root(q), .file = file, .max = max, .fn = fn, .arg = arg};
  int rc = ds_proc_each(q, pid_col, read_then_call, &r);
  ds_buf_free(&r.buf);
  return rc;
}
