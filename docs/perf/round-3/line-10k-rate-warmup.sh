#!/bin/bash
# line-10k-rate-warmup.sh LABEL WARMUP "CMD": one line-10k-rate run (server on cpu 1, loadgen on cpu 0) with the given warm-up
# the load is line-10k-rate's (bench.sh) with loadgen from the comparison harness; e.g.
#   line-10k-rate-warmup.sh new-W10 10 "java -jar server-app/target/tsserver.jar"
label=$1; warm=$2; cmd=$3; out=${OUT:-/tmp/warmup}/$label; mkdir -p $out
( exec taskset -c 1 $cmd --codec line --port 0 ) > $out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
timeout 90 taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 16 -s 64 -R 50000 -H -W $warm -d 5 -x $pid > $out/loadgen.txt 2>&1
kill -TERM $pid; for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
echo "$label W=$warm $(grep RESULT $out/loadgen.txt | grep -oE '(msgs_per_s|p50_us|p99_us|connect_ms|server_cpu_pct|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
