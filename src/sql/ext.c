/*
** ext.c - the loadable extension's entry point, the per-connection context
** and the dockersec_config() / dockersec_version() SQL functions.
**
** `.load ./build/dockersec` resolves sqlite3_dockersec_init from the file
** name.  The static CLI calls ds_register() directly.
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"
#include "sql/ds_vtab.h"
#include "sql/ds_functions.h"
#include "engine/ds_docker.h"
#include "runtime/ds_runtime.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"

SQLITE_EXTENSION_INIT1

/* Defaults: a short snapshot so one statement (or one pack run, which the
** CLI extends) inspects each container once, yet an interactive shell sees
** fresh state a moment later. */
#define DEFAULT_CACHE_TTL_MS       2000
#define DEFAULT_TIMEOUT_MS         10000
#define DEFAULT_CONNECT_TIMEOUT_MS 3000
#define DEFAULT_MAX_RESPONSE       (64 * 1024 * 1024)
#define DEFAULT_MAX_PARALLEL       16
#define DEFAULT_MAX_CACHE_BYTES    (256 * 1024 * 1024)
#define DEFAULT_MAX_CONTAINERS     10000

const char *const ds_config_keys[] = {
    "cache_ttl_ms",       "reveal_secrets", "timeout_ms",     "connect_timeout_ms",
    "max_response_bytes", "max_parallel",   "run_timeout_ms", "max_cache_bytes",
    "max_containers",     "docker_host",    "root",           NULL,
};

static char *env_or(const char *name, const char *dflt) {
  const char *v = getenv(name);
  return ds_strdup(v && *v ? v : dflt);
}

/* Normalises a root prefix: "/" and "" mean the real root; no trailing '/'. */
static char *normalise_root(const char *root) {
  char *r = ds_strdup(root ? root : "");
  if (!r) return NULL;
  size_t n = strlen(r);
  while (n > 0 && r[n - 1] == '/')
    r[--n] = '\0';
  return r;
}

ds_ctx *ds_ctx_new(void) {
  ds_ctx *ctx = calloc(1, sizeof(*ctx));
  if (!ctx) return NULL;
  ctx->config.cache_ttl_ms = DEFAULT_CACHE_TTL_MS;
  ctx->config.timeout_ms = DEFAULT_TIMEOUT_MS;
  ctx->config.connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  ctx->config.max_response_bytes = DEFAULT_MAX_RESPONSE;
  ctx->config.max_parallel = DEFAULT_MAX_PARALLEL;
  ctx->config.max_cache_bytes = DEFAULT_MAX_CACHE_BYTES;
  ctx->config.max_containers = DEFAULT_MAX_CONTAINERS;
  const char *reveal = getenv("DOCKERSEC_REVEAL_SECRETS");
  ctx->config.reveal_secrets = reveal && strcmp(reveal, "1") == 0;
  ctx->config.docker_host = env_or("DOCKER_HOST", "unix:///var/run/docker.sock");
  char *root = env_or("DOCKERSEC_ROOT", "/");
  ctx->config.root = normalise_root(root);
  free(root);
  ctx->refs = 1;
  if (!ctx->config.docker_host || !ctx->config.root) {
    ds_ctx_release(ctx);
    return NULL;
  }
  return ctx;
}

void ds_ctx_retain(ds_ctx *ctx) {
  ctx->refs++;
}

void ds_ctx_release(ds_ctx *ctx) {
  if (!ctx || --ctx->refs > 0) return;
  ds_docker_free(ctx->docker);
  ds_rt_snapshot_free(ctx->runtime);
  ds_rows_clear(ctx);
  free(ctx->config.docker_host);
  free(ctx->config.root);
  free(ctx);
}

/* A Docker client built with the connection's current settings. */
static ds_docker *new_docker(const ds_config *c) {
  ds_docker_options o = {.docker_host = c->docker_host,
                         .cache_ttl_ms = c->cache_ttl_ms,
                         .timeout_ms = c->timeout_ms,
                         .connect_timeout_ms = c->connect_timeout_ms,
                         .max_response_bytes = c->max_response_bytes,
                         .max_parallel = c->max_parallel,
                         .run_timeout_ms = c->run_timeout_ms,
                         .max_cache_bytes = c->max_cache_bytes,
                         .max_containers = c->max_containers};
  return ds_docker_new(&o);
}

ds_docker *ds_ctx_docker(ds_ctx *ctx) {
  if (!ctx->docker) ctx->docker = new_docker(&ctx->config);
  return ctx->docker;
}

const char *ds_ctx_root(const ds_ctx *ctx) {
  return ctx->config.root;
}

/* Integer settings, addressed by name. */
static sqlite3_int64 *int_setting(ds_ctx *ctx, const char *key) {
  if (strcmp(key, "cache_ttl_ms") == 0) return &ctx->config.cache_ttl_ms;
  if (strcmp(key, "reveal_secrets") == 0) return &ctx->config.reveal_secrets;
  if (strcmp(key, "timeout_ms") == 0) return &ctx->config.timeout_ms;
  if (strcmp(key, "connect_timeout_ms") == 0) return &ctx->config.connect_timeout_ms;
  if (strcmp(key, "max_response_bytes") == 0) return &ctx->config.max_response_bytes;
  if (strcmp(key, "max_parallel") == 0) return &ctx->config.max_parallel;
  if (strcmp(key, "run_timeout_ms") == 0) return &ctx->config.run_timeout_ms;
  if (strcmp(key, "max_cache_bytes") == 0) return &ctx->config.max_cache_bytes;
  if (strcmp(key, "max_containers") == 0) return &ctx->config.max_containers;
  return NULL;
}

/* The message for an unknown key; NULL when out of memory. */
static char *unknown_key(const char *key) {
  ds_buf b = {0};
  ds_buf_printf(&b, "dockersec_config: unknown setting '%s' (one of:", key);
  for (int i = 0; ds_config_keys[i]; i++)
    ds_buf_printf(&b, " %s", ds_config_keys[i]);
  ds_buf_puts(&b, ")");
  return ds_buf_take(&b);
}

/* Replaces the Docker client by one built with the current settings.  The
** new one starts with the old one's request counters (dockersec_stats
** counts for the connection, not for one client).  Building a client sends
** nothing; with none yet, the first use builds it. */
static void rebuild_docker(ds_ctx *ctx) {
  if (!ctx->docker) return;
  ds_docker *fresh = new_docker(&ctx->config);
  ds_docker_add_stats(fresh, ctx->docker);
  ds_docker_free(ctx->docker);
  ctx->docker = fresh;
}

char *ds_config_get(ds_ctx *ctx, const char *key, char **err) {
  sqlite3_int64 *iv = int_setting(ctx, key);
  if (iv) return ds_mprintf("%lld", (long long)*iv);
  /* Shown in reports and errors: credentials in the address masked. */
  if (strcmp(key, "docker_host") == 0) return ds_mask_userinfo(ctx->config.docker_host);
  if (strcmp(key, "root") == 0) return ds_strdup(*ctx->config.root ? ctx->config.root : "/");
  /* Read-only: "unverified" when TLS to the engine is not verified. */
  if (strcmp(key, "tls") == 0)
    return ds_strdup(ds_docker_tls_unverified(ds_ctx_docker(ctx)) ? "unverified" : "verified");
  *err = unknown_key(key);
  return NULL;
}

int ds_config_set(ds_ctx *ctx, const char *key, const char *value, char **err) {
  sqlite3_int64 *iv = int_setting(ctx, key);
  if (iv) {
    char *end;
    long long v = strtoll(value ? value : "", &end, 10);
    if (!value || end == value || *end || v < 0) {
      *err = ds_mprintf("dockersec_config: '%s' needs a non-negative integer", key);
      return SQLITE_ERROR;
    }
    *iv = v;
  } else if (strcmp(key, "docker_host") == 0 || strcmp(key, "root") == 0) {
    char *copy = strcmp(key, "root") == 0 ? normalise_root(value) : ds_strdup(value ? value : "");
    if (!copy) return SQLITE_NOMEM;
    char **slot = strcmp(key, "root") == 0 ? &ctx->config.root : &ctx->config.docker_host;
    free(*slot);
    *slot = copy;
  } else {
    *err = unknown_key(key);
    return SQLITE_ERROR;
  }
  /* A snapshot read under the old settings (another root, lifetime) ends. */
  ds_rt_snapshot_free(ctx->runtime);
  ctx->runtime = NULL;
  ds_rows_clear(ctx);
  /* The client copies its settings: rebuild it so a new host, time-out or
  ** size limit takes effect on the next request. */
  if (strcmp(key, "reveal_secrets") != 0 && strcmp(key, "root") != 0) rebuild_docker(ctx);
  return SQLITE_OK;
}

/*
** 1 when a statement that writes is running on `db`.  A setting may only be
** changed by a statement the user typed, which is a SELECT.  DIRECTONLY keeps
** dockersec_config() out of views, triggers and DEFAULT clauses of an
** untrusted database file, but SQLite (3.40) still runs it from a CHECK
** constraint stored there - inside the INSERT or UPDATE that fires it, a
** statement that writes.  So a write in progress means: not the user's call.
*/
static int write_in_progress(sqlite3 *db) {
  for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s)) {
    if (sqlite3_stmt_busy(s) && !sqlite3_stmt_readonly(s)) return 1;
  }
  return 0;
}

/* dockersec_config(key) reads a setting; dockersec_config(key, value) sets
** it and returns the new value. */
static void config_func(sqlite3_context *context, int argc, sqlite3_value **argv) {
  ds_ctx *ctx = sqlite3_user_data(context);
  const char *key = (const char *)sqlite3_value_text(argv[0]);
  char *err = NULL;
  if (!key) {
    sqlite3_result_error(context, "dockersec_config: key must be text", -1);
    return;
  }
  if (argc == 2 && write_in_progress(sqlite3_context_db_handle(context))) {
    sqlite3_result_error(context,
                         "dockersec_config: a setting can only be changed by a SELECT "
                         "(not from an INSERT, UPDATE or a constraint)",
                         -1);
    return;
  }
  if (argc == 2) {
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    if (ds_config_set(ctx, key, value, &err) != SQLITE_OK) {
      sqlite3_result_error(context, err ? err : "dockersec_config: out of memory", -1);
      free(err);
      return;
    }
  }
  char *v = ds_config_get(ctx, key, &err);
  if (!v) {
    sqlite3_result_error(context, err ? err : "dockersec_config: out of memory", -1);
    free(err);
    return;
  }
  sqlite3_int64 *iv = int_setting(ctx, key);
  if (iv)
    sqlite3_result_int64(context, *iv);
  else
    sqlite3_result_text(context, v, -1, SQLITE_TRANSIENT);
  free(v);
}

static void version_func(sqlite3_context *context, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  DS_UNUSED(argv);
  sqlite3_result_text(context, ds_version(), -1, SQLITE_STATIC);
}

static void ctx_release_void(void *p) {
  ds_ctx_release(p);
}

static int register_all(sqlite3 *db, char **pzErr, int escape_errors) {
  ds_ctx *ctx = ds_ctx_new();
  if (!ctx) return SQLITE_NOMEM;
  ctx->escape_errors = escape_errors;
  /* dockersec_config owns the initial reference; every module takes one. */
  int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
  int rc = sqlite3_create_function_v2(db, "dockersec_config", 1, flags, ctx, config_func, 0, 0,
                                      ctx_release_void);
  if (rc != SQLITE_OK) return rc;
  ds_ctx_retain(ctx);
  rc = sqlite3_create_function_v2(db, "dockersec_config", 2, flags, ctx, config_func, 0, 0,
                                  ctx_release_void);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function(db, "dockersec_version", 0,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, 0,
                               version_func, 0, 0);
  if (rc != SQLITE_OK) return rc;
  rc = ds_register_functions(db); /* osquery's SQL functions and collations */
  if (rc != SQLITE_OK) return rc;
  rc = ds_register_tables(db, ctx, pzErr);
  if (rc != SQLITE_OK) return rc;
  return ds_register_all_containers(db, ctx);
}

int ds_register(sqlite3 *db, char **pzErr) {
  return register_all(db, pzErr, 1);
}

int ds_register_raw(sqlite3 *db, char **pzErr) {
  return register_all(db, pzErr, 0);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
    __attribute__((visibility("default"))) int sqlite3_dockersec_init(
        sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  if (sqlite3_libversion_number() < 3038000) {
    if (pzErrMsg) *pzErrMsg = sqlite3_mprintf("dockersec needs SQLite 3.38 or newer");
    return SQLITE_ERROR;
  }
  return ds_register(db, pzErrMsg);
}
