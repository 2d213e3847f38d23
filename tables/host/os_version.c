/*
** os_version - the host's operating system (osquery's columns), from
** /etc/os-release, else /usr/lib/os-release, under the root prefix; arch
** from uname(2) (the running kernel's: the root prefix cannot change it).
** One row; the os-release columns are NULL when neither file is readable.
*/
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "dockersec.h"
#include "host/ds_etcfiles.h"
#include "host/ds_procfs.h"

enum {
  C_NAME,
  C_VERSION,
  C_MAJOR,
  C_MINOR,
  C_PATCH,
  C_BUILD,
  C_PLATFORM,
  C_PLATFORM_LIKE,
  C_CODENAME,
  C_ARCH,
  C_COUNT
};

static const ds_column columns[] = {
    [C_NAME] = {"name", DS_TEXT,
                "Distribution name (NAME); os-release columns are NULL when unreadable", 0},
    [C_VERSION] = {"version", DS_TEXT, "Pretty version (VERSION, else VERSION_ID)", 0},
    [C_MAJOR] = {"major", DS_INTEGER, "Major release from VERSION_ID", 0},
    [C_MINOR] = {"minor", DS_INTEGER, "Minor release from VERSION_ID", 0},
    [C_PATCH] = {"patch", DS_INTEGER, "Patch release from VERSION_ID", 0},
    [C_BUILD] = {"build", DS_TEXT, "Build id (BUILD_ID)", 0},
    [C_PLATFORM] = {"platform", DS_TEXT, "Distribution id (ID: debian, ubuntu, rhel, …)", 0},
    [C_PLATFORM_LIKE] = {"platform_like", DS_TEXT, "ID_LIKE", 0},
    [C_CODENAME] = {"codename", DS_TEXT, "VERSION_CODENAME", 0},
    [C_ARCH] = {"arch", DS_TEXT, "Hardware architecture of the running kernel (uname -m)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static void set_version_parts(ds_query *q, const char *v) {
  char *end;
  int cols[3] = {C_MAJOR, C_MINOR, C_PATCH};
  for (int i = 0; i < 3 && v && *v; i++) {
    long n = strtol(v, &end, 10);
    if (end == v) break;
    ds_set_int(q, cols[i], n);
    if (*end != '.') break;
    v = end + 1;
  }
}

static void apply(ds_query *q, const char *key, const char *value, int *have_version) {
  if (strcmp(key, "NAME") == 0) ds_set_text(q, C_NAME, value);
  if (strcmp(key, "VERSION") == 0) {
    ds_set_text(q, C_VERSION, value);
    *have_version = 1;
  }
  if (strcmp(key, "VERSION_ID") == 0) {
    if (!*have_version) ds_set_text(q, C_VERSION, value);
    set_version_parts(q, value);
  }
  if (strcmp(key, "BUILD_ID") == 0) ds_set_text(q, C_BUILD, value);
  if (strcmp(key, "ID") == 0) ds_set_text(q, C_PLATFORM, value);
  if (strcmp(key, "ID_LIKE") == 0) ds_set_text(q, C_PLATFORM_LIKE, value);
  if (strcmp(key, "VERSION_CODENAME") == 0) ds_set_text(q, C_CODENAME, value);
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  struct utsname u;
  if (uname(&u) == 0) ds_set_text(q, C_ARCH, u.machine);
  ds_buf b = {0};
  if (ds_host_read(root, "/etc/os-release", &b, 1 << 20) == 0 ||
      ds_host_read(root, "/usr/lib/os-release", &b, 1 << 20) == 0) {
    const char *end = b.data + b.len;
    int have_version = 0;
    for (const char *p = b.data; p < end;) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      const char *e = nl ? nl : end;
      char key[64], value[512];
      if (ds_parse_os_release_line(p, (size_t)(e - p), key, sizeof(key), value, sizeof(value)) == 1)
        apply(q, key, value, &have_version);
      p = e + 1;
    }
  }
  ds_buf_free(&b);
  return SQLITE_OK;
}

const ds_table ds_table_os_version = {
    .name = "os_version",
    .doc = "The host's operating system, from os-release.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT name, version, platform, arch FROM os_version;",
};
