/*
** logship.c - sending the run's JSON lines to syslog (RFC 5424 over UDP or
** TCP) or to an HTTP(S) collector (see logship.h).
**
** Failures are reported, never hidden: the caller has already written
** stdout, and turns a failed delivery into exit status 2.  UDP has no
** delivery report, but a connected UDP socket does receive the ICMP "port
** unreachable" of a receiver that is down, so that case is caught too.
*/
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "dockersec.h"
#include "common/ds_util.h"
#include "cli/run/logship.h"

#define CONNECT_TIMEOUT_MS 5000
#define SEND_TIMEOUT_MS    10000
#define UDP_ERROR_WAIT_MS  100        /* time for an ICMP error to come back */
#define UDP_MAX_MESSAGE    65000      /* one datagram; longer needs TCP       */
#define HTTP_TOTAL_TIMEOUT 30L        /* seconds per attempt                  */
#define HTTP_ATTEMPTS      4          /* first try + 3 retries                */
#define HTTP_FIRST_BACKOFF 500        /* ms; doubles each retry               */
#define HTTP_MAX_BODY      (4u << 20) /* lines are POSTed in chunks of this */
#define FACILITY_USER      1

typedef enum { T_UDP, T_TCP, T_HTTP } target_kind;

struct ds_log_target {
  target_kind kind;
  char *url;
  char *display;
  char *host; /* syslog */
  char *port; /* syslog */
  char *hostname;
  char *app_name;
};

/* ---- URL handling -------------------------------------------------------- */

static char *without_userinfo(const char *url) {
  const char *scheme_end = strstr(url, "://");
  if (!scheme_end) return ds_strdup(url);
  const char *auth = scheme_end + 3;
  size_t auth_len = strcspn(auth, "/?#");
  const char *at = memchr(auth, '@', auth_len);
  if (!at) return ds_strdup(url);
  return ds_mprintf("%.*s***%s", (int)(auth - url), url, at);
}

/* "HOST:PORT", "[V6]:PORT" or "HOST" (port 514) with nothing after. */
static int parse_host_port(const char *s, char **host, char **port) {
  const char *end;
  if (*s == '[') {
    end = strchr(s, ']');
    if (!end) return -1;
    *host = ds_strndup(s + 1, (size_t)(end - s - 1));
    end++;
  } else {
    end = s + strcspn(s, ":/?#");
    *host = ds_strndup(s, (size_t)(end - s));
  }
  if (!*host || !**host) return -1;
  if (*end == ':') {
    const char *p = end + 1;
    size_t n = strspn(p, "0123456789");
    if (n == 0 || n > 5 || p[n] != '\0') return -1;
    long v = strtol(p, NULL, 10);
    if (v < 1 || v > 65535) return -1;
    *port = ds_strndup(p, n);
  } else if (*end == '\0' || strcmp(end, "/") == 0) {
    *port = ds_strdup("514");
  } else {
    return -1;
  }
  return *port ? 0 : -1;
}

ds_log_target *ds_log_open(const char *url, char **err) {
  *err = NULL;
  ds_log_target *t = calloc(1, sizeof(*t));
  if (!t) return NULL;
  t->url = ds_strdup(url);
  t->display = without_userinfo(url);
  t->app_name = ds_strdup("dockersec");
  char host[256] = "";
  if (gethostname(host, sizeof(host) - 1) != 0 || !*host) strcpy(host, "-");
  t->hostname = ds_strdup(host);
  const char *rest = NULL;
  if (strncasecmp(url, "syslog://", 9) == 0) {
    t->kind = T_UDP;
    rest = url + 9;
  } else if (strncasecmp(url, "syslog+udp://", 13) == 0) {
    t->kind = T_UDP;
    rest = url + 13;
  } else if (strncasecmp(url, "syslog+tcp://", 13) == 0) {
    t->kind = T_TCP;
    rest = url + 13;
  } else if (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0) {
    t->kind = T_HTTP;
    if (url[strncasecmp(url, "http://", 7) == 0 ? 7 : 8] == '\0') {
      *err = ds_mprintf("--log %s: no host in the URL", t->display);
      ds_log_close(t);
      return NULL;
    }
  } else {
    *err = ds_mprintf("--log %s: expected syslog://HOST:PORT, syslog+tcp://HOST:PORT, "
                      "http://… or https://…",
                      t->display ? t->display : url);
    ds_log_close(t);
    return NULL;
  }
  if (rest && parse_host_port(rest, &t->host, &t->port) != 0) {
    *err = ds_mprintf("--log %s: expected HOST:PORT after the scheme", t->display);
    ds_log_close(t);
    return NULL;
  }
  if (!t->url || !t->display || !t->app_name || !t->hostname) {
    ds_log_close(t);
    return NULL;
  }
  return t;
}

void ds_log_set_identity(ds_log_target *t, const char *hostname, const char *app_name) {
  if (hostname && *hostname) {
    free(t->hostname);
    t->hostname = ds_strdup(hostname);
  }
  if (app_name && *app_name) {
    free(t->app_name);
    t->app_name = ds_strdup(app_name);
  }
}

const char *ds_log_display(const ds_log_target *t) {
  return t->display;
}

void ds_log_close(ds_log_target *t) {
  if (!t) return;
  free(t->url);
  free(t->display);
  free(t->host);
  free(t->port);
  free(t->hostname);
  free(t->app_name);
  free(t);
}

int ds_log_severity_for(const char *s) {
  if (!s) return 6;
  if (strcasecmp(s, "critical") == 0) return 2;
  if (strcasecmp(s, "high") == 0) return 3;
  if (strcasecmp(s, "medium") == 0) return 4;
  if (strcasecmp(s, "low") == 0) return 5;
  return 6;
}

/* ---- RFC 5424 ------------------------------------------------------------ */

/* An RFC 5424 header field: printable US-ASCII without spaces, at most
** `max` characters, "-" when empty. */
static void header_field(ds_buf *b, const char *s, size_t max) {
  size_t n = 0;
  for (; s && *s && n < max; s++, n++)
    ds_buf_append(b, (*s > 32 && *s < 127) ? s : "_", 1);
  if (n == 0) ds_buf_puts(b, "-");
}

char *ds_syslog_format(const ds_log_line *line, const char *hostname, const char *app_name,
                       long pid, long long unix_us) {
  time_t secs = (time_t)(unix_us / 1000000);
  struct tm tm;
  localtime_r(&secs, &tm);
  char stamp[40];
  strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
  long off = tm.tm_gmtoff / 60;
  int sev = line->severity < 0 || line->severity > 7 ? 6 : line->severity;
  ds_buf b = {0};
  ds_buf_printf(&b, "<%d>1 %s.%06lld%c%02ld:%02ld ", FACILITY_USER * 8 + sev, stamp,
                unix_us % 1000000, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
  header_field(&b, hostname, 255);
  ds_buf_puts(&b, " ");
  header_field(&b, app_name, 48);
  ds_buf_printf(&b, " %ld ", pid);
  header_field(&b, line->msgid, 32);
  ds_buf_puts(&b, " - ");
  ds_buf_puts(&b, line->json ? line->json : "");
  return ds_buf_take(&b); /* NULL when out of memory */
}

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- sockets ------------------------------------------------------------- */

/* A connected socket to host:port, trying each address; -1 with *err. */
static int connect_to(const ds_log_target *t, int socktype, char **err) {
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = socktype;
  int gai = getaddrinfo(t->host, t->port, &hints, &res);
  if (gai != 0) {
    *err = ds_mprintf("--log %s: cannot resolve %s: %s", t->display, t->host, gai_strerror(gai));
    return -1;
  }
  int fd = -1, last_errno = 0;
  for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    if (errno == EINPROGRESS) {
      struct pollfd p = {.fd = fd, .events = POLLOUT};
      int so_err = 0;
      socklen_t len = sizeof(so_err);
      int ready = poll(&p, 1, CONNECT_TIMEOUT_MS);
      if (ready == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_err, &len) == 0 && so_err == 0)
        break;
      last_errno = ready == 0 ? ETIMEDOUT : (so_err ? so_err : errno);
    } else {
      last_errno = errno;
    }
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd < 0) {
    *err = ds_mprintf("--log %s: cannot connect: %s", t->display, strerror(last_errno));
    return -1;
  }
  /* Blocking from here on, with a bound on each send. */
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  struct timeval tv = {SEND_TIMEOUT_MS / 1000, (SEND_TIMEOUT_MS % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  return fd;
}

static int send_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* A pending asynchronous error on the socket (an ICMP port unreachable on
** UDP), waiting up to `ms` for one to arrive. */
static int pending_error(int fd, int ms) {
  struct pollfd p = {.fd = fd, .events = 0};
  if (poll(&p, 1, ms) == 1 && (p.revents & POLLERR)) {
    int so_err = 0;
    socklen_t len = sizeof(so_err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_err, &len) == 0 && so_err) return so_err;
    return EIO;
  }
  return 0;
}

static int send_syslog(ds_log_target *t, const ds_log_line *lines, size_t n, char **err) {
  int tcp = t->kind == T_TCP;
  int fd = connect_to(t, tcp ? SOCK_STREAM : SOCK_DGRAM, err);
  if (fd < 0) return -1;
  long pid = (long)getpid();
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    char *msg = ds_syslog_format(&lines[i], t->hostname, t->app_name, pid, now_us());
    if (!msg) {
      *err = ds_mprintf("--log %s: out of memory", t->display);
      rc = -1;
      break;
    }
    size_t len = strlen(msg);
    if (tcp) {
      /* RFC 6587 octet counting: "LEN SP MSG", so a line may hold anything. */
      char prefix[24];
      int pl = snprintf(prefix, sizeof(prefix), "%zu ", len);
      if (send_all(fd, prefix, (size_t)pl) != 0 || send_all(fd, msg, len) != 0) {
        *err = ds_mprintf("--log %s: sending message %zu of %zu: %s", t->display, i + 1, n,
                          strerror(errno));
        rc = -1;
      }
    } else if (len > UDP_MAX_MESSAGE) {
      *err = ds_mprintf("--log %s: message %zu is %zu bytes, too long for one UDP datagram "
                        "(use syslog+tcp://)",
                        t->display, i + 1, len);
      rc = -1;
    } else if (send(fd, msg, len, MSG_NOSIGNAL) < 0) {
      *err = ds_mprintf("--log %s: sending message %zu of %zu: %s", t->display, i + 1, n,
                        strerror(errno));
      rc = -1;
    }
    free(msg);
  }
  if (rc == 0 && !tcp) {
    int e = pending_error(fd, UDP_ERROR_WAIT_MS);
    if (e) {
      *err = ds_mprintf("--log %s: the receiver reported an error: %s", t->display, strerror(e));
      rc = -1;
    }
  }
  if (rc == 0 && tcp && shutdown(fd, SHUT_WR) != 0) {
    *err = ds_mprintf("--log %s: closing: %s", t->display, strerror(errno));
    rc = -1;
  }
  close(fd);
  return rc;
}

/* ---- HTTP ---------------------------------------------------------------- */

static size_t discard_body(char *data, size_t size, size_t n, void *unused) {
  (void)data;
  (void)unused;
  return size * n;
}

static int retryable_curl(CURLcode c) {
  return c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT || c == CURLE_SEND_ERROR ||
         c == CURLE_RECV_ERROR || c == CURLE_GOT_NOTHING || c == CURLE_COULDNT_RESOLVE_HOST ||
         c == CURLE_PARTIAL_FILE;
}

static int retryable_status(long status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* POSTs one body, retrying with back-off.  0, or -1 with *err. */
static int post_body(ds_log_target *t, CURL *curl, const char *body, size_t len, char **err) {
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  char errbuf[CURL_ERROR_SIZE];
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  long backoff = HTTP_FIRST_BACKOFF;
  for (int attempt = 1;; attempt++) {
    errbuf[0] = '\0';
    CURLcode c = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (c == CURLE_OK && status >= 200 && status <= 299) return 0;
    int again = c == CURLE_OK ? retryable_status(status) : retryable_curl(c);
    if (!again || attempt == HTTP_ATTEMPTS) {
      if (c == CURLE_OK)
        *err = ds_mprintf("--log %s: HTTP %ld after %d attempt%s", t->display, status, attempt,
                          attempt == 1 ? "" : "s");
      else
        *err =
            ds_mprintf("--log %s: %s after %d attempt%s", t->display,
                       *errbuf ? errbuf : curl_easy_strerror(c), attempt, attempt == 1 ? "" : "s");
      return -1;
    }
    sleep_ms(backoff);
    backoff *= 2;
  }
}

static int send_http(ds_log_target *t, const ds_log_line *lines, size_t n, char **err) {
  static int curl_ready = 0;
  if (!curl_ready) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ready = 1;
  }
  CURL *curl = curl_easy_init();
  if (!curl) {
    *err = ds_mprintf("--log %s: cannot initialise libcurl", t->display);
    return -1;
  }
  struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/x-ndjson");
  char agent[128];
  snprintf(agent, sizeof(agent), "User-Agent: dockersec/%s", ds_version());
  headers = curl_slist_append(headers, agent);
  headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
  const char *extra = getenv("DOCKERSEC_LOG_HEADER");
  if (extra && *extra) headers = curl_slist_append(headers, extra);
  curl_easy_setopt(curl, CURLOPT_URL, t->url);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, HTTP_TOTAL_TIMEOUT);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); /* a redirected POST is a surprise */
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  const char *ca = getenv("DOCKERSEC_LOG_CAINFO");
  if (ca && *ca) curl_easy_setopt(curl, CURLOPT_CAINFO, ca);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard_body);

  int rc = 0;
  ds_buf body = {0};
  for (size_t i = 0; i <= n && rc == 0; i++) {
    int flush = i == n || (body.len > 0 && body.len + strlen(lines[i].json) + 1 > HTTP_MAX_BODY);
    if (flush && body.len > 0) {
      rc = post_body(t, curl, body.data, body.len, err);
      body.len = 0;
    }
    if (i < n && rc == 0) {
      ds_buf_puts(&body, lines[i].json);
      ds_buf_puts(&body, "\n");
      if (ds_buf_failed(&body)) {
        *err = ds_mprintf("--log %s: out of memory", t->display);
        rc = -1;
      }
    }
  }
  ds_buf_free(&body);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return rc;
}

int ds_log_send(ds_log_target *t, const ds_log_line *lines, size_t n, char **err) {
  *err = NULL;
  if (n == 0) return 0;
  return t->kind == T_HTTP ? send_http(t, lines, n, err) : send_syslog(t, lines, n, err);
}
