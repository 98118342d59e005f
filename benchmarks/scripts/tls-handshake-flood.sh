#!/usr/bin/env bash
# tls-handshake-flood.sh [CONNECTIONS]: a flood of TLS handshakes that never finish against a
# TLS server on loopback. TlsHandshakeStall.java opens CONNECTIONS (default 1000) connections
# that each send a partial ClientHello and stall; one polite `tsclient --tls bench` connection
# (1 x 1, 5 s) measures the service it gets before (after an unrecorded warm-up run), during
# and after the flood. Prints when the server closed the stalled
# connections (the SPEC's handshake timeout is 10 s) and both bench results.
# Loopback only, bounded (the flood tool stops after 40 s), stops only its own PIDs.
# Needs the built jars (mvn -B -q package -DskipTests), openssl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS=${1:-1000}
SERVER_JAR=${SERVER_JAR:-server-app/target/tsserver.jar}
CLIENT_JAR=client-app/target/tsclient.jar
work=$(mktemp -d)
server_pid=""
flood_pid=""
cleanup() {
    if [ -n "$flood_pid" ]; then kill "$flood_pid" 2>/dev/null || true; wait "$flood_pid" 2>/dev/null || true; fi
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
java -jar "$SERVER_JAR" --host 127.0.0.1 --port 0 --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 150); do grep -q '^listening on tls' "$work/server.out" && break; sleep 0.2; done
port=$(sed -n 's/^listening on tls:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$port" ] || { echo "server did not start: $(cat "$work/server.err")" >&2; exit 1; }

polite() {
    java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$port" --tls --tls-ca "$work/cert.pem" --timeout 30 \
        bench --connections 1 --pipeline 1 --duration 5 --warmup 1 --json 2>/dev/null \
        | jq -r '"\(.msgs_per_s | floor) msgs/s, p50 \(.latency_us.p50) us, p99 \(.latency_us.p99) us, errors \(.errors), connect \(.connect_s) s"'
}

polite >/dev/null # warms the server's TLS path, which a fresh JVM runs interpreted at first
echo "before the flood: $(polite)"
java benchmarks/scripts/TlsHandshakeStall.java "$port" "$CONNECTIONS" 40 >"$work/flood" 2>&1 &
flood_pid=$!
for _ in $(seq 1 300); do grep -q '^opened' "$work/flood" && break; sleep 0.1; done
echo "during the flood: $(polite)"
wait "$flood_pid" || true
flood_pid=""
cat "$work/flood"
echo "after the flood:  $(polite)"
echo "server log lines about the flood: $(grep -c 'TLS' "$work/server.err" || true)" \
    "(WARN at most once a second); first: $(grep -m1 'TLS' "$work/server.err" | cut -c1-200 || true)"
