/*
** digest.c - what the report says about the packs it ran: each path given
** (as resolved) and one SHA-256 over the files the checks came from, so a
** reader can tell which pack ran, and whether it is the one they expect.
**
** The digest covers, for each distinct file in check order, its name as
** loaded, a NUL, its contents, a NUL (a pack read from stdin is named "-"
** and covered by its checks' SQL instead).
*/
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/ds_util.h"
#include "cli/pack/pack.h"

#define MAX_PACK_FILE (16 * 1024 * 1024)

static int seen_before(const ds_pack *pack, size_t i) {
  for (size_t k = 0; k < i; k++)
    if (strcmp(pack->checks[k].file, pack->checks[i].file) == 0) return 1;
  return 0;
}

char *ds_pack_digest(const ds_pack *pack) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(md);
    return NULL;
  }
  int ok = 1;
  for (size_t i = 0; ok && i < pack->n; i++) {
    const ds_check *c = &pack->checks[i];
    if (seen_before(pack, i) && strcmp(c->file, "-") != 0) continue;
    char *text = NULL;
    size_t len = 0;
    const char *data = c->sql;
    size_t n = strlen(c->sql);
    if (strcmp(c->file, "-") != 0 && ds_read_file(c->file, MAX_PACK_FILE, &text, &len) == 0)
      data = text, n = len;
    ok = EVP_DigestUpdate(md, c->file, strlen(c->file) + 1) == 1 &&
         EVP_DigestUpdate(md, data, n) == 1 && EVP_DigestUpdate(md, "", 1) == 1;
    free(text);
  }
  unsigned char dig[EVP_MAX_MD_SIZE];
  unsigned int dlen = 0;
  if (!ok || EVP_DigestFinal_ex(md, dig, &dlen) != 1) {
    EVP_MD_CTX_free(md);
    return NULL;
  }
  EVP_MD_CTX_free(md);
  char *hex = malloc(2 * dlen + 1);
  for (unsigned int i = 0; hex && i < dlen; i++)
    snprintf(hex + 2 * i, 3, "%02x", dig[i]);
  if (hex) hex[2 * dlen] = '\0';
  return hex;
}
