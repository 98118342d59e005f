#!/bin/bash
# line-10k-rate-warmup.sh LABEL WARMUP "CMD": one line-10k-rate run (server on cpu 1, load
# generator on cpu 0) with WARMUP seconds of warm-up instead of the scenario's 2, to tell a
# warm-up backlog from a server that cannot keep up. The load is line-10k-rate's (10,000
# connections, 50,000 msgs/s in total, one message on connect, up to 16 outstanding each), from
# the C load generator of the comparison (docs/performance.md, "The comparison"; not part of this
# repository), named by LOADGEN. Output under OUT (default /tmp/warmup). E.g.
#   LOADGEN=/path/to/loadgen line-10k-rate-warmup.sh new-W10 10 "java -jar server-app/target/tsserver.jar"
set -u
loadgen=${LOADGEN:?set LOADGEN to the C load generator}
label=$1; warm=$2; cmd=$3; out=${OUT:-/tmp/warmup}/$label
mkdir -p "$out"
# shellcheck disable=SC2086
( exec taskset -c 1 $cmd --codec line --port 0 ) > "$out/server.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 300); do
    port=$(grep -m1 -oE "listening on tcp://[^ ]+" "$out/server.log" | sed 's#.*:##')
    [ -n "$port" ] && break
    sleep 0.1
done
timeout 90 taskset -c 0 "$loadgen" -p "$port" -m line -c 10000 -w 16 -s 64 -R 50000 -H -W "$warm" -d 5 -x "$pid" > "$out/loadgen.txt" 2>&1
kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
echo "$label W=$warm $(grep RESULT "$out/loadgen.txt" | grep -oE '(msgs_per_s|p50_us|p99_us|connect_ms|server_cpu_pct|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
