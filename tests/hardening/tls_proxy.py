#!/usr/bin/env python3
"""tls_proxy.py --listen PORTFILE --cert C --key K --upstream SOCK [--client-ca CA] --log LOG

A TLS front for tests/lib/fake_engine.py: accepts TLS on 127.0.0.1 (a free
port, written to PORTFILE), forwards the bytes to the fake engine's unix
socket.  With --client-ca it asks for a client certificate (optional) and
logs "client-cert yes|no" per connection: a client must not present its
certificate to a peer it did not verify."""
import argparse
import socket
import ssl
import threading
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from fake_engine_proxy import pump  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--listen", required=True)
p.add_argument("--cert", required=True)
p.add_argument("--key", required=True)
p.add_argument("--upstream", required=True)
p.add_argument("--client-ca")
p.add_argument("--log", required=True)
a = p.parse_args()
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(a.cert, a.key)
if a.client_ca:
    ctx.load_verify_locations(a.client_ca)
    ctx.verify_mode = ssl.CERT_OPTIONAL
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(16)
with open(a.listen, "w") as f:
    f.write(str(srv.getsockname()[1]))
lock = threading.Lock()


def log(line):
    with lock, open(a.log, "a") as f:
        f.write(line + "\n")


def serve(conn):
    try:
        tls = ctx.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError) as e:
        log("handshake-failed %s" % e.__class__.__name__)
        conn.close()
        return
    log("client-cert %s" % ("yes" if tls.getpeercert() else "no"))
    up = socket.socket(socket.AF_UNIX)
    up.connect(a.upstream)
    threading.Thread(target=pump, args=(up, tls), daemon=True).start()
    pump(tls, up)


while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
