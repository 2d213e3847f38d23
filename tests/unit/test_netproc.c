/* Unit tests of the /proc/net/{tcp,tcp6,udp,udp6,unix} line parsers. */
#include <string.h>

#include "check.h"
#include "host/ds_netproc.h"

int main(void) {
  ds_inet_socket s;
  const char header[] = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
                        "retrnsmt   uid  timeout inode";
  CHECK_INT("tcp header rejected", -1, ds_parse_inet_line(header, strlen(header), 4, &s));
  const char listen[] = "   0: 00000000:0948 00000000:0000 0A 00000000:00000000 00:00000000 "
                        "00000000     0        0 30001 1 0000000000000000 100 0 0 10 0\n";
  CHECK_INT("tcp listen parses", 0, ds_parse_inet_line(listen, strlen(listen), 4, &s));
  CHECK_STR("tcp any address", "0.0.0.0", s.local_address);
  CHECK_INT("tcp port 2376", 2376, s.local_port);
  CHECK_INT("tcp state listen", 0x0A, s.state);
  CHECK_INT("tcp inode", 30001, s.inode);
  CHECK("tcp is listening", ds_inet_is_listening(&s, 0));
  const char est[] = "   2: 0100007F:0CEA 0100007F:A1B2 01 00000000:00000000 00:00000000 "
                     "00000000  1000        0 30009 1 0000000000000000 20 4 30 10 -1";
  CHECK_INT("tcp established parses", 0, ds_parse_inet_line(est, strlen(est), 4, &s));
  CHECK_STR("tcp loopback decoded in memory order", "127.0.0.1", s.local_address);
  CHECK_INT("tcp port 3306", 3306, s.local_port);
  CHECK_INT("tcp remote port", 0xA1B2, s.remote_port);
  CHECK_INT("tcp uid", 1000, s.uid);
  CHECK("tcp established is not listening", !ds_inet_is_listening(&s, 0));
  const char v6[] = "   0: 00000000000000000000000001000000:0016 "
                    "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 "
                    "00000000     0        0 30004 1 0000000000000000 100 0 0 10 0";
  CHECK_INT("tcp6 parses", 0, ds_parse_inet_line(v6, strlen(v6), 6, &s));
  CHECK_STR("tcp6 ::1", "::1", s.local_address);
  CHECK_INT("tcp6 port 22", 22, s.local_port);
  CHECK_INT("tcp6 line read as v4 fails", -1, ds_parse_inet_line(v6, strlen(v6), 4, &s));
  const char udp[] = "  5: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 "
                     "00000000     0        0 30005 2 0000000000000000 0";
  CHECK_INT("udp parses", 0, ds_parse_inet_line(udp, strlen(udp), 4, &s));
  CHECK("udp unconnected is listening", ds_inet_is_listening(&s, 1));
  CHECK_INT("tcp truncated", -1, ds_parse_inet_line(listen, 30, 4, &s));
  CHECK_INT("tcp garbage", -1, ds_parse_inet_line("0: zz", 5, 4, &s));

  ds_unix_socket u;
  const char uh[] = "Num       RefCount Protocol Flags    Type St Inode Path";
  CHECK_INT("unix header rejected", -1, ds_parse_unix_line(uh, strlen(uh), &u));
  const char ul[] = "0000000000000000: 00000002 00000000 00010000 0001 01 30002 /run/docker.sock\n";
  CHECK_INT("unix parses", 0, ds_parse_unix_line(ul, strlen(ul), &u));
  CHECK("unix listening flag", u.flags & DS_UNIX_ACCEPTCON);
  CHECK_INT("unix stream", 1, u.type);
  CHECK_INT("unix inode", 30002, u.inode);
  CHECK_STR("unix path", "/run/docker.sock", u.path);
  const char anon[] = "0000000000000000: 00000003 00000000 00000000 0001 03 30010";
  CHECK_INT("unix unnamed parses", 0, ds_parse_unix_line(anon, strlen(anon), &u));
  CHECK_STR("unix unnamed path empty", "", u.path);
  CHECK("unix connected not listening", !(u.flags & DS_UNIX_ACCEPTCON));
  const char path_sp[] = "0: 00000002 00000000 00010000 0001 01 7 @/containerd-shim/a b.sock";
  CHECK_INT("unix abstract with space", 0, ds_parse_unix_line(path_sp, strlen(path_sp), &u));
  CHECK_STR("unix abstract path", "@/containerd-shim/a b.sock", u.path);

  CHECK_INT("socket inode", 30001, ds_socket_inode("socket:[30001]"));
  CHECK_INT("pipe is not a socket", 0, ds_socket_inode("pipe:[30001]"));
  CHECK_INT("unterminated socket link", 0, ds_socket_inode("socket:[30001"));
  CHECK_DONE();
}
