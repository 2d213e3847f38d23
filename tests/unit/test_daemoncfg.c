/* Unit tests of dockerd command-line and daemon.json parsing. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host/ds_daemoncfg.h"

int main(void) {
  ds_settings s = {0};
  const char argv[] =
      "/usr/bin/dockerd\0-H\0fd://\0--host=tcp://0.0.0.0:2376\0--tlsverify\0"
      "--icc=false\0-l\0debug\0--insecure-registry\0reg.local:5000\0"
      "--containerd=/run/containerd/containerd.sock\0--log-opt\0max-size=10m\0"
      "--live-restore\0--userns-remap=default\0positional\0--log-opt\0splunk-token=s3cr3t\0";
  CHECK_INT("cmdline parses", 0, ds_parse_dockerd_cmdline(argv, sizeof(argv) - 1, 0, &s));
  CHECK_STR("cmdline -H and --host= merge into hosts", "[\"fd://\",\"tcp://0.0.0.0:2376\"]",
            ds_settings_get(&s, "hosts"));
  CHECK_STR("cmdline bare boolean", "true", ds_settings_get(&s, "tlsverify"));
  CHECK_STR("cmdline --icc=false", "false", ds_settings_get(&s, "icc"));
  CHECK_STR("cmdline -l maps to log-level", "debug", ds_settings_get(&s, "log-level"));
  CHECK_STR("cmdline list flag", "[\"reg.local:5000\"]",
            ds_settings_get(&s, "insecure-registries"));
  CHECK_STR("cmdline unknown flag keeps name", "/run/containerd/containerd.sock",
            ds_settings_get(&s, "containerd"));
  CHECK_STR("cmdline log-opt, secret redacted", "[\"max-size=10m\",\"splunk-token=<redacted>\"]",
            ds_settings_get(&s, "log-opts"));
  CHECK_STR("cmdline live-restore", "true", ds_settings_get(&s, "live-restore"));
  CHECK_STR("cmdline userns-remap", "default", ds_settings_get(&s, "userns-remap"));
  CHECK("cmdline positional ignored", ds_settings_get(&s, "positional") == NULL);
  ds_settings_free(&s);
  CHECK_INT("cmdline empty", 0, ds_parse_dockerd_cmdline("", 0, 0, &s));
  CHECK_INT("cmdline empty has no settings", 0, s.n);
  ds_settings_free(&s);

  const char json[] = "{\"icc\": false, \"log-driver\": \"journald\", \"hosts\": "
                      "[\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2376\"], \"tlsverify\": "
                      "true, \"log-opts\": {\"splunk-token\": \"abc123\", \"tag\": \"{{.Name}}\"}, "
                      "\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 64000, "
                      "\"Soft\": 64000}}, \"max-concurrent-downloads\": 3}";
  char *err = NULL;
  CHECK_INT("daemon.json parses", 0, ds_parse_daemon_json(json, strlen(json), 0, &s, &err));
  CHECK_STR("daemon.json bool", "false", ds_settings_get(&s, "icc"));
  CHECK_STR("daemon.json string", "journald", ds_settings_get(&s, "log-driver"));
  CHECK_STR("daemon.json list", "[\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2376\"]",
            ds_settings_get(&s, "hosts"));
  CHECK_STR("daemon.json number", "3", ds_settings_get(&s, "max-concurrent-downloads"));
  CHECK_STR("daemon.json secret log-opt redacted",
            "{\"splunk-token\":\"<redacted>\",\"tag\":\"{{.Name}}\"}",
            ds_settings_get(&s, "log-opts"));
  ds_settings_free(&s);
  CHECK_INT("daemon.json reveal", 0, ds_parse_daemon_json(json, strlen(json), 1, &s, &err));
  CHECK("daemon.json revealed token", strstr(ds_settings_get(&s, "log-opts"), "abc123") != NULL);
  ds_settings_free(&s);

  CHECK_INT("daemon.json malformed", -1, ds_parse_daemon_json("{\"icc\": fal", 11, 0, &s, &err));
  CHECK("daemon.json malformed message", err && strncmp(err, "malformed JSON", 14) == 0);
  free(err);
  CHECK_INT("daemon.json trailing garbage", -1, ds_parse_daemon_json("{} x", 4, 0, &s, &err));
  free(err);
  CHECK_INT("daemon.json array is not an object", -1, ds_parse_daemon_json("[]", 2, 0, &s, &err));
  CHECK_STR("daemon.json not object message", "malformed JSON: not a JSON object", err);
  free(err);
  CHECK_INT("daemon.json empty file", -1, ds_parse_daemon_json("", 0, 0, &s, &err));
  free(err);
  CHECK_INT("daemon.json empty object", 0, ds_parse_daemon_json("{}\n", 3, 0, &s, &err));
  CHECK_INT("daemon.json empty object no settings", 0, s.n);
  char deep[400];
  memset(deep, '[', 200);
  memcpy(deep, "{\"a\":", 5);
  CHECK_INT("daemon.json too deep", -1, ds_parse_daemon_json(deep, 200, 0, &s, &err));
  free(err);
  ds_settings_free(&s);
  CHECK_DONE();
}
