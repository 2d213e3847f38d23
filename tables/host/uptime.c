/*
** uptime - time since the last boot, osquery's columns, from /proc/uptime
** under the root prefix (osquery calls sysinfo(2), which reads the same
** clock; reading the file lets a fixture root stand in for the host).
*/
#include <stdlib.h>

#include "dockersec.h"
#include "host/ds_procfs.h"

enum { C_DAYS, C_HOURS, C_MINUTES, C_SECONDS, C_TOTAL_SECONDS, C_COUNT };

static const ds_column columns[] = {
    [C_DAYS] = {"days", DS_INTEGER, "Days of uptime", 0},
    [C_HOURS] = {"hours", DS_INTEGER, "Hours of uptime", 0},
    [C_MINUTES] = {"minutes", DS_INTEGER, "Minutes of uptime", 0},
    [C_SECONDS] = {"seconds", DS_INTEGER, "Seconds of uptime", 0},
    [C_TOTAL_SECONDS] = {"total_seconds", DS_BIGINT, "Total uptime seconds", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int generate(ds_query *q) {
  ds_buf b = {0};
  int rc = SQLITE_OK;
  if (ds_host_read(ds_query_root(q), "/proc/uptime", &b, 4096) != 0) {
    ds_buf_free(&b);
    return SQLITE_OK; /* osquery: no row when the uptime is unknown */
  }
  char *end;
  double up = strtod(b.data, &end);
  if (end != b.data && up >= 0) {
    long long s = (long long)up;
    rc = ds_row_new(q);
    if (rc == SQLITE_OK) {
      ds_set_int(q, C_DAYS, s / 86400);
      ds_set_int(q, C_HOURS, (s / 3600) % 24);
      ds_set_int(q, C_MINUTES, (s / 60) % 60);
      ds_set_int(q, C_SECONDS, s % 60);
      ds_set_int(q, C_TOTAL_SECONDS, s);
    }
  }
  ds_buf_free(&b);
  return rc;
}

const ds_table ds_table_uptime = {
    .name = "uptime",
    .doc = "Time passed since the last boot (/proc/uptime).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT days, hours, total_seconds FROM uptime;",
    .rows = 1,
};
