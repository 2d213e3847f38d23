/*
** check.h - the unit tests' assertions: each prints "PASS name" or
** "FAIL name: why" (the protocol tests/run.sh counts) and the program exits
** non-zero if any failed.
*/
#ifndef DS_CHECK_H
#define DS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(name, cond)                                                                          \
  do {                                                                                             \
    if (cond)                                                                                      \
      printf("PASS %s\n", name);                                                                   \
    else {                                                                                         \
      printf("FAIL %s: %s (%s:%d)\n", name, #cond, __FILE__, __LINE__);                            \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

#define CHECK_STR(name, expected, actual)                                                          \
  do {                                                                                             \
    const char *e_ = (expected), *a_ = (actual);                                                   \
    if ((e_ == NULL && a_ == NULL) || (e_ && a_ && strcmp(e_, a_) == 0))                           \
      printf("PASS %s\n", name);                                                                   \
    else {                                                                                         \
      printf("FAIL %s: expected [%s] got [%s] (%s:%d)\n", name, e_ ? e_ : "NULL",                  \
             a_ ? a_ : "NULL", __FILE__, __LINE__);                                                \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

#define CHECK_INT(name, expected, actual)                                                          \
  do {                                                                                             \
    long long e_ = (long long)(expected), a_ = (long long)(actual);                                \
    if (e_ == a_)                                                                                  \
      printf("PASS %s\n", name);                                                                   \
    else {                                                                                         \
      printf("FAIL %s: expected %lld got %lld (%s:%d)\n", name, e_, a_, __FILE__, __LINE__);       \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

#define CHECK_DONE() return check_failures ? 1 : 0

#endif
