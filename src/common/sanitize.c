/*
** sanitize.c - the one output sanitiser (see ds_sanitize.h).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "common/ds_util.h"

/* The length of the valid UTF-8 sequence at p (its code point in *cp), or 0
** when p starts an invalid one (stray continuation, overlong, surrogate,
** beyond U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp) {
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, v = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, v = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, v = c & 0x07, min = 0x10000;
  else
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0; /* also stops at the NUL */
    v = (v << 6) | (p[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

static int is_bidi(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* One step of the human-facing sanitiser: appends the shown form of the
** sequence at p to b (when b) and returns how many bytes it used and
** whether it changed anything (*changed). */
static size_t human_step(const unsigned char *p, int flags, ds_buf *b, int *changed) {
  uint32_t cp = 0;
  size_t n = utf8_seq(p, &cp);
  char shown[16];
  *changed = 1;
  if (n == 0) {
    snprintf(shown, sizeof shown, "\\x%02x", p[0]);
    n = 1;
  } else if ((flags & DS_SAN_FLATTEN) && (cp == '\t' || cp == '\n' || cp == '\r')) {
    strcpy(shown, " ");
  } else if ((flags & DS_SAN_KEEP_SPACE) && (cp == '\t' || cp == '\n' || cp == '\r')) {
    *changed = 0;
    if (b) ds_buf_append(b, (const char *)p, n);
    return n;
  } else if (cp == '\\') {
    /* Doubled, so a value holding the four characters \x1b is told apart
    ** from an escaped ESC: the shown form reads back to one value. */
    strcpy(shown, "\\\\");
  } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
    snprintf(shown, sizeof shown, "\\x%02x", (unsigned)cp);
  } else if (is_bidi(cp)) {
    snprintf(shown, sizeof shown, "\\u%04x", (unsigned)cp);
  } else {
    *changed = 0;
    if (b) ds_buf_append(b, (const char *)p, n);
    return n;
  }
  if (b) ds_buf_puts(b, shown);
  return n;
}

int ds_sanitize_needed(const char *s, int flags) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  int changed = 0;
  while (*p && !changed)
    p += human_step(p, flags, NULL, &changed);
  return changed;
}

char *ds_sanitize(const char *s, int flags) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  ds_buf b = {0};
  ds_buf_puts(&b, "");
  int changed;
  while (*p)
    p += human_step(p, flags, &b, &changed);
  return ds_buf_take(&b);
}

int ds_utf8_needs_fix(const char *s) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  uint32_t cp;
  while (*p) {
    size_t n = utf8_seq(p, &cp);
    if (n == 0) return 1;
    p += n;
  }
  return 0;
}

char *ds_utf8_valid(const char *s) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  ds_buf b = {0};
  ds_buf_puts(&b, "");
  uint32_t cp;
  while (*p) {
    size_t n = utf8_seq(p, &cp);
    if (n == 0) {
      ds_buf_puts(&b, "\xEF\xBF\xBD");
      /* One U+FFFD per maximal invalid prefix: skip its continuations. */
      p++;
      while ((*p & 0xC0) == 0x80)
        p++;
      continue;
    }
    ds_buf_append(&b, (const char *)p, n);
    p += n;
  }
  return ds_buf_take(&b);
}

char *ds_json_display(const char *json) {
  const unsigned char *p = (const unsigned char *)(json ? json : "");
  ds_buf b = {0};
  ds_buf_puts(&b, "");
  uint32_t cp;
  while (*p) {
    size_t n = utf8_seq(p, &cp);
    if (n == 0) {
      ds_buf_puts(&b, "\\ufffd");
      p++;
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi(cp)) {
      /* Only inside strings (JSON allows none of these outside one), where
      ** the escape means the same character. */
      ds_buf_printf(&b, "\\u%04x", (unsigned)cp);
      p += n;
    } else {
      ds_buf_append(&b, (const char *)p, n);
      p += n;
    }
  }
  return ds_buf_take(&b);
}

int ds_csv_formula(const char *s) {
  if (!s || !strchr("=+-@\t\r", s[0]) || !s[0]) return 0;
  if (s[0] == '-' || s[0] == '+') {
    /* A plain number (-1, +2.5) is data, not a formula. */
    char *end = NULL;
    strtod(s, &end);
    if (end && end != s && *end == '\0' && strspn(s + 1, "0123456789.eE+-") == strlen(s + 1))
      return 0;
  }
  return 1;
}

char *ds_mask_userinfo(const char *url) {
  if (!url) return NULL;
  const char *scheme = strstr(url, "://");
  const char *auth = scheme ? scheme + 3 : url;
  size_t alen = strcspn(auth, "/?#");
  const char *at = NULL;
  for (const char *p = auth; p < auth + alen; p++)
    if (*p == '@') at = p; /* the last one: a password may hold '@' */
  if (!at) return ds_strdup(url);
  return ds_mprintf("%.*s***%s", (int)(auth - url), url, at);
}
