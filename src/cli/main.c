/*
** main.c - `dockersec`, the command-line runner for scripts: nothing
** interactive, nothing but results on stdout, and exit statuses a script can
** act on (0 clean, 1 findings, 2 error).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/ds_util.h"
#include "cli/run/result.h"

static void usage(FILE *out) {
  fputs("usage: dockersec COMMAND [ARGS]\n"
        "\n"
        "commands:\n"
        "  run [OPTIONS] PATH...                       run query packs (dockersec run --help)\n"
        "  query SQL [--format table|csv|json|jsonl] [--stats]\n"
        "                                              run SQL over the dockersec tables;\n"
        "                                              --stats: Docker API counters on stderr\n"
        "  tables                                      list the tables\n"
        "  schema [TABLE]                              show columns and their docs\n"
        "  docs                                        print docs/tables.md (markdown)\n"
        "  version                                     print the version\n"
        "\n"
        "query and run take --reveal-secrets: show values of secret-looking environment\n"
        "variables, labels and history lines (shown as <redacted> otherwise).\n"
        "\n"
        "environment: DOCKER_HOST (default unix:///var/run/docker.sock), DOCKER_CERT_PATH,\n"
        "DOCKER_TLS_VERIFY, DOCKERSEC_ROOT (host root prefix, default /),\n"
        "DOCKERSEC_REVEAL_SECRETS=1 (as --reveal-secrets).\n"
        "exit status: 0 success, 1 findings (run), 2 error.\n",
        out);
}

/* `dockersec query SQL [--format F] [--stats]`: SQL may also come from stdin
** ("-"). */
int ds_cmd_query(int argc, char **argv) {
  const char *sql = NULL;
  int fmt = FMT_TABLE;
  int stats = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--stats") == 0) {
      stats = 1;
    } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
      fmt = ds_format_parse(argv[++i]);
      if (fmt < 0) {
        ds_cli_error("dockersec query: unknown format '%s' (table, csv, json, jsonl)", argv[i]);
        return EXIT_ERROR;
      }
    } else if (strncmp(argv[i], "--format=", 9) == 0) {
      fmt = ds_format_parse(argv[i] + 9);
      if (fmt < 0) {
        ds_cli_error("dockersec query: unknown format '%s'", argv[i] + 9);
        return EXIT_ERROR;
      }
    } else if (!sql) {
      sql = argv[i];
    } else {
      ds_cli_error("dockersec query: unexpected argument '%s'", argv[i]);
      return EXIT_ERROR;
    }
  }
  char *stdin_sql = NULL;
  if (!sql || strcmp(sql, "-") == 0) {
    ds_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
      ds_buf_append(&b, chunk, n);
    stdin_sql = ds_buf_take(&b);
    if (!stdin_sql) {
      ds_cli_error("dockersec query: out of memory reading standard input");
      return EXIT_ERROR;
    }
    sql = stdin_sql;
  }
  if (!*sql) {
    ds_cli_error("dockersec query: no SQL given");
    free(stdin_sql);
    return EXIT_ERROR;
  }
  sqlite3 *db = ds_cli_open();
  if (!db) {
    free(stdin_sql);
    return EXIT_ERROR;
  }
  ds_result r = {0};
  char *err = NULL;
  int rc = ds_result_exec(db, sql, &r, &err);
  if (rc == SQLITE_OK)
    ds_result_print(&r, (ds_format)fmt, stdout);
  else
    ds_cli_error("dockersec: %s", err ? err : sqlite3_errstr(rc));
  if (stats) ds_cli_print_stats(db, stderr);
  free(err);
  ds_result_free(&r);
  sqlite3_close(db);
  free(stdin_sql);
  return rc == SQLITE_OK ? EXIT_CLEAN : EXIT_ERROR;
}

/* `--reveal-secrets` (query, run): show secret-looking values.  It is the
** user's decision on the command line, never a pack's (run refuses
** dockersec_config in checks): it sets DOCKERSEC_REVEAL_SECRETS, which every
** connection reads when it is opened.  Removes the option from argv. */
static int take_reveal_secrets(int argc, char **argv) {
  int k = 2;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--reveal-secrets") == 0)
      setenv("DOCKERSEC_REVEAL_SECRETS", "1", 1);
    else
      argv[k++] = argv[i];
  }
  argv[k] = NULL;
  return k;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_ERROR;
  }
  const char *cmd = argv[1];
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {
      {"run", ds_cmd_run},       {"query", ds_cmd_query}, {"tables", ds_cmd_tables},
      {"schema", ds_cmd_schema}, {"docs", ds_cmd_docs},
  };
  for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
    if (strcmp(cmd, cmds[i].name) == 0) {
      argc = take_reveal_secrets(argc, argv);
      return cmds[i].fn(argc - 2, argv + 2);
    }
  }
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("dockersec %s (SQLite %s)\n", ds_version(), sqlite3_libversion());
    return EXIT_CLEAN;
  }
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    usage(stdout);
    return EXIT_CLEAN;
  }
  ds_cli_error("dockersec: unknown command '%s'", cmd);
  usage(stderr);
  return EXIT_ERROR;
}
