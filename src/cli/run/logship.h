/*
** logship.h - `dockersec run --log URL`: the run's JSON lines sent to a log
** receiver as well as to stdout, so a fleet's results land in one place
** (OWASP D10 for ourselves).
**
**   syslog://HOST:PORT       RFC 5424 over UDP (one datagram per line)
**   syslog+udp://HOST:PORT   the same
**   syslog+tcp://HOST:PORT   RFC 5424 over TCP, octet-counting framing (RFC 6587)
**   http://… / https://…     the lines POSTed as application/x-ndjson with
**                            libcurl; TLS peers are verified; retried with
**                            back-off on connection errors, 408, 429 and 5xx
**
** Environment for HTTP: DOCKERSEC_LOG_HEADER (one extra request header,
** e.g. "Authorization: Bearer …", kept off the command line) and
** DOCKERSEC_LOG_CAINFO (a CA bundle for a private PKI).
**
** This is the only place the CLI sends anything but GET, and it never talks
** to the container engine: the URL is the log receiver's.
*/
#ifndef DS_CLI_LOGSHIP_H
#define DS_CLI_LOGSHIP_H

#include <stddef.h>

typedef struct ds_log_line {
  const char *json;  /* one JSON object, no newline */
  int severity;      /* syslog severity 0 (emerg) … 7 (debug) */
  const char *msgid; /* RFC 5424 MSGID, e.g. "finding", "added"; NULL = "-" */
} ds_log_line;

typedef struct ds_log_target ds_log_target;

/* Parses and checks URL (no network yet).  NULL with *err (malloc'd) when it
** is not one of the forms above. */
ds_log_target *ds_log_open(const char *url, char **err);

/* Identity written into syslog headers: HOSTNAME (the audited host) and
** APP-NAME default to the local host name and "dockersec". */
void ds_log_set_identity(ds_log_target *t, const char *hostname, const char *app_name);

/* Sends the lines; returns 0, or -1 with *err (malloc'd) naming the target
** and what failed.  Nothing is sent when n == 0. */
int ds_log_send(ds_log_target *t, const ds_log_line *lines, size_t n, char **err);

void ds_log_close(ds_log_target *t);

/* The URL as given, with any user:password@ replaced by "***@", for
** messages. */
const char *ds_log_display(const ds_log_target *t);

/* RFC 5424 severity for a check severity name ("critical" → 2 … "info" → 6). */
int ds_log_severity_for(const char *check_severity);

/* Formats one RFC 5424 message (no framing) into a malloc'd string: PRI
** (facility user), version 1, RFC 3339 timestamp with zone offset and
** microseconds, HOSTNAME, APP-NAME, PROCID, MSGID, no structured data, MSG. */
char *ds_syslog_format(const ds_log_line *line, const char *hostname, const char *app_name,
                       long pid, long long unix_us);

#endif
