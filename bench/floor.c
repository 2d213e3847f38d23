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
** Bodies are received in full; only the list is parsed (json-c), to learn
** the ids.  Prints "requests=N inspects=N bytes=N" on stderr; exit status 0
** only when every request answered 2xx.
**
** Build: cc -O2 -o floor bench/floor.c $(pkg-config --cflags --libs libcurl json-c)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  int gone = status == 404 && strstr(r->url, "/containers/") && !r->is_list;
  if (rc != CURLE_OK || ((status < 200 || status >= 300) && !gone)) {
    fprintf(stderr, "floor: GET %s: %s (HTTP %ld)\n", r->url, curl_easy_strerror(rc), status);
    failures++;
  }
}

/* The ids of the list answer, malloc'd; *n set. */
static char **list_ids(const body *b, int *n) {
  *n = 0;
  json_object *list = json_tokener_parse(b->data ? b->data : "");
  if (!list || !json_object_is_type(list, json_type_array)) {
    fprintf(stderr, "floor: the container list is not a JSON array\n");
    json_object_put(list);
    return NULL;
  }
  size_t len = json_object_array_length(list);
  char **ids = calloc(len ? len : 1, sizeof(char *));
  for (size_t i = 0; ids && i < len; i++) {
    json_object *id = NULL;
    if (json_object_object_get_ex(json_object_array_get_idx(list, i), "Id", &id))
      ids[(*n)++] = strdup(json_object_get_string(id));
  }
  json_object_put(list);
  return ids;
}

static int run_seq(void) {
  CURL *e = curl_easy_init();
  req r = {0};
  static const char *fixed[] = {"/containers/json?all=1", "/info", "/version"};
  char **ids = NULL;
  int n = 0;
  for (int i = 0; i < 3; i++) {
    setup(e, &r, fixed[i]);
    account(e, curl_easy_perform(e), &r);
    if (i == 0) ids = list_ids(&r.b, &n);
  }
  for (int i = 0; i < n; i++) {
    char path[128];
    snprintf(path, sizeof(path), "/containers/%s/json", ids[i]);
    setup(e, &r, path);
    account(e, curl_easy_perform(e), &r);
    free(ids[i]);
  }
  free(ids);
  free(r.b.data);
  curl_easy_cleanup(e);
  return n;
}

static int run_par(void) {
  CURLM *m = curl_multi_init();
  curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, parallel);
  static const char *fixed[] = {"/containers/json?all=1", "/info", "/version"};
  req fixed_req[3] = {{0}};
  for (int i = 0; i < 3; i++) {
    fixed_req[i].easy = curl_easy_init();
    fixed_req[i].is_list = i == 0;
    setup(fixed_req[i].easy, &fixed_req[i], fixed[i]);
    curl_multi_add_handle(m, fixed_req[i].easy);
  }
  char **ids = NULL;
  int n = 0, next = 0, active = 3;
  req *slots = NULL; /* one per inspect */
  CURL **idle = calloc((size_t)parallel + 3, sizeof(CURL *));
  int nidle = 0;
  while (active > 0 || (ids && next < n)) {
    /* Top up: at most `parallel` inspects in flight. */
    while (ids && next < n && active < parallel) {
      CURL *e = nidle ? idle[--nidle] : curl_easy_init();
      curl_easy_reset(e);
      slots[next].easy = e;
      char path[128];
      snprintf(path, sizeof(path), "/containers/%s/json", ids[next]);
      setup(e, &slots[next], path);
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
        ids = list_ids(&r->b, &n);
        slots = calloc(n ? (size_t)n : 1, sizeof(req));
        if (!ids || !slots) n = 0;
        if (!ids) ids = calloc(1, sizeof(char *));
      }
      idle[nidle++] = msg->easy_handle; /* keeps its connection in the pool */
      free(r->b.data);
      r->b.data = NULL;
      r->b.cap = 0;
    }
    if (active > 0) curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  for (int i = 0; i < n; i++)
    free(ids[i]);
  free(ids);
  free(slots);
  for (int i = 0; i < nidle; i++)
    curl_easy_cleanup(idle[i]);
  free(idle);
  curl_multi_cleanup(m);
  return n;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  const char *host = getenv("DOCKER_HOST");
  if (host && strncmp(host, "unix://", 7) == 0) sock = host + 7;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--parallel") == 0 && i + 1 < argc)
      parallel = atol(argv[++i]);
    else if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
      sock = argv[++i];
  }
  if (parallel < 1) parallel = 1;
  if (strcmp(mode, "seq") != 0 && strcmp(mode, "par") != 0) {
    fprintf(stderr, "usage: floor seq|par [--parallel N] [--socket PATH]\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int n = strcmp(mode, "seq") == 0 ? run_seq() : run_par();
  curl_global_cleanup();
  fprintf(stderr, "requests=%ld inspects=%d bytes=%lld failures=%ld\n", requests, n, bytes,
          failures);
  return failures ? 1 : 0;
}
