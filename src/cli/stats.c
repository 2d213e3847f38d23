/*
** stats.c - `--stats`: the Docker API client's counters of one CLI run,
** printed on stderr after the results so stdout stays clean for scripts.
** Read through the dockersec_stats table, like any user would.
*/
#include <stdio.h>

#include "cli/cli.h"

static void print_totals(sqlite3_stmt *st, FILE *out) {
  fprintf(out, "dockersec-stats");
  for (int c = 0; c < sqlite3_column_count(st); c++) {
    const char *name = sqlite3_column_name(st, c);
    if (sqlite3_column_type(st, c) == SQLITE_FLOAT)
      fprintf(out, " %s=%.3f", name, sqlite3_column_double(st, c));
    else
      fprintf(out, " %s=%lld", name, (long long)sqlite3_column_int64(st, c));
  }
  fputc('\n', out);
}

int ds_cli_print_stats(sqlite3 *db, FILE *out) {
  static const char totals_sql[] =
      "SELECT requests, list_requests, inspects, other_requests, cache_hits, bytes, errors, "
      "request_ms FROM dockersec_stats";
  static const char endpoints_sql[] =
      "SELECT e.key, e.value FROM dockersec_stats AS s, json_each(s.endpoints) AS e";
  /* The results come first, even when both streams go to one terminal. */
  fflush(stdout);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, totals_sql, -1, &st, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    print_totals(st, out);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, endpoints_sql, -1, &st, NULL);
  while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    fprintf(out, "dockersec-stats endpoint=\"%s\" requests=%lld\n",
            (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1));
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) {
    fprintf(out, "dockersec: cannot read dockersec_stats: %s\n", sqlite3_errmsg(db));
    return rc;
  }
  return SQLITE_OK;
}
