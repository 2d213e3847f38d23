/*
** util.c - file reading through the host root, namespace inodes.  The
** string buffer is in buf.c, string copies in str.c, secret detection in
** secret.c.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/ds_util.h"

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
  size_t n = b.len;
  *out = ds_buf_take(&b);
  if (!*out) {
    errno = ENOMEM;
    return -1;
  }
  if (len) *len = n;
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

long long ds_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
