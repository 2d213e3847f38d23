/*
** fuzz_sql - arbitrary SQL over every table: the engine's planning and
** push-down (xBestIndex/xFilter with odd constraints, IN lists, joins,
** correlated subqueries) and every generator on a fixture host.
**
** The Docker client answers from tests/fixtures/engine/synthetic (injected
** at start, DS_FUZZ_ENGINE overrides); host files come from DS_FUZZ_ROOT
** (default tests/fixtures/host/minimal: three processes, one in a container,
** cgroup v1 limits, /etc files).  An authorizer lets through reads and
** functions only - no ATTACH, PRAGMA, writes, or dockersec_config (which
** would rebuild the client) - and a progress handler bounds each statement.
*/
#include <dirent.h>
#include <stdio.h>

#include "fuzz_common.h"

static int authorize(void *arg, int action, const char *a, const char *b, const char *db,
                     const char *trigger) {
  (void)arg;
  (void)b;
  (void)db;
  (void)trigger;
  switch (action) {
  case SQLITE_SELECT:
  case SQLITE_READ:
  case SQLITE_RECURSIVE:
    return SQLITE_OK;
  case SQLITE_FUNCTION:
    return (b && sqlite3_stricmp(b, "dockersec_config") == 0) ? SQLITE_DENY : SQLITE_OK;
  default:
    (void)a;
    return SQLITE_DENY;
  }
}

static int steps;
static int progress(void *arg) {
  (void)arg;
  return ++steps > 2000; /* x 1000 VM instructions per statement */
}

/* "_containers_<id>_json.json" -> "/containers/<id>/json"; other names map
** '_' to '/' ("_images_json.json" -> "/images/json"); query strings are
** not reconstructed: lists are injected as "<path>*". */
static void inject_file(ds_docker *d, const char *dir, const char *name) {
  size_t n = strlen(name);
  if (n < 6 || strcmp(name + n - 5, ".json") != 0 || name[0] != '_') return;
  char path[512];
  if (n - 5 >= sizeof(path)) return;
  memcpy(path, name, n - 5);
  path[n - 5] = '\0';
  int is_list = strstr(path, "_all_1") != NULL;
  if (is_list) *strstr(path, "_all_1") = '\0';
  for (char *p = path; *p; p++)
    if (*p == '_') *p = '/';
  if (is_list) strcat(path, "*");
  char file[1024];
  snprintf(file, sizeof(file), "%s/%s", dir, name);
  char *body = NULL;
  size_t len = 0;
  if (ds_read_file(file, 1 << 24, &body, &len) == 0) ds_docker_inject(d, path, 200, body, len);
  free(body);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *root = getenv("DS_FUZZ_ROOT");
  fz_open(root && *root ? root : "tests/fixtures/host/minimal");
  const char *dir = getenv("DS_FUZZ_ENGINE");
  if (!dir || !*dir) dir = "tests/fixtures/engine/synthetic";
  ds_docker *d = fz_new_client();
  DIR *dh = opendir(dir);
  if (!dh) {
    fprintf(stderr, "fuzz_sql: no fixture directory %s (run from the repository root)\n", dir);
    abort();
  }
  struct dirent *e;
  while ((e = readdir(dh)) != NULL)
    inject_file(d, dir, e->d_name);
  closedir(dh);
  /* Connect every eponymous table first: declaring its schema is a CREATE
  ** the authorizer below would refuse. */
  for (int i = 0; ds_all_tables[i]; i++) {
    char *q = fz_select_all(ds_all_tables[i], NULL);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fz_db, q, -1, &st, NULL) != SQLITE_OK) {
      fprintf(stderr, "fuzz_sql: %s: %s\n", q, sqlite3_errmsg(fz_db));
      abort();
    }
    sqlite3_finalize(st);
    free(q);
  }
  sqlite3_exec(fz_db, "SELECT * FROM json_each('[]'), json_tree('[]') LIMIT 0", 0, 0, 0);
  sqlite3_set_authorizer(fz_db, authorize, NULL);
  sqlite3_progress_handler(fz_db, 1000, progress, NULL);
  sqlite3_limit(fz_db, SQLITE_LIMIT_LENGTH, 1 << 20);
  sqlite3_limit(fz_db, SQLITE_LIMIT_SQL_LENGTH, 1 << 16);
  sqlite3_limit(fz_db, SQLITE_LIMIT_ATTACHED, 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *sql = ds_strndup((const char *)data, size);
  if (!sql) return 0;
  steps = 0;
  fz_exec(sql);
  free(sql);
  return 0;
}
