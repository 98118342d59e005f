#!/usr/bin/env bash
# soak.sh: a long mixed load against tsserver.jar, sampling the server's memory, file
# descriptors and threads every 10 s.
#
#   benchmarks/scripts/soak.sh [-d SECONDS] [-o OUTDIR] [-- SERVER OPTIONS...]
#
# Run from the project root after `mvn -B -q package -DskipTests`. Starts
# server-app/target/tsserver.jar on a free loopback port, then for SECONDS (default 1800, the
# documented 30-minute run) keeps three loads going at once:
#   - tsclient bench: 20 connections x pipeline 8, restarted every 60 s (steady load);
#   - SoakLoad churn: 8 threads opening short connections (1-20 lines, a third end with a reset);
#   - SoakLoad slow readers: 50 connections that send 200 lines/s and read ~2 KB/s.
# Every 10 s it forces a GC (jcmd GC.run) and writes one CSV row to OUTDIR/soak.csv:
#   seconds,rss_mb,heap_after_gc_mb,fds,threads,open_connections
# and plots OUTDIR/soak.png when gnuplot is installed (Debian: gnuplot-nox). Only loopback is
# used; every load is bounded by SECONDS; it stops only the processes it started, by PID.
set -u
DURATION=1800
OUT=target/soak
while getopts "d:o:" opt; do
    case "$opt" in
        d) DURATION=$OPTARG ;;
        o) OUT=$OPTARG ;;
        *) echo "usage: $0 [-d SECONDS] [-o OUTDIR] [-- SERVER OPTIONS...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
SERVER_JAR=server-app/target/tsserver.jar
CLIENT_JAR=client-app/target/tsclient.jar
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
for jar in "$SERVER_JAR" "$CLIENT_JAR"; do
    [ -f "$jar" ] || { echo "soak.sh: $jar missing; run mvn -B -q package -DskipTests first" >&2; exit 1; }
done
command -v jcmd >/dev/null || { echo "soak.sh: needs jcmd (a JDK)" >&2; exit 1; }
mkdir -p "$OUT"
CSV="$OUT/soak.csv"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
}
trap cleanup EXIT INT TERM

java -jar "$SERVER_JAR" --port 0 "$@" > "$OUT/server.out" 2> "$OUT/server.log" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for _ in $(seq 100); do
    grep -q "listening on tcp://" "$OUT/server.out" 2>/dev/null && break
    sleep 0.1
done
PORT=$(grep -o 'listening on tcp://[^ ]*' "$OUT/server.out" | head -1 | sed 's/.*://')
[ -n "$PORT" ] || { echo "soak.sh: server did not start; see $OUT/server.log" >&2; exit 1; }
echo "soak.sh: server pid $SERVER_PID on 127.0.0.1:$PORT for $DURATION s; rows in $CSV"

java "$SCRIPTS/SoakLoad.java" "$PORT" "$DURATION" 8 50 > "$OUT/soakload.out" 2>&1 &
PIDS+=("$!")
(
    bench=""
    trap '[ -n "$bench" ] && kill "$bench" 2>/dev/null; exit 0' TERM
    end=$((SECONDS + DURATION))
    while [ $SECONDS -lt $end ]; do
        left=$((end - SECONDS))
        run=$((left < 60 ? left : 60))
        [ "$run" -ge 2 ] || break
        java -jar "$CLIENT_JAR" --port "$PORT" bench --connections 20 --pipeline 8 --duration "$((run - 1))" \
            >> "$OUT/bench.out" 2>&1 &
        bench=$!
        wait "$bench"
    done
) &
PIDS+=("$!")

echo "seconds,rss_mb,heap_after_gc_mb,fds,threads,open_connections" > "$CSV"
START=$SECONDS
NEXT=$START
while [ $((SECONDS - START)) -le "$DURATION" ] && kill -0 "$SERVER_PID" 2>/dev/null; do
    jcmd "$SERVER_PID" GC.run > /dev/null 2>&1
    heap_kb=$(jcmd "$SERVER_PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc '0-9')
    rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
    threads=$(awk '/^Threads/ {print $2}' "/proc/$SERVER_PID/status")
    fds=$(ls "/proc/$SERVER_PID/fd" | wc -l)
    conns=$(ss -tnH state established "( sport = :$PORT )" 2>/dev/null | wc -l)
    echo "$((SECONDS - START)),$((rss_kb / 1024)),$((${heap_kb:-0} / 1024)),$fds,$threads,$conns" >> "$CSV"
    NEXT=$((NEXT + 10)) # every 10 s, however long jcmd took
    [ "$NEXT" -gt "$SECONDS" ] && sleep $((NEXT - SECONDS))
done
kill -0 "$SERVER_PID" 2>/dev/null || echo "soak.sh: the server died; see $OUT/server.log" >&2

# A graceful stop under load must also keep its limit.
STOP_START=$(date +%s%N)
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
STATUS=$?
echo "soak.sh: server stopped with status $STATUS in $((($(date +%s%N) - STOP_START) / 1000000)) ms"
cat "$OUT/soakload.out"
grep -h "^throughput" "$OUT/bench.out" | tail -3

if command -v gnuplot >/dev/null; then
    gnuplot <<GP
set terminal pngcairo size 1100,420 font ",10"
set output '$OUT/soak.png'
set datafile separator ","
set multiplot layout 1,2 title "tsserver soak: bench + churn + 50 slow readers"
set xlabel "seconds"
set grid
set key top left
set ylabel "MB"
set title "memory"
plot '$CSV' using 1:2 skip 1 with lines title 'RSS', '' using 1:3 skip 1 with lines title 'heap after GC'
set ylabel "count"
set title "descriptors and threads"
plot '$CSV' using 1:4 skip 1 with lines title 'fds', '' using 1:5 skip 1 with lines title 'threads', '' using 1:6 skip 1 with lines title 'connections'
unset multiplot
GP
    echo "soak.sh: plot in $OUT/soak.png"
else
    echo "soak.sh: gnuplot not found (apt-get install -y gnuplot-nox); CSV only"
fi
