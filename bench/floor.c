/*
** floor.c - the raw Docker API floor for the benchmark: everything an OWASP
** pack run needs from the engine, with nothing else around it.
**
**   GET /containers/json?all=1, GET /info, GET /version, and
**   GET /containers/{id}/json for every listed container.
**
**   floor seq   one easy handle reused for every request, so one keep-alive
**               connection, strictly one request after the other;
**   floor par   curl multi: list, /info and /version at once, then every
**               inspect as soon as the list is in, at most --parallel at a
**               time over kept-alive connections.
**
**   --pack      also everything else the OWASP pack asks the engine:
**               /images/json, /networks, /volumes and, for every running
**               container, GET /containers/{id}/top with dockersec's ps_args
**               (docker top runs ps over the whole host: engine cost).
**
**   floor bundles [DIR]   the containerd-only node's floor: no API at all,
**               every <DIR>/<namespace>/<id>/config.json (the OCI spec the
**               runtime was given) and init.pid read in full, one after the
**               other (DIR: /run/containerd/io.containerd.runtime.v2.task).
**               Prints "bundles=N bytes=N".
**
** Bodies are received in full; only the list is parsed (json-c), to learn
** the ids.  Prints "requests=N inspects=N bytes=N" on stderr; exit status 0
** only when every request answered 2xx.
**
** Build: cc -O2 -o floor bench/floor.c $(pkg-config --cflags --libs libcurl json-c)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

typedef struct body {
  char *data;
  size_t len, cap;
} body;

typedef struct req {
  CURL *easy;
  char url[256];
  body b;
  int is_list;
} req;

static const char *sock = "/var/run/docker.sock";
static long parallel = 16;
static int pack; /* --pack */

/* The per-container requests: every inspect; with --pack also the top of
** each running container (dockersec's ps_args, literally). */
#define TOP_PATH                                                                                   \
  "/containers/%s/top?ps_args=axwwo%%20pid,state,uid,gid,euid,egid,suid,sgid,rss,vsz,etimes,"      \
  "ppid,pgrp,nlwp,nice,user,time,pcpu,pmem,comm,cmd"
static const char *fixed_paths[] = {"/containers/json?all=1", "/info",     "/version",
                                    "/images/json",           "/networks", "/volumes"};
static int nfixed(void) {
  return pack ? 6 : 3;
}
static long requests, failures;
static long long bytes;

static size_t on_data(char *p, size_t size, size_t n, void *userp) {
  body *b = userp;
  size_t len = size * n;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 16384;
    while (cap < b->len + len + 1)
      cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) return 0;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, len);
  b->len += len;
  b->data[b->len] = '\0';
  return len;
}

static void setup(CURL *e, req *r, const char *path) {
  snprintf(r->url, sizeof(r->url), "http://localhost%s", path);
  r->b.len = 0;
  curl_easy_setopt(e, CURLOPT_URL, r->url);
  curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, sock);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &r->b);
  curl_easy_setopt(e, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PRIVATE, r);
}

static void account(CURL *e, CURLcode rc, const req *r) {
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  requests++;
  bytes += (long long)r->b.len;
  /* A container removed between list and inspect (404) is not a failure. */
  /* (or stopped before its top: 409) */
  int gone = (status == 404 || status == 409) && strstr(r->url, "/containers/") && !r->is_list;
  if (rc != CURLE_OK || ((status < 200 || status >= 300) && !gone)) {
    fprintf(stderr, "floor: GET %s: %s (HTTP %ld)\n", r->url, curl_easy_strerror(rc), status);
    failures++;
  }
}

/* The per-container paths for the list answer (malloc'd); *n set. */
static char **container_paths(const body *b, int *n) {
  *n = 0;
  json_object *list = json_tokener_parse(b->data ? b->data : "");
  if (!list || !json_object_is_type(list, json_type_array)) {
    fprintf(stderr, "floor: the container list is not a JSON array\n");
    json_object_put(list);
    return NULL;
  }
  size_t len = json_object_array_length(list);
  char **paths = calloc(len ? 2 * len : 1, sizeof(char *));
  for (size_t i = 0; paths && i < len; i++) {
    json_object *c = json_object_array_get_idx(list, i), *id = NULL, *state = NULL;
    if (!json_object_object_get_ex(c, "Id", &id)) continue;
    char path[512];
    snprintf(path, sizeof(path), "/containers/%s/json", json_object_get_string(id));
    paths[(*n)++] = strdup(path);
    const char *st =
        json_object_object_get_ex(c, "State", &state) ? json_object_get_string(state) : "";
    if (pack && (strcmp(st, "running") == 0 || strcmp(st, "paused") == 0 ||
                 strcmp(st, "restarting") == 0)) {
      snprintf(path, sizeof(path), TOP_PATH, json_object_get_string(id));
      paths[(*n)++] = strdup(path);
    }
  }
  json_object_put(list);
  return paths;
}

static int run_seq(void) {
  CURL *e = curl_easy_init();
  req r = {0};
  char **paths = NULL;
  int n = 0;
  for (int i = 0; i < nfixed(); i++) {
    setup(e, &r, fixed_paths[i]);
    account(e, curl_easy_perform(e), &r);
    if (i == 0) paths = container_paths(&r.b, &n);
  }
  for (int i = 0; i < n; i++) {
    setup(e, &r, paths[i]);
    account(e, curl_easy_perform(e), &r);
    free(paths[i]);
  }
  free(paths);
  free(r.b.data);
  curl_easy_cleanup(e);
  return n;
}

static int run_par(void) {
  CURLM *m = curl_multi_init();
  curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, parallel);
  req fixed_req[6] = {{0}};
  for (int i = 0; i < nfixed(); i++) {
    fixed_req[i].easy = curl_easy_init();
    fixed_req[i].is_list = i == 0;
    setup(fixed_req[i].easy, &fixed_req[i], fixed_paths[i]);
    curl_multi_add_handle(m, fixed_req[i].easy);
  }
  char **paths = NULL;
  int n = 0, next = 0, active = nfixed();
  req *slots = NULL; /* one per per-container request */
  CURL **idle = calloc((size_t)parallel + 6, sizeof(CURL *));
  int nidle = 0;
  while (active > 0 || (paths && next < n)) {
    /* Top up: at most `parallel` requests in flight. */
    while (paths && next < n && active < parallel) {
      CURL *e = nidle ? idle[--nidle] : curl_easy_init();
      curl_easy_reset(e);
      slots[next].easy = e;
      setup(e, &slots[next], paths[next]);
      curl_multi_add_handle(m, e);
      next++;
      active++;
    }
    int running;
    curl_multi_perform(m, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m, &left)) != NULL) {
      if (msg->msg != CURLMSG_DONE) continue;
      req *r = NULL;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
      account(msg->easy_handle, msg->data.result, r);
      curl_multi_remove_handle(m, msg->easy_handle);
      active--;
      if (r->is_list) {
        paths = container_paths(&r->b, &n);
        slots = calloc(n ? (size_t)n : 1, sizeof(req));
        if (!paths || !slots) n = 0;
        if (!paths) paths = calloc(1, sizeof(char *));
      }
      idle[nidle++] = msg->easy_handle; /* keeps its connection in the pool */
      free(r->b.data);
      r->b.data = NULL;
      r->b.cap = 0;
    }
    if (active > 0) curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  for (int i = 0; i < n; i++)
    free(paths[i]);
  free(paths);
  free(slots);
  for (int i = 0; i < nidle; i++)
    curl_easy_cleanup(idle[i]);
  free(idle);
  curl_multi_cleanup(m);
  return n;
}

/* Reads a whole file (into a reused buffer); its size, or -1. */
static long read_all(const char *path) {
  static char buf[1 << 16];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  long total = 0;
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0)
    total += n;
  close(fd);
  return n < 0 ? -1 : total;
}

static int plain(const char *name) {
  return name[0] != '.';
}

static int run_bundles(const char *dir) {
  long nb = 0;
  DIR *top = opendir(dir);
  if (!top) {
    fprintf(stderr, "floor: %s: cannot open\n", dir);
    return 1;
  }
  struct dirent *ns;
  while ((ns = readdir(top)) != NULL) {
    if (!plain(ns->d_name)) continue;
    char nsdir[4096];
    snprintf(nsdir, sizeof(nsdir), "%s/%s", dir, ns->d_name);
    DIR *d = opendir(nsdir);
    if (!d) continue;
    struct dirent *c;
    while ((c = readdir(d)) != NULL) {
      if (!plain(c->d_name)) continue;
      char path[8192];
      snprintf(path, sizeof(path), "%s/%s/config.json", nsdir, c->d_name);
      long n = read_all(path);
      if (n < 0) continue;
      bytes += n;
      nb++;
      snprintf(path, sizeof(path), "%s/%s/init.pid", nsdir, c->d_name);
      n = read_all(path);
      if (n > 0) bytes += n;
    }
    closedir(d);
  }
  closedir(top);
  fprintf(stderr, "bundles=%ld bytes=%lld\n", nb, bytes);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "bundles") == 0)
    return run_bundles(argc > 2 ? argv[2] : "/run/containerd/io.containerd.runtime.v2.task");
  const char *host = getenv("DOCKER_HOST");
  if (host && strncmp(host, "unix://", 7) == 0) sock = host + 7;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--parallel") == 0 && i + 1 < argc)
      parallel = atol(argv[++i]);
    else if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
      sock = argv[++i];
    else if (strcmp(argv[i], "--pack") == 0)
      pack = 1;
  }
  if (parallel < 1) parallel = 1;
  if (strcmp(mode, "seq") != 0 && strcmp(mode, "par") != 0) {
    fprintf(stderr,
            "usage: floor seq|par [--pack] [--parallel N] [--socket PATH] | floor bundles [DIR]\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int n = strcmp(mode, "seq") == 0 ? run_seq() : run_par();
  curl_global_cleanup();
  fprintf(stderr, "requests=%ld per_container=%d bytes=%lld failures=%ld\n", requests, n, bytes,
          failures);
  return failures ? 1 : 0;
}
