#!/bin/bash
# JFR profile (1 ms execution samples) of a UDP server under the udp-50c load for 8 s.
#   udp-jfr.sh LABEL JAR [-D... JVM options]; then: udp-jfr-top.py $OUT/LABEL.jfr tsserver-udp
# BENCH (default /tmp/bench) holds loadgen; OUT (default /tmp/udpbatch/jfr) gets the recording.
set -u
LABEL=$1; JAR=$2; shift 2
BENCH=${BENCH:-/tmp/bench}; OUT=${OUT:-/tmp/udpbatch/jfr}; mkdir -p "$OUT"
slog=$OUT/$LABEL.server.log
java "$@" -XX:FlightRecorderOptions:stackdepth=256 \
    -XX:StartFlightRecording=name=prof,settings=profile,jdk.ExecutionSample#period=1ms,filename="$OUT/$LABEL.jfr" \
    -jar "$JAR" --transport udp --port 0 >"$slog" 2>&1 &
PID=$!
addr=""
for _ in $(seq 300); do
    addr=$(grep -m1 -oE "listening on udp://[^ ]+" "$slog" | sed 's#.*udp://##'); [ -n "$addr" ] && break; sleep 0.05
done
[ -z "$addr" ] && { echo "no ready line"; kill "$PID"; exit 1; }
port=${addr##*:}
timeout 60 "$BENCH/loadgen/loadgen" -h 127.0.0.1 -p "$port" -m udp -c 50 -w 16 -s 64 -W 2 -d 6 -x "$PID" >"$OUT/$LABEL.loadgen" 2>&1
jcmd "$PID" JFR.dump name=prof filename="$OUT/$LABEL.jfr" >/dev/null
kill "$PID"; wait "$PID" 2>/dev/null
grep -m1 RESULT "$OUT/$LABEL.loadgen" | tr ' ' '\n' | grep -E 'msgs_per_s|server_cpu|other_cpu' | tr '\n' ' '; echo
