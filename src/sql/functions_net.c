/*
** functions_net.c - osquery's network functions: inet_aton,
** in_cidr_block, community_id_v1 and community_id_v1_strict.
**
** Addresses are parsed with inet_pton (strict dotted quads, RFC 4291 IPv6;
** an IPv6 zone "%eth0" is ignored), as boost::asio's make_address parses
** them in osquery.  Community ID v1 follows
** https://github.com/corelight/community-id-spec (SHA-1 from OpenSSL).
*/
#include <arpa/inet.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "sql/ds_functions.h"
#include "common/ds_util.h"

typedef struct addr {
  int v6;
  unsigned char b[16]; /* network order; 4 bytes used for IPv4 */
} addr;

/* Parses an IPv4 or IPv6 address (at most 63 characters).  0 or -1. */
static int parse_addr(const char *s, addr *a) {
  char buf[64];
  size_t n = strlen(s);
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n + 1);
  memset(a, 0, sizeof(*a));
  if (inet_pton(AF_INET, buf, a->b) == 1) return 0;
  char *zone = strchr(buf, '%');
  if (zone) *zone = '\0';
  if (inet_pton(AF_INET6, buf, a->b) == 1) {
    a->v6 = 1;
    return 0;
  }
  return -1;
}

/* boost::asio's address ordering: every IPv4 address before every IPv6 one,
** then the bytes. */
static int addr_cmp(const addr *x, const addr *y) {
  if (x->v6 != y->v6) return x->v6 - y->v6;
  return memcmp(x->b, y->b, x->v6 ? 16 : 4);
}

/* inet_aton(IPv4): the address as an integer; NULL for anything else. */
static void inet_aton_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  struct in_addr in;
  if (!s || strchr(s, ':') || inet_pton(AF_INET, s, &in) != 1) return sqlite3_result_null(ctx);
  sqlite3_result_int64(ctx, (sqlite3_int64)ntohl(in.s_addr));
}

/* Parses "ADDR/PREFIX" of the given family.  0 or -1. */
static int parse_cidr(const char *s, int v6, addr *net, int *prefix) {
  const char *slash = strchr(s ? s : "", '/');
  if (!slash || slash == s || !slash[1] || (size_t)(slash - s) >= 63) return -1;
  char buf[64];
  memcpy(buf, s, (size_t)(slash - s));
  buf[slash - s] = '\0';
  char *end;
  long p = strtol(slash + 1, &end, 10);
  if (*end || slash[1] < '0' || slash[1] > '9' || p < 0 || p > (v6 ? 128 : 32)) return -1;
  memset(net, 0, sizeof(*net));
  net->v6 = v6;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, net->b) != 1) return -1;
  *prefix = (int)p;
  return 0;
}

/* 1 when `a` is in the first `prefix` bits of `net`. */
static int same_prefix(const unsigned char *a, const unsigned char *net, int prefix) {
  int full = prefix / 8, rest = prefix % 8;
  if (memcmp(a, net, (size_t)full) != 0) return 0;
  if (rest == 0) return 1;
  unsigned char mask = (unsigned char)(0xFF00 >> rest);
  return (a[full] & mask) == (net[full] & mask);
}

/*
** in_cidr_block(CIDR, IP): 1 when IP is one of the network's hosts.  As in
** osquery (boost's network_v4::hosts()), an IPv4 network's own address and
** its broadcast address are not hosts (so a /31 has none), a /32 has one;
** every address of an IPv6 network counts.
*/
static void in_cidr_block_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT)
    return sqlite3_result_error(ctx, "CIDR must be a string", -1);
  if (sqlite3_value_type(argv[1]) != SQLITE_TEXT)
    return sqlite3_result_error(ctx, "IP address must be a string", -1);
  const char *cidr = (const char *)sqlite3_value_text(argv[0]);
  const char *ip = (const char *)sqlite3_value_text(argv[1]);
  addr a, net;
  int prefix;
  if (!ip || parse_addr(ip, &a) != 0)
    return sqlite3_result_error(ctx, "IP address cannot be parsed", -1);
  if (parse_cidr(cidr, a.v6, &net, &prefix) != 0)
    return sqlite3_result_error(ctx,
                                a.v6 ? "CIDR for IP address v6 cannot be parsed"
                                     : "CIDR for IP address v4 cannot be parsed",
                                -1);
  int in = same_prefix(a.b, net.b, prefix);
  if (in && !a.v6 && prefix < 32) {
    /* Not the network address (host bits all 0) nor broadcast (all 1). */
    uint32_t v =
        ((uint32_t)a.b[0] << 24) | ((uint32_t)a.b[1] << 16) | ((uint32_t)a.b[2] << 8) | a.b[3];
    uint32_t host = prefix == 0 ? v : v & (0xFFFFFFFFu >> prefix);
    uint32_t all = prefix == 0 ? 0xFFFFFFFFu : 0xFFFFFFFFu >> prefix;
    if (host == 0 || host == all) in = 0;
  }
  sqlite3_result_int(ctx, in);
}

/* community_id_v1: the errors go to `strict` callers as SQL errors, to the
** others as NULL (osquery logs a warning and returns an empty result). */
static void community_id(sqlite3_context *ctx, int argc, sqlite3_value **argv, int strict) {
#define FAIL(msg)                                                                                  \
  do {                                                                                             \
    if (strict)                                                                                    \
      sqlite3_result_error(ctx, msg, -1);                                                          \
    else                                                                                           \
      sqlite3_result_null(ctx);                                                                    \
    return;                                                                                        \
  } while (0)
  sqlite3_int64 seed = 0;
  if (argc == 6) {
    if (sqlite3_value_type(argv[5]) != SQLITE_INTEGER) FAIL("Community ID seed must be an integer");
    seed = sqlite3_value_int64(argv[5]);
    if (seed < -32768 || seed > 32767) FAIL("Community ID seed must fit in 2 bytes");
  }
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || sqlite3_value_type(argv[1]) != SQLITE_TEXT)
    FAIL("Community ID IPs must be strings");
  addr s, d;
  if (parse_addr((const char *)sqlite3_value_text(argv[0]), &s) != 0)
    FAIL("Community ID saddr cannot be parsed as IP");
  if (parse_addr((const char *)sqlite3_value_text(argv[1]), &d) != 0)
    FAIL("Community ID daddr cannot be parsed as IP");
  if (sqlite3_value_type(argv[2]) != SQLITE_INTEGER ||
      sqlite3_value_type(argv[3]) != SQLITE_INTEGER)
    FAIL("Community ID ports must be integers");
  sqlite3_int64 sp = sqlite3_value_int64(argv[2]), dp = sqlite3_value_int64(argv[3]);
  if (sp < 0 || sp > 65535 || dp < 0 || dp > 65535) FAIL("Community ID ports must fit in 2 bytes");
  if (sqlite3_value_type(argv[4]) != SQLITE_INTEGER)
    FAIL("Community ID protocol must be an integer");
  sqlite3_int64 proto = sqlite3_value_int64(argv[4]);
  if (proto < 0 || proto > 255) FAIL("Community ID protocol must fit in 1 byte");
#undef FAIL
  int c = addr_cmp(&s, &d);
  if (!(c < 0 || (c == 0 && sp < dp))) {
    addr t = s;
    s = d;
    d = t;
    sqlite3_int64 tp = sp;
    sp = dp;
    dp = tp;
  }
  /* seed . saddr . daddr . proto . 0 . sport . dport, big-endian */
  unsigned char msg[2 + 16 + 16 + 2 + 4];
  size_t n = 0;
  msg[n++] = (unsigned char)((seed >> 8) & 0xFF);
  msg[n++] = (unsigned char)(seed & 0xFF);
  memcpy(msg + n, s.b, s.v6 ? 16 : 4);
  n += s.v6 ? 16 : 4;
  memcpy(msg + n, d.b, d.v6 ? 16 : 4);
  n += d.v6 ? 16 : 4;
  msg[n++] = (unsigned char)proto;
  msg[n++] = 0;
  msg[n++] = (unsigned char)(sp >> 8);
  msg[n++] = (unsigned char)(sp & 0xFF);
  msg[n++] = (unsigned char)(dp >> 8);
  msg[n++] = (unsigned char)(dp & 0xFF);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  if (EVP_Digest(msg, n, md, &mdlen, EVP_sha1(), NULL) != 1)
    return sqlite3_result_error(ctx, "community_id_v1: SHA-1 unavailable", -1);
  size_t blen;
  char *b64 = ds_base64_encode(md, mdlen, &blen);
  char *out = b64 ? ds_mprintf("1:%s", b64) : NULL;
  free(b64);
  if (!out) return sqlite3_result_error_nomem(ctx);
  sqlite3_result_text(ctx, out, -1, free);
}

static void community_id_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  community_id(ctx, argc, argv, 0);
}

static void community_id_strict_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  community_id(ctx, argc, argv, 1);
}

int ds_register_net_functions(sqlite3 *db) {
  static const struct {
    const char *name;
    int nargs;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
  } fns[] = {
      {"inet_aton", 1, inet_aton_func},
      {"in_cidr_block", 2, in_cidr_block_func},
      {"community_id_v1", 5, community_id_func},
      {"community_id_v1", 6, community_id_func},
      {"community_id_v1_strict", 5, community_id_strict_func},
      {"community_id_v1_strict", 6, community_id_strict_func},
  };
  for (int i = 0; i < DS_COUNT(fns); i++) {
    int rc = sqlite3_create_function(db, fns[i].name, fns[i].nargs,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     fns[i].fn, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
