/*
** pack_load.c - finding and reading pack files: one file, a directory of
** *.sql files (recursively, in name order), a pack on standard input, an
** osquery pack (pack_osquery.c); the text is parsed by pack.c.  Check ids
** must be unique across everything loaded.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dockersec.h"
#include "common/ds_util.h"
#include "cli/pack/pack.h"
#include "cli/pack/pack_osquery.h"

#define MAX_PACK_FILE (4 * 1024 * 1024)
#define MAX_DEPTH     8

int ds_pack_load_file(ds_pack *pack, const char *path, char **err) {
  char *text = NULL;
  size_t len = 0;
  *err = NULL;
  if (ds_read_file(path, MAX_PACK_FILE, &text, &len) != 0) {
    *err = ds_mprintf("%s: %s", path, strerror(errno));
    return -1;
  }
  int rc = ds_pack_parse(pack, text, path, err);
  free(text);
  return rc;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int load_path(ds_pack *pack, const char *path, int depth, int explicit, char **err);

/* A directory: its *.sql files and subdirectories, in name order. */
static int load_dir(ds_pack *pack, const char *path, int depth, char **err) {
  if (depth > MAX_DEPTH) {
    *err = ds_mprintf("%s: directories nested too deeply", path);
    return -1;
  }
  DIR *dir = opendir(path);
  if (!dir) {
    *err = ds_mprintf("%s: %s", path, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *de;
  while ((de = readdir(dir)) != NULL) {
    if (de->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **grown = realloc(names, cap * sizeof(char *));
      if (!grown) {
        rc = -1;
        break;
      }
      names = grown;
    }
    if (!(names[n] = ds_strdup(de->d_name))) {
      rc = -1;
      break;
    }
    n++;
  }
  closedir(dir);
  if (rc != 0) *err = ds_strdup("out of memory");
  if (rc == 0 && n) qsort(names, n, sizeof(char *), cmp_names);
  for (size_t i = 0; i < n && rc == 0; i++) {
    char *child = ds_mprintf("%s%s%s", path, has_suffix(path, "/") ? "" : "/", names[i]);
    rc = child ? load_path(pack, child, depth + 1, 0, err) : -1;
    if (!child) *err = ds_strdup("out of memory");
    free(child);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

/* "-": one pack file read from standard input. */
static int load_stdin(ds_pack *pack, char **err) {
  ds_buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
    if (b.len + n > MAX_PACK_FILE) {
      ds_buf_free(&b);
      *err = ds_mprintf("<stdin>: larger than %d bytes", MAX_PACK_FILE);
      return -1;
    }
    ds_buf_append(&b, chunk, n);
  }
  char *text = ds_buf_take(&b);
  if (!text) {
    *err = ds_mprintf("<stdin>: out of memory");
    return -1;
  }
  int rc = ds_pack_parse(pack, text, "<stdin>", err);
  free(text);
  return rc;
}

static int load_path(ds_pack *pack, const char *path, int depth, int explicit, char **err) {
  struct stat st;
  if (explicit && strcmp(path, "-") == 0) return load_stdin(pack, err);
  if (stat(path, &st) != 0) {
    *err = ds_mprintf("%s: %s", path, strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) return load_dir(pack, path, depth, err);
  /* Inside a directory only *.sql files count; a file named on the command
  ** line is read whatever its name. */
  if (!explicit && (!S_ISREG(st.st_mode) || !has_suffix(path, ".sql"))) return 0;
  /* osquery pack files (JSON) given by name: pack_osquery.c. */
  if (has_suffix(path, ".conf") || has_suffix(path, ".json"))
    return ds_pack_load_osquery(pack, path, err);
  return ds_pack_load_file(pack, path, err);
}

static int check_unique(const ds_pack *pack, char **err) {
  for (size_t i = 0; i < pack->n; i++)
    for (size_t j = 0; j < i; j++)
      if (strcasecmp(pack->checks[i].id, pack->checks[j].id) == 0) {
        *err = ds_mprintf("%s:%d: check id '%s' already defined at %s:%d", pack->checks[i].file,
                          pack->checks[i].line, pack->checks[i].id, pack->checks[j].file,
                          pack->checks[j].line);
        return -1;
      }
  return 0;
}

int ds_pack_load_paths(ds_pack *pack, char *const *paths, int npaths, char **err) {
  *err = NULL;
  for (int i = 0; i < npaths; i++)
    if (load_path(pack, paths[i], 0, 1, err) != 0) return -1;
  return check_unique(pack, err);
}
