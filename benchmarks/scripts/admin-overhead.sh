#!/usr/bin/env bash
# admin-overhead.sh [ROUNDS]: what the admin endpoint costs. Each round starts the server
# twice, without and with `--admin 127.0.0.1:0` (order alternating between rounds), loads it
# with `tsclient bench --connections 50 --pipeline 16 --duration 5 --warmup 2` and, while the
# admin endpoint is on, scrapes /metrics once a second as Prometheus would. BASE_JAR=path
# adds a third server (e.g. a build from before the counters existed). Prints one row per run
# (msgs/s, and the server's CPU time per message over the measured window, read from
# /proc/PID/stat: the figure least disturbed by other load on the machine) and the medians of
# each variant. Loopback only, bounded, stops only its own PIDs.
# Needs the built jars (mvn -B -q package -DskipTests), curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SERVER_JAR=${SERVER_JAR:-server-app/target/tsserver.jar}
CLIENT_JAR=client-app/target/tsclient.jar
WARMUP=${WARMUP:-2}
BENCH_ARGS=${BENCH_ARGS:-"--connections 50 --pipeline 16 --duration 5"}
CLK_TCK=$(getconf CLK_TCK)
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# cpu_ticks PID: user + system CPU time of a process, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# one_run LABEL JAR [SERVER ARGS...]: prints "LABEL msgs/s server-us-per-msg"
one_run() {
    local label=$1 jar=$2
    shift 2
    : >"$work/out"
    java -jar "$jar" --port 0 "$@" >"$work/out" 2>"$work/err" &
    server_pid=$!
    for _ in $(seq 1 150); do
        grep -q '^listening on tcp' "$work/out" && { [ $# -eq 0 ] || grep -q '^admin on' "$work/out"; } && break
        sleep 0.2
    done
    local port admin scraper=""
    port=$(sed -n 's/^listening on tcp:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/out")
    admin=$(sed -n 's/^admin on \(http:.*\)$/\1/p' "$work/out")
    if [ -n "$admin" ]; then
        ( for _ in $(seq 1 30); do curl -fs "$admin/metrics" >/dev/null || true; sleep 1; done ) &
        scraper=$!
    fi
    # shellcheck disable=SC2086
    java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$port" bench $BENCH_ARGS --warmup "$WARMUP" --json \
        >"$work/bench" 2>/dev/null &
    local bench=$! t1 t2
    sleep "$WARMUP"
    t1=$(cpu_ticks "$server_pid")
    wait "$bench" || true
    t2=$(cpu_ticks "$server_pid")
    if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=""
    local rate messages
    rate=$(jq -r '.msgs_per_s | floor' "$work/bench" 2>/dev/null || echo "")
    messages=$(jq -r '.messages' "$work/bench" 2>/dev/null || echo 0)
    printf '%s\t%s\t%s\n' "$label" "$rate" \
        "$(awk -v t=$((t2 - t1)) -v hz="$CLK_TCK" -v m="$messages" 'BEGIN { if (m > 0) printf "%.3f", t * 1e6 / hz / m }')"
}

rows=$work/rows
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then
        one_run off "$SERVER_JAR" | tee -a "$rows"
        one_run on "$SERVER_JAR" --admin 127.0.0.1:0 | tee -a "$rows"
    else
        one_run on "$SERVER_JAR" --admin 127.0.0.1:0 | tee -a "$rows"
        one_run off "$SERVER_JAR" | tee -a "$rows"
    fi
    if [ -n "${BASE_JAR:-}" ]; then
        one_run base "$BASE_JAR" | tee -a "$rows"
    fi
done
median_of() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'; }
echo "# medians over $ROUNDS rounds (tsclient bench $BENCH_ARGS --warmup $WARMUP)"
for label in off on base; do
    grep -q "^$label	" "$rows" || continue
    echo "$label: $(awk -F'\t' -v l="$label" '$1 == l && $2 != "" {print $2}' "$rows" | median_of) msgs/s," \
        "$(awk -F'\t' -v l="$label" '$1 == l && $3 != "" {print $3}' "$rows" | median_of) server us/msg"
done
