/*
** functions_version.c - osquery's version ordering: the function
** version_compare(LEFT, RIGHT[, 'ARCH'|'DPKG'|'RHEL']) -> -1, 0 or 1, and the
** collations VERSION, VERSION_ARCH, VERSION_DPKG and VERSION_RHEL (osquery
** declares e.g. docker_version.version COLLATE VERSION, so
** `WHERE version < '20.10.10'` compares versions, not text).
**
** The ordering is osquery's (osquery/sql/sqlite_version.cpp, 5.x), not
** semver nor dpkg's: characters are compared one by one; the delimiters
** ~ - ^ . : end a segment; inside a segment the first differing character
** decides, unless one segment is longer (the longer one is greater); the
** flavours add an epoch rule ("N:" sorts above no epoch), delimiter
** precedence (~ < - < ^ < . < :) and the rules for a remainder (a trailing
** "~rc1" is less, "^1" greater, "-1" equal).
*/
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sql/ds_functions.h"

static int delim_rank(char c) {
  switch (c) {
  case '~':
    return 1;
  case '-':
    return 2;
  case '^':
    return 3;
  case '.':
    return 4;
  case ':':
    return 5;
  default:
    return 0;
  }
}

static int epoch_pos(const char *s, int n) {
  const char *c = memchr(s, ':', (size_t)n);
  return c ? (int)(c - s) : -1;
}

/* The order decided by what one version has beyond the other's end (`pos`
** is the shorter one's length). */
static int by_remainder(const char *l, int ln, const char *r, int rn, int pos, int diff,
                        int comp_remaining, int remainder_prec) {
  if (ln == pos) {
    if (comp_remaining) {
      switch (r[pos]) {
      case '~':
        return 1;
      case '-':
        return 0;
      case '^':
        return -1;
      default:
        if (diff != 0 && (!remainder_prec || !isdigit((unsigned char)l[pos - 1]))) return diff;
      }
    } else if (diff != 0 && delim_rank(r[pos]) > 0) {
      return diff;
    }
  }
  if (rn == pos) {
    if (comp_remaining) {
      switch (l[pos]) {
      case '~':
        return -1;
      case '-':
        return 0;
      case '^':
        return 1;
      default:
        if (diff != 0 && (!remainder_prec || !isdigit((unsigned char)r[pos - 1]))) return diff;
      }
    } else if (diff != 0 && delim_rank(l[pos]) > 0) {
      return diff;
    }
  }
  return ln - rn;
}

int ds_version_compare(const char *l, int ln, const char *r, int rn, int epoch, int delim_prec,
                       int comp_remaining, int remainder_prec) {
  if (ln == 0 || rn == 0) return (ln != 0) - (rn != 0);
  if (ln == rn && memcmp(l, r, (size_t)ln) == 0) return 0;
  if (epoch) {
    int le = epoch_pos(l, ln), re = epoch_pos(r, rn);
    if (le >= 0 && re >= 0) {
      if (le != re) return le - re;
    } else if (le >= 0) {
      return 1;
    } else if (re >= 0) {
      return -1;
    }
  }
  int first_diff = 0, min = ln < rn ? ln : rn;
  for (int i = 0; i < min; i++) {
    int ld = delim_rank(l[i]), rd = delim_rank(r[i]);
    if (ld == 0 && rd == 0) {
      if (first_diff == 0) first_diff = (int)(signed char)l[i] - (int)(signed char)r[i];
      continue;
    }
    if (ld == 0) return 1;  /* the left segment is longer */
    if (rd == 0) return -1; /* the right one is */
    if (first_diff != 0) return first_diff;
    if (delim_prec && ld != rd) return ld - rd;
  }
  if (ln == rn) return first_diff;
  return by_remainder(l, ln, r, rn, min, first_diff, comp_remaining, remainder_prec);
}

/* Flavours: epoch, delimiter precedence, compare remainder, remainder
** precedence. */
enum { F_PLAIN, F_ARCH, F_DPKG, F_RHEL };
static const int flavours[4][4] = {
    [F_PLAIN] = {0, 0, 0, 0},
    [F_ARCH] = {1, 0, 1, 1},
    [F_DPKG] = {1, 1, 0, 0},
    [F_RHEL] = {1, 1, 1, 0},
};

static int compare_flavour(int f, const char *l, int ln, const char *r, int rn) {
  const int *o = flavours[f];
  return ds_version_compare(l, ln, r, rn, o[0], o[1], o[2], o[3]);
}

static void version_compare_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc < 2 || sqlite3_value_type(argv[0]) != SQLITE_TEXT ||
      sqlite3_value_type(argv[1]) != SQLITE_TEXT)
    return sqlite3_result_error(ctx, "Must provide two version strings to compare.", -1);
  int f = F_PLAIN;
  if (argc > 2) {
    if (sqlite3_value_type(argv[2]) != SQLITE_TEXT)
      return sqlite3_result_error(ctx, "The optional third parameter is not a string.", -1);
    const char *name = (const char *)sqlite3_value_text(argv[2]);
    if (name && strcasecmp(name, "ARCH") == 0)
      f = F_ARCH;
    else if (name && strcasecmp(name, "DPKG") == 0)
      f = F_DPKG;
    else if (name && strcasecmp(name, "RHEL") == 0)
      f = F_RHEL;
    else
      return sqlite3_result_error(
          ctx, "The optional third parameter does not match one of: (ARCH, DPKG, RHEL).", -1);
  }
  const char *l = (const char *)sqlite3_value_text(argv[0]);
  const char *r = (const char *)sqlite3_value_text(argv[1]);
  if (!l || !r) return sqlite3_result_error_nomem(ctx);
  /* osquery measures with strlen: text stops at a NUL. */
  int rc = compare_flavour(f, l, (int)strlen(l), r, (int)strlen(r));
  sqlite3_result_int(ctx, rc < 0 ? -1 : rc > 0);
}

static int collate_plain(void *u, int ln, const void *l, int rn, const void *r) {
  DS_UNUSED(u);
  return compare_flavour(F_PLAIN, l, ln, r, rn);
}
static int collate_arch(void *u, int ln, const void *l, int rn, const void *r) {
  DS_UNUSED(u);
  return compare_flavour(F_ARCH, l, ln, r, rn);
}
static int collate_dpkg(void *u, int ln, const void *l, int rn, const void *r) {
  DS_UNUSED(u);
  return compare_flavour(F_DPKG, l, ln, r, rn);
}
static int collate_rhel(void *u, int ln, const void *l, int rn, const void *r) {
  DS_UNUSED(u);
  return compare_flavour(F_RHEL, l, ln, r, rn);
}

int ds_register_version_functions(sqlite3 *db) {
  int rc = sqlite3_create_function(db, "version_compare", -1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   version_compare_func, NULL, NULL);
  static const struct {
    const char *name;
    int (*fn)(void *, int, const void *, int, const void *);
  } colls[] = {
      {"version", collate_plain},
      {"version_arch", collate_arch},
      {"version_dpkg", collate_dpkg},
      {"version_rhel", collate_rhel},
  };
  for (int i = 0; rc == SQLITE_OK && i < DS_COUNT(colls); i++)
    rc = sqlite3_create_collation(db, colls[i].name, SQLITE_UTF8, NULL, colls[i].fn);
  return rc;
}
