/*
** udev.c - device enumeration through libudev (see ds_udev.h).
*/
#include <errno.h>
#include <json-c/json.h>
#include <libudev.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "host/ds_udev.h"
#include "common/ds_util.h"

static char *properties_json(struct udev_device *d) {
  json_object *o = json_object_new_object();
  if (!o) return NULL;
  struct udev_list_entry *e;
  udev_list_entry_foreach(e, udev_device_get_properties_list_entry(d)) {
    const char *name = udev_list_entry_get_name(e);
    const char *value = udev_list_entry_get_value(e);
    if (name) json_object_object_add(o, name, json_object_new_string(value ? value : ""));
  }
  char *text = ds_strdup(
      json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put(o);
  return text;
}

static int visit(struct udev_device *d, ds_udev_fn fn, void *arg) {
  ds_udev_device x = {0};
  x.subsystem = udev_device_get_subsystem(d);
  x.devnode = udev_device_get_devnode(d);
  x.devtype = udev_device_get_devtype(d);
  x.driver = udev_device_get_driver(d);
  x.sysname = udev_device_get_sysname(d);
  x.syspath = udev_device_get_syspath(d);
  dev_t num = udev_device_get_devnum(d);
  x.has_devnum = num != 0;
  x.major = major(num);
  x.minor = minor(num);
  x.properties = properties_json(d);
  int rc = fn(arg, &x);
  free(x.properties);
  return rc;
}

int ds_udev_each(const char *subsystem, ds_udev_fn fn, void *arg, char **err) {
  struct udev *u = udev_new();
  if (!u) {
    *err = ds_strdup("libudev: udev_new failed");
    return -1;
  }
  struct udev_enumerate *en = udev_enumerate_new(u);
  if (!en || (subsystem && udev_enumerate_add_match_subsystem(en, subsystem) < 0) ||
      udev_enumerate_scan_devices(en) < 0) {
    *err = ds_mprintf("libudev: cannot enumerate devices: %s", strerror(errno));
    udev_enumerate_unref(en);
    udev_unref(u);
    return -1;
  }
  int rc = 0;
  struct udev_list_entry *e;
  udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
    struct udev_device *d = udev_device_new_from_syspath(u, udev_list_entry_get_name(e));
    if (!d) continue; /* removed meanwhile */
    rc = visit(d, fn, arg);
    udev_device_unref(d);
    if (rc) break;
  }
  udev_enumerate_unref(en);
  udev_unref(u);
  return rc;
}

int ds_udev_by_devnum(char type, dev_t devnum, ds_udev_fn fn, void *arg, char **err) {
  struct udev *u = udev_new();
  if (!u) {
    *err = ds_strdup("libudev: udev_new failed");
    return -1;
  }
  struct udev_device *d = udev_device_new_from_devnum(u, type, devnum);
  int rc = d ? visit(d, fn, arg) : 0;
  udev_device_unref(d);
  udev_unref(u);
  return rc;
}
