/*
** safefile.c - replacing a file safely (see ds_safefile.h).
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/ds_safefile.h"
#include "common/ds_util.h"

/* The directory part and the last component of `path`. */
static void split(const char *path, char **dir, const char **base) {
  const char *slash = strrchr(path, '/');
  if (!slash) {
    *dir = ds_strdup(".");
    *base = path;
  } else if (slash == path) {
    *dir = ds_strdup("/");
    *base = slash + 1;
  } else {
    *dir = ds_strndup(path, (size_t)(slash - path));
    *base = slash + 1;
  }
}

/* The target as it stands, seen from its directory: refused when root (or
** `strict`, for any user) and it is a symlink or not a regular file, and
** when root and it is another user's. */
static int check_at(int dirfd, const char *base, const char *path, int strict, char **err) {
  struct stat st;
  if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return 0;
    *err = ds_mprintf("%s: %s", path, strerror(errno));
    return -1;
  }
  int root = geteuid() == 0;
  if (!root && !strict) return 0;
  const char *why = S_ISLNK(st.st_mode)      ? "is a symbolic link"
                    : !S_ISREG(st.st_mode)   ? "is not a regular file"
                    : root && st.st_uid != 0 ? "is owned by another user"
                                             : NULL;
  if (!why) return 0;
  *err = ds_mprintf("%s: %s; refusing to use it%s (remove it first)", path, why,
                    root ? " as root" : "");
  errno = EPERM;
  return -1;
}

int ds_safe_check_target(const char *path, char **err) {
  *err = NULL;
  return check_at(AT_FDCWD, path, path, 0, err);
}

int ds_safe_check_strict(const char *path, char **err) {
  *err = NULL;
  return check_at(AT_FDCWD, path, path, 1, err);
}

/* A new file `<base>.<12 random hex>.tmp` in dirfd; its fd, or -1. */
static int create_temp(int dirfd, const char *base, char **name) {
  for (int tries = 0; tries < 32; tries++) {
    unsigned char r[6];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) return -1;
    *name =
        ds_mprintf(".%s.%02x%02x%02x%02x%02x%02x.tmp", base, r[0], r[1], r[2], r[3], r[4], r[5]);
    if (!*name) return -1;
    int fd = openat(dirfd, *name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    free(*name);
    *name = NULL;
    if (errno != EEXIST) return -1;
  }
  errno = EEXIST;
  return -1;
}

int ds_safe_write(const char *path, mode_t mode, ds_safe_writer fn, void *arg, char **err) {
  *err = NULL;
  char *dir = NULL, *tmp = NULL;
  const char *base = NULL;
  split(path, &dir, &base);
  if (!dir || !*base) {
    *err = ds_mprintf("%s: %s", path, dir ? "not a file name" : "out of memory");
    free(dir);
    return -1;
  }
  int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int rc = -1, fd = -1;
  const char *step = "";
  if (dirfd < 0) {
    step = "its directory";
    goto out;
  }
  if (check_at(dirfd, base, path, 0, err) != 0) goto out;
  fd = create_temp(dirfd, base, &tmp);
  if (fd < 0) {
    step = "creating a temporary file";
    goto out;
  }
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    step = "writing";
    goto out;
  }
  int wrc = fn(arg, f);
  if (fflush(f) != 0 || ferror(f)) wrc = -1;
  if (wrc == 0 && fsync(fileno(f)) != 0) wrc = -1;
  if (wrc == 0 && fchmod(fileno(f), mode) != 0) wrc = -1;
  int saved = errno;
  if (fclose(f) != 0 && wrc == 0)
    wrc = -1;
  else
    errno = saved;
  if (wrc != 0) {
    step = "writing";
    goto out;
  }
  /* Checked again just before the rename: the directory's other writers
  ** may have planted something meanwhile. */
  if (check_at(dirfd, base, path, 0, err) != 0) goto out;
  if (renameat(dirfd, tmp, dirfd, base) != 0) {
    step = "renaming the temporary file over it";
    goto out;
  }
  free(tmp);
  tmp = NULL;
  fsync(dirfd);
  rc = 0;
out:
  if (rc != 0 && !*err) *err = ds_mprintf("%s: %s: %s", path, step, strerror(errno));
  if (tmp) unlinkat(dirfd, tmp, 0);
  if (dirfd >= 0) close(dirfd);
  free(tmp);
  free(dir);
  return rc;
}
