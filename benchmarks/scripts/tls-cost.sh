#!/usr/bin/env bash
# tls-cost.sh [ROUNDS]: what TLS costs, measured with tsclient bench against ONE server that
# listens twice, plain (tcp://) and TLS 1.3 (tls://, EC P-256 certificate made here), so both
# variants hit the same process in the same run. Each round runs every scenario plain then TLS
# (the order alternates between rounds), after an unrecorded warm-up pass of each:
#   50x16      --connections 50 --pipeline 16 --duration 5 --warmup 2    (throughput)
#   1x1        --connections 1 --pipeline 1 --duration 5 --warmup 2      (latency of one exchange)
#   handshake  --connections 500 --count 500 --warmup 0                  (connects/handshakes per s)
# One row per run: scenario, variant, msgs/s, p50 and p99 latency (us), server CPU us per
# message over the measured window (read from /proc/PID/stat; the figure least disturbed by
# other load), and for "handshake" the connect phase (s) and server CPU us per connection.
# Then openssl s_time -new for 5 s against the TLS listener (full handshakes from a C client,
# with the server's CPU per handshake), and the medians. Loopback only, bounded, stops only its own PIDs.
# Needs the built jars (mvn -B -q package -DskipTests), openssl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SERVER_JAR=${SERVER_JAR:-server-app/target/tsserver.jar}
CLIENT_JAR=client-app/target/tsclient.jar
HANDSHAKES=${HANDSHAKES:-500}
CLK_TCK=$(getconf CLK_TCK)
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

java -jar "$SERVER_JAR" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
    --listen 'tcp://127.0.0.1:0' --listen 'tls://127.0.0.1:0' >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 150); do
    grep -q '^listening on tls' "$work/server.out" && grep -q '^listening on tcp' "$work/server.out" && break
    sleep 0.2
done
plain_port=$(sed -n 's/^listening on tcp:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
tls_port=$(sed -n 's/^listening on tls:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$plain_port" ] && [ -n "$tls_port" ] || { echo "server did not start: $(cat "$work/server.err")" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# one_run SCENARIO VARIANT WARMUP BENCH-ARGS...: prints one tab-separated row
one_run() {
    local scenario=$1 variant=$2 warmup=$3
    shift 3
    local port=$plain_port tls=()
    if [ "$variant" = tls ]; then port=$tls_port; tls=(--tls --tls-ca "$work/cert.pem"); fi
    java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$port" --timeout 30 "${tls[@]}" bench "$@" \
        --warmup "$warmup" --json >"$work/bench" 2>/dev/null &
    local bench=$! t0 t1 t2
    t0=$(cpu_ticks "$server_pid")
    if [ "$warmup" != 0 ]; then sleep "$warmup"; fi
    t1=$(cpu_ticks "$server_pid")
    wait "$bench" || true
    t2=$(cpu_ticks "$server_pid")
    jq -r --arg s "$scenario" --arg v "$variant" --argjson w $((t2 - t1)) --argjson a $((t2 - t0)) \
        --argjson hz "$CLK_TCK" --argjson conns "${HANDSHAKES}" '
        [$s, $v, (.msgs_per_s | floor), .latency_us.p50, .latency_us.p99,
         (if .messages > 0 then ($w * 1e6 / $hz / .messages * 1000 | round / 1000) else "" end),
         (if $s == "handshake" then (.connect_s * 1000 | round / 1000) else "" end),
         (if $s == "handshake" then ($a * 1e6 / $hz / $conns | round) else "" end),
         .errors] | @tsv' "$work/bench" || echo -e "$scenario\t$variant\tfailed"
}

# openssl_run: full TLS 1.3 handshakes from openssl s_time (a C client, no session reuse) for
# 5 s; prints "s_time tls HANDSHAKES/s ... server-us-per-handshake"
openssl_run() {
    local t1 t2 out count
    t1=$(cpu_ticks "$server_pid")
    out=$(timeout 30 openssl s_time -connect "127.0.0.1:$tls_port" -new -time 5 -CAfile "$work/cert.pem" 2>/dev/null \
        | grep 'connections in .* real seconds' || true)
    t2=$(cpu_ticks "$server_pid")
    count=$(echo "$out" | sed -n 's/^\([0-9]*\) connections in \([0-9.]*\) real seconds.*/\1 \2/p')
    awk -v c="$count" -v t=$((t2 - t1)) -v hz="$CLK_TCK" 'BEGIN { split(c, a, " ");
        if (a[1] > 0) printf "s_time\ttls\t%.0f\t\t\t\t%s\t%.0f\t0\n", a[1] / a[2], a[2], t * 1e6 / hz / a[1];
        else print "s_time\ttls\tfailed" }'
}

# A fresh server runs its TLS path interpreted at first (EC arithmetic, AES-GCM): one unrecorded
# pass of each variant first, so round 1 is not the JIT's warm-up.
for v in plain tls; do
    one_run warmup "$v" 1 --connections 50 --pipeline 16 --duration 3 >/dev/null
    one_run warmup "$v" 0 --connections 200 --count 200 --threads 2 >/dev/null
done
timeout 30 openssl s_time -connect "127.0.0.1:$tls_port" -new -time 3 -CAfile "$work/cert.pem" >/dev/null 2>&1 || true

rows=$work/rows
echo -e "# scenario\tvariant\tmsgs/s\tp50_us\tp99_us\tserver_us/msg\tconnect_s\tserver_us/conn\terrors"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="plain tls"; else order="tls plain"; fi
    for v in $order; do one_run 50x16 "$v" 2 --connections 50 --pipeline 16 --duration 5 | tee -a "$rows"; done
    for v in $order; do one_run 1x1 "$v" 2 --connections 1 --pipeline 1 --duration 5 | tee -a "$rows"; done
    for v in $order; do one_run handshake "$v" 0 --connections "$HANDSHAKES" --count "$HANDSHAKES" \
        --threads 2 | tee -a "$rows"; done
    if command -v openssl >/dev/null; then openssl_run | tee -a "$rows"; fi
done
echo "# medians over $ROUNDS rounds"
sort -t "$(printf '\t')" -k1,1 -k2,2 "$rows" | awk -F'\t' -v n="$HANDSHAKES" '
    function median(list,   parts, k, i, j, t) {
        k = split(substr(list, 2), parts, " ")
        for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (parts[j] + 0 < parts[i] + 0) { t = parts[i]; parts[i] = parts[j]; parts[j] = t }
        return k ? parts[int((k + 1) / 2)] : ""
    }
    $3 == "failed" { next }
    { key = $1 " " $2; if (!(key in seen)) { order[++keys] = key; seen[key] = 1 }
      for (c = 3; c <= 8; c++) if ($c != "") v[key, c] = v[key, c] " " $c }
    END {
        for (i = 1; i <= keys; i++) {
            key = order[i]
            if (key ~ /^s_time/) {
                printf "%s: %s full handshakes/s (openssl s_time -new), server %s us CPU per handshake\n", key, median(v[key, 3]), median(v[key, 8])
            } else if (key ~ /^handshake/) {
                t = median(v[key, 7])
                printf "%s: %d connections in %s s (%.0f/s), server %s us CPU per connection\n", key, n, t, (t > 0 ? n / t : 0), median(v[key, 8])
            } else {
                printf "%s: %s msgs/s, p50 %s us, p99 %s us, server %s us CPU/msg\n", key, median(v[key, 3]), median(v[key, 4]), median(v[key, 5]), median(v[key, 6])
            }
        }
    }'
