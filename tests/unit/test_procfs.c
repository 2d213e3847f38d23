/* Unit tests of the /proc/<pid> parsers: status, stat, cmdline, caps, id maps. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dockersec.h"
#include "host/ds_procfs.h"

static const char status_text[] = "Name:\tnginx: worker\n"
                                  "Umask:\t0022\n"
                                  "State:\tS (sleeping)\n"
                                  "Tgid:\t4242\n"
                                  "Ngid:\t0\n"
                                  "Pid:\t4242\n"
                                  "PPid:\t4200\n"
                                  "Uid:\t101\t102\t103\t104\n"
                                  "Gid:\t201\t202\t203\t204\n"
                                  "VmSize:\t   10240 kB\n"
                                  "VmRSS:\t    2048 kB\n"
                                  "Threads:\t3\n"
                                  "CapInh:\t0000000000000000\n"
                                  "CapPrm:\t0000000000000400\n"
                                  "CapEff:\t0000000000000400\n"
                                  "CapBnd:\t00000000a80425fb\n"
                                  "CapAmb:\t0000000000000000\n"
                                  "NoNewPrivs:\t1\n"
                                  "Seccomp:\t2\n"
                                  "Seccomp_filters:\t1\n";

static void test_status(void) {
  ds_proc_status st;
  CHECK_INT("status parses", 0, ds_parse_status(status_text, strlen(status_text), &st));
  CHECK_STR("status name keeps spaces and colon", "nginx: worker", st.name);
  CHECK_INT("status state", 'S', st.state);
  CHECK_INT("status ppid", 4200, st.ppid);
  CHECK_INT("status uid real", 101, st.uid[0]);
  CHECK_INT("status uid effective", 102, st.uid[1]);
  CHECK_INT("status uid saved", 103, st.uid[2]);
  CHECK_INT("status gid fs", 204, st.gid[3]);
  CHECK_INT("status rss kb", 2048, st.vm_rss_kb);
  CHECK_INT("status vmsize kb", 10240, st.vm_size_kb);
  CHECK_INT("status threads", 3, st.threads);
  CHECK("status CapEff is NET_BIND_SERVICE", st.cap[DS_CAP_EFFECTIVE] == (1ull << 10));
  CHECK("status CapBnd docker default", st.cap[DS_CAP_BOUNDING] == 0xa80425fbull);
  CHECK_INT("status all five cap sets present", 0x1f, st.cap_present);
  CHECK_INT("status no_new_privs", 1, st.no_new_privs);
  CHECK_INT("status seccomp filter mode", 2, st.seccomp);
  CHECK_INT("status seccomp_filters", 1, st.seccomp_filters);

  /* Old kernel: no NoNewPrivs/Seccomp_filters/CapAmb lines; kernel thread: no Vm*. */
  const char old[] = "Name:\tkthreadd\nState:\tS (sleeping)\nCapEff:\t0000003fffffffff\n";
  CHECK_INT("status old kernel parses", 0, ds_parse_status(old, strlen(old), &st));
  CHECK_INT("status absent NoNewPrivs is -1", -1, st.no_new_privs);
  CHECK_INT("status absent Seccomp_filters is -1", -1, st.seccomp_filters);
  CHECK_INT("status absent VmRSS is -1", -1, st.vm_rss_kb);
  CHECK_INT("status only CapEff present", 1 << DS_CAP_EFFECTIVE, st.cap_present);
  CHECK_INT("status absent uid is -1", -1, st.uid[0]);

  /* Truncated buffer: no read past len, value cut where the buffer ends. */
  CHECK_INT("status truncated mid-line", 0, ds_parse_status(status_text, 15, &st));
  CHECK_STR("status truncated name", "nginx: wo", st.name);
  CHECK_INT("status garbage", -1, ds_parse_status("hello world", 11, &st));
  CHECK_INT("status empty", -1, ds_parse_status("", 0, &st));
  const char bad_cap[] = "CapEff:\t00000000000000000000ff\nCapPrm:\tzz\n";
  ds_parse_status(bad_cap, strlen(bad_cap), &st);
  CHECK_INT("status over-long/garbage cap masks ignored", 0, st.cap_present);
}

static void test_stat(void) {
  const char line[] = "4242 (my (odd) proc) S 4200 4242 4242 0 -1 4194560 100 0 0 0 250 130 "
                      "0 0 20 -5 3 0 123456 10485760 512 18446744073709551615\n";
  ds_proc_stat st;
  CHECK_INT("stat parses", 0, ds_parse_stat(line, strlen(line), &st));
  CHECK_STR("stat comm with parens", "my (odd) proc", st.comm);
  CHECK_INT("stat state", 'S', st.state);
  CHECK_INT("stat ppid", 4200, st.ppid);
  CHECK_INT("stat pgrp", 4242, st.pgrp);
  CHECK_INT("stat utime", 250, st.utime);
  CHECK_INT("stat stime", 130, st.stime);
  CHECK_INT("stat nice", -5, st.nice);
  CHECK_INT("stat threads", 3, st.num_threads);
  CHECK_INT("stat starttime", 123456, st.starttime);
  CHECK_INT("stat vsize", 10485760, st.vsize);
  CHECK_INT("stat rss", 512, st.rss);
  CHECK_INT("stat truncated", -1, ds_parse_stat(line, 40, &st));
  CHECK_INT("stat no parens", -1, ds_parse_stat("12 S 1 2 3", 10, &st));
  CHECK_INT("stat empty", -1, ds_parse_stat("", 0, &st));
  const char ps[] = "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n";
  CHECK_INT("btime", 1700000000, ds_parse_btime(ps, strlen(ps)));
  CHECK_INT("btime absent", -1, ds_parse_btime("cpu 1\n", 6));
}

static void test_cmdline(void) {
  const char argv[] = "/usr/bin/dockerd\0-H\0fd://\0--containerd=/run/c.sock\0";
  char out[128];
  size_t n = ds_cmdline_text(argv, sizeof(argv) - 1, out, sizeof(out));
  CHECK_STR("cmdline joined", "/usr/bin/dockerd -H fd:// --containerd=/run/c.sock", out);
  CHECK_INT("cmdline length", strlen(out), n);
  ds_cmdline_text(argv, sizeof(argv) - 1, out, 10);
  CHECK_STR("cmdline bounded by out size", "/usr/bin/", out);
  ds_cmdline_text("", 0, out, sizeof(out));
  CHECK_STR("cmdline kernel thread is empty", "", out);
  ds_arg args[8];
  CHECK_INT("cmdline args count", 4, ds_cmdline_args(argv, sizeof(argv) - 1, args, 8));
  CHECK("cmdline arg 1", args[1].len == 2 && memcmp(args[1].s, "-H", 2) == 0);
  CHECK_INT("cmdline args max respected", 2, ds_cmdline_args(argv, sizeof(argv) - 1, args, 2));
  const char unterminated[] = "a\0\0bc";
  CHECK_INT("cmdline empty arg and no final NUL", 3,
            ds_cmdline_args(unterminated, sizeof(unterminated) - 1, args, 8));
  CHECK("cmdline last arg", args[2].len == 2 && memcmp(args[2].s, "bc", 2) == 0);
}

static void test_caps(void) {
  char b[32];
  CHECK_STR("cap 0", "CAP_CHOWN", ds_cap_name(0, b, sizeof(b)));
  CHECK_STR("cap 13", "CAP_NET_RAW", ds_cap_name(13, b, sizeof(b)));
  CHECK_STR("cap 21", "CAP_SYS_ADMIN", ds_cap_name(21, b, sizeof(b)));
  CHECK_STR("cap 40", "CAP_CHECKPOINT_RESTORE", ds_cap_name(40, b, sizeof(b)));
  CHECK_STR("cap unknown bit", "CAP_41", ds_cap_name(41, b, sizeof(b)));
  CHECK_INT("cap bit by docker name", 13, ds_cap_bit("CAP_NET_RAW"));
  CHECK_INT("cap bit without prefix, lower case", 10, ds_cap_bit("net_bind_service"));
  CHECK_INT("cap bit of CAP_41", 41, ds_cap_bit("CAP_41"));
  CHECK_INT("cap bit unknown", -1, ds_cap_bit("CAP_FLY"));
}

static void test_id_map(void) {
  ds_id_map m[4];
  const char identity[] = "         0          0 4294967295\n";
  int n = ds_parse_id_map(identity, strlen(identity), m, 4);
  CHECK_INT("uid_map identity entries", 1, n);
  CHECK("uid_map identity detected", ds_id_map_is_identity(m, n));
  const char remap[] = "0 100000 65536\n65536 1000 1\nbad line\n";
  n = ds_parse_id_map(remap, strlen(remap), m, 4);
  CHECK_INT("uid_map remap entries (bad line skipped)", 2, n);
  CHECK_INT("uid_map outside", 100000, m[0].outside);
  CHECK_INT("uid_map count", 65536, m[0].count);
  CHECK_INT("uid_map second inside", 65536, m[1].inside);
  CHECK("uid_map remap not identity", !ds_id_map_is_identity(m, n));
  CHECK_INT("uid_map empty (unmapped namespace)", 0, ds_parse_id_map("", 0, m, 4));
  CHECK_INT("uid_map max respected", 1, ds_parse_id_map(remap, strlen(remap), m, 1));
}

int main(void) {
  test_status();
  test_stat();
  test_cmdline();
  test_caps();
  test_id_map();
  CHECK_DONE();
}
