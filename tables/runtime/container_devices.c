/*
** container_devices - the devices of every container in `containers`, from
** its runtime spec: the device nodes created in it (linux.devices, kind
** 'node') and the device cgroup rules (linux.resources.devices, kind 'rule',
** in order: the last matching rule wins).  A rule allowing type a (or none),
** any major/minor and rwm gives every host device.
**
** Push-down: id (exact), kind.
*/
#include "dockersec.h"
#include "engine/ds_docker.h"
#include "runtime/ds_runtime.h"

enum {
  C_ID,
  C_KIND,
  C_SEQ,
  C_PATH,
  C_TYPE,
  C_MAJOR,
  C_MINOR,
  C_ACCESS,
  C_ALLOW,
  C_ALLOWS_ALL,
  C_FILE_MODE,
  C_UID,
  C_GID,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container id (containers.id)", DS_INDEXED},
    [C_KIND] = {"kind", DS_TEXT, "node (linux.devices) or rule (linux.resources.devices)",
                DS_INDEXED},
    [C_SEQ] = {"seq", DS_INTEGER, "Position in its list, from 0", 0},
    [C_PATH] = {"path", DS_TEXT, "Device node path in the container (nodes)", 0},
    [C_TYPE] = {"type", DS_TEXT, "c, b, p, u; a (all) or NULL (all) for rules", 0},
    [C_MAJOR] = {"major", DS_BIGINT, "Major number; NULL = any (rules)", 0},
    [C_MINOR] = {"minor", DS_BIGINT, "Minor number; NULL = any (rules)", 0},
    [C_ACCESS] = {"access", DS_TEXT, "Rule access: r, w, m", 0},
    [C_ALLOW] = {"allow", DS_INTEGER, "Rule: 1 allow, 0 deny", 0},
    [C_ALLOWS_ALL] = {"allows_all", DS_INTEGER, "Rule: 1 when it allows every device rwm", 0},
    [C_FILE_MODE] = {"file_mode", DS_BIGINT, "Node: file mode", 0},
    [C_UID] = {"uid", DS_BIGINT, "Node: owner", 0},
    [C_GID] = {"gid", DS_BIGINT, "Node: group", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static void set_opt_int(ds_query *q, int col, json_object *o, const char *key) {
  json_object *v;
  if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int) &&
      !(col == C_MAJOR || col == C_MINOR ? json_object_get_int64(v) < 0 : 0))
    ds_set_int(q, col, json_object_get_int64(v));
}

static int emit_list(ds_query *q, const char *id, json_object *list, const char *kind) {
  if (!list || !ds_query_accepts_text(q, C_KIND, kind)) return SQLITE_OK;
  int rule = kind[0] == 'r';
  for (size_t i = 0; i < json_object_array_length(list); i++) {
    json_object *d = json_object_array_get_idx(list, i);
    if (!json_object_is_type(d, json_type_object)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, id);
    ds_set_text(q, C_KIND, kind);
    ds_set_int(q, C_SEQ, (sqlite3_int64)i);
    if (ds_json_str(d, "path")) ds_set_text(q, C_PATH, ds_json_str(d, "path"));
    if (ds_json_str(d, "type")) ds_set_text(q, C_TYPE, ds_json_str(d, "type"));
    set_opt_int(q, C_MAJOR, d, "major");
    set_opt_int(q, C_MINOR, d, "minor");
    if (rule) {
      if (ds_json_str(d, "access")) ds_set_text(q, C_ACCESS, ds_json_str(d, "access"));
      ds_set_int(q, C_ALLOW, ds_json_bool(d, "allow"));
      ds_set_int(q, C_ALLOWS_ALL, ds_oci_rule_allows_all(d));
    } else {
      set_opt_int(q, C_FILE_MODE, d, "fileMode");
      set_opt_int(q, C_UID, d, "uid");
      set_opt_int(q, C_GID, d, "gid");
    }
  }
  return SQLITE_OK;
}

static int emit(ds_query *q, const ds_rt_container *c, const ds_oci_spec *s, const char *note,
                void *arg) {
  DS_UNUSED(note);
  DS_UNUSED(arg);
  if (!s) return SQLITE_OK;
  int rc = emit_list(q, c->id, s->devices, "node");
  return rc == SQLITE_OK ? emit_list(q, c->id, s->device_rules, "rule") : rc;
}

static int generate(ds_query *q) {
  return ds_runtime_each(q, C_ID, 0, emit, NULL);
}

const ds_table ds_table_container_devices = {
    .name = "container_devices",
    .doc = "Device nodes and device cgroup rules of every container in the state of any OCI "
           "runtime.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- containers given every host device\n"
               "SELECT c.runtime, c.name FROM container_devices d JOIN containers c USING (id)\n"
               "WHERE d.kind = 'rule' AND d.allows_all;",
};
