/*
** test_safefile.c - common/ds_safefile.h: a file is replaced through a new
** 0600 temporary file with an unguessable name beside it, a planted symlink
** is never written through, a failed write leaves the target as it was, and
** the target checks refuse symlinks (as root, or strict for every user).
*/
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "common/ds_safefile.h"
#include "common/ds_util.h"

static char dir[] = "/tmp/dockersec-unit-safefile-XXXXXX";

static char *at(const char *name) {
  return ds_mprintf("%s/%s", dir, name);
}

static char *slurp(const char *name) {
  char *p = at(name), *text = NULL;
  size_t len;
  if (ds_read_file(p, 4096, &text, &len) != 0) text = NULL;
  free(p);
  return text;
}

static void put(const char *name, const char *text) {
  char *p = at(name);
  FILE *f = fopen(p, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  free(p);
}

/* What the writer saw of its temporary file, while writing. */
typedef struct {
  const char *text;
  int fail;
  int temps;        /* files named .<base>.<12 hex>.tmp in the directory */
  int temp_regular; /* ... a regular file, not a link */
  unsigned temp_mode;
  char name[256];
} seen;

static int is_temp_name(const char *n, const char *base) {
  size_t bl = strlen(base);
  if (n[0] != '.' || strncmp(n + 1, base, bl) != 0 || n[1 + bl] != '.') return 0;
  const char *hex = n + 2 + bl;
  return strspn(hex, "0123456789abcdef") == 12 && strcmp(hex + 12, ".tmp") == 0;
}

static int writer(void *arg, FILE *f) {
  seen *s = arg;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (!is_temp_name(e->d_name, "report.txt")) continue;
    s->temps++;
    snprintf(s->name, sizeof s->name, "%.200s", e->d_name);
    struct stat st;
    char *p = at(e->d_name);
    if (lstat(p, &st) == 0) {
      s->temp_regular = S_ISREG(st.st_mode);
      s->temp_mode = st.st_mode & 0777;
    }
    free(p);
  }
  if (d) closedir(d);
  fputs(s->text, f);
  return s->fail ? -1 : 0;
}

static int leftovers(void) {
  int n = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)))
    n += is_temp_name(e->d_name, "report.txt");
  if (d) closedir(d);
  return n;
}

/* The whole st_mode of `name` (type and permissions), not following a link. */
static unsigned mode_of(const char *name) {
  struct stat st;
  char *p = at(name);
  int ok = lstat(p, &st) == 0;
  free(p);
  return ok ? (unsigned)st.st_mode : 0;
}

static void writes(void) {
  char *target = at("report.txt"), *err = NULL;
  seen s = {.text = "first\n"};
  CHECK_INT("safe-write-ok", 0, ds_safe_write(target, DS_SAFE_MODE, writer, &s, &err));
  CHECK("safe-write-no-error", err == NULL);
  char *got = slurp("report.txt");
  CHECK_STR("safe-write-contents", "first\n", got);
  free(got);
  CHECK_INT("safe-write-mode-0600", 0600, mode_of("report.txt") & 07777);
  CHECK_INT("safe-temp-one-beside-target", 1, s.temps);
  CHECK_INT("safe-temp-regular-file", 1, s.temp_regular);
  CHECK_INT("safe-temp-created-0600", 0600, s.temp_mode);
  CHECK_INT("safe-temp-renamed-away", 0, leftovers());

  seen s2 = {.text = "second\n"};
  CHECK_INT("safe-write-mode-asked", 0, ds_safe_write(target, 0640, writer, &s2, &err));
  CHECK_INT("safe-write-mode-0640", 0640, mode_of("report.txt") & 07777);
  CHECK("safe-temp-names-differ", strcmp(s.name, s2.name) != 0);

  /* a failing writer: the target keeps its contents, no temporary left */
  seen bad = {.text = "partial", .fail = 1};
  CHECK_INT("safe-write-fails", -1, ds_safe_write(target, DS_SAFE_MODE, writer, &bad, &err));
  CHECK("safe-write-fail-names-path", err && strstr(err, target) != NULL);
  free(err);
  err = NULL;
  got = slurp("report.txt");
  CHECK_STR("safe-write-fail-target-kept", "second\n", got);
  free(got);
  CHECK_INT("safe-write-fail-no-temp", 0, leftovers());

  char *nodir = at("missing/report.txt");
  CHECK_INT("safe-write-no-directory", -1, ds_safe_write(nodir, DS_SAFE_MODE, writer, &s, &err));
  CHECK("safe-write-no-directory-error", err != NULL);
  free(err);
  free(nodir);
  free(target);
}

/* A symlink planted at the target: never written through.  As root the
** write is refused; as another user the link itself is replaced. */
static void symlinks(void) {
  put("victim", "victim\n");
  char *link = at("link.txt"), *victim = at("victim"), *err = NULL;
  CHECK_INT("symlink-planted", 0, symlink(victim, link));
  seen s = {.text = "report\n"};
  int rc = ds_safe_write(link, DS_SAFE_MODE, writer, &s, &err);
  char *got = slurp("victim");
  CHECK_STR("symlink-victim-untouched", "victim\n", got);
  free(got);
  if (geteuid() == 0) {
    CHECK_INT("symlink-refused-as-root", -1, rc);
    CHECK("symlink-refused-message", err && strstr(err, "is a symbolic link"));
    CHECK_INT("symlink-left-in-place", 0120000, mode_of("link.txt") & 0170000);
  } else {
    CHECK_INT("symlink-replaced-not-followed", 0, rc);
    CHECK_INT("symlink-now-regular", 0100000, mode_of("link.txt") & 0170000);
  }
  free(err);
  err = NULL;

  /* the checks alone: strict refuses a symlink for every user */
  unlink(link);
  symlink(victim, link);
  CHECK_INT("strict-symlink-refused", -1, ds_safe_check_strict(link, &err));
  CHECK("strict-symlink-message", err && strstr(err, "is a symbolic link"));
  free(err);
  char *sub = at("sub");
  mkdir(sub, 0700);
  CHECK_INT("strict-directory-refused", -1, ds_safe_check_strict(sub, &err));
  CHECK("strict-directory-message", err && strstr(err, "not a regular file"));
  free(err);
  CHECK_INT("strict-regular-ok", 0, ds_safe_check_strict(victim, &err));
  char *none = at("none");
  CHECK_INT("strict-missing-ok", 0, ds_safe_check_strict(none, &err));
  CHECK_INT("target-symlink", geteuid() == 0 ? -1 : 0, ds_safe_check_target(link, &err));
  free(err);
  rmdir(sub);
  free(sub);
  free(none);
  unlink(link);
  free(link);
  free(victim);
}

int main(void) {
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  writes();
  symlinks();
  char *p = at("report.txt");
  unlink(p);
  free(p);
  p = at("victim");
  unlink(p);
  free(p);
  rmdir(dir);
  CHECK_DONE();
}
