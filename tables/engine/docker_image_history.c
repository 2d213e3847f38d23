/*
** docker_image_history - the build steps of every image, newest first as
** docker history shows them (osquery's columns, then ours).  Source:
** GET /images/{id}/history, fetched concurrently through the cache for the
** images the query is about.
**
** Build steps leak secrets (ENV API_TOKEN=…, --build-arg PASSWORD=…, which
** appear as "|1 PASSWORD=… /bin/sh -c …"): secret-looking values in
** created_by read "<redacted>" (src/common/secret.c, ds_redact_command) unless
** dockersec_config('reveal_secrets', 1); `secret_like` flags those steps.
**
** Push-down: id (= and IN; prefixes without "sha256:").
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_docker_map.h"
#include "engine/ds_images.h"
#include "common/ds_secret.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_ID,
  C_CREATED,
  C_SIZE,
  C_CREATED_BY,
  C_TAGS,
  C_COMMENT,
  /* dockersec */
  C_STEP,
  C_HISTORY_ID,
  C_SECRET_LIKE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Image ID without sha256: (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_CREATED] = {"created", DS_BIGINT, "Time of the step as UNIX time", 0},
    [C_SIZE] = {"size", DS_BIGINT, "Bytes the step added", 0},
    [C_CREATED_BY] = {"created_by", DS_TEXT,
                      "The instruction; secret-looking values <redacted> unless reveal_secrets", 0},
    [C_TAGS] = {"tags", DS_TEXT, "Tags of the image this step produced, comma-separated", 0},
    [C_COMMENT] = {"comment", DS_TEXT, "Step comment", 0},
    [C_STEP] = {"step", DS_INTEGER, "Position in the build, 1 = first (oldest) step", 0},
    [C_HISTORY_ID] = {"history_id", DS_TEXT,
                      "ID of the image this step produced without sha256:, '<missing>' when it "
                      "came from a registry",
                      DS_NOCASE},
    [C_SECRET_LIKE] = {"secret_like", DS_INTEGER,
                       "1 if created_by holds a secret-looking value (redacted or not)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static char *join_tags(json_object *a) {
  ds_buf b = {0};
  for (size_t i = 0;
       a && json_object_is_type(a, json_type_array) && i < json_object_array_length(a); i++) {
    const char *s = json_object_get_string(json_object_array_get_idx(a, i));
    if (!s) continue;
    if (b.len) ds_buf_puts(&b, ",");
    ds_buf_puts(&b, s);
  }
  return ds_buf_take(&b); /* NULL when out of memory */
}

static int emit_history(ds_query *q, const ds_image_ref *r, int reveal) {
  json_object *steps = r->doc;
  if (!steps || !json_object_is_type(steps, json_type_array)) return SQLITE_OK;
  size_t n = json_object_array_length(steps);
  for (size_t i = 0; i < n; i++) {
    json_object *h = json_object_array_get_idx(steps, i);
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    int secret = 0;
    char *created_by = ds_redact_command(ds_or(ds_json_str(h, "CreatedBy"), ""), reveal, &secret);
    if (!created_by) return ds_error(q, "out of memory");
    ds_set_text(q, C_ID, r->id);
    ds_set_int(q, C_CREATED, ds_json_int(h, "Created", 0));
    ds_set_int(q, C_SIZE, ds_json_int(h, "Size", 0));
    ds_set_text_owned(q, C_CREATED_BY, created_by);
    char *tags = join_tags(ds_json_path(h, "Tags", NULL));
    if (!tags) return ds_error(q, "out of memory");
    ds_set_text_owned(q, C_TAGS, tags);
    ds_set_text(q, C_COMMENT, ds_or(ds_json_str(h, "Comment"), ""));
    /* The API lists the newest step first. */
    ds_set_int(q, C_STEP, (sqlite3_int64)(n - i));
    ds_set_text(q, C_HISTORY_ID, ds_strip_sha256(ds_json_str(h, "Id")));
    ds_set_int(q, C_SECRET_LIKE, secret);
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  ds_image_set set;
  int rc = ds_images_select(q, C_ID, &set);
  if (rc == SQLITE_OK) rc = ds_images_fetch(q, &set, "/images/%s/history");
  int reveal = (int)ds_query_reveal(q);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    rc = emit_history(q, &set.items[i], reveal);
  ds_images_free(&set);
  return rc;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/images/json", -1}, {NULL, 0}};

const ds_table ds_table_docker_image_history = {
    .name = "docker_image_history",
    .doc = "Build steps of every Docker image (docker history), with secret-looking values "
           "redacted unless reveal_secrets is on.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- build steps that baked a secret into an image\n"
               "SELECT i.tags, h.created_by FROM docker_image_history h\n"
               "JOIN docker_images i ON i.id = h.id WHERE h.secret_like;",
    .prefetch = prefetch,
};
