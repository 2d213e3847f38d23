/* Unit tests of the mountinfo and /proc/mounts parsers (\040 escapes, optional fields). */
#include <string.h>

#include "check.h"
#include "host/ds_mountinfo.h"

static int parse(const char *line, ds_mountinfo *m, char *work, size_t worksz) {
  return ds_parse_mountinfo_line(line, strlen(line), m, work, worksz);
}

int main(void) {
  char work[1024];
  ds_mountinfo m;
  const char root[] = "1200 1100 0:50 / / ro,relatime master:1 - overlay overlay "
                      "ro,lowerdir=/var/lib/docker/overlay2/l/A:/var/lib/docker/overlay2/l/B\n";
  CHECK_INT("mountinfo container root parses", 0, parse(root, &m, work, sizeof(work)));
  CHECK_INT("mountinfo mount id", 1200, m.mount_id);
  CHECK_INT("mountinfo parent id", 1100, m.parent_id);
  CHECK_INT("mountinfo minor", 50, m.minor);
  CHECK_STR("mountinfo mount point", "/", m.mount_point);
  CHECK_STR("mountinfo options", "ro,relatime", m.options);
  CHECK("mountinfo / is ro", ds_mount_has_option(m.options, "ro"));
  CHECK("mountinfo relatime is not rw", !ds_mount_has_option(m.options, "rw"));
  CHECK_STR("mountinfo optional", "master:1", m.optional);
  CHECK_STR("mountinfo propagation slave", "slave", ds_mount_propagation(m.optional));
  CHECK_STR("mountinfo fstype", "overlay", m.fstype);
  CHECK_STR("mountinfo source", "overlay", m.source);
  CHECK("mountinfo super options", strncmp(m.super_options, "ro,lowerdir=", 12) == 0);

  const char spaced[] = "26 21 8:17 /srv/my\\040data /mnt/my\\040disk\\011tab rw,nosuid shared:31 "
                        "master:2 - ext4 /dev/sdb1 rw,errors=remount-ro";
  CHECK_INT("mountinfo escaped parses", 0, parse(spaced, &m, work, sizeof(work)));
  CHECK_STR("mountinfo \\040 in root decoded", "/srv/my data", m.root);
  CHECK_STR("mountinfo \\040 and \\011 in mount point decoded", "/mnt/my disk\ttab", m.mount_point);
  CHECK_INT("mountinfo major", 8, m.major);
  CHECK_INT("mountinfo minor 17", 17, m.minor);
  CHECK_STR("mountinfo two optional fields", "shared:31 master:2", m.optional);
  CHECK_STR("mountinfo propagation shared,slave", "shared,slave", ds_mount_propagation(m.optional));

  const char private_[] = "22 21 0:20 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw";
  CHECK_INT("mountinfo no optional fields", 0, parse(private_, &m, work, sizeof(work)));
  CHECK_STR("mountinfo empty optional", "", m.optional);
  CHECK_STR("mountinfo private", "private", ds_mount_propagation(m.optional));
  CHECK_STR("mountinfo unbindable", "unbindable", ds_mount_propagation("unbindable"));
  CHECK_STR("mountinfo shared", "shared", ds_mount_propagation("shared:7"));
  CHECK_STR("mountinfo sharedx is not shared", "private", ds_mount_propagation("sharedx:7"));
  CHECK_STR("mountinfo backslash literal kept", "a\\b", (ds_unescape_octal("a\\b", 3, work), work));
  CHECK_STR("mountinfo \\134 is backslash", "a\\b", (ds_unescape_octal("a\\134b", 6, work), work));
  CHECK_STR("mountinfo truncated escape kept", "a\\04",
            (ds_unescape_octal("a\\04", 4, work), work));

  CHECK_INT("mountinfo missing separator", -1,
            parse("22 21 0:20 / /proc rw shared:1 proc proc rw", &m, work, sizeof(work)));
  CHECK_INT("mountinfo bad devno", -1,
            parse("22 21 020 / /proc rw - proc proc rw", &m, work, sizeof(work)));
  CHECK_INT("mountinfo bad id", -1, parse("x 21 0:20 / /proc rw - proc proc rw", &m, work, 64));
  CHECK_INT("mountinfo truncated", -1, parse("22 21 0:20 / /pr", &m, work, sizeof(work)));
  CHECK_INT("mountinfo work buffer too small", -1, parse(private_, &m, work, 8));
  CHECK_INT("mountinfo empty", -1, parse("", &m, work, sizeof(work)));
  CHECK_INT("mountinfo old kernel without super options", 0,
            parse("22 21 0:20 / /proc rw - proc proc", &m, work, sizeof(work)));
  CHECK_STR("mountinfo old kernel super options empty", "", m.super_options);

  ds_mount mt;
  const char ml[] = "/dev/sdb1 /mnt/my\\040disk ext4 rw,relatime 0 0\n";
  CHECK_INT("mounts line parses", 0, ds_parse_mounts_line(ml, strlen(ml), &mt, work, sizeof(work)));
  CHECK_STR("mounts device", "/dev/sdb1", mt.device);
  CHECK_STR("mounts path decoded", "/mnt/my disk", mt.path);
  CHECK_STR("mounts type", "ext4", mt.type);
  CHECK_STR("mounts options", "rw,relatime", mt.options);
  CHECK_INT("mounts short line", -1, ds_parse_mounts_line("a b", 3, &mt, work, sizeof(work)));
  CHECK_DONE();
}
