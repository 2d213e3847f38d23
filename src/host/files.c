/*
** files.c - path resolution confined to the root prefix (see ds_files.h).
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/ds_files.h"

#define MAX_SYMLINKS 40
#define PATH_BUF     4096

int ds_normalise_path(const char *path, char *out, size_t outsz) {
  if (!path || path[0] != '/' || outsz < 2) return -1;
  size_t o = 0;
  out[o++] = '/';
  for (const char *p = path; *p;) {
    while (*p == '/')
      p++;
    const char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 0) break;
    if (n == 1 && p[0] == '.') {
      /* skip */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 1 && out[o - 1] != '/')
        o--;
      if (o > 1) o--; /* the '/' before the removed component */
    } else {
      if (o > 1) {
        if (o + 1 >= outsz) return -1;
        out[o++] = '/';
      }
      if (o + n >= outsz) return -1;
      memcpy(out + o, p, n);
      o += n;
    }
    p += n;
  }
  out[o] = '\0';
  return 0;
}

/* Removes the last component of the host path `resolved` ("" is "/"). */
static void pop_component(char *resolved) {
  char *slash = strrchr(resolved, '/');
  if (slash) *slash = '\0';
}

int ds_resolve_in_root(const char *root, const char *path, int follow_last, char *out,
                       size_t outsz) {
  if (!root || !*root) {
    if (!path || path[0] != '/' || (size_t)snprintf(out, outsz, "%s", path) >= outsz) {
      errno = ENAMETOOLONG;
      return -1;
    }
    return 0;
  }
  char resolved[PATH_BUF] = ""; /* host path without root; "" is "/" */
  char rest[PATH_BUF];          /* what is left to walk */
  if (!path || path[0] != '/' || (size_t)snprintf(rest, sizeof(rest), "%s", path) >= sizeof(rest)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  int links = 0;
  char *p = rest;
  while (*p) {
    while (*p == '/')
      p++;
    if (!*p) break;
    char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char comp[PATH_BUF];
    memcpy(comp, p, n);
    comp[n] = '\0';
    p += n;
    int last = 1;
    for (const char *q = p; *q; q++)
      if (*q != '/') {
        last = 0;
        break;
      }
    if (strcmp(comp, ".") == 0) continue;
    if (strcmp(comp, "..") == 0) {
      pop_component(resolved);
      continue;
    }
    char candidate[PATH_BUF], host[PATH_BUF * 2];
    if ((size_t)snprintf(candidate, sizeof(candidate), "%s/%s", resolved, comp) >=
        sizeof(candidate)) {
      errno = ENAMETOOLONG;
      return -1;
    }
    snprintf(host, sizeof(host), "%s%s", root, candidate);
    struct stat st;
    if (lstat(host, &st) != 0) {
      if (errno == ENOENT && last) { /* a missing leaf still has a path */
        memcpy(resolved, candidate, strlen(candidate) + 1);
        break;
      }
      return -1;
    }
    if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
      if (++links > MAX_SYMLINKS) {
        errno = ELOOP;
        return -1;
      }
      char target[PATH_BUF];
      ssize_t tl = readlink(host, target, sizeof(target) - 1);
      if (tl < 0) return -1;
      target[tl] = '\0';
      char next[PATH_BUF];
      if ((size_t)snprintf(next, sizeof(next), "%s%s", target, p) >= sizeof(next)) {
        errno = ENAMETOOLONG;
        return -1;
      }
      memcpy(rest, next, strlen(next) + 1);
      p = rest;
      if (target[0] == '/') resolved[0] = '\0';
      continue;
    }
    memcpy(resolved, candidate, strlen(candidate) + 1);
  }
  if ((size_t)snprintf(out, outsz, "%s%s", root, resolved[0] ? resolved : "/") >= outsz) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return 0;
}
