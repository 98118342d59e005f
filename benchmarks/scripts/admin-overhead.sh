#!/usr/bin/env bash
# admin-overhead.sh [ROUNDS]: what the admin endpoint costs. Each round starts the server
# twice, without and with `--admin 127.0.0.1:0` (order alternating between rounds), loads it
# with `tsclient bench --connections 50 --pipeline 16 --duration 5 --warmup 2` and, while the
# admin endpoint is on, scrapes /metrics once a second as Prometheus would. BASE_JAR=path
# adds a third server (e.g. a build from before the counters existed). Prints one row per run
# and the median msgs/s of each variant. Loopback only, bounded, stops only its own PIDs.
# Needs the built jars (mvn -B -q package -DskipTests) and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SERVER_JAR=${SERVER_JAR:-server-app/target/tsserver.jar}
CLIENT_JAR=client-app/target/tsclient.jar
BENCH_ARGS=${BENCH_ARGS:-"--connections 50 --pipeline 16 --duration 5 --warmup 2"}
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# one_run LABEL JAR [SERVER ARGS...]: prints "LABEL msgs/s"
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
    java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$port" bench $BENCH_ARGS >"$work/bench" 2>/dev/null || true
    [ -n "$scraper" ] && { kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; }
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=""
    printf '%s\t%s\n' "$label" "$(sed -n 's/^throughput \([0-9]*\) msgs\/s.*/\1/p' "$work/bench")"
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
echo "# median msgs/s over $ROUNDS rounds (tsclient bench $BENCH_ARGS)"
for label in off on base; do
    values=$(awk -F'\t' -v l="$label" '$1 == l && $2 != "" {print $2}' "$rows" | sort -n)
    [ -n "$values" ] || continue
    n=$(echo "$values" | wc -l)
    median=$(echo "$values" | awk -v n="$n" 'NR == int((n + 1) / 2) {print}')
    echo "$label median $median  runs: $(echo "$values" | tr '\n' ' ')"
done
