/*
** test_buf.c - ds_buf's sticky error: the first failed append marks the
** buffer, later appends are no-ops, ds_buf_take() then returns NULL, and
** ds_buf_free() makes it usable again.  A length no buffer can hold stands
** in for an allocation failure.
*/
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "common/ds_util.h"

int main(void) {
  ds_buf b = {0};
  char *s = ds_buf_take(&b);
  CHECK_STR("buf-empty-take-is-empty-string", "", s);
  free(s);

  ds_buf_puts(&b, "a");
  ds_buf_printf(&b, "%d%s", 1, "b");
  ds_buf_append(&b, "cdef", 2);
  CHECK_INT("buf-not-failed", 0, ds_buf_failed(&b));
  s = ds_buf_take(&b);
  CHECK_STR("buf-appends", "a1bcd", s);
  free(s);
  CHECK("buf-take-leaves-empty", b.data == NULL && b.len == 0);

  ds_buf_puts(&b, "kept");
  CHECK_INT("buf-huge-append-fails", -1, ds_buf_append(&b, "x", SIZE_MAX / 2));
  CHECK_INT("buf-failed", 1, ds_buf_failed(&b));
  CHECK_INT("buf-later-puts-no-op", -1, ds_buf_puts(&b, "more"));
  CHECK_INT("buf-later-printf-no-op", -1, ds_buf_printf(&b, "%s", "more"));
  CHECK_STR("buf-contents-untouched-after-failure", "kept", b.data);
  CHECK("buf-take-after-failure-is-null", ds_buf_take(&b) == NULL);
  CHECK("buf-take-after-failure-frees", b.data == NULL && b.len == 0);
  CHECK_INT("buf-take-clears-error", 0, ds_buf_failed(&b));

  ds_buf_append(&b, "x", SIZE_MAX / 2);
  ds_buf_free(&b);
  CHECK_INT("buf-free-clears-error", 0, ds_buf_failed(&b));
  ds_buf_puts(&b, "again");
  CHECK_STR("buf-usable-after-free", "again", b.data);
  ds_buf_free(&b);
  return check_failures ? 1 : 0;
}
