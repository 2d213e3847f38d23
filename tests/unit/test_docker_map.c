/*
** test_docker_map.c - the pure JSON-to-row helpers of src/engine (ports.c,
** top.c, rfc3339.c) and src/common/secret.c: environment and history-line
** redaction, port flattening, `docker top` titles, elapsed times, RFC 3339.
*/
#include <stdlib.h>

#include "check.h"
#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

static void redact(const char *name, const char *in, int reveal, const char *expected,
                   int expect_secret) {
  int secret = -1;
  char *out = ds_redact_command(in, reveal, &secret);
  CHECK_STR(name, expected, out);
  char n2[128];
  snprintf(n2, sizeof(n2), "%s-secret-like", name);
  CHECK_INT(n2, expect_secret, secret);
  free(out);
}

static void test_history_redaction(void) {
  redact("redact-env-nop", "/bin/sh -c #(nop)  ENV API_TOKEN=abc", 0,
         "/bin/sh -c #(nop)  ENV API_TOKEN=<redacted>", 1);
  redact("redact-env-buildkit", "ENV API_TOKEN=abc PATH=/bin", 0,
         "ENV API_TOKEN=<redacted> PATH=/bin", 1);
  redact("redact-env-revealed", "ENV API_TOKEN=abc PATH=/bin", 1, "ENV API_TOKEN=abc PATH=/bin", 1);
  redact("redact-build-arg-flag", "docker build --build-arg PASSWORD=x .", 0,
         "docker build --build-arg PASSWORD=<redacted> .", 1);
  redact("redact-build-arg-prefix", "|2 DB_PASSWORD=hunter2 USER=app /bin/sh -c make", 0,
         "|2 DB_PASSWORD=<redacted> USER=app /bin/sh -c make", 1);
  redact("redact-quoted-value", "ENV SECRET_KEY=\"a b c\" X=1", 0, "ENV SECRET_KEY=<redacted> X=1",
         1);
  redact("redact-json-form", "RUN [\"sh\",\"-c\",\"TOKEN=abc make\"]", 0,
         "RUN [\"sh\",\"-c\",\"TOKEN=<redacted> make\"]", 1);
  redact("redact-legacy-env", "/bin/sh -c #(nop) ENV GITHUB_TOKEN ghp_123 456", 0,
         "/bin/sh -c #(nop) ENV GITHUB_TOKEN <redacted>", 1);
  redact("redact-flag-space", "mysql --password hunter2 -u root", 0,
         "mysql --password <redacted> -u root", 1);
  redact("redact-flag-eq", "login --token=abc", 0, "login --token=<redacted>", 1);
  redact("redact-flag-switch-kept", "cmd --password --other", 0, "cmd --password --other", 0);
  redact("redact-url", "git clone https://bob:s3cret@example.com/r.git", 0,
         "git clone https://bob:<redacted>@example.com/r.git", 1);
  redact("redact-url-no-password", "wget https://example.com:8443/x", 0,
         "wget https://example.com:8443/x", 0);
  redact("redact-nothing", "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", 0,
         "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", 0);
  redact("redact-pwd-not-secret", "ENV PWD=/app HOME=/root", 0, "ENV PWD=/app HOME=/root", 0);
  redact("redact-empty-value", "ENV TOKEN= X=1", 0, "ENV TOKEN= X=1", 1);
  redact("redact-empty-line", "", 0, "", 0);
  int s = 7;
  CHECK("redact-null", ds_redact_command(NULL, 0, &s) == NULL && s == 0);
}

static void test_env_entry(void) {
  char *k, *v;
  int secret;
  CHECK_INT("env-split-rc", 0, ds_env_entry("DB_PASSWORD=a=b", 0, &k, &v, &secret));
  CHECK_STR("env-key", "DB_PASSWORD", k);
  CHECK_STR("env-redacted", DS_REDACTED, v);
  CHECK_INT("env-secret-like", 1, secret);
  free(k), free(v);
  ds_env_entry("DB_PASSWORD=a=b", 1, &k, &v, &secret);
  CHECK_STR("env-revealed-keeps-equals", "a=b", v);
  free(k), free(v);
  ds_env_entry("PATH=/bin:/usr/bin", 0, &k, &v, &secret);
  CHECK_STR("env-plain-value", "/bin:/usr/bin", v);
  CHECK_INT("env-plain-not-secret", 0, secret);
  free(k), free(v);
  ds_env_entry("NOVALUE", 0, &k, &v, &secret);
  CHECK_STR("env-no-equals-key", "NOVALUE", k);
  CHECK_STR("env-no-equals-value", "", v);
  free(k), free(v);
}

static void test_ports(void) {
  ds_port_list l;
  json_object *summary = json_tokener_parse(
      "[{\"IP\":\"127.0.0.1\",\"PrivatePort\":80,\"PublicPort\":18080,\"Type\":\"tcp\"},"
      "{\"IP\":\"::\",\"PrivatePort\":81,\"PublicPort\":18081,\"Type\":\"udp\"},"
      "{\"PrivatePort\":443,\"Type\":\"tcp\"}]");
  CHECK_INT("ports-summary-rc", 0, ds_ports_from_summary(summary, &l));
  CHECK_INT("ports-summary-n", 3, l.n);
  CHECK_STR("ports-summary-ip", "127.0.0.1", l.rows[0].host_ip);
  CHECK_INT("ports-summary-host-port", 18080, l.rows[0].host_port);
  CHECK_STR("ports-summary-udp", "udp", l.rows[1].type);
  CHECK_INT("ports-summary-unpublished", 0, l.rows[2].published);
  CHECK_INT("ports-summary-unpublished-port", 443, l.rows[2].port);
  CHECK_STR("ports-summary-unpublished-ip", "", l.rows[2].host_ip);
  ds_ports_free(&l);
  json_object_put(summary);

  json_object *bindings = json_tokener_parse(
      "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18080\"}],"
      "\"81/udp\":[{\"HostIp\":\"\",\"HostPort\":\"\"},{\"HostIp\":\"::1\",\"HostPort\":\"9000\"}],"
      "\"82\":null}");
  json_object *exposed = json_tokener_parse("{\"80/tcp\":{},\"8443/tcp\":{}}");
  CHECK_INT("ports-bindings-rc", 0, ds_ports_from_bindings(bindings, exposed, &l));
  CHECK_INT("ports-bindings-n", 5, l.n);
  CHECK_INT("ports-bindings-port", 80, l.rows[0].port);
  CHECK_INT("ports-bindings-host-port", 18080, l.rows[0].host_port);
  CHECK_INT("ports-bindings-published", 1, l.rows[0].published);
  CHECK_INT("ports-bindings-random-port", 0, l.rows[1].host_port);
  CHECK_INT("ports-bindings-random-published", 1, l.rows[1].published);
  CHECK_STR("ports-bindings-second-ip", "::1", l.rows[2].host_ip);
  CHECK_STR("ports-bindings-no-proto-is-tcp", "tcp", l.rows[3].type);
  CHECK_INT("ports-bindings-null-unpublished", 0, l.rows[3].published);
  CHECK_INT("ports-exposed-only", 8443, l.rows[4].port);
  CHECK_INT("ports-exposed-only-unpublished", 0, l.rows[4].published);
  ds_ports_free(&l);
  CHECK_INT("ports-null-rc", 0, ds_ports_from_bindings(NULL, NULL, &l));
  CHECK_INT("ports-null-empty", 0, l.n);
  json_object_put(bindings);
  json_object_put(exposed);
}

static void test_ps_titles(void) {
  ds_ps_field f[32];
  json_object *ours = json_tokener_parse(
      "[\"PID\",\"S\",\"UID\",\"GID\",\"EUID\",\"EGID\",\"SUID\",\"SGID\",\"RSS\",\"VSZ\","
      "\"ELAPSED\",\"PPID\",\"PGRP\",\"NLWP\",\"NI\",\"USER\",\"TIME\",\"%CPU\",\"%MEM\","
      "\"COMMAND\",\"CMD\"]");
  CHECK_INT("ps-ours-n", 21, ds_ps_map_titles(ours, f, 32));
  CHECK_INT("ps-ours-pid", DS_PS_PID, f[0]);
  CHECK_INT("ps-ours-state", DS_PS_STATE, f[1]);
  CHECK_INT("ps-ours-elapsed", DS_PS_ELAPSED, f[10]);
  CHECK_INT("ps-ours-comm", DS_PS_NAME, f[19]);
  CHECK_INT("ps-ours-cmd", DS_PS_CMDLINE, f[20]);
  json_object_put(ours);
  json_object *dflt =
      json_tokener_parse("[\"UID\",\"PID\",\"PPID\",\"C\",\"STIME\",\"TTY\",\"TIME\",\"CMD\"]");
  CHECK_INT("ps-default-n", 8, ds_ps_map_titles(dflt, f, 32));
  CHECK_INT("ps-default-uid", DS_PS_UID, f[0]);
  CHECK_INT("ps-default-cpu", DS_PS_CPU, f[3]);
  CHECK_INT("ps-default-cmd", DS_PS_CMDLINE, f[7]);
  json_object_put(dflt);
  json_object *podman = json_tokener_parse(
      "[\"USER\",\"PID\",\"PPID\",\"%CPU\",\"ELAPSED\",\"TTY\",\"TIME\",\"COMMAND\"]");
  CHECK_INT("ps-podman-n", 8, ds_ps_map_titles(podman, f, 32));
  CHECK_INT("ps-podman-command-is-cmdline", DS_PS_CMDLINE, f[7]);
  json_object_put(podman);
  /* Podman's host-side descriptors, read by position (comm and args are
  ** both titled COMMAND); one title per descriptor asked for. */
  json_object *pd =
      json_tokener_parse("[\"HPID\",\"PID\",\"PPID\",\"HUSER\",\"STATE\",\"NI\",\"RSS\",\"VSZ\","
                         "\"ELAPSED\",\"TIME\",\"%CPU\",\"COMMAND\",\"COMMAND\"]");
  int ndesc = 1;
  for (const char *c = DS_PS_PODMAN_ARGS; *c; c++)
    ndesc += *c == ',';
  CHECK_INT("ps-podman-args-n", ndesc, ds_ps_map_podman(pd, f, 32));
  CHECK_INT("ps-podman-hpid", DS_PS_HOST_PID, f[0]);
  CHECK_INT("ps-podman-ns-ppid", DS_PS_NS_PPID, f[2]);
  CHECK_INT("ps-podman-huser", DS_PS_UID, f[3]);
  CHECK_INT("ps-podman-comm", DS_PS_NAME, f[11]);
  CHECK_INT("ps-podman-args", DS_PS_CMDLINE, f[12]);
  CHECK_INT("ps-podman-titles-by-name-have-pid", 13, ds_ps_map_titles(pd, f, 32));
  CHECK_INT("ps-podman-titles-hpid", DS_PS_HOST_PID, f[0]);
  json_object_put(pd);
  json_object *ran_inside = json_tokener_parse("[\"PID\",\"USER\",\"COMMAND\"]");
  CHECK_INT("ps-podman-ran-inside-rejected", -1, ds_ps_map_podman(ran_inside, f, 32));
  json_object_put(ran_inside);
  json_object *nopid = json_tokener_parse("[\"USER\",\"COMMAND\"]");
  CHECK_INT("ps-no-pid", -1, ds_ps_map_titles(nopid, f, 32));
  json_object_put(nopid);
  CHECK_INT("ps-not-array", -1, ds_ps_map_titles(NULL, f, 32));

  /* Podman 4.3's answer (observed): one unsplit title and unsplit lines. */
  json_object *unsplit =
      json_tokener_parse("{\"Titles\":[\"PID   USER     COMMAND\"],"
                         "\"Processes\":[[\"1 root     sleep 120 --flag x\"],[\"7 app  sh\"]]}");
  json_object *split = ds_top_split(unsplit);
  CHECK_INT("top-split-titles", 3, ds_ps_map_titles(ds_json_path(split, "Titles", NULL), f, 32));
  CHECK_INT("top-split-user-field", DS_PS_USER, f[1]);
  json_object *procs = ds_json_path(split, "Processes", NULL);
  CHECK_STR(
      "top-split-pid", "1",
      json_object_get_string(json_object_array_get_idx(json_object_array_get_idx(procs, 0), 0)));
  CHECK_STR(
      "top-split-rest-of-line", "sleep 120 --flag x",
      json_object_get_string(json_object_array_get_idx(json_object_array_get_idx(procs, 0), 2)));
  CHECK_STR(
      "top-split-second-user", "app",
      json_object_get_string(json_object_array_get_idx(json_object_array_get_idx(procs, 1), 1)));
  json_object_put(split);
  json_object_put(unsplit);
  json_object *already = json_tokener_parse("{\"Titles\":[\"PID\",\"CMD\"],"
                                            "\"Processes\":[[\"1\",\"sleep 1\"]]}");
  split = ds_top_split(already);
  CHECK("top-split-unchanged-is-same", split == already);
  json_object_put(split);
  json_object_put(already);

  sqlite3_int64 s = -1;
  CHECK("elapsed-etimes", ds_ps_elapsed_seconds("24", &s) == 0 && s == 24);
  CHECK("elapsed-mmss", ds_ps_elapsed_seconds("01:05", &s) == 0 && s == 65);
  CHECK("elapsed-hhmmss", ds_ps_elapsed_seconds("02:00:01", &s) == 0 && s == 7201);
  CHECK("elapsed-days", ds_ps_elapsed_seconds("1-00:00:02", &s) == 0 && s == 86402);
  CHECK("elapsed-bad", ds_ps_elapsed_seconds("12:ab", &s) == -1);
  CHECK("elapsed-go", ds_ps_elapsed_seconds("1m2.345s", &s) == 0 && s == 62);
  CHECK("elapsed-go-hours", ds_ps_elapsed_seconds("2h0m1s", &s) == 0 && s == 7201);
  CHECK("elapsed-go-ms", ds_ps_elapsed_seconds("250ms", &s) == 0 && s == 0);
  CHECK("elapsed-go-bad-unit", ds_ps_elapsed_seconds("5x", &s) == -1);
  CHECK("elapsed-go-bad", ds_ps_elapsed_seconds("ms", &s) == -1);
  CHECK("elapsed-days-needs-hours", ds_ps_elapsed_seconds("1-00:02", &s) == -1);
}

static void test_time(void) {
  sqlite3_int64 t = 0;
  CHECK("rfc3339-utc",
        ds_parse_rfc3339("2024-05-01T12:34:56.123456789Z", &t) == 0 && t == 1714566896);
  CHECK("rfc3339-offset",
        ds_parse_rfc3339("2024-05-01T14:34:56+02:00", &t) == 0 && t == 1714566896);
  CHECK("rfc3339-epoch", ds_parse_rfc3339("1970-01-01T00:00:00Z", &t) == 0 && t == 0);
  CHECK("rfc3339-zero-time-parses", ds_parse_rfc3339("0001-01-01T00:00:00Z", &t) == 0);
  CHECK("rfc3339-bad", ds_parse_rfc3339("yesterday", &t) == -1);
  CHECK("rfc3339-no-zone", ds_parse_rfc3339("2024-05-01T12:34:56", &t) == -1);
  CHECK("zero-time", ds_is_zero_time("0001-01-01T00:00:00Z"));
  CHECK("not-zero-time", !ds_is_zero_time("2024-05-01T12:34:56Z"));
}

int main(void) {
  test_history_redaction();
  test_env_entry();
  test_ports();
  test_ps_titles();
  test_time();
  CHECK_DONE();
}
