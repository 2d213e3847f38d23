/*
** run.c - `dockersec run PATH…`: loads packs, runs each selected check on
** one snapshot of the host, and writes the report.
**
**   exit 0  no finding at or above --fail-on
**   exit 1  findings at or above --fail-on
**   exit 2  a check failed to run (it shows status "error"; the others still
**           run), or the setup failed (bad option, unreadable pack, …)
**
** Checks are plain SQL from files a user may have downloaded, so each must
** be one read-only SELECT, and an authorizer refuses ATTACH,
** load_extension (never enabled anyway) and dockersec_config (the run owns
** the settings; a pack must not switch reveal_secrets on).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "common/ds_safefile.h"
#include "common/ds_util.h"
#include "cli/paths.h"
#include "cli/report/report.h"
#include "cli/run/run_sinks.h"
#include "cli/run/run.h"

static void run_usage(FILE *out) {
  fputs("usage: dockersec run [OPTIONS] PATH...\n"
        "\n"
        "Runs the checks of the pack files / directories PATH (*.sql, recursively, in name\n"
        "order) against this host and reports the findings.\n"
        "\n"
        "options:\n"
        "  --check ID          run only this check (repeatable; comma lists accepted)\n"
        "  --control ID        run only the checks of this control, e.g. D04 (repeatable)\n"
        "                      (with both, a check runs when it matches either)\n"
        "  --fail-on SEVERITY  exit 1 when a finding is at or above info|low|medium|high|\n"
        "                      critical (default low); 'none': findings never exit 1\n"
        "  --format FORMAT     output format (default table):\n",
        out);
  for (int i = 0; ds_report_formats[i].name; i++)
    fprintf(out, "                        %-6s %s\n", ds_report_formats[i].name,
            ds_report_formats[i].description);
  fputs("  --output FILE       write the report to FILE (replaced atomically) instead of stdout\n"
        "  --mode OCTAL        the --output file's permissions (default 0600)\n"
        "  --timeout SECONDS   the whole run's time limit (default 120; 0: none)\n"
        "  --max-cache-bytes N budget of the engine answers kept for the run (default 256 MiB)\n"
        "  --max-containers N  more listed containers is an error (default 10000; 0: none)\n"
        "  --list              list the selected checks without running them (with --format\n"
        "                      json or jsonl: every field of each check)\n"
        "  --validate          compile the selected checks without running them (for pack\n"
        "                      authors): 'ok ID' or 'error ID FILE:LINE: message' per check\n"
        "  --stats             print the Docker API request counters on stderr afterwards\n"
        "  --state FILE.db     print only what changed since the last run with this state\n"
        "                      file, as osquery differential result lines (added/removed)\n"
        "  --snapshot          print osquery snapshot lines (all rows of every check)\n"
        "  --epoch N           osquery schedule epoch: a new value restarts the differences\n"
        "  --waivers FILE      accepted risks (see docs/waivers.md): matching findings are\n"
        "                      still reported, marked waived, and do not count for\n"
        "                      --fail-on; default $DOCKERSEC_WAIVERS, else\n"
        "                      " DS_WAIVERS_DEFAULT " when it exists; 'none': no waivers\n"
        "  --container GLOB    report only containers whose name matches (repeatable;\n"
        "                      on Kubernetes the container name or namespace/pod/container)\n"
        "  --exclude-container GLOB  never report containers whose name matches\n"
        "  --label KEY[=VALUE] report only containers with this label (repeatable: all)\n"
        "  --image GLOB        report only containers whose image matches (repeatable)\n"
        "  --pod-namespace GLOB  report only Kubernetes containers of a matching namespace\n"
        "                      (host and engine findings are always reported)\n"
        "  --log URL           also send the result lines to syslog://HOST:PORT (UDP),\n"
        "                      syslog+tcp://HOST:PORT or http(s)://… (POST); repeatable\n"
        "\n"
        "PATH may be a pack name (owasp-docker-top10), looked up in $DOCKERSEC_PACK_PATH and\n"
        "the installed packs - never in the working directory: give ./NAME for a pack here -\n"
        "or a pack file or directory, or an osquery pack file (*.conf, *.json).\n"
        "\n"
        "exit status: 0 clean, 1 findings at or above --fail-on, 2 a check or the setup failed.\n",
        out);
}

static int push(char ***list, int *n, char *value) {
  char **grown = realloc(*list, (size_t)(*n + 1) * sizeof(char *));
  if (!grown) return -1;
  *list = grown;
  (*list)[(*n)++] = value;
  return 0;
}

/* Adds each item of a comma-separated list ("D01.1,D04.5"). */
static int push_list(char ***list, int *n, const char *value) {
  const char *s = value;
  while (*s) {
    const char *e = strchr(s, ',');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    while (len > 0 && s[0] == ' ')
      s++, len--;
    while (len > 0 && s[len - 1] == ' ')
      len--;
    if (len > 0) {
      char *item = ds_strndup(s, len);
      if (!item || push(list, n, item) != 0) {
        free(item);
        return -1;
      }
    }
    if (!e) break;
    s = e + 1;
  }
  return 0;
}

static void free_options(run_options *o) {
  for (int i = 0; i < o->nchecks; i++)
    free(o->checks[i]);
  for (int i = 0; i < o->ncontrols; i++)
    free(o->controls[i]);
  free(o->checks);
  free(o->controls);
  for (int i = 0; i < o->npaths; i++)
    free(o->paths[i]);
  free(o->paths);
  free(o->logs);
  free(o->scope.containers);
  free(o->scope.excludes);
  free(o->scope.labels);
  free(o->scope.images);
  free(o->scope.namespaces);
  if (o->waivers) ds_waivers_free(o->waivers);
  free(o->waivers);
}

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past the value. */
static const char *option_value(int argc, char **argv, int *i, const char *name, int *missing) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] != '\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = 1;
    return NULL;
  }
  return argv[++*i];
}

static int parse_options(int argc, char **argv, run_options *o) {
  o->fail_on = DS_SEV_LOW;
  o->output_mode = DS_SAFE_MODE;
  o->timeout_s = 120;
  o->max_cache_bytes = -1;
  o->max_containers = -1;
  o->format = ds_report_format_find("table");
  int only_paths = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v;
    int missing = 0;
    if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
      char *path = ds_strdup(a);
      if (!path || push(&o->paths, &o->npaths, path) != 0) {
        free(path);
        return -1;
      }
    } else if (strcmp(a, "--") == 0) {
      only_paths = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      o->help = 1;
    } else if (strcmp(a, "--list") == 0) {
      o->list = 1;
    } else if (strcmp(a, "--validate") == 0) {
      o->validate = 1;
    } else if (strcmp(a, "--stats") == 0) {
      o->stats = 1;
    } else if ((v = option_value(argc, argv, &i, "--check", &missing))) {
      if (push_list(&o->checks, &o->nchecks, v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--control", &missing))) {
      if (push_list(&o->controls, &o->ncontrols, v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--fail-on", &missing))) {
      int s = strcasecmp(v, "none") == 0 ? DS_SEV_COUNT : ds_severity_parse(v);
      if (s < 0) {
        ds_cli_error("dockersec run: --fail-on '%s': expected info, low, medium, high, critical or "
                     "none",
                     v);
        return -1;
      }
      o->fail_on = (ds_severity)s;
    } else if ((v = option_value(argc, argv, &i, "--format", &missing))) {
      o->format = ds_report_format_find(v);
      if (!o->format) {
        ds_buf names = {0};
        for (int f = 0; ds_report_formats[f].name; f++)
          ds_buf_printf(&names, " %s", ds_report_formats[f].name);
        char *list = ds_buf_take(&names);
        ds_cli_error("dockersec run: unknown format '%s' (one of:%s)", v, ds_or(list, " ?"));
        free(list);
        return -1;
      }
    } else if ((v = option_value(argc, argv, &i, "--output", &missing))) {
      o->output = v;
    } else if ((v = option_value(argc, argv, &i, "--timeout", &missing)) ||
               (v = option_value(argc, argv, &i, "--max-cache-bytes", &missing)) ||
               (v = option_value(argc, argv, &i, "--max-containers", &missing))) {
      char *end;
      long long n = strtoll(v, &end, 10);
      if (end == v || *end || n < 0) {
        ds_cli_error("dockersec run: %s '%s': expected a number >= 0 (0: no limit)", a, v);
        return -1;
      }
      if (strncmp(a, "--timeout", 9) == 0)
        o->timeout_s = n;
      else if (strncmp(a, "--max-cache-bytes", 17) == 0)
        o->max_cache_bytes = n;
      else
        o->max_containers = n;
    } else if ((v = option_value(argc, argv, &i, "--mode", &missing))) {
      char *end;
      unsigned long m = strtoul(v, &end, 8);
      if (end == v || *end || m > 0777) {
        ds_cli_error("dockersec run: --mode '%s': expected octal permissions, e.g. 0640", v);
        return -1;
      }
      o->output_mode = (unsigned)m;
    } else if ((v = option_value(argc, argv, &i, "--state", &missing))) {
      o->state = v;
    } else if (strcmp(a, "--snapshot") == 0) {
      o->snapshot = 1;
    } else if ((v = option_value(argc, argv, &i, "--epoch", &missing))) {
      char *end;
      o->epoch = strtoll(v, &end, 10);
      if (end == v || *end || o->epoch < 0) {
        ds_cli_error("dockersec run: --epoch '%s': expected a number >= 0", v);
        return -1;
      }
    } else if ((v = option_value(argc, argv, &i, "--waivers", &missing))) {
      o->waivers_path = v;
    } else if ((v = option_value(argc, argv, &i, "--container", &missing))) {
      if (push(&o->scope.containers, &o->scope.ncontainers, (char *)v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--exclude-container", &missing))) {
      if (push(&o->scope.excludes, &o->scope.nexcludes, (char *)v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--label", &missing))) {
      if (!*v || *v == '=') {
        ds_cli_error("dockersec run: --label '%s': expected KEY or KEY=VALUE", v);
        return -1;
      }
      if (push(&o->scope.labels, &o->scope.nlabels, (char *)v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--image", &missing))) {
      if (push(&o->scope.images, &o->scope.nimages, (char *)v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--pod-namespace", &missing))) {
      if (push(&o->scope.namespaces, &o->scope.nnamespaces, (char *)v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--min-severity", &missing))) {
      int s = ds_severity_parse(v);
      if (s < 0) {
        ds_cli_error("dockersec run: --min-severity '%s': expected info, low, medium, high or "
                     "critical",
                     v);
        return -1;
      }
      o->min_severity = (ds_severity)s;
    } else if ((v = option_value(argc, argv, &i, "--group-by", &missing))) {
      if (strcmp(v, "container") == 0)
        o->group_by_container = 1;
      else if (strcmp(v, "severity") == 0)
        o->group_by_container = 0;
      else {
        ds_cli_error("dockersec run: --group-by '%s': expected severity or container", v);
        return -1;
      }
    } else if ((v = option_value(argc, argv, &i, "--log", &missing))) {
      if (push(&o->logs, &o->nlogs, (char *)v) != 0) return -1;
    } else {
      ds_cli_error("dockersec run: %s '%s' (see dockersec run --help)",
                   missing ? "missing value for" : "unknown option", a);
      return -1;
    }
  }
  return 0;
}

/* Pack names ("owasp-docker-top10") become paths (ds_resolve_pack); "-"
** (a pack on stdin) stays as it is.  o->paths owns its strings. */
static int resolve_paths(run_options *o) {
  for (int i = 0; i < o->npaths; i++) {
    if (strcmp(o->paths[i], "-") == 0) continue;
    char *path = ds_resolve_pack(o->paths[i]);
    if (!path) {
      char *where = ds_pack_search_path();
      ds_cli_error("dockersec run: %s: no such file, directory or pack (searched %s)", o->paths[i],
                   where ? where : "?");
      free(where);
      return -1;
    }
    free(o->paths[i]);
    o->paths[i] = path;
  }
  return 0;
}

/* --waivers FILE, or the default file when it exists; a malformed file is an
** error naming FILE:LINE (a typo must not waive more, or less, than meant). */
static int load_waivers(run_options *o) {
  const char *path = o->waivers_path ? o->waivers_path : ds_waivers_default_path();
  if (!path || strcmp(path, "none") == 0) return 0;
  o->waivers = calloc(1, sizeof(ds_waivers));
  char *err = NULL;
  if (!o->waivers || ds_waivers_load(o->waivers, path, &err) != 0) {
    ds_cli_error("dockersec run: %s", err ? err : "out of memory");
    free(err);
    return -1;
  }
  return 0;
}

int ds_cmd_run(int argc, char **argv) {
  run_options o = {0};
  if (parse_options(argc, argv, &o) != 0) {
    free_options(&o);
    return EXIT_ERROR;
  }
  if (o.help) {
    run_usage(stdout);
    free_options(&o);
    return EXIT_CLEAN;
  }
  if (o.npaths == 0) {
    ds_cli_error("dockersec run: no pack given (e.g. dockersec run packs/owasp-docker-top10)");
    run_usage(stderr);
    free_options(&o);
    return EXIT_ERROR;
  }
  if (ds_sinks_check_urls(o.logs, o.nlogs) != 0 || load_waivers(&o) != 0) {
    free_options(&o);
    return EXIT_ERROR;
  }
  ds_pack pack = {0};
  char *err = NULL;
  int status = EXIT_ERROR;
  if (resolve_paths(&o) != 0) {
    /* reported */
  } else if (ds_pack_load_paths(&pack, o.paths, o.npaths, &err) != 0) {
    ds_cli_error("dockersec run: %s", err ? err : "out of memory");
  } else if (pack.n == 0) {
    ds_cli_error("dockersec run: no checks found in the paths given");
  } else if (ds_run_validate_filters(&pack, &o) == 0) {
    if (o.list) {
      ds_run_list_checks(&pack, &o);
      status = EXIT_CLEAN;
    } else if (o.validate) {
      status = ds_run_validate_checks(&pack, &o);
    } else {
      ds_report r = {.tool = "dockersec",
                     .version = ds_version(),
                     .fail_on = o.fail_on,
                     .min_severity = o.min_severity,
                     .group_by_container = o.group_by_container};
      /* Which pack ran: its paths as resolved and its digest. */
      ds_buf packs = {0};
      for (int i = 0; i < o.npaths; i++)
        ds_buf_printf(&packs, "%s%s", i ? " " : "", o.paths[i]);
      r.packs = ds_buf_take(&packs);
      r.pack_sha256 = ds_pack_digest(&pack);
      char *stats = NULL;
      if (ds_run_checks(&pack, &o, &r, &stats) == 0) {
        status = ds_run_write_results(&r, &o);
        ds_run_note_unreachable_engine(&r);
      }
      if (stats) fputs(stats, stderr);
      free(stats);
      ds_report_free(&r);
    }
  }
  free(err);
  ds_pack_free(&pack);
  free_options(&o);
  return status;
}
