/*
** str.c - malloc'd string copies and formatting (NULL when out of memory).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_util.h"

char *ds_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *ds_strdup(const char *s) {
  return s ? ds_strndup(s, strlen(s)) : NULL;
}

char *ds_vmprintf(const char *fmt, va_list ap) {
  va_list cp;
  va_copy(cp, ap);
  int n = vsnprintf(NULL, 0, fmt, cp);
  va_end(cp);
  if (n < 0) return NULL;
  char *p = malloc((size_t)n + 1);
  if (p) vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *ds_mprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = ds_vmprintf(fmt, ap);
  va_end(ap);
  return p;
}
