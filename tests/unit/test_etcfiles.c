/* Unit tests of /etc/passwd, /etc/group, /etc/subuid and os-release parsers. */
#include <string.h>

#include "check.h"
#include "host/ds_etcfiles.h"

int main(void) {
  ds_subid s;
  CHECK_INT("subuid entry", 1, ds_parse_subid_line("dockremap:100000:65536\n", 23, &s));
  CHECK("subuid name", s.name_len == 9 && memcmp(s.name, "dockremap", 9) == 0);
  CHECK_INT("subuid start", 100000, s.start);
  CHECK_INT("subuid count", 65536, s.count);
  CHECK_INT("subuid numeric owner", 1, ds_parse_subid_line("1000:165536:65536", 17, &s));
  CHECK_INT("subuid comment", 0, ds_parse_subid_line("# x", 3, &s));
  CHECK_INT("subuid blank", 0, ds_parse_subid_line("", 0, &s));
  CHECK_INT("subuid missing count", -1, ds_parse_subid_line("a:1", 3, &s));
  CHECK_INT("subuid zero count", -1, ds_parse_subid_line("a:1:0", 5, &s));
  CHECK_INT("subuid extra field", -1, ds_parse_subid_line("a:1:2:3", 7, &s));
  CHECK_INT("subuid non-numeric", -1, ds_parse_subid_line("a:x:2", 5, &s));

  const char passwd[] = "root:x:0:0:root:/root:/bin/bash\n"
                        "# comment\n"
                        "broken line\n"
                        "app:x:1000:1000:App,,,:/home/app:/bin/sh\n";
  char name[32];
  CHECK_INT("passwd lookup 1000", 1,
            ds_lookup_id_name(passwd, strlen(passwd), 0, 1000, name, sizeof(name)));
  CHECK_STR("passwd name 1000", "app", name);
  CHECK_INT("passwd lookup 0", 1, ds_lookup_id_name(passwd, strlen(passwd), 0, 0, name, 32));
  CHECK_STR("passwd name 0", "root", name);
  CHECK_INT("passwd lookup missing", 0, ds_lookup_id_name(passwd, strlen(passwd), 0, 7, name, 32));
  const char group[] = "root:x:0:\ndocker:x:999:alice,bob\n";
  CHECK_INT("group lookup", 1, ds_lookup_id_name(group, strlen(group), 1, 999, name, 32));
  CHECK_STR("group name", "docker", name);
  ds_passwd_entry e;
  CHECK_INT("group line", 0, ds_parse_group_line("docker:x:999:alice", 18, &e));
  CHECK_INT("group gid", 999, e.uid);
  CHECK_INT("passwd short line", -1, ds_parse_passwd_line("root:x:0", 8, &e));
  CHECK_INT("passwd truncated name", 1,
            ds_lookup_id_name(passwd, strlen(passwd), 0, 1000, name, 3));
  CHECK_STR("passwd name bounded", "ap", name);

  char k[64], v[128];
  CHECK_INT("os-release quoted", 1,
            ds_parse_os_release_line("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", 46, k,
                                     sizeof(k), v, sizeof(v)));
  CHECK_STR("os-release key", "PRETTY_NAME", k);
  CHECK_STR("os-release value", "Debian GNU/Linux 12 (bookworm)", v);
  CHECK_INT("os-release bare", 1, ds_parse_os_release_line("ID=debian", 9, k, 64, v, 128));
  CHECK_STR("os-release bare value", "debian", v);
  const char esc[] = "NAME=\"a \\\"b\\\" c\"";
  CHECK_INT("os-release escapes", 1, ds_parse_os_release_line(esc, strlen(esc), k, 64, v, 128));
  CHECK_STR("os-release escaped quotes", "a \"b\" c", v);
  CHECK_INT("os-release single quotes", 1,
            ds_parse_os_release_line("ID_LIKE='rhel fedora'", 21, k, 64, v, 128));
  CHECK_STR("os-release single quoted value", "rhel fedora", v);
  CHECK_INT("os-release comment", 0, ds_parse_os_release_line("# hi", 4, k, 64, v, 128));
  CHECK_INT("os-release unterminated", -1,
            ds_parse_os_release_line("NAME=\"abc", 9, k, 64, v, 128));
  CHECK_INT("os-release no equals", -1, ds_parse_os_release_line("NAME", 4, k, 64, v, 128));
  CHECK_DONE();
}
