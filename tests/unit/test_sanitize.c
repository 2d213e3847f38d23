/*
** test_sanitize.c - the one output sanitiser (common/ds_sanitize.h): what
** each kind of hostile byte becomes in human-facing text, JSON-based text
** and CSV cells, and that clean text is left alone.
*/
#include <stdlib.h>

#include "check.h"
#include "common/ds_sanitize.h"

/* ds_sanitize(in, flags) must give `want`, and ds_sanitize_needed must say
** whether it changed anything. */
static void san(const char *name, const char *in, int flags, const char *want) {
  char *got = ds_sanitize(in, flags);
  CHECK_STR(name, want, got);
  char needed[128];
  snprintf(needed, sizeof needed, "%s-needed", name);
  CHECK_INT(needed, strcmp(in ? in : "", want) != 0, ds_sanitize_needed(in, flags));
  free(got);
}

static void utf8(const char *name, const char *in, const char *want) {
  char *got = ds_utf8_valid(in);
  CHECK_STR(name, want, got);
  char needed[128];
  snprintf(needed, sizeof needed, "%s-needed", name);
  CHECK_INT(needed, strcmp(in, want) != 0, ds_utf8_needs_fix(in));
  free(got);
}

static void human(void) {
  san("san-clean", "web-01 /data", 0, "web-01 /data");
  san("san-null", NULL, 0, "");
  san("san-utf8-kept", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3", 0,
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3");
  /* C0: ESC, BEL, NUL cannot be in a C string; 0x01 and 0x1f the edges */
  san("san-c0-esc-bel", "\x1b]0;pwned\x07", 0, "\\x1b]0;pwned\\x07");
  san("san-c0-edges", "a\x01z\x1f", 0, "a\\x01z\\x1f");
  san("san-del", "a\x7f", 0, "a\\x7f");
  /* C1 as UTF-8 (U+0080..U+009F): CSI U+009B is a terminal escape too */
  san("san-c1-csi",
      "a\xc2\x9b"
      "31m",
      0, "a\\x9b31m");
  san("san-c1-edges", "\xc2\x80\xc2\x9f\xc2\xa0", 0, "\\x80\\x9f\xc2\xa0");
  /* bidi overrides and isolates; U+200F (RLM) and U+2029 are not in the set */
  san("san-bidi-rlo", "safe\xe2\x80\xaetxt", 0, "safe\\u202etxt");
  san("san-bidi-lre", "\xe2\x80\xaa", 0, "\\u202a");
  san("san-bidi-isolates", "\xe2\x81\xa6x\xe2\x81\xa9", 0, "\\u2066x\\u2069");
  san("san-bidi-neighbours-kept", "\xe2\x80\xa9\xe2\x81\xaa", 0, "\xe2\x80\xa9\xe2\x81\xaa");
  /* invalid UTF-8: stray continuation, overlong, surrogate, > U+10FFFF, truncated */
  san("san-invalid-stray", "a\x80z", 0, "a\\x80z");
  san("san-invalid-overlong", "\xc0\xaf", 0, "\\xc0\\xaf");
  san("san-invalid-overlong-3", "\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf");
  san("san-invalid-surrogate", "\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
  san("san-invalid-too-big", "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80");
  san("san-invalid-truncated", "a\xe2\x80", 0, "a\\xe2\\x80");
  san("san-invalid-ff", "\xff", 0, "\\xff");
  /* a backslash is doubled: the text \x1b is not an escaped ESC */
  san("san-backslash", "c:\\dir", 0, "c:\\\\dir");
  san("san-backslash-lookalike", "\\x1b", 0, "\\\\x1b");
  san("san-backslash-vs-esc", "\\x1b\x1b", 0, "\\\\x1b\\x1b");
  /* tab, CR, LF: escaped by default, a space when flattened, kept for CSV */
  san("san-space-escaped", "a\tb\rc\nd", 0, "a\\x09b\\x0dc\\x0ad");
  san("san-space-flatten", "a\tb\rc\nd", DS_SAN_FLATTEN, "a b c d");
  san("san-space-keep", "a\tb\rc\nd", DS_SAN_KEEP_SPACE, "a\tb\rc\nd");
  san("san-keep-still-escapes", "a\n\x1b\\", DS_SAN_KEEP_SPACE, "a\n\\x1b\\\\");
}

static void json(void) {
  utf8("utf8-clean", "caf\xc3\xa9", "caf\xc3\xa9");
  utf8("utf8-controls-kept", "a\x1b\x7f\xc2\x9b", "a\x1b\x7f\xc2\x9b");
  utf8("utf8-invalid-byte",
       "a\xff"
       "b",
       "a\xef\xbf\xbd"
       "b");
  /* one U+FFFD per invalid lead and its continuations */
  utf8("utf8-invalid-sequence",
       "a\xc0\xaf"
       "b",
       "a\xef\xbf\xbd"
       "b");
  utf8("utf8-truncated", "a\xe2\x80", "a\xef\xbf\xbd");
  utf8("utf8-surrogate", "\xed\xa0\x80", "\xef\xbf\xbd");
  char *d = ds_json_display("{\"k\":\"a\\\\x1b\\\"\x7f\xc2\x9b\xe2\x80\xae\xff\"}");
  CHECK_STR("json-display", "{\"k\":\"a\\\\x1b\\\"\\u007f\\u009b\\u202e\\ufffd\"}", d);
  free(d);
  d = ds_json_display("{\"k\":\"caf\xc3\xa9\"}");
  CHECK_STR("json-display-clean", "{\"k\":\"caf\xc3\xa9\"}", d);
  free(d);
}

static void csv(void) {
  static const char *const formulas[] = {"=1+2", "+cmd", "-2+3", "@SUM(1)", "\t=1", "\r=1",
                                         "=",    "-",    "+",    "-1e",     NULL};
  for (int i = 0; formulas[i]; i++) {
    char name[64];
    snprintf(name, sizeof name, "csv-formula-%d", i);
    CHECK_INT(name, 1, ds_csv_formula(formulas[i]));
  }
  static const char *const data[] = {"-1", "+2.5", "-3e4", "1=1", "", "a@b", "x-", NULL};
  for (int i = 0; data[i]; i++) {
    char name[64];
    snprintf(name, sizeof name, "csv-data-%d", i);
    CHECK_INT(name, 0, ds_csv_formula(data[i]));
  }
  CHECK_INT("csv-null", 0, ds_csv_formula(NULL));
}

static void mask(void) {
  char *m = ds_mask_userinfo("tcp://alice:s3cr3t@host:2376");
  CHECK_STR("mask-userinfo", "tcp://***@host:2376", m);
  free(m);
  m = ds_mask_userinfo("tcp://a:p@ss@host/x@y");
  CHECK_STR("mask-at-in-password", "tcp://***@host/x@y", m);
  free(m);
  m = ds_mask_userinfo("unix:///var/run/docker.sock");
  CHECK_STR("mask-none", "unix:///var/run/docker.sock", m);
  free(m);
}

int main(void) {
  human();
  json();
  csv();
  mask();
  CHECK_DONE();
}
