/*
** time - the current date and time in UTC, osquery's columns (one row).
** date_time is osquery's hidden alias of datetime; win_timestamp (Windows
** only) is NULL.  The clock is the machine's: DOCKERSEC_ROOT does not apply.
*/
#include <string.h>
#include <time.h>

#include "dockersec.h"

enum {
  C_WEEKDAY,
  C_YEAR,
  C_MONTH,
  C_DAY,
  C_HOUR,
  C_MINUTES,
  C_SECONDS,
  C_TIMEZONE,
  C_LOCAL_TIMEZONE,
  C_UNIX_TIME,
  C_TIMESTAMP,
  C_DATETIME,
  C_ISO_8601,
  C_WIN_TIMESTAMP,
  C_DATE_TIME,
  C_COUNT
};

static const ds_column columns[] = {
    [C_WEEKDAY] = {"weekday", DS_TEXT, "Current weekday in UTC", 0},
    [C_YEAR] = {"year", DS_INTEGER, "Current year in UTC", 0},
    [C_MONTH] = {"month", DS_INTEGER, "Current month in UTC", 0},
    [C_DAY] = {"day", DS_INTEGER, "Current day in UTC", 0},
    [C_HOUR] = {"hour", DS_INTEGER, "Current hour in UTC", 0},
    [C_MINUTES] = {"minutes", DS_INTEGER, "Current minutes in UTC", 0},
    [C_SECONDS] = {"seconds", DS_INTEGER, "Current seconds in UTC", 0},
    [C_TIMEZONE] = {"timezone", DS_TEXT, "Timezone for reported time (always UTC)", 0},
    [C_LOCAL_TIMEZONE] = {"local_timezone", DS_TEXT, "Current local timezone of the system", 0},
    [C_UNIX_TIME] = {"unix_time", DS_INTEGER, "Current UNIX time in UTC", 0},
    [C_TIMESTAMP] = {"timestamp", DS_TEXT,
                     "Current timestamp (log format) in UTC, e.g. 'Mon May  2 22:27:32 2016 UTC'",
                     0},
    [C_DATETIME] = {"datetime", DS_TEXT, "Current date and time (ISO format) in UTC", 0},
    [C_ISO_8601] = {"iso_8601", DS_TEXT, "Current time (ISO format) in UTC", 0},
    [C_WIN_TIMESTAMP] = {"win_timestamp", DS_BIGINT, "Windows timestamp; NULL on Linux", DS_HIDDEN},
    [C_DATE_TIME] = {"date_time", DS_TEXT, "Alias of datetime (osquery's hidden alias)", DS_HIDDEN},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int generate(ds_query *q) {
  time_t now = time(NULL);
  struct tm gmt, local;
  gmtime_r(&now, &gmt);
  localtime_r(&now, &local);
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  char buf[64];
  if (strftime(buf, sizeof buf, "%A", &gmt)) ds_set_text(q, C_WEEKDAY, buf);
  ds_set_int(q, C_YEAR, gmt.tm_year + 1900);
  ds_set_int(q, C_MONTH, gmt.tm_mon + 1);
  ds_set_int(q, C_DAY, gmt.tm_mday);
  ds_set_int(q, C_HOUR, gmt.tm_hour);
  ds_set_int(q, C_MINUTES, gmt.tm_min);
  ds_set_int(q, C_SECONDS, gmt.tm_sec);
  ds_set_text(q, C_TIMEZONE, "UTC");
  ds_set_text(q, C_LOCAL_TIMEZONE, strftime(buf, sizeof buf, "%Z", &local) ? buf : "UTC");
  ds_set_int(q, C_UNIX_TIME, (sqlite3_int64)now);
  /* asctime's layout without its newline, then " UTC" (osquery's toAsciiTime) */
  if (strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y UTC", &gmt)) ds_set_text(q, C_TIMESTAMP, buf);
  if (strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &gmt)) {
    ds_set_text(q, C_DATETIME, buf);
    ds_set_text(q, C_ISO_8601, buf);
    ds_set_text(q, C_DATE_TIME, buf);
  }
  return SQLITE_OK;
}

const ds_table ds_table_time = {
    .name = "time",
    .doc = "The current date and time in UTC (one row).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT unix_time, datetime FROM time;",
    .rows = 1,
};
