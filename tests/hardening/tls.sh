# Sourced by tests/hardening/run.sh: TLS to a remote engine is verified by
# default (peer and host name, CA from DOCKER_CERT_PATH/ca.pem or the system
# store); DOCKER_TLS_VERIFY=0 turns it off with a warning in every report;
# the client certificate goes only to a verified peer.  Certificates made
# with openssl; the engine is the fake engine behind tests/hardening/tls_proxy.py.
c="$tmp/tls"
mkdir -p "$c/certs" "$c/impostor"
ossl() { openssl "$@" >/dev/null 2>&1; }
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout "$c/ca.key" -out "$c/certs/ca.pem"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$c/san.ext"
ossl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$c/server.key" -out "$c/server.csr"
ossl x509 -req -in "$c/server.csr" -CA "$c/certs/ca.pem" -CAkey "$c/ca.key" -CAcreateserial -days 2 -extfile "$c/san.ext" -out "$c/server.pem"
ossl req -newkey rsa:2048 -nodes -subj /CN=client -keyout "$c/certs/key.pem" -out "$c/client.csr"
ossl x509 -req -in "$c/client.csr" -CA "$c/certs/ca.pem" -CAkey "$c/ca.key" -CAcreateserial -days 2 -out "$c/certs/cert.pem"
# the impostor: self-signed, right host name
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$c/impostor/key.pem" -out "$c/impostor/cert.pem"
# a server certificate from the right CA for another host name
printf 'subjectAltName=DNS:other.example\n' >"$c/other.ext"
ossl x509 -req -in "$c/server.csr" -CA "$c/certs/ca.pem" -CAkey "$c/ca.key" -CAcreateserial -days 2 -extfile "$c/other.ext" -out "$c/other.pem"
[ -s "$c/server.pem" ] && [ -s "$c/impostor/cert.pem" ] || fail tls-certs "openssl could not make the certificates"

fe_start --fixtures tests/fixtures/engine/synthetic
PROXY_PIDS=""
tls_start() { # CERT KEY -> $PORT
  rm -f "$c/port"
  python3 tests/hardening/tls_proxy.py --listen "$c/port" --cert "$1" --key "$2" --upstream "$FE_SOCK" \
    --client-ca "$c/certs/ca.pem" --log "$c/proxy.log" &
  PROXY_PIDS="$PROXY_PIDS $!"
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do [ -s "$c/port" ] && break; sleep 0.25; done
  PORT=$(cat "$c/port")
}
tq() { timeout 30 "$DS" query "SELECT count(*) AS n FROM docker_containers" --format csv 2>&1; }

tls_start "$c/server.pem" "$c/server.key"
: >"$c/proxy.log"
out=$(DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs tq)
assert_contains tls-verified-engine-answers "3" "$out"
assert_contains tls-client-cert-to-verified-peer "client-cert yes" "$(cat "$c/proxy.log")"
out=$(DOCKER_HOST=tcp://localhost:$PORT DOCKER_CERT_PATH=$c/certs DOCKER_TLS_VERIFY= tq)
assert_contains tls-verify-by-default-empty-env "3" "$out"

tls_start "$c/impostor/cert.pem" "$c/impostor/key.pem"
: >"$c/proxy.log"
out=$(DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs tq)
assert_contains tls-impostor-refused "certificate" "$out"
assert_not_contains tls-impostor-no-rows "n
0" "$out"
out=$(DOCKER_HOST=https://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs tq)
assert_contains tls-https-impostor-refused "certificate" "$out"
# unverified on request: it answers, the reports warn, no client certificate
: >"$c/proxy.log"
out=$(DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs DOCKER_TLS_VERIFY=0 tq)
assert_contains tls-unverified-answers "3" "$out"
assert_not_contains tls-no-client-cert-to-unverified-peer "client-cert yes" "$(cat "$c/proxy.log")"
for f in table json jsonl sarif html; do
  out=$(DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs DOCKER_TLS_VERIFY=0 timeout 60 "$DS" run tests/hardening/pack-labels.sql --format "$f" 2>/dev/null)
  assert_contains "tls-unverified-warning-$f" "is not verified (DOCKER_TLS_VERIFY=0)" "$out"
done
out=$(DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs DOCKER_TLS_VERIFY=0 timeout 60 "$DS" run tests/hardening/pack-labels.sql --format csv 2>&1 >/dev/null)
assert_contains tls-unverified-warning-stderr "warning: TLS to tcp://127.0.0.1:$PORT is not verified" "$out"

tls_start "$c/other.pem" "$c/server.key"
out=$(DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_CERT_PATH=$c/certs tq)
assert_contains tls-wrong-host-name-refused "127.0.0.1" "$out"
assert_not_contains tls-wrong-host-name-no-rows "n
3" "$out"
# shellcheck disable=SC2086
kill $PROXY_PIDS 2>/dev/null
