#!/bin/bash
# jfr.sh LABEL JAR [java opts]: JFR (1 ms CPU sampling, allocation samples, per-thread allocation totals) of the server under line-1k
here=$(cd "$(dirname "$0")" && pwd); label=$1; jar=$2; shift 2; out=${OUT:-/tmp/readpath}/jfr.$label; mkdir -p $out
( exec taskset -c 1 java "$@" -XX:StartFlightRecording=settings=$here/hot.jfc -jar $jar --codec line --port 0 ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
timeout 60 taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 1000 -w 1 -s 64 -W 2 -d 10 -x $pid > $out/loadgen.txt 2>&1
jcmd $pid JFR.dump filename=$out/rec.jfr >/dev/null
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
python3 $here/../tcp/prof.py $out/rec.jfr jdk.ExecutionSample pool 40 120 > $out/prof.txt
python3 $here/../tcp/prof.py $out/rec.jfr jdk.ObjectAllocationSample pool 30 60 > $out/alloc.txt
grep RESULT $out/loadgen.txt | grep -oE "(msgs_per_s|msgs|server_cpu_pct|other_cpu_pct)=[^ ]+" | tr '\n' ' '; echo
