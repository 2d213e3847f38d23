/*
** functions_hash.c - osquery's hashing and encoding functions: md5, sha1,
** sha256 (lower-case hex, digests from OpenSSL's libcrypto), to_base64,
** from_base64 and conditional_to_base64.
**
** As in osquery: NULL gives NULL; a hash covers the value's text up to its
** first NUL byte; from_base64 ignores line breaks and trailing '=' and
** returns '' for anything that is not base64; conditional_to_base64 leaves
** a value alone when every byte is printable ASCII (0x20-0x7E).
*/
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "sql/ds_functions.h"
#include "common/ds_util.h"

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *ds_base64_encode(const unsigned char *in, size_t n, size_t *outlen) {
  size_t len = 4 * ((n + 2) / 3);
  char *out = malloc(len + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16;
    if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
    if (i + 2 < n) v |= in[i + 2];
    out[o++] = b64chars[(v >> 18) & 63];
    out[o++] = b64chars[(v >> 12) & 63];
    out[o++] = i + 1 < n ? b64chars[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < n ? b64chars[v & 63] : '=';
  }
  out[o] = '\0';
  *outlen = o;
  return out;
}

static int b64value(unsigned char c) {
  const char *p = c ? strchr(b64chars, c) : NULL;
  return p ? (int)(p - b64chars) : -1;
}

/* osquery's decode: drop every "\r\n" and "\n", then the trailing '=';
** every character left must be of the alphabet; the bits left over at the
** end that do not fill a byte are dropped.  Returns a malloc'd buffer, or
** NULL with *bad set when the input is not base64 (unset: out of memory). */
static unsigned char *b64_decode(const char *in, size_t n, size_t *outlen, int *bad) {
  char *clean = malloc(n + 1);
  unsigned char *out = malloc(n * 3 / 4 + 1);
  *bad = 0;
  if (!clean || !out) {
    free(clean);
    free(out);
    return NULL;
  }
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (in[i] == '\n' || (in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')) continue;
    clean[m++] = in[i];
  }
  while (m > 0 && clean[m - 1] == '=')
    m--;
  uint32_t acc = 0;
  int bits = 0;
  size_t o = 0;
  for (size_t i = 0; i < m; i++) {
    int v = b64value((unsigned char)clean[i]);
    if (v < 0) {
      free(clean);
      free(out);
      *bad = 1;
      return NULL;
    }
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (unsigned char)((acc >> bits) & 0xFF);
    }
  }
  free(clean);
  *outlen = o;
  return out;
}

static void hash_value(sqlite3_context *ctx, sqlite3_value **argv, const EVP_MD *md) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  if (!s) return sqlite3_result_null(ctx);
  unsigned char dig[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!md || EVP_Digest(s, strlen(s), dig, &n, md, NULL) != 1)
    return sqlite3_result_error(ctx, "hash: digest unavailable in this OpenSSL", -1);
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  for (unsigned int i = 0; i < n; i++) {
    hex[2 * i] = "0123456789abcdef"[dig[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[dig[i] & 15];
  }
  sqlite3_result_text(ctx, hex, (int)(2 * n), SQLITE_TRANSIENT);
}

static void md5_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  hash_value(ctx, argv, EVP_md5());
}
static void sha1_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  hash_value(ctx, argv, EVP_sha1());
}
static void sha256_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  hash_value(ctx, argv, EVP_sha256());
}

static int printable(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < 0x20 || s[i] >= 0x7F) return 0;
  return 1;
}

enum { B64_ENCODE, B64_CONDITIONAL, B64_DECODE };

static void b64_value(sqlite3_context *ctx, sqlite3_value **argv, int mode) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const unsigned char *s = sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  if (!s) return sqlite3_result_error_nomem(ctx);
  if (mode == B64_CONDITIONAL && printable(s, n))
    return sqlite3_result_text(ctx, (const char *)s, (int)n, SQLITE_TRANSIENT);
  size_t len = 0;
  if (mode == B64_DECODE) {
    int bad;
    unsigned char *out = b64_decode((const char *)s, n, &len, &bad);
    if (!out && bad) return sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    if (!out) return sqlite3_result_error_nomem(ctx);
    return sqlite3_result_text(ctx, (const char *)out, (int)len, free);
  }
  char *out = ds_base64_encode(s, n, &len);
  if (!out) return sqlite3_result_error_nomem(ctx);
  sqlite3_result_text(ctx, out, (int)len, free);
}

static void to_base64_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  b64_value(ctx, argv, B64_ENCODE);
}
static void conditional_to_base64_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  b64_value(ctx, argv, B64_CONDITIONAL);
}
static void from_base64_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  b64_value(ctx, argv, B64_DECODE);
}

int ds_register_hash_functions(sqlite3 *db) {
  static const struct {
    const char *name;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
  } fns[] = {
      {"md5", md5_func},
      {"sha1", sha1_func},
      {"sha256", sha256_func},
      {"to_base64", to_base64_func},
      {"from_base64", from_base64_func},
      {"conditional_to_base64", conditional_to_base64_func},
  };
  for (int i = 0; i < DS_COUNT(fns); i++) {
    int rc = sqlite3_create_function(db, fns[i].name, 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     fns[i].fn, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int ds_register_functions(sqlite3 *db) {
  int rc = ds_register_string_functions(db);
  if (rc == SQLITE_OK) rc = ds_register_version_functions(db);
  if (rc == SQLITE_OK) rc = ds_register_net_functions(db);
  if (rc == SQLITE_OK) rc = ds_register_hash_functions(db);
  if (rc == SQLITE_OK) rc = ds_register_secret_functions(db);
  return rc;
}
