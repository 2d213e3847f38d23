/*
** fuzz_docker_api - every Docker API answer -> rows mapping.
**
** Input: a flags byte, then one body per endpoint below, separated by NUL
** bytes (missing bodies answer 404).  The bodies are injected into the
** client (ds_docker_inject), so the real parse, cache, push-down and row
** code runs; then every docker_* table is queried with every column, plus
** the id push-down of docker_containers.
**
** Flags: bit 0 reveal_secrets, bit 1 a 4 KiB max_response_bytes, bit 2 the
** inspect answers are 404 (containers vanished), bit 3 cache_ttl_ms 0.
*/
#include "fuzz_common.h"

static const char *const endpoints[] = {
    "/version",
    "/containers/json*",
    "/containers/*/json",
    "/images/json*",
    "/images/*/json",
    "/images/*/history",
    "/info",
    "/networks",
    "/volumes*",
    "/containers/*/top*",
    "/system/df*",
    "/plugins*",
    "/containers/*/changes",
    "/exec/*/json",
    "/_ping",
    "/networks/*",
};
#define NENDPOINTS ((int)(sizeof(endpoints) / sizeof(endpoints[0])))

static char *queries; /* every docker_* table, all columns */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_open(NULL);
  ds_buf b = {0};
  for (int i = 0; ds_all_tables[i]; i++) {
    const ds_table *t = ds_all_tables[i];
    if (strncmp(t->name, "docker_", 7) != 0) continue;
    char *q = fz_select_all(t, NULL);
    ds_buf_printf(&b, "%s\n", q);
    free(q);
  }
  ds_buf_puts(&b, "SELECT id, name, user, env_variables FROM docker_containers "
                  "WHERE id IN ('a1', 'b2b2', 'zz');\n");
  queries = ds_buf_take(&b);
  if (!queries) abort(); /* out of memory: the harness cannot run */
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  unsigned flags = data[0];
  fz_ctx->config.reveal_secrets = flags & 1;
  fz_ctx->config.max_response_bytes = (flags & 2) ? 4096 : 64 * 1024 * 1024;
  fz_ctx->config.cache_ttl_ms = (flags & 8) ? 0 : 2000;
  ds_docker *d = fz_new_client();
  if (flags & 4)
    ds_docker_inject(d, "/containers/*/json", 404, "{\"message\":\"No such container\"}", 31);
  const char *p = (const char *)data + 1, *end = (const char *)data + size;
  for (int e = 0; e < NENDPOINTS && p <= end; e++) {
    const char *nul = memchr(p, '\0', (size_t)(end - p));
    size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
    ds_docker_inject(d, endpoints[e], 200, p, len);
    if (!nul) break;
    p = nul + 1;
  }
  fz_exec(queries);
  return 0;
}
