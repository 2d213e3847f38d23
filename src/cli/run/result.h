/*
** result.h - a materialised result set (column names + typed rows) and the
** renderers shared by `dockersec query` and `dockersec run`.
*/
#ifndef DS_CLI_RESULT_H
#define DS_CLI_RESULT_H

#include <stdio.h>

#include <json-c/json.h>

#include "dockersec.h"

typedef struct ds_value {
  int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
  sqlite3_int64 i;
  double d;
  char *s;
} ds_value;

typedef struct ds_result {
  int ncols;
  char **cols;
  ds_value *cells; /* nrows * ncols */
  size_t nrows;
  size_t cap;
} ds_result;

typedef enum { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_JSONL } ds_format;

/* Parses "table|csv|json|jsonl"; -1 when unknown. */
int ds_format_parse(const char *name);

/* Runs every statement in `sql`, keeping the rows of the last one that
** returns columns. Returns SQLITE_OK or an error code with *err set (malloc'd). */
int ds_result_exec(sqlite3 *db, const char *sql, ds_result *out, char **err);
/* Runs one prepared statement to completion into `out`. */
int ds_result_step_all(sqlite3_stmt *stmt, ds_result *out, char **err);
void ds_result_free(ds_result *r);

/* The value of a cell as a JSON value (numbers stay numbers). */
json_object *ds_value_json(const ds_value *v);
/* Row `row` as a JSON object (column order kept). */
json_object *ds_result_row_json(const ds_result *r, size_t row);

void ds_result_print(const ds_result *r, ds_format fmt, FILE *out);
/* One CSV field, per RFC 4180: ds_csv_field escapes the value first
** (common/ds_sanitize.h); ds_csv_shown takes text already fit to show (the
** report's evidence, JSON from ds_json_display).  Both neutralise a leading
** formula character. */
void ds_csv_field(FILE *out, const char *s);
void ds_csv_shown(FILE *out, const char *s);

#endif
