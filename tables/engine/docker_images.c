/*
** docker_images - every image of the engine (osquery's columns, then ours).
**
** Sources: GET /images/json for the list columns; GET /images/{id}/json
** (through ds_docker_get_many: concurrent, cached) for the image's
** configuration (user, entrypoint, env, …), fetched only when the statement
** reads such a column.
**
** Secret-looking environment values baked into the image (ENV API_TOKEN=…)
** read "<redacted>" in `env` unless dockersec_config('reveal_secrets', 1).
**
** Push-down: id (= and IN; prefixes without "sha256:", as osquery).
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker_map.h"
#include "engine/ds_images.h"
#include "common/ds_secret.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_ID,
  C_CREATED,
  C_SIZE_BYTES,
  C_TAGS,
  /* dockersec: from the list */
  C_REPO_DIGESTS,
  C_LABELS,
  C_PARENT_ID,
  /* dockersec: from the image inspect */
  C_USER,
  C_ENTRYPOINT,
  C_CMD,
  C_ENV,
  C_WORKING_DIR,
  C_EXPOSED_PORTS,
  C_VOLUMES,
  C_HEALTHCHECK,
  C_ONBUILD,
  C_STOP_SIGNAL,
  C_ARCHITECTURE,
  C_OS,
  C_AUTHOR,
  C_COMMENT,
  C_DOCKER_VERSION,
  C_LAYER_COUNT,
  C_COUNT
};

#define FIRST_INSPECT_COL C_USER

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Image ID without sha256: (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_CREATED] = {"created", DS_BIGINT, "Time of creation as UNIX time", 0},
    [C_SIZE_BYTES] = {"size_bytes", DS_BIGINT, "Size of the image in bytes", 0},
    [C_TAGS] = {"tags", DS_TEXT, "Repository tags, comma-separated ('' when untagged)", 0},
    [C_REPO_DIGESTS] = {"repo_digests", DS_TEXT,
                        "Repository digests (name@sha256:…) as a JSON array; [] if never pulled "
                        "or pushed",
                        0},
    [C_LABELS] = {"labels", DS_TEXT, "Labels as a JSON object; secret-looking values <redacted>",
                  0},
    [C_PARENT_ID] = {"parent_id", DS_TEXT, "Parent image ID (local builds only), '' if none", 0},
    [C_USER] = {"user", DS_TEXT, "Config.User: '' means root", 0},
    [C_ENTRYPOINT] = {"entrypoint", DS_TEXT,
                      "Config.Entrypoint as a JSON array; secret-looking values <redacted>", 0},
    [C_CMD] = {"cmd", DS_TEXT, "Config.Cmd as a JSON array; secret-looking values <redacted>", 0},
    [C_ENV] = {"env", DS_TEXT,
               "Config.Env as a JSON array of KEY=value; secret-looking values <redacted>", 0},
    [C_WORKING_DIR] = {"working_dir", DS_TEXT, "Config.WorkingDir", 0},
    [C_EXPOSED_PORTS] = {"exposed_ports", DS_TEXT, "Exposed ports ('80/tcp') as a JSON array", 0},
    [C_VOLUMES] = {"volumes", DS_TEXT, "Declared volumes as a JSON array of paths", 0},
    [C_HEALTHCHECK] = {"healthcheck", DS_TEXT,
                       "Config.Healthcheck as a JSON object; NULL when the image has none", 0},
    [C_ONBUILD] = {"onbuild", DS_TEXT, "ONBUILD triggers as a JSON array", 0},
    [C_STOP_SIGNAL] = {"stop_signal", DS_TEXT, "Config.StopSignal; NULL when not set", 0},
    [C_ARCHITECTURE] = {"architecture", DS_TEXT, "CPU architecture (amd64, arm64, …)", 0},
    [C_OS] = {"os", DS_TEXT, "Operating system", 0},
    [C_AUTHOR] = {"author", DS_TEXT, "Author (MAINTAINER)", 0},
    [C_COMMENT] = {"comment", DS_TEXT, "Commit message or import note", 0},
    [C_DOCKER_VERSION] = {"docker_version", DS_TEXT, "Engine version that built it", 0},
    [C_LAYER_COUNT] = {"layer_count", DS_INTEGER, "Number of filesystem layers (RootFS.Layers)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int uses_inspect(const ds_query *q) {
  for (int c = FIRST_INSPECT_COL; c < C_COUNT; c++)
    if (ds_query_uses(q, c)) return 1;
  return 0;
}

/* Old engines list "<none>:<none>" / "<none>@<none>" for an untagged image;
** docker inspect says [] - so do we. */
static int is_placeholder(const char *s) {
  return !s || strncmp(s, "<none>", 6) == 0;
}

/* Joins a JSON array of strings with `sep` (osquery's tags rendering). */
static char *join_strings(json_object *a, const char *sep) {
  ds_buf b = {0};
  for (size_t i = 0;
       a && json_object_is_type(a, json_type_array) && i < json_object_array_length(a); i++) {
    const char *s = json_object_get_string(json_object_array_get_idx(a, i));
    if (is_placeholder(s)) continue;
    if (b.len) ds_buf_puts(&b, sep);
    ds_buf_puts(&b, s);
  }
  return ds_buf_take(&b); /* NULL when out of memory */
}

/* A JSON array of strings without the placeholders. */
static char *strings_json(json_object *a) {
  json_object *out = json_object_new_array();
  for (size_t i = 0;
       a && json_object_is_type(a, json_type_array) && i < json_object_array_length(a); i++) {
    const char *s = json_object_get_string(json_object_array_get_idx(a, i));
    if (!is_placeholder(s)) json_object_array_add(out, json_object_new_string(s));
  }
  char *text = ds_json_text(out, 1);
  json_object_put(out);
  return text;
}

/* The keys of a JSON object ({"80/tcp": {}} or Volumes) as a JSON array. */
static char *keys_json(json_object *o) {
  json_object *a = json_object_new_array();
  if (o && json_object_is_type(o, json_type_object)) {
    json_object_object_foreach(o, key, unused) {
      (void)unused;
      json_object_array_add(a, json_object_new_string(key));
    }
  }
  char *s = ds_json_text(a, 1);
  json_object_put(a);
  return s;
}

/* Config.Env with secret-looking values replaced, as a JSON array. */
static char *env_json(json_object *env, int reveal) {
  json_object *a = json_object_new_array();
  for (size_t i = 0;
       env && json_object_is_type(env, json_type_array) && i < json_object_array_length(env); i++) {
    const char *entry = json_object_get_string(json_object_array_get_idx(env, i));
    char *k, *v;
    int secret;
    if (!entry || ds_env_entry(entry, reveal, &k, &v, &secret) != 0) continue;
    char *kv = strchr(entry, '=') ? ds_mprintf("%s=%s", k, v) : ds_strdup(k);
    if (kv) json_object_array_add(a, json_object_new_string(kv));
    free(kv);
    free(k);
    free(v);
  }
  char *s = ds_json_text(a, 1);
  json_object_put(a);
  return s;
}

static void set_nonempty(ds_query *q, int col, const char *s) {
  if (s && *s) ds_set_text(q, col, s);
}

static int emit_list_columns(ds_query *q, const ds_image_ref *r) {
  int reveal = (int)ds_query_reveal(q);
  json_object *s = r->summary;
  ds_set_text(q, C_ID, r->id);
  ds_set_int(q, C_CREATED, ds_json_int(s, "Created", 0));
  ds_set_int(q, C_SIZE_BYTES, ds_json_int(s, "Size", 0));
  char *tags = join_strings(ds_json_path(s, "RepoTags", NULL), ",");
  if (!tags) return ds_error(q, "out of memory");
  ds_set_text_owned(q, C_TAGS, tags);
  ds_set_text_owned(q, C_REPO_DIGESTS, strings_json(ds_json_path(s, "RepoDigests", NULL)));
  char *labels = ds_redacted_object_text(ds_json_path(s, "Labels", NULL), reveal);
  ds_set_text_owned(q, C_LABELS, labels ? labels : ds_strdup("{}"));
  ds_set_text(q, C_PARENT_ID, ds_strip_sha256(ds_or(ds_json_str(s, "ParentId"), "")));
  return SQLITE_OK;
}

static void emit_inspect_columns(ds_query *q, json_object *in, int reveal) {
  json_object *cfg = ds_json_path(in, "Config", NULL);
  ds_set_text(q, C_USER, ds_or(ds_json_str(cfg, "User"), ""));
  ds_set_text_owned(q, C_ENTRYPOINT,
                    ds_redacted_args_text(ds_json_path(cfg, "Entrypoint", NULL), reveal, 1));
  ds_set_text_owned(q, C_CMD, ds_redacted_args_text(ds_json_path(cfg, "Cmd", NULL), reveal, 1));
  ds_set_text_owned(q, C_ENV, env_json(ds_json_path(cfg, "Env", NULL), reveal));
  ds_set_text(q, C_WORKING_DIR, ds_or(ds_json_str(cfg, "WorkingDir"), ""));
  ds_set_text_owned(q, C_EXPOSED_PORTS, keys_json(ds_json_path(cfg, "ExposedPorts", NULL)));
  ds_set_text_owned(q, C_VOLUMES, keys_json(ds_json_path(cfg, "Volumes", NULL)));
  ds_set_text_owned(q, C_HEALTHCHECK, ds_json_text(ds_json_path(cfg, "Healthcheck", NULL), 0));
  ds_set_text_owned(q, C_ONBUILD, ds_json_text(ds_json_path(cfg, "OnBuild", NULL), 1));
  set_nonempty(q, C_STOP_SIGNAL, ds_json_str(cfg, "StopSignal"));
  ds_set_text(q, C_ARCHITECTURE, ds_json_str(in, "Architecture"));
  ds_set_text(q, C_OS, ds_json_str(in, "Os"));
  ds_set_text(q, C_AUTHOR, ds_or(ds_json_str(in, "Author"), ""));
  ds_set_text(q, C_COMMENT, ds_or(ds_json_str(in, "Comment"), ""));
  ds_set_text(q, C_DOCKER_VERSION, ds_or(ds_json_str(in, "DockerVersion"), ""));
  json_object *layers = ds_json_path(in, "RootFS", "Layers", NULL);
  ds_set_int(q, C_LAYER_COUNT,
             layers && json_object_is_type(layers, json_type_array)
                 ? (sqlite3_int64)json_object_array_length(layers)
                 : 0);
}

static int generate(ds_query *q) {
  ds_image_set set;
  int rc = ds_images_select(q, C_ID, &set);
  if (rc == SQLITE_OK && uses_inspect(q)) rc = ds_images_fetch(q, &set, "/images/%s/json");
  int reveal = (int)ds_query_reveal(q);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++) {
    if ((rc = ds_row_new(q)) != SQLITE_OK) break;
    if ((rc = emit_list_columns(q, &set.items[i])) != SQLITE_OK) break;
    if (set.items[i].doc) emit_inspect_columns(q, set.items[i].doc, reveal);
  }
  ds_images_free(&set);
  return rc;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/images/json", -1}, {NULL, 0}};

const ds_table ds_table_docker_images = {
    .name = "docker_images",
    .doc = "Docker images, with their tags, digests and the configuration containers inherit "
           "from them.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- images whose default user is root\n"
               "SELECT tags, user FROM docker_images WHERE user IN ('', 'root', '0');",
    .prefetch = prefetch,
};
