#!/usr/bin/env bash
# scaling.sh: throughput and peak RSS of TS servers at 1, 10, 100, 1000 and 10000 connections.
#
#   benchmarks/scripts/scaling.sh [-o OUTDIR] "label=server command" ...
#
# Run from the project root (server commands are run from there, as bench.sh does). For each
# server and each connection count it starts a fresh server as `CMD --port 0` on core 1, runs
# a load generator on core 0 (closed loop, pipeline 1, 64-byte line messages, 1 s warm-up,
# 3 s measured), reads the server's peak RSS (VmHWM) and stops it by PID. Rows go to
# OUTDIR/scaling.tsv; plot them with benchmarks/scripts/plot-scaling.sh.
# Load generator: LOADGEN=tsclient (the default; this repository's `tsclient bench`, built by
# mvn package; its rows have no server CPU column) or LOADGEN=/path/to/loadgen, a C epoll load
# generator taking `-p PORT -m line -c N -w 1 -s 64 -W 1 -d S -x SERVER_PID` and printing a
# `RESULT msgs_per_s=... p50_us=... p99_us=... errors=... server_cpu_pct=...` line (the
# published figures used one; see docs/performance.md). Environment: LOADGEN, COUNTS, DURATION,
# TRANSPORT (tcp, the default, or udp: servers get `--transport udp`, each "connection" is one UDP
# socket with one datagram outstanding, and the load generator runs in its UDP mode).
set -u
OUT=target/scaling
while getopts "o:" opt; do
    case "$opt" in
        o) OUT=$OPTARG ;;
        *) echo "usage: $0 [-o OUTDIR] \"label=command\" ..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-o OUTDIR] \"label=command\" ..." >&2; exit 2; }
LOADGEN=${LOADGEN:-tsclient}
TSCLIENT_JAR=client-app/target/tsclient.jar
COUNTS=${COUNTS:-"1 10 100 1000 10000"}
DURATION=${DURATION:-3}
TRANSPORT=${TRANSPORT:-tcp}
case "$TRANSPORT" in
    tcp) SERVER_ARGS=""; LOADGEN_MODE=line ;;
    udp) SERVER_ARGS="--transport udp"; LOADGEN_MODE=udp ;;
    *) echo "scaling.sh: TRANSPORT must be tcp or udp, was $TRANSPORT" >&2; exit 2 ;;
esac
if [ "$LOADGEN" = tsclient ]; then
    [ -f "$TSCLIENT_JAR" ] || { echo "scaling.sh: build first: mvn -B -q package -DskipTests" >&2; exit 1; }
    command -v jq >/dev/null || { echo "scaling.sh: needs jq to read tsclient bench --json" >&2; exit 1; }
else
    [ -x "$LOADGEN" ] || { echo "scaling.sh: no load generator at $LOADGEN" >&2; exit 1; }
fi

# load PORT CONNECTIONS SERVER_PID: prints a RESULT line (key=value pairs)
load() {
    if [ "$LOADGEN" = tsclient ]; then
        taskset -c 0 java -jar "$TSCLIENT_JAR" --host 127.0.0.1 --port "$1" --transport "$TRANSPORT" bench --connections "$2" --pipeline 1 \
            --size 64 --warmup 1 --duration "$DURATION" --json 2>/dev/null \
            | jq -r '"RESULT msgs_per_s=\(.msgs_per_s | floor) p50_us=\(.latency_us.p50) p99_us=\(.latency_us.p99) errors=\(.errors) server_cpu_pct="'
    else
        taskset -c 0 "$LOADGEN" -p "$1" -m "$LOADGEN_MODE" -c "$2" -w 1 -s 64 -W 1 -d "$DURATION" -x "$3" | grep '^RESULT'
    fi
}
mkdir -p "$OUT"
ROWS="$OUT/scaling.tsv"
[ -s "$ROWS" ] || printf 'server\tconnections\tmsgs_per_s\tp50_us\tp99_us\terrors\tserver_cpu_pct\tpeak_rss_mb\n' > "$ROWS"

SERVER_PID=""
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
}
trap 'stop_server; exit 130' INT TERM

field() { tr ' ' '\n' <<< "$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }

for spec in "$@"; do
    label=${spec%%=*}
    cmd=${spec#*=}
    for n in $COUNTS; do
        log="$OUT/$label.$n.server.log"
        # shellcheck disable=SC2086
        taskset -c 1 $cmd $SERVER_ARGS --port 0 > "$log" 2>&1 &
        SERVER_PID=$!
        port=""
        for _ in $(seq 300); do
            port=$(grep -o "listening on $TRANSPORT://[^ ]*" "$log" | head -1 | sed 's/.*://')
            [ -n "$port" ] && break
            sleep 0.1
        done
        if [ -z "$port" ]; then
            echo "scaling.sh: $label did not start" >&2
            stop_server
            continue
        fi
        result=$(load "$port" "$n" "$SERVER_PID")
        hwm=$(awk '$1 == "VmHWM:" {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status" 2>/dev/null)
        stop_server
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$(field "$result" msgs_per_s)" \
            "$(field "$result" p50_us)" "$(field "$result" p99_us)" "$(field "$result" errors)" \
            "$(field "$result" server_cpu_pct)" "${hwm:-}" | tee -a "$ROWS"
    done
done
