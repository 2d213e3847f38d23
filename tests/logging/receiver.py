#!/usr/bin/env python3
"""A local HTTP(S) log receiver for the logging suite: records every request
(method, path, headers, body) as one JSON line in LOG, answers the first
FAIL requests with STATUS (then 200).  Listens on 127.0.0.1 only, writes its
port to PORTFILE, and exits by itself after LIFETIME seconds.

usage: receiver.py LOG PORTFILE [--fail N] [--status CODE] [--tls CERT KEY]
"""
import argparse
import http.server
import json
import ssl
import threading


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("portfile")
    ap.add_argument("--fail", type=int, default=0)
    ap.add_argument("--status", type=int, default=503)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()
    state = {"seen": 0}
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                state["seen"] += 1
                failing = state["seen"] <= args.fail
                with open(args.log, "a") as f:
                    f.write(json.dumps({"method": self.command, "path": self.path,
                                        "headers": dict(self.headers),
                                        "body": body.decode("utf-8", "replace"),
                                        "answered": args.status if failing else 200}) + "\n")
            self.send_response(args.status if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*args.tls)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(args.portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(args.portfile + ".tmp", args.portfile)
    threading.Timer(args.lifetime, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
