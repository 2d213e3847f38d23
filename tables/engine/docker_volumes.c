/*
** docker_volumes - the engine's volumes (osquery's columns, then ours).
** Source: GET /volumes (one request; the array is under "Volumes").
**
** Push-down: name (= and IN), filtered here.
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_NAME,
  C_DRIVER,
  C_MOUNT_POINT,
  C_TYPE,
  /* dockersec */
  C_SCOPE,
  C_CREATED,
  C_LABELS,
  C_OPTIONS,
  C_COUNT
};

static const ds_column columns[] = {
    [C_NAME] = {"name", DS_TEXT, "Volume name", DS_INDEXED},
    [C_DRIVER] = {"driver", DS_TEXT, "Volume driver (local, …)", 0},
    [C_MOUNT_POINT] = {"mount_point", DS_TEXT, "Where the volume lives on the host", 0},
    [C_TYPE] = {"type", DS_TEXT, "Options.type of the local driver (tmpfs, nfs, …); NULL if unset",
                0},
    [C_SCOPE] = {"scope", DS_TEXT, "local or global", 0},
    [C_CREATED] = {"created", DS_BIGINT, "Time of creation as UNIX time; NULL if not reported", 0},
    [C_LABELS] = {"labels", DS_TEXT, "Labels as a JSON object; secret-looking values <redacted>",
                  0},
    [C_OPTIONS] =
        {"options", DS_TEXT,
         "Driver options as a JSON object (e.g. device, o for NFS mounts); secrets <redacted>", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* Labels and driver options: secret-looking keys (and "password=…" inside a
** value, as in CIFS mount options) are redacted unless revealed. */
static void set_json_object(ds_query *q, int col, json_object *o) {
  char *s = ds_redacted_object_text(o, (int)ds_query_reveal(q));
  ds_set_text_owned(q, col, s ? s : ds_strdup("{}"));
}

static void emit_volume(ds_query *q, json_object *v, const char *name) {
  json_object *opts = ds_json_path(v, "Options", NULL);
  sqlite3_int64 created;
  ds_set_text(q, C_NAME, name);
  ds_set_text(q, C_DRIVER, ds_json_str(v, "Driver"));
  ds_set_text(q, C_MOUNT_POINT, ds_json_str(v, "Mountpoint"));
  ds_set_text(q, C_TYPE, ds_json_str(opts, "type"));
  ds_set_text(q, C_SCOPE, ds_json_str(v, "Scope"));
  const char *at = ds_json_str(v, "CreatedAt");
  if (!ds_is_zero_time(at) && ds_parse_rfc3339(at, &created) == 0)
    ds_set_int(q, C_CREATED, created);
  set_json_object(q, C_LABELS, ds_json_path(v, "Labels", NULL));
  set_json_object(q, C_OPTIONS, opts);
}

static int generate(ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  json_object *doc = d ? ds_docker_get(d, "/volumes", NULL, &err) : NULL;
  json_object *list = ds_json_path(doc, "Volumes", NULL);
  if (!doc) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  /* An engine without volumes may answer "Volumes": null. */
  if (list && !json_object_is_type(list, json_type_array) &&
      !json_object_is_type(list, json_type_null))
    return ds_error(q, "GET /volumes on %s: expected a Volumes array", ds_docker_host(d));
  if (!ds_json_has(doc, "Volumes"))
    return ds_error(q, "GET /volumes on %s: no Volumes in the answer", ds_docker_host(d));
  for (size_t i = 0;
       list && json_object_is_type(list, json_type_array) && i < json_object_array_length(list);
       i++) {
    json_object *v = json_object_array_get_idx(list, i);
    const char *name = ds_json_str(v, "Name");
    if (!name || !ds_query_accepts_text(q, C_NAME, name)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    emit_volume(q, v, name);
  }
  return SQLITE_OK;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/volumes", -1}, {NULL, 0}};

const ds_table ds_table_docker_volumes = {
    .name = "docker_volumes",
    .doc = "Docker volumes.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT name, driver, mount_point FROM docker_volumes;",
    .prefetch = prefetch,
};
