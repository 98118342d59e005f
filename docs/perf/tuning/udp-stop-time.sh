#!/usr/bin/env bash
# udp-stop-time.sh "java ... -jar JAR": SIGTERM the UDP server 3 s into a udp-50c load; print how long it took to exit.
set -u
OUT=${OUT:-/tmp/udpperf}; mkdir -p "$OUT"; cd "$OUT"
$1 --transport udp --port 0 > stop-srv.log 2>&1 &
SRV=$!
for i in $(seq 100); do grep -q listening stop-srv.log && break; sleep 0.1; done
PORT=$(grep -o 'udp://[^ ]*' stop-srv.log | sed 's/.*://')
${LOADGEN:-/tmp/bench/loadgen/loadgen} -p $PORT -m udp -c 50 -w 16 -s 64 -W 1 -d 8 > stop-lg.log 2>&1 &
LG=$!
sleep 3
T0=$(date +%s%N)
kill -TERM $SRV
wait $SRV; RC=$?
T1=$(date +%s%N)
echo "exit $RC after $(( (T1 - T0) / 1000000 )) ms"
wait $LG
grep -o "lost=[0-9]* \|late=[0-9]*\|closed=[0-9]*" stop-lg.log | tr '\n' ' '; echo
