/*
** ds_ctx.h - per-database-connection state shared by every table: settings
** (dockersec_config), the Docker API client with its snapshot cache, and the
** host root prefix.
*/
#ifndef DS_CTX_H
#define DS_CTX_H

#include "dockersec.h"

typedef struct ds_docker ds_docker;

/* Settings a user can read and change with dockersec_config(key[, value]). */
typedef struct ds_config {
  sqlite3_int64 cache_ttl_ms;       /* how long API responses are reused            */
  sqlite3_int64 reveal_secrets;     /* 1: show secret-looking values                */
  sqlite3_int64 timeout_ms;         /* total time-out of one API request            */
  sqlite3_int64 connect_timeout_ms; /* connect time-out                             */
  sqlite3_int64 max_response_bytes; /* larger responses are an error, not truncated */
  sqlite3_int64 max_parallel;       /* concurrent inspect requests                  */
  sqlite3_int64 run_timeout_ms;     /* deadline of the run from when set (0: none)  */
  sqlite3_int64 max_cache_bytes;    /* budget of the cached answers' bytes          */
  sqlite3_int64 max_containers;     /* cap on listed containers                     */
  char *docker_host;                /* unix:///… or tcp://host:port                 */
  char *root;                       /* host root prefix for /proc, /sys, /etc       */
} ds_config;

struct ds_ctx {
  ds_config config;
  ds_docker *docker;          /* created on first use */
  ds_rt_snapshot *runtime;    /* runtime state, read once per snapshot (src/runtime) */
  struct ds_rows_entry *rows; /* rows kept within the snapshot (vtab_rows.c) */
  int refs;                   /* owners: every module + the config function */
  int escape_errors;          /* table errors shown escaped (ds_register, not _raw) */
};

ds_ctx *ds_ctx_new(void);
void ds_ctx_retain(ds_ctx *ctx);
void ds_ctx_release(ds_ctx *ctx);

/* The Docker client of this connection, created on first use with the
** current settings; recreated when docker_host changes. */
ds_docker *ds_ctx_docker(ds_ctx *ctx);

/* Host root prefix ("" for "/"), never ending in '/'. */
const char *ds_ctx_root(const ds_ctx *ctx);

/* Reads or sets one setting: used by dockersec_config().  On an unknown key
** returns NULL and sets *err. Returns a malloc'd text of the current value. */
char *ds_config_get(ds_ctx *ctx, const char *key, char **err);
int ds_config_set(ds_ctx *ctx, const char *key, const char *value, char **err);
/* The list of setting names, NULL-terminated, for docs and errors. */
extern const char *const ds_config_keys[];

/* dockersec_engine() and the TEMP VIEW all_containers (all_containers.c);
** after the tables are registered. */
int ds_register_all_containers(sqlite3 *db, ds_ctx *ctx);
/* Its child views, all_container_mounts, all_container_envs and
** all_container_devices (all_container_views.c). */
int ds_register_container_views(sqlite3 *db);

#endif
