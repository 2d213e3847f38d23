/*
** result.c - result sets and their renderings: an osqueryi-style ASCII table,
** RFC 4180 CSV, one JSON array, or JSON lines.
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/run/result.h"

int ds_format_parse(const char *name) {
  if (!name) return -1;
  if (strcmp(name, "table") == 0) return FMT_TABLE;
  if (strcmp(name, "csv") == 0) return FMT_CSV;
  if (strcmp(name, "json") == 0) return FMT_JSON;
  if (strcmp(name, "jsonl") == 0) return FMT_JSONL;
  return -1;
}

void ds_result_free(ds_result *r) {
  for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++)
    free(r->cells[i].s);
  for (int c = 0; c < r->ncols; c++)
    free(r->cols[c]);
  free(r->cols);
  free(r->cells);
  memset(r, 0, sizeof(*r));
}

static int add_row(ds_result *r, sqlite3_stmt *stmt) {
  if (r->nrows == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    ds_value *cells = realloc(r->cells, cap * (size_t)r->ncols * sizeof(ds_value));
    if (!cells) return SQLITE_NOMEM;
    r->cells = cells;
    r->cap = cap;
  }
  ds_value *row = &r->cells[r->nrows * (size_t)r->ncols];
  memset(row, 0, (size_t)r->ncols * sizeof(ds_value));
  for (int c = 0; c < r->ncols; c++) {
    row[c].type = sqlite3_column_type(stmt, c);
    switch (row[c].type) {
    case SQLITE_INTEGER:
      row[c].i = sqlite3_column_int64(stmt, c);
      break;
    case SQLITE_FLOAT:
      row[c].d = sqlite3_column_double(stmt, c);
      break;
    case SQLITE_NULL:
      break;
    default: /* TEXT and BLOB are shown as text */
      row[c].type = SQLITE_TEXT;
      row[c].s = ds_strdup((const char *)sqlite3_column_text(stmt, c));
      if (!row[c].s) row[c].s = ds_strdup("");
    }
  }
  r->nrows++;
  return SQLITE_OK;
}

int ds_result_step_all(sqlite3_stmt *stmt, ds_result *out, char **err) {
  ds_result_free(out);
  out->ncols = sqlite3_column_count(stmt);
  out->cols = calloc((size_t)(out->ncols ? out->ncols : 1), sizeof(char *));
  if (!out->cols) return SQLITE_NOMEM;
  for (int c = 0; c < out->ncols; c++)
    out->cols[c] = ds_strdup(sqlite3_column_name(stmt, c));
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (add_row(out, stmt) != SQLITE_OK) return SQLITE_NOMEM;
  }
  if (rc != SQLITE_DONE) {
    *err = ds_strdup(sqlite3_errmsg(sqlite3_db_handle(stmt)));
    return rc;
  }
  return SQLITE_OK;
}

int ds_result_exec(sqlite3 *db, const char *sql, ds_result *out, char **err) {
  const char *tail = sql;
  int rc = SQLITE_OK;
  while (tail && *tail) {
    sqlite3_stmt *stmt = NULL;
    rc = sqlite3_prepare_v2(db, tail, -1, &stmt, &tail);
    if (rc != SQLITE_OK) {
      *err = ds_strdup(sqlite3_errmsg(db));
      return rc;
    }
    if (!stmt) continue; /* white space or a comment */
    if (sqlite3_column_count(stmt) > 0) {
      rc = ds_result_step_all(stmt, out, err);
    } else {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      if (rc != SQLITE_OK) *err = ds_strdup(sqlite3_errmsg(db));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

json_object *ds_value_json(const ds_value *v) {
  switch (v->type) {
  case SQLITE_INTEGER:
    return json_object_new_int64(v->i);
  case SQLITE_FLOAT:
    return json_object_new_double(v->d);
  case SQLITE_TEXT:
    return json_object_new_string(v->s);
  default:
    return NULL; /* JSON null */
  }
}

json_object *ds_result_row_json(const ds_result *r, size_t row) {
  json_object *o = json_object_new_object();
  const ds_value *cells = &r->cells[row * (size_t)r->ncols];
  for (int c = 0; c < r->ncols; c++)
    json_object_object_add(o, r->cols[c], ds_value_json(&cells[c]));
  return o;
}

static char *value_text(const ds_value *v) {
  switch (v->type) {
  case SQLITE_INTEGER:
    return ds_mprintf("%lld", (long long)v->i);
  case SQLITE_FLOAT:
    return ds_mprintf("%.15g", v->d);
  case SQLITE_TEXT:
    return ds_strdup(v->s);
  default:
    return ds_strdup("");
  }
}

/* A CSV cell: controls shown escaped (ds_sanitize), then as ds_csv_shown. */
void ds_csv_field(FILE *out, const char *s) {
  char *clean = ds_sanitize_needed(s, DS_SAN_KEEP_SPACE) ? ds_sanitize(s, DS_SAN_KEEP_SPACE) : NULL;
  ds_csv_shown(out, clean ? clean : s);
  free(clean);
}

/* A cell already fit to show: a leading formula character neutralised with
** a ' (OWASP CSV injection), quoted when needed. */
void ds_csv_shown(FILE *out, const char *s) {
  const char *prefix = ds_csv_formula(s) ? "'" : "";
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(prefix, out);
    fputs(s, out);
    return;
  }
  fputc('"', out);
  fputs(prefix, out);
  for (; *s; s++) {
    if (*s == '"') fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

/* Display width in terminal columns, counting UTF-8 code points. */
static size_t text_width(const char *s) {
  size_t w = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) w++;
  return w;
}

static void print_rule(FILE *out, const size_t *w, int n) {
  for (int c = 0; c < n; c++) {
    fputc('+', out);
    for (size_t i = 0; i < w[c] + 2; i++)
      fputc('-', out);
  }
  fputs("+\n", out);
}

static void print_cells(FILE *out, char **cells, const size_t *w, int n) {
  for (int c = 0; c < n; c++) {
    fprintf(out, "| %s", cells[c]);
    /* Multi-line values are shown on one line: newlines become spaces. */
    for (size_t i = text_width(cells[c]); i < w[c] + 1; i++)
      fputc(' ', out);
  }
  fputs("|\n", out);
}

static void print_table(const ds_result *r, FILE *out) {
  if (r->ncols == 0) return;
  size_t *w = calloc((size_t)r->ncols, sizeof(size_t));
  char **text = calloc(r->nrows * (size_t)r->ncols + 1, sizeof(char *));
  if (!w || !text) goto done;
  for (int c = 0; c < r->ncols; c++)
    w[c] = text_width(r->cols[c]);
  for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++) {
    char *raw = value_text(&r->cells[i]);
    /* One line per row, controls shown escaped (common/ds_sanitize.h). */
    text[i] = raw ? ds_sanitize(raw, DS_SAN_FLATTEN) : NULL;
    free(raw);
    size_t tw = text[i] ? text_width(text[i]) : 0;
    if (tw > w[i % (size_t)r->ncols]) w[i % (size_t)r->ncols] = tw;
  }
  print_rule(out, w, r->ncols);
  print_cells(out, r->cols, w, r->ncols);
  print_rule(out, w, r->ncols);
  for (size_t row = 0; row < r->nrows; row++)
    print_cells(out, &text[row * (size_t)r->ncols], w, r->ncols);
  if (r->nrows) print_rule(out, w, r->ncols);
done:
  for (size_t i = 0; text && i < r->nrows * (size_t)r->ncols; i++)
    free(text[i]);
  free(text);
  free(w);
}

static void print_csv(const ds_result *r, FILE *out) {
  for (int c = 0; c < r->ncols; c++) {
    if (c) fputc(',', out);
    ds_csv_field(out, r->cols[c]);
  }
  fputs("\r\n", out);
  for (size_t row = 0; row < r->nrows; row++) {
    for (int c = 0; c < r->ncols; c++) {
      if (c) fputc(',', out);
      char *t = value_text(&r->cells[row * (size_t)r->ncols + (size_t)c]);
      ds_csv_field(out, t ? t : "");
      free(t);
    }
    fputs("\r\n", out);
  }
}

static const int json_flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;

/* A JSON text and a newline, invalid UTF-8 replaced by U+FFFD. */
static void put_json(const char *s, FILE *out) {
  char *fixed = ds_utf8_needs_fix(s) ? ds_utf8_valid(s) : NULL;
  fputs(fixed ? fixed : s ? s : "null", out);
  fputc('\n', out);
  free(fixed);
}

void ds_result_print(const ds_result *r, ds_format fmt, FILE *out) {
  switch (fmt) {
  case FMT_CSV:
    print_csv(r, out);
    break;
  case FMT_JSON: {
    json_object *a = json_object_new_array();
    for (size_t row = 0; row < r->nrows; row++)
      json_object_array_add(a, ds_result_row_json(r, row));
    put_json(json_object_to_json_string_ext(a, json_flags | JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_SPACED),
             out);
    json_object_put(a);
    break;
  }
  case FMT_JSONL:
    for (size_t row = 0; row < r->nrows; row++) {
      json_object *o = ds_result_row_json(r, row);
      put_json(json_object_to_json_string_ext(o, json_flags), out);
      json_object_put(o);
    }
    break;
  default:
    print_table(r, out);
  }
}
