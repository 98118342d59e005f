#!/usr/bin/env bash
# tls-cost.sh [ROUNDS]: what TLS costs, measured with tsclient bench against ONE server that
# listens twice, plain (tcp://) and TLS 1.3 (tls://, EC P-256 certificate made here), so both
# variants hit the same process in the same run. Each round runs every scenario plain then TLS
# (the order alternates between rounds):
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
median_of() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'; }
echo "# medians over $ROUNDS rounds"
col() { awk -F'\t' -v s=s_time -v c="$1" '$1 == s && $c != "" {print $c}' "$rows" | median_of; }
if grep -q '^s_time	tls	[0-9]' "$rows"; then
    echo "s_time tls: $(col 3) full handshakes/s (openssl s_time -new), server $(col 8) us CPU per handshake"
fi
for s in 50x16 1x1 handshake; do
    for v in plain tls; do
        col() { awk -F'\t' -v s="$s" -v v="$v" -v c="$1" '$1 == s && $2 == v && $c != "" {print $c}' "$rows" | median_of; }
        if [ "$s" = handshake ]; then
            [ "$v" = plain ] || [ -n "$(col 7)" ] || continue
            echo "$s $v: connect phase $(col 7) s for $HANDSHAKES connections" \
                "($(awk -v t="$(col 7)" -v n="$HANDSHAKES" 'BEGIN { if (t > 0) printf "%.0f", n / t }')/s)," \
                "server $(col 8) us CPU per connection"
        else
            echo "$s $v: $(col 3) msgs/s, p50 $(col 4) us, p99 $(col 5) us, server $(col 6) us CPU/msg"
        fi
    done
done
