#!/usr/bin/env bash
# prometheus-scrape.sh [OUT_DIR]: a real Prometheus server scrapes tsserver's admin endpoint
# on loopback while `tsclient bench` loads the server, then the script asks Prometheus what
# it stored. Writes OUT_DIR/prometheus-scrape.txt (targets, queries) and, with gnuplot,
# OUT_DIR/prometheus-rate.png (messages/s as Prometheus computed it).
# Needs: the built jars (mvn -B -q package -DskipTests), prometheus and curl (Debian:
# apt-get install prometheus curl), jq; gnuplot is optional.
# Everything listens on 127.0.0.1 only; the run is bounded (about 30 s); it ends only the
# processes it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-docs/perf}
SERVER_JAR=server-app/target/tsserver.jar
CLIENT_JAR=client-app/target/tsclient.jar
LOAD_SECONDS=${LOAD_SECONDS:-12}
for tool in prometheus curl jq java; do
    command -v "$tool" >/dev/null || { echo "prometheus-scrape.sh: $tool not found" >&2; exit 1; }
done
[ -f "$SERVER_JAR" ] && [ -f "$CLIENT_JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
mkdir -p "$OUT"
work=$(mktemp -d)
server_pid=""
prom_pid=""
cleanup() {
    [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# 1. The server, on free ports, with the admin endpoint.
java -jar "$SERVER_JAR" --port 0 --admin 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q '^admin on ' "$work/server.out" 2>/dev/null && break
    sleep 0.2
done
port=$(sed -n 's/^listening on tcp:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
admin=$(sed -n 's/^admin on http:\/\/\(.*\)$/\1/p' "$work/server.out")
[ -n "$port" ] && [ -n "$admin" ] || { echo "server did not start:"; cat "$work/server.err"; exit 1; } >&2

# 2. Prometheus, loopback only, scraping every second.
prom_port=$(free_port)
cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: tsserver
    static_configs:
      - targets: ['$admin']
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prom_pid=$!
api="http://127.0.0.1:$prom_port/api/v1"
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$prom_port/-/ready" >/dev/null 2>&1 && break
    sleep 0.2
done

# 3. Load, bounded in time.
start=$(date +%s)
sleep 3
java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$port" bench --connections 10 --pipeline 8 \
    --duration "$LOAD_SECONDS" >"$work/bench.txt" 2>&1
sleep 4
end=$(date +%s)

query() { curl -fsG "$api/query" --data-urlencode "query=$1" | jq -r '.data.result[] | "\(.metric | del(.__name__) | tostring) \(.value[1])"'; }
{
    echo "# prometheus-scrape.sh on $(date -u +%Y-%m-%dT%H:%MZ): $(prometheus --version 2>&1 | sed -n 1p)"
    echo "# target health"
    curl -fs "$api/targets" | jq -r '.data.activeTargets[] | "\(.labels.job) \(.scrapeUrl) health=\(.health) lastError=\(.lastError)"'
    echo "# tsclient bench --connections 10 --pipeline 8 --duration $LOAD_SECONDS"
    grep -E '^(throughput|latency|replies|errors)' "$work/bench.txt" || cat "$work/bench.txt"
    echo "# tsserver_messages_received_total"
    query 'tsserver_messages_received_total'
    echo "# max over the run of rate(tsserver_messages_received_total[3s])"
    query "max_over_time(rate(tsserver_messages_received_total{listener=\"tcp://127.0.0.1:$port\"}[3s])[$((end - start))s:1s])"
    echo "# tsserver_bytes_received_total, tsserver_bytes_sent_total"
    query 'tsserver_bytes_received_total'
    query 'tsserver_bytes_sent_total'
    echo "# tsserver_connections_accepted_total"
    query 'tsserver_connections_accepted_total'
    echo "# jvm_memory_used_bytes{area=\"heap\"}"
    query 'jvm_memory_used_bytes{area="heap"}'
    echo "# series scraped (count by name prefix)"
    query 'count({__name__=~"tsserver_.*"})'
    query 'count({__name__=~"jvm_.*"})'
} | tee "$OUT/prometheus-scrape.txt"

curl -fsG "$api/query_range" --data-urlencode "query=rate(tsserver_messages_received_total{listener=\"tcp://127.0.0.1:$port\"}[2s])" \
    --data-urlencode "start=$start" --data-urlencode "end=$end" --data-urlencode "step=1" \
    | jq -r '.data.result[0].values[] | "\(.[0]) \(.[1])"' >"$work/rate.dat"
if command -v gnuplot >/dev/null && [ -s "$work/rate.dat" ]; then
    gnuplot <<GP
set terminal pngcairo size 800,320 font ",10"
set output '$OUT/prometheus-rate.png'
set title "rate(tsserver\\\\_messages\\\\_received\\\\_total[2s]) as stored by Prometheus (1 s scrapes)"
set xlabel "seconds"
set ylabel "thousand messages/s"
set grid
set key off
plot '$work/rate.dat' using (\$1-$start):(\$2/1000) with linespoints
GP
    echo "wrote $OUT/prometheus-rate.png"
fi
