/*
** test_paths.c - pack lookup (src/cli/paths.c): explicit paths are used as
** given, bare names are searched in $DOCKERSEC_PACK_PATH, ./packs, next to
** the executable and in the compiled-in data directory, with the .sql, .conf
** and .json suffixes, first match wins.
*/
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "common/ds_util.h"
#include "cli/paths.h"

static void touch(const char *path) {
  FILE *f = fopen(path, "w");
  if (f) fclose(f);
}

/* Resolves `name` and returns the result relative to `base` (or the whole
** result when it is elsewhere, "NULL" when not found), in a static buffer. */
static const char *resolved(const char *name, const char *base) {
  static char out[4096];
  char *p = ds_resolve_pack(name);
  if (!p) return "NULL";
  size_t n = strlen(base);
  snprintf(out, sizeof(out), "%s", strncmp(p, base, n) == 0 ? p + n : p);
  free(p);
  return out;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  (void)type;
  (void)ftw;
  return remove(path);
}

int main(void) {
  char tmpl[] = "/tmp/dockersec-test-paths-XXXXXX";
  char *base = mkdtemp(tmpl);
  if (!base) return 1;
  char cwd[4096];
  if (!getcwd(cwd, sizeof(cwd))) return 1;
  char p[4096];
  snprintf(p, sizeof(p), "%s/work", base);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/work/packs", base);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/work/packs/local", base);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/work/packs/both.sql", base);
  touch(p);
  snprintf(p, sizeof(p), "%s/env1", base);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/env2", base);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/env2/both.sql", base);
  touch(p);
  snprintf(p, sizeof(p), "%s/env2/osq.conf", base);
  touch(p);
  snprintf(p, sizeof(p), "%s/env2/osq.json", base);
  touch(p);
  snprintf(p, sizeof(p), "%s/env2/sub", base);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/env2/sub/D04.sql", base);
  touch(p);
  snprintf(p, sizeof(p), "%s/work", base);
  if (chdir(p) != 0) return 1;

  unsetenv("DOCKERSEC_PACK_PATH");
  /* Never the working directory for a bare name (issue 15): ./packs/local
  ** and ./packs/both.sql exist here, and a name does not find them. */
  CHECK_STR("paths-local-packs-dir-not-searched", "NULL", resolved("local", base));
  CHECK_STR("paths-local-suffix-sql-not-searched", "NULL", resolved("both", base));
  CHECK_STR("paths-existing-path-as-given", "packs/local", resolved("packs/local", base));
  CHECK_STR("paths-missing", "NULL", resolved("no-such-pack", base));
  CHECK_STR("paths-explicit-relative-not-searched", "NULL", resolved("./local", base));
  CHECK_STR("paths-absolute-not-searched", "NULL", resolved("/no/such/pack", base));
  CHECK_STR("paths-empty-name", "NULL", resolved("", base));

  /* $DOCKERSEC_PACK_PATH comes first; empty entries are ignored. */
  snprintf(p, sizeof(p), "%s/env1::%s/env2", base, base);
  setenv("DOCKERSEC_PACK_PATH", p, 1);
  CHECK_STR("paths-env-overrides-local", "/env2/both.sql", resolved("both", base));
  CHECK_STR("paths-env-not-then-local", "NULL", resolved("local", base));
  CHECK_STR("paths-conf-before-json", "/env2/osq.conf", resolved("osq", base));
  CHECK_STR("paths-json-suffix", "/env2/osq.json", resolved("osq.json", base));
  CHECK_STR("paths-file-in-pack", "/env2/sub/D04.sql", resolved("sub/D04", base));

  char *search = ds_pack_search_path();
  char expect_prefix[4096];
  snprintf(expect_prefix, sizeof(expect_prefix), "%s/env1:%s/env2:", base, base);
  CHECK("paths-search-order-env-first",
        search && strncmp(search, expect_prefix, strlen(expect_prefix)) == 0);
  CHECK("paths-search-no-workdir",
        search && !strstr(search, ":./packs") && strncmp(search, "./packs", 7) != 0);
  char datadir_packs[4096];
  snprintf(datadir_packs, sizeof(datadir_packs), "%s/packs", ds_data_dir());
  size_t sl = search ? strlen(search) : 0, dl = strlen(datadir_packs);
  CHECK("paths-search-ends-with-datadir",
        search && sl >= dl && strcmp(search + sl - dl, datadir_packs) == 0);
  CHECK("paths-datadir-absolute", ds_data_dir()[0] == '/');
  free(search);

  if (chdir(cwd) != 0) return 1;
  CHECK("paths-cleanup", nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0);
  CHECK_DONE();
}
