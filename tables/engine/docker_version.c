/*
** docker_version - the engine's version (GET /version), one row.
** osquery's columns first, then ours.
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

enum {
  C_VERSION,
  C_API_VERSION,
  C_MIN_API_VERSION,
  C_GIT_COMMIT,
  C_GO_VERSION,
  C_OS,
  C_ARCH,
  C_KERNEL_VERSION,
  C_BUILD_TIME,
  C_PLATFORM,
  C_COMPONENTS,
  C_NEGOTIATED,
  C_COUNT
};

static const ds_column columns[] = {
    [C_VERSION] = {"version", DS_TEXT, "Engine version", DS_VERSION},
    [C_API_VERSION] = {"api_version", DS_TEXT, "Newest API version the engine speaks", DS_VERSION},
    [C_MIN_API_VERSION] = {"min_api_version", DS_TEXT, "Oldest API version it accepts", DS_VERSION},
    [C_GIT_COMMIT] = {"git_commit", DS_TEXT, "Engine git commit", 0},
    [C_GO_VERSION] = {"go_version", DS_TEXT, "Go version it was built with", DS_VERSION},
    [C_OS] = {"os", DS_TEXT, "Operating system", 0},
    [C_ARCH] = {"arch", DS_TEXT, "Hardware architecture", 0},
    [C_KERNEL_VERSION] = {"kernel_version", DS_TEXT, "Kernel version the engine reports",
                          DS_VERSION},
    [C_BUILD_TIME] = {"build_time", DS_TEXT, "Build time", 0},
    [C_PLATFORM] = {"platform", DS_TEXT, "Platform name (e.g. 'Docker Engine - Community')", 0},
    [C_COMPONENTS] = {"components", DS_TEXT,
                      "Components (containerd, runc, …) as a JSON array of {Name, Version}", 0},
    [C_NEGOTIATED] = {"negotiated_api_version", DS_TEXT,
                      "API version dockersec uses with this engine", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int generate(ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  json_object *v = d ? ds_docker_get(d, "/version", NULL, &err) : NULL;
  const char *negotiated = v ? ds_docker_api_version(d, &err) : NULL;
  if (!v || !negotiated) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_text(q, C_VERSION, ds_json_str(v, "Version"));
  ds_set_text(q, C_API_VERSION, ds_json_str(v, "ApiVersion"));
  ds_set_text(q, C_MIN_API_VERSION, ds_json_str(v, "MinAPIVersion"));
  ds_set_text(q, C_GIT_COMMIT, ds_json_str(v, "GitCommit"));
  ds_set_text(q, C_GO_VERSION, ds_json_str(v, "GoVersion"));
  ds_set_text(q, C_OS, ds_json_str(v, "Os"));
  ds_set_text(q, C_ARCH, ds_json_str(v, "Arch"));
  ds_set_text(q, C_KERNEL_VERSION, ds_json_str(v, "KernelVersion"));
  ds_set_text(q, C_BUILD_TIME, ds_json_str(v, "BuildTime"));
  ds_set_text(q, C_PLATFORM, ds_json_str(ds_json_path(v, "Platform", NULL), "Name"));
  ds_set_text_owned(q, C_COMPONENTS, ds_json_text(ds_json_path(v, "Components", NULL), 1));
  ds_set_text(q, C_NEGOTIATED, negotiated);
  return SQLITE_OK;
}

const ds_table ds_table_docker_version = {
    .name = "docker_version",
    .doc = "Version of the Docker engine and its components (GET /version).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT version, api_version, kernel_version FROM docker_version;",
    .rows = 1, /* one row: scanned once, outside a join's loop */
};
