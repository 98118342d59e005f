#!/usr/bin/env bash
# tls-merge-writes.sh [RUNS]: the server's cost per message of pipelined TLS with the TLS guard's
# per-socket-read write merging off (-Dtsserver.tls.mergeWrites=false) and on, alternating, a
# fresh server per run. Around a measured tsclient bench run (50 connections x 16 in flight,
# 64-byte lines, TLS 1.3, 8 s after an unrecorded 8 s warm-up) it reads the server's CPU ticks
# and its write/read system-call counts (/proc/PID/io). Loopback only; stops only its own PIDs.
# Needs the built jars (mvn -B -q package -DskipTests), openssl and jq.
# See docs/perf/tuning/tls-batching.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER_JAR=${SERVER_JAR:-server-app/target/tsserver.jar}
CLIENT_JAR=${CLIENT_JAR:-client-app/target/tsclient.jar}
RUNS=${1:-3}
work=$(mktemp -d)
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
hz=$(getconf CLK_TCK)
echo -e "# merge\tmsgs/s\tserver_us/msg\twrite_syscalls/msg\tread_syscalls/msg\tload"
for run in $(seq 1 "$RUNS"); do
  for v in false true; do
    java -Dtsserver.tls.mergeWrites=$v -jar "$SERVER_JAR" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
        --listen 'tls://127.0.0.1:0' >"$work/out" 2>"$work/err" &
    pid=$!
    for _ in $(seq 1 150); do grep -q '^listening on tls' "$work/out" && break; sleep 0.2; done
    port=$(sed -n 's/^listening on tls:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/out")
    bench() { java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$port" --timeout 30 --tls --tls-ca "$work/cert.pem" \
        bench --connections 50 --pipeline 16 --duration "$1" --warmup 0 --json; }
    bench 8 >/dev/null 2>&1 || true   # JIT warm-up, not recorded
    c0=$(awk '{print $14+$15}' /proc/$pid/stat); w0=$(awk '/^syscw/{print $2}' /proc/$pid/io); r0=$(awk '/^syscr/{print $2}' /proc/$pid/io)
    bench 8 >"$work/bench" 2>/dev/null || true
    c1=$(awk '{print $14+$15}' /proc/$pid/stat); w1=$(awk '/^syscw/{print $2}' /proc/$pid/io); r1=$(awk '/^syscr/{print $2}' /proc/$pid/io)
    kill $pid; wait $pid 2>/dev/null || true; pid=""
    jq -r --arg v "$v" --argjson c $((c1-c0)) --argjson w $((w1-w0)) --argjson r $((r1-r0)) --argjson hz "$hz" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
      '[$v, (.msgs_per_s|floor), ($c*1e6/$hz/.messages*100|round/100), ($w/.messages*1000|round/1000), ($r/.messages*1000|round/1000), $load] | @tsv' "$work/bench"
  done
done
