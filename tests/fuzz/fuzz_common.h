/*
** fuzz_common.h - shared by the libFuzzer targets: a connection with every
** table registered on a context of its own, a Docker client that never
** touches the network (answers injected with ds_docker_inject), and a
** statement runner that reads every cell and ignores SQL errors (an error is
** a correct outcome for hostile input; a crash, leak or UB is not).
*/
#ifndef DS_FUZZ_COMMON_H
#define DS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static sqlite3 *fz_db __attribute__((unused));
static ds_ctx *fz_ctx __attribute__((unused));

/* Opens the connection once: tables share fz_ctx; the host root points
** nowhere (or at `root`), so no generator reads the fuzzing machine's /proc. */
static inline void fz_open(const char *root) {
  if (sqlite3_open(":memory:", &fz_db) != SQLITE_OK) abort();
  fz_ctx = ds_ctx_new();
  if (!fz_ctx) abort();
  char *err = NULL;
  /* Nothing may reach a real engine even if injection were bypassed. */
  if (ds_config_set(fz_ctx, "docker_host", "unix:///nonexistent/fuzz.sock", &err) != SQLITE_OK ||
      ds_config_set(fz_ctx, "root", root ? root : "/nonexistent-fuzz-root", &err) != SQLITE_OK)
    abort();
  if (ds_register_tables(fz_db, fz_ctx, &err) != SQLITE_OK) abort();
}

/* A fresh client (empty cache, no injections) for the next input. */
static inline ds_docker *fz_new_client(void) {
  ds_docker_free(fz_ctx->docker);
  fz_ctx->docker = NULL;
  ds_docker *d = ds_ctx_docker(fz_ctx);
  if (!d) abort();
  return d;
}

/* Runs every statement of `sql`, stepping each to the end and reading every
** column as text (what a front end does).  With DS_FUZZ_VERBOSE set, rows
** and errors go to stderr (to see what an input does when reproducing). */
static inline void fz_exec(const char *sql) {
  static int verbose = -1;
  if (verbose < 0) verbose = getenv("DS_FUZZ_VERBOSE") != NULL;
  const char *tail = sql;
  while (tail && *tail) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fz_db, tail, -1, &st, &tail) != SQLITE_OK) {
      if (verbose) fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(fz_db));
      return;
    }
    if (!st) continue;
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      rows++;
      for (int c = 0; c < sqlite3_column_count(st); c++) {
        const unsigned char *t = sqlite3_column_text(st, c);
        if (t) (void)strlen((const char *)t);
        if (verbose) fprintf(stderr, "%s%s", c ? "|" : "", t ? (const char *)t : "NULL");
      }
      if (verbose) fputc('\n', stderr);
    }
    if (verbose)
      fprintf(stderr, "-- %d rows%s%s\n", rows,
              rc == SQLITE_DONE ? "" : ", error: ", rc == SQLITE_DONE ? "" : sqlite3_errmsg(fz_db));
    sqlite3_finalize(st);
  }
}

/* "SELECT every column, hidden ones too, FROM t <where>" for one table;
** without `where`, each required column is given a few values (an id
** prefix of the fixtures' containers, a pid) so the table runs at all. */
static inline char *fz_select_all(const ds_table *t, const char *where) {
  ds_buf b = {0};
  ds_buf_puts(&b, "SELECT ");
  for (int c = 0; c < t->ncolumns; c++)
    ds_buf_printf(&b, "%s\"%s\"", c ? ", " : "", t->columns[c].name);
  ds_buf_printf(&b, " FROM %s", t->name);
  if (where) {
    ds_buf_puts(&b, where);
  } else {
    int k = 0;
    for (int c = 0; c < t->ncolumns; c++) {
      if (!(t->columns[c].flags & DS_REQUIRED)) continue;
      ds_buf_printf(&b, "%s\"%s\" IN ('a1a1a1a1', 'b2', '4242')", k++ ? " AND " : " WHERE ",
                    t->columns[c].name);
    }
  }
  ds_buf_puts(&b, ";");
  char *sql = ds_buf_take(&b);
  if (!sql) abort(); /* out of memory: the harness cannot run */
  return sql;
}

#endif
