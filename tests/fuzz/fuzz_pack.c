/*
** fuzz_pack - the pack file parser (src/cli/pack/pack.c): `-- key: value`
** headers, continuation lines, the statement that follows, several checks
** per file.  Pack files come from users and from shared repositories.
** Every parsed check is looked up again by id; a failure must say why.
*/
#include "cli/pack/pack.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = ds_strndup((const char *)data, size);
  if (!text) return 0;
  ds_pack pack = {0};
  char *err = NULL;
  if (ds_pack_parse(&pack, text, "fuzz.sql", &err) == 0) {
    for (size_t i = 0; i < pack.n; i++) {
      const ds_check *c = &pack.checks[i];
      if (!c->id || !c->sql || ds_pack_find(&pack, c->id) == NULL) abort();
      (void)ds_severity_name(c->severity);
    }
  } else if (!err) {
    abort(); /* a malformed pack must be reported with a reason */
  }
  free(err);
  ds_pack_free(&pack);
  free(text);
  return 0;
}
