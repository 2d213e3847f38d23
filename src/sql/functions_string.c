/*
** functions_string.c - osquery's string functions: split, regex_split,
** regex_match, concat, concat_ws.
**
** Regular expressions.  osquery compiles its patterns with C++ std::regex,
** whose default grammar is ECMAScript.  We use Debian's PCRE2 (libpcre2-8):
** its Perl syntax is the closest C library to ECMAScript's (the same
** escapes \d \w \s \b, lazy quantifiers, non-capturing groups, lookahead,
** backreferences), and PCRE2 has options made for JavaScript compatibility,
** which we set:
**   PCRE2_ALT_BSUX            \u hhhh and \x hh as in ECMAScript, \U an error
**   PCRE2_ALLOW_EMPTY_CLASS   [] matches nothing, [^] anything (ECMAScript)
**   PCRE2_MATCH_UNSET_BACKREF a backreference to an unset group matches ""
**   PCRE2_DOLLAR_ENDONLY      $ only at the very end, not before a final \n
**   newline = ANYCRLF         . excludes \r as well as \n, as in ECMAScript
** POSIX <regex.h> (ERE) was the other candidate: no \d \w \s, no lazy
** quantifiers, no lookahead - patterns written for osquery would not
** compile.  Matching is byte-wise (no PCRE2_UTF), as std::regex over
** std::string is.  PCRE2 accepts more than ECMAScript (lookbehind,
** possessive quantifiers, \A \z): patterns osquery rejects may work here.
**
** As in osquery: patterns longer than 256 bytes are refused ("Invalid
** regex: too big"), a pattern that does not compile is an SQL error
** ("Invalid regex: ..."), NULL in any argument gives NULL, an index past
** the end gives NULL.  A match that runs into PCRE2's backtracking limit is
** an error too (std::regex would throw error_complexity).
*/
#define PCRE2_CODE_UNIT_WIDTH 8
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/ds_functions.h"
#include "common/ds_util.h"

/* osquery's --regex_max_size default. */
#define REGEX_MAX_SIZE 256
#define MATCH_LIMIT    1000000

typedef struct regex {
  pcre2_code *code;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
} regex;

static void regex_free(void *p) {
  regex *re = p;
  if (!re) return;
  pcre2_match_data_free(re->md);
  pcre2_match_context_free(re->mctx);
  pcre2_code_free(re->code);
  free(re);
}

/* The compiled pattern of argv[i], cached on the statement while the
** pattern argument stays the same (sqlite3_get_auxdata).  NULL after the
** error was set on `ctx`. */
static regex *get_regex(sqlite3_context *ctx, sqlite3_value **argv, int i) {
  regex *re = sqlite3_get_auxdata(ctx, i);
  if (re) return re;
  const char *pat = (const char *)sqlite3_value_text(argv[i]);
  int n = sqlite3_value_bytes(argv[i]);
  if (!pat) {
    sqlite3_result_error_nomem(ctx);
    return NULL;
  }
  if (n > REGEX_MAX_SIZE) {
    char msg[96];
    snprintf(msg, sizeof msg, "Invalid regex: too big, max size is %d bytes", REGEX_MAX_SIZE);
    sqlite3_result_error(ctx, msg, -1);
    return NULL;
  }
  pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
  if (!cctx) {
    sqlite3_result_error_nomem(ctx);
    return NULL;
  }
  pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);
  int err;
  PCRE2_SIZE off;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, (PCRE2_SIZE)n,
                                   PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
                                       PCRE2_MATCH_UNSET_BACKREF | PCRE2_DOLLAR_ENDONLY,
                                   &err, &off, cctx);
  pcre2_compile_context_free(cctx);
  if (!code) {
    PCRE2_UCHAR why[160];
    pcre2_get_error_message(err, why, sizeof why);
    char *msg = ds_mprintf("Invalid regex: %s at offset %zu", (const char *)why, (size_t)off);
    sqlite3_result_error(ctx, msg ? msg : "Invalid regex", -1);
    free(msg);
    return NULL;
  }
  re = calloc(1, sizeof(*re));
  if (re) {
    re->code = code;
    re->md = pcre2_match_data_create_from_pattern(code, NULL);
    re->mctx = pcre2_match_context_create(NULL);
  }
  if (!re || !re->md || !re->mctx) {
    if (!re) pcre2_code_free(code);
    regex_free(re);
    sqlite3_result_error_nomem(ctx);
    return NULL;
  }
  pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
  sqlite3_set_auxdata(ctx, i, re, regex_free);
  /* set_auxdata may free it at once (out of memory): fetch it back. */
  re = sqlite3_get_auxdata(ctx, i);
  if (!re) sqlite3_result_error_nomem(ctx);
  return re;
}

/* pcre2_match, with the error set on `ctx` for anything but a (non-)match.
** Returns > 0 on a match, 0 for none, -1 after an error. */
static int run(sqlite3_context *ctx, regex *re, const char *s, size_t n, size_t start,
               uint32_t opts) {
  int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, start, opts, re->md, re->mctx);
  if (rc >= 0) return rc == 0 ? 1 : rc; /* 0: ovector too small (cannot happen) */
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  PCRE2_UCHAR why[160];
  pcre2_get_error_message(rc, why, sizeof why);
  char *msg = ds_mprintf("Invalid regex: %s", (const char *)why);
  sqlite3_result_error(ctx, msg ? msg : "Invalid regex", -1);
  free(msg);
  return -1;
}

/* The index argument as osquery reads it: a negative one is past the end. */
static sqlite3_int64 index_arg(sqlite3_value *v) {
  sqlite3_int64 i = sqlite3_value_int64(v);
  return i < 0 ? LLONG_MAX : i;
}

static int any_null(int argc, sqlite3_value **argv) {
  for (int i = 0; i < argc; i++)
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return 1;
  return 0;
}

/* regex_match(VALUE, PATTERN, INDEX): group INDEX (0: the whole match) of
** the first match anywhere in VALUE; NULL without a match or past the last
** group; '' for a group that did not take part. */
static void regex_match_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  regex *re = get_regex(ctx, argv, 1);
  if (!re) return;
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  if (!s) return sqlite3_result_error_nomem(ctx);
  int rc = run(ctx, re, s, n, 0, 0);
  if (rc <= 0) {
    if (rc == 0) sqlite3_result_null(ctx);
    return;
  }
  sqlite3_int64 idx = index_arg(argv[2]);
  uint32_t groups = pcre2_get_ovector_count(re->md);
  uint32_t ncap = 0;
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
  if (idx > (sqlite3_int64)ncap || idx >= (sqlite3_int64)groups) return sqlite3_result_null(ctx);
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
  if (idx >= rc || ov[2 * idx] == PCRE2_UNSET)
    return sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
  sqlite3_result_text(ctx, s + ov[2 * idx], (int)(ov[2 * idx + 1] - ov[2 * idx]), SQLITE_TRANSIENT);
}

/*
** The pieces of `s` between the matches of `re`, as std::sregex_token_iterator
** with submatch -1 gives them (osquery's regex_split): each match yields the
** text before it (possibly ''); after the last match the rest is yielded
** only when not empty; without any match the whole input is the one piece.
** An empty match is followed by a non-empty match tried at the same place,
** else by a search one character further.  Calls `piece` until it returns
** non-zero.  Returns -1 after an error was set on `ctx`, else 0.
*/
static int regex_pieces(sqlite3_context *ctx, regex *re, const char *s, size_t n,
                        int (*piece)(void *, const char *, size_t), void *arg) {
  size_t prev_end = 0, start = 0;
  int matched_any = 0, last_empty = 0;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
  for (;;) {
    int rc = 0;
    if (matched_any && last_empty) {
      if (start == n) break;
      rc = run(ctx, re, s, n, start, PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED);
      if (rc < 0) return -1;
      if (rc == 0) start++;
    }
    if (rc == 0) {
      rc = run(ctx, re, s, n, start, 0);
      if (rc < 0) return -1;
      if (rc == 0) break;
    }
    size_t ms = ov[0], me = ov[1];
    matched_any = 1;
    if (piece(arg, s + prev_end, ms - prev_end)) return 0;
    last_empty = ms == me;
    prev_end = start = me;
  }
  if (!matched_any || prev_end < n) piece(arg, s + prev_end, n - prev_end);
  return 0;
}

typedef struct pick {
  sqlite3_int64 want, seen;
  const char *p;
  size_t n;
  int found;
} pick;

static int pick_piece(void *arg, const char *p, size_t n) {
  pick *k = arg;
  if (k->seen++ != k->want) return 0;
  k->p = p;
  k->n = n;
  k->found = 1;
  return 1;
}

static int text_args(sqlite3_context *ctx, sqlite3_value **argv, const char **s, size_t *n,
                     const char *what) {
  *s = (const char *)sqlite3_value_text(argv[0]);
  *n = (size_t)sqlite3_value_bytes(argv[0]);
  if (!*s) {
    sqlite3_result_error_nomem(ctx);
    return -1;
  }
  if (sqlite3_value_bytes(argv[1]) == 0) {
    sqlite3_result_error(ctx, what, -1);
    return -1;
  }
  return 0;
}

/* regex_split(VALUE, PATTERN, INDEX) */
static void regex_split_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  const char *s;
  size_t n;
  if (text_args(ctx, argv, &s, &n, "Invalid input to split function") != 0) return;
  regex *re = get_regex(ctx, argv, 1);
  if (!re) return;
  pick k = {.want = index_arg(argv[2])};
  if (regex_pieces(ctx, re, s, n, pick_piece, &k) != 0) return;
  if (!k.found) return sqlite3_result_null(ctx);
  sqlite3_result_text(ctx, k.p, (int)k.n, SQLITE_TRANSIENT);
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* split(VALUE, TOKENS, INDEX): VALUE cut at every character of TOKENS, empty
** pieces dropped, each piece then trimmed of white space (osquery::split). */
static void split_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  const char *s;
  size_t n;
  if (text_args(ctx, argv, &s, &n, "Invalid input to split function") != 0) return;
  const char *tokens = (const char *)sqlite3_value_text(argv[1]);
  size_t ntok = (size_t)sqlite3_value_bytes(argv[1]);
  sqlite3_int64 want = index_arg(argv[2]), seen = 0;
  size_t i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && !memchr(tokens, s[j], ntok))
      j++;
    if (j > i && seen++ == want) {
      while (i < j && is_space(s[i]))
        i++;
      while (j > i && is_space(s[j - 1]))
        j--;
      return sqlite3_result_text(ctx, s + i, (int)(j - i), SQLITE_TRANSIENT);
    }
    i = j + 1;
  }
  sqlite3_result_null(ctx);
}

/* concat(...) and concat_ws(SEP, ...), osquery's way: NULLs are skipped; the
** separator follows every non-NULL argument that is not the last argument
** (so a trailing NULL leaves a trailing separator, as in osquery). */
static void concat_from(sqlite3_context *ctx, const char *sep, int first, int argc,
                        sqlite3_value **argv) {
  if (argc - first == 0) return; /* NULL */
  ds_buf b = {0};
  int rc = ds_buf_puts(&b, "");
  for (int i = first; rc == 0 && i < argc; i++) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    const char *t = (const char *)sqlite3_value_text(argv[i]);
    rc = t ? ds_buf_append(&b, t, (size_t)sqlite3_value_bytes(argv[i])) : -1;
    if (rc == 0 && *sep && i + 1 < argc) rc = ds_buf_puts(&b, sep);
  }
  if (rc != 0) {
    ds_buf_free(&b);
    return sqlite3_result_error_nomem(ctx);
  }
  if (b.len > INT_MAX) {
    ds_buf_free(&b);
    return sqlite3_result_error(ctx, "Too much data for concat_ws", -1);
  }
  sqlite3_result_text(ctx, b.data, (int)b.len, free);
}

static void concat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  concat_from(ctx, "", 0, argc, argv);
}

static void concat_ws_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc == 0) return sqlite3_result_error(ctx, "Missing separator to concat_ws", -1);
  const char *sep = "";
  if (sqlite3_value_type(argv[0]) != SQLITE_NULL) sep = (const char *)sqlite3_value_text(argv[0]);
  if (!sep) return sqlite3_result_error_nomem(ctx);
  /* argv[0] stays valid: the other arguments are read, never converted. */
  char *copy = ds_strdup(sep);
  if (!copy) return sqlite3_result_error_nomem(ctx);
  concat_from(ctx, copy, 1, argc, argv);
  free(copy);
}

int ds_register_string_functions(sqlite3 *db) {
  static const struct {
    const char *name;
    int nargs;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
  } fns[] = {
      {"split", 3, split_func},
      {"regex_split", 3, regex_split_func},
      {"regex_match", 3, regex_match_func},
      {"concat", -1, concat_func},
      {"concat_ws", -1, concat_ws_func},
  };
  for (int i = 0; i < DS_COUNT(fns); i++) {
    int rc = sqlite3_create_function(db, fns[i].name, fns[i].nargs,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     fns[i].fn, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
