/*
** test_logship.c - --log URL parsing and the RFC 5424 message layout
** (src/cli/run/logship.c); delivery itself is tested against rsyslogd and an
** HTTP receiver in tests/logging.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "cli/run/logship.h"

static const char *open_error(const char *url) {
  static char buf[512];
  char *err = NULL;
  ds_log_target *t = ds_log_open(url, &err);
  snprintf(buf, sizeof(buf), "%s", t ? "ok" : (err ? err : "NULL"));
  ds_log_close(t);
  free(err);
  return buf;
}

int main(void) {
  CHECK_STR("log-udp", "ok", open_error("syslog://127.0.0.1:514"));
  CHECK_STR("log-udp-default-port", "ok", open_error("syslog://logs.example.org"));
  CHECK_STR("log-udp-v6", "ok", open_error("syslog+udp://[::1]:5514"));
  CHECK_STR("log-tcp", "ok", open_error("syslog+tcp://relay:6514"));
  CHECK_STR("log-https", "ok", open_error("https://collector.example.org/ingest"));
  CHECK("log-bad-scheme", strstr(open_error("ftp://x"), "expected syslog://HOST:PORT") != NULL);
  CHECK("log-bad-port", strstr(open_error("syslog://h:99999"), "expected HOST:PORT") != NULL);
  CHECK("log-port-junk", strstr(open_error("syslog://h:514/x"), "expected HOST:PORT") != NULL);
  CHECK("log-no-host", strstr(open_error("https://"), "no host") != NULL);

  char *err = NULL;
  ds_log_target *t = ds_log_open("https://user:secret@collector/x", &err);
  CHECK_STR("log-display-hides-credentials", "https://***@collector/x", t ? ds_log_display(t) : "");
  ds_log_close(t);

  CHECK_INT("log-severity-critical", 2, ds_log_severity_for("critical"));
  CHECK_INT("log-severity-high", 3, ds_log_severity_for("high"));
  CHECK_INT("log-severity-medium", 4, ds_log_severity_for("medium"));
  CHECK_INT("log-severity-low", 5, ds_log_severity_for("low"));
  CHECK_INT("log-severity-info", 6, ds_log_severity_for("info"));

  /* 2016-05-02T22:27:32.000123 UTC, printed in New York time (-04:00). */
  setenv("TZ", "America/New_York", 1);
  tzset();
  ds_log_line line = {"{\"a\":1}", 3, "finding"};
  char *m = ds_syslog_format(&line, "web 1", "dockersec", 42, 1462228052000123LL);
  CHECK_STR("log-rfc5424-layout",
            "<11>1 2016-05-02T18:27:32.000123-04:00 web_1 dockersec 42 finding - {\"a\":1}", m);
  free(m);
  setenv("TZ", "UTC", 1);
  tzset();
  ds_log_line empty = {"{}", 9, NULL};
  m = ds_syslog_format(&empty, "", "", 1, 0);
  CHECK_STR("log-rfc5424-nil-fields", "<14>1 1970-01-01T00:00:00.000000+00:00 - - 1 - - {}", m);
  free(m);
  CHECK_DONE();
}
