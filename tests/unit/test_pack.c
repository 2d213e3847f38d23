/*
** test_pack.c - the pack parser (src/cli/pack/pack.c): the header format, every
** validation error with its file:line, and directory loading.
*/
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "common/ds_util.h"
#include "cli/pack/pack.h"

#define HEADER(id)                                                                                 \
  "-- check: " id "\n-- control: D01\n-- title: T\n-- severity: low\n-- description: D\n"          \
  "-- remediation: R\n-- references: https://example.com/r\n"

/* Parses `text` into a fresh pack; returns the error (malloc'd) or NULL. */
static char *parse_error(const char *text) {
  ds_pack p = {0};
  char *err = NULL;
  int rc = ds_pack_parse(&p, text, "t.sql", &err);
  if (rc == 0 && err) rc = -1;
  ds_pack_free(&p);
  if (rc == 0) return NULL;
  return err ? err : ds_strdup("(no message)");
}

static void expect_error(const char *name, const char *text, const char *needle) {
  char *err = parse_error(text);
  int ok = err && strstr(err, needle);
  if (!ok) printf("  got: %s\n", err ? err : "(parsed fine)");
  CHECK(name, ok);
  free(err);
}

static void test_valid(void) {
  const char *text = "-- OWASP D01 preamble comment\n"
                     "\n"
                     "-- check: D01.1\n"
                     "-- control: D01\n"
                     "-- title: Container runs as root\n"
                     "-- severity: Medium\n"
                     "-- description: Root in the container\n"
                     "--   is root on the host without userns.\n"
                     "-- remediation: Set USER.\n"
                     "-- references: https://a.example/1, https://a.example/2\n"
                     "-- references: https://a.example/3\n"
                     "-- cis: 4.1\n"
                     "SELECT id AS container_id\n"
                     "FROM docker_containers WHERE user = ';' -- a ; in a comment\n"
                     "ORDER BY 1;\n"
                     "\n" HEADER("D01.2") "-- A comment that ends the header.\n"
                                          "WITH x AS (SELECT 1 AS a) SELECT a FROM x;\r\n";
  ds_pack p = {0};
  char *err = NULL;
  CHECK_INT("valid-parses", 0, ds_pack_parse(&p, text, "pack/D01.sql", &err));
  CHECK_STR("valid-no-error", NULL, err);
  CHECK_INT("valid-two-checks", 2, p.n);
  if (p.n != 2) {
    ds_pack_free(&p);
    return;
  }
  const ds_check *c = &p.checks[0];
  CHECK_STR("valid-id", "D01.1", c->id);
  CHECK_STR("valid-control", "D01", c->control);
  CHECK_STR("valid-title", "Container runs as root", c->title);
  CHECK_INT("valid-severity-case-insensitive", DS_SEV_MEDIUM, c->severity);
  CHECK_STR("valid-continuation", "Root in the container is root on the host without userns.",
            c->description);
  CHECK_STR("valid-remediation", "Set USER.", c->remediation);
  CHECK_INT("valid-references-split-and-repeated", 3, c->nreferences);
  CHECK_STR("valid-reference-comma-stripped", "https://a.example/1", c->references[0]);
  CHECK_STR("valid-reference-3", "https://a.example/3", c->references[2]);
  CHECK("valid-references-null-terminated", c->references[3] == NULL);
  CHECK_STR("valid-cis", "4.1", c->cis);
  CHECK_INT("valid-line", 3, c->line);
  CHECK_INT("valid-sql-line", 13, c->sql_line);
  CHECK_STR("valid-file", "pack/D01.sql", c->file);
  CHECK("valid-sql-kept", strncmp(c->sql, "SELECT id AS container_id\n", 26) == 0 &&
                              c->sql[strlen(c->sql) - 1] == ';');
  CHECK("valid-cis-optional", p.checks[1].cis == NULL);
  CHECK("valid-body-comment-kept", strncmp(p.checks[1].sql, "-- A comment", 12) == 0);
  CHECK("valid-crlf-stripped", strchr(p.checks[1].sql, '\r') == NULL);
  CHECK("find-case-insensitive", ds_pack_find(&p, "d01.2") == &p.checks[1]);
  CHECK("find-missing", ds_pack_find(&p, "D01.3") == NULL);
  ds_pack_free(&p);
}

static void test_errors(void) {
  expect_error("err-unknown-key", HEADER("D01.1") "-- severty: low\nSELECT 1;\n",
               "t.sql:8: unknown header key 'severty'");
  expect_error("err-missing-key",
               "\n-- check: D01.1\n-- control: D01\n-- title: T\n-- severity: low\n"
               "-- description: D\n-- references: https://x.example\nSELECT 1;\n",
               "t.sql:2: check D01.1: missing '-- remediation:'");
  expect_error(
      "err-bad-severity",
      "-- check: D01.1\n-- control: D01\n-- title: T\n-- severity: severe\n"
      "-- description: D\n-- remediation: R\n-- references: https://x.example\nSELECT 1;\n",
      "t.sql:1: check D01.1: severity 'severe'");
  expect_error("err-duplicate-key", HEADER("D01.1") "-- title: again\nSELECT 1;\n",
               "t.sql:8: 'title' given twice");
  expect_error("err-sql-before-check", "SELECT 1;\n" HEADER("D01.1") "SELECT 1;\n",
               "t.sql:1: SQL before the first");
  expect_error("err-key-before-check", "-- title: T\n" HEADER("D01.1") "SELECT 1;\n",
               "t.sql:1: '-- title:' before the first '-- check:'");
  expect_error("err-two-statements", HEADER("D01.1") "SELECT 1;\nSELECT 2;\n",
               "t.sql:8: check D01.1: more than one statement");
  expect_error("err-no-semicolon", HEADER("D01.1") "SELECT 1\n", "must end with ';'");
  expect_error("err-not-select", HEADER("D01.1") "DELETE FROM x;\n", "must be a SELECT");
  expect_error("err-no-sql", HEADER("D01.1") "\n" HEADER("D01.2") "SELECT 1;\n",
               "t.sql:1: check D01.1: no SQL statement");
  expect_error("err-reference-not-url",
               "-- check: D01.1\n-- control: D01\n-- title: T\n-- severity: low\n"
               "-- description: D\n-- remediation: R\n-- references: CIS 4.1\nSELECT 1;\n",
               "reference 'CIS' is not a URL");
  expect_error(
      "err-empty-title",
      "-- check: D01.1\n-- control: D01\n-- title:\n-- severity: low\n"
      "-- description: D\n-- remediation: R\n-- references: https://x.example\nSELECT 1;\n",
      "'title' is empty");
  expect_error("err-bad-id", HEADER("D01 1") "SELECT 1;\n", "check id 'D01 1'");
  expect_error("err-semicolon-in-string-not-end", HEADER("D01.1") "SELECT ';'\n",
               "must end with ';'");
  char *ok = parse_error(HEADER("D01.1") "SELECT 'a;b' AS x; -- trailing comment\n/* c */\n");
  CHECK_STR("ok-trailing-comments", NULL, ok);
  free(ok);
  ok = parse_error("-- only a preamble\n\n");
  CHECK_STR("ok-no-checks", NULL, ok);
  free(ok);

  /* A failed file leaves the checks of earlier files and nothing else. */
  ds_pack p = {0};
  char *err = NULL;
  CHECK_INT("keep-first", 0, ds_pack_parse(&p, HEADER("A.1") "SELECT 1;\n", "a.sql", &err));
  CHECK_INT("fail-second", -1,
            ds_pack_parse(&p, HEADER("B.1") "SELECT 1;\n" HEADER("B.2") "SELECT\n", "b.sql", &err));
  CHECK_INT("failed-file-rolled-back", 1, p.n);
  free(err);
  ds_pack_free(&p);
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void test_dirs(void) {
  char dir[] = "/tmp/ds-test-pack-XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK("mkdtemp", 0);
    return;
  }
  char path[512];
  snprintf(path, sizeof(path), "%s/sub", dir);
  mkdir(path, 0700);
  snprintf(path, sizeof(path), "%s/b.sql", dir);
  write_text(path, HEADER("B.1") "SELECT 1;\n");
  snprintf(path, sizeof(path), "%s/a.sql", dir);
  write_text(path, HEADER("A.1") "SELECT 1;\n" HEADER("A.2") "SELECT 2;\n");
  snprintf(path, sizeof(path), "%s/sub/c.sql", dir);
  write_text(path, HEADER("C.1") "SELECT 1;\n");
  snprintf(path, sizeof(path), "%s/notes.txt", dir);
  write_text(path, "not a pack\n");
  snprintf(path, sizeof(path), "%s/.hidden.sql", dir);
  write_text(path, "garbage\n");

  ds_pack p = {0};
  char *err = NULL;
  char *paths[] = {dir};
  CHECK_INT("dir-loads", 0, ds_pack_load_paths(&p, paths, 1, &err));
  CHECK_STR("dir-no-error", NULL, err);
  CHECK_INT("dir-count", 4, p.n);
  if (p.n == 4) {
    CHECK_STR("dir-sorted-1", "A.1", p.checks[0].id);
    CHECK_STR("dir-sorted-2", "A.2", p.checks[1].id);
    CHECK_STR("dir-sorted-3", "B.1", p.checks[2].id);
    CHECK_STR("dir-recursive", "C.1", p.checks[3].id);
  }
  ds_pack_free(&p);
  free(err);
  err = NULL;

  /* The same check id from two places is an error naming both. */
  snprintf(path, sizeof(path), "%s/a.sql", dir);
  char *twice[] = {dir, path};
  CHECK_INT("dup-fails", -1, ds_pack_load_paths(&p, twice, 2, &err));
  CHECK("dup-message", err && strstr(err, "check id 'A.1' already defined at") != NULL);
  ds_pack_free(&p);
  free(err);
  err = NULL;

  snprintf(path, sizeof(path), "%s/missing.sql", dir);
  char *missing[] = {path};
  CHECK_INT("missing-fails", -1, ds_pack_load_paths(&p, missing, 1, &err));
  CHECK("missing-message", err && strstr(err, "No such file") != NULL);
  ds_pack_free(&p);
  free(err);

  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("(could not remove %s)\n", dir);
}

int main(void) {
  CHECK_INT("severity-parse-high", DS_SEV_HIGH, ds_severity_parse("high"));
  CHECK_INT("severity-parse-unknown", -1, ds_severity_parse("severe"));
  CHECK_STR("severity-name", "critical", ds_severity_name(DS_SEV_CRITICAL));
  test_valid();
  test_errors();
  test_dirs();
  CHECK_DONE();
}
