#!/bin/bash
# System calls per datagram of a UDP server under a bounded loadgen run (docs: udp-batch-acceptor.md).
#   udp-syscalls.sh LABEL "server command (no --transport/--port)" ["loadgen args"]
# Starts the server on loopback UDP port 0, counts its system calls with perf's syscall
# tracepoints while loadgen drives it (default: the udp-50c load, 5 s), stops the server by PID,
# and prints each call's count divided by the server's sendto count (one per reply).
# BENCH (default /tmp/bench) holds loadgen; OUT (default /tmp/udpbatch/sys) gets the logs.
set -u
LABEL=$1; CMD=$2; LG=${3:-"-m udp -c 50 -w 16 -s 64 -W 1 -d 4"}
BENCH=${BENCH:-/tmp/bench}; OUT=${OUT:-/tmp/udpbatch/sys}; mkdir -p "$OUT"
slog=$OUT/$LABEL.server.log
( eval "exec $CMD --transport udp --port 0" ) >"$slog" 2>&1 &
PID=$!
addr=""
for _ in $(seq 200); do
    addr=$(grep -m1 -oE "listening on udp://[^ ]+" "$slog" | sed 's#.*udp://##'); [ -n "$addr" ] && break; sleep 0.05
done
[ -z "$addr" ] && { echo "no ready line"; kill "$PID"; exit 1; }
port=${addr##*:}
perf stat -e 'syscalls:sys_enter_*' -p "$PID" -o "$OUT/$LABEL.perf" -x, &
PERF=$!
sleep 0.3
timeout 60 "$BENCH/loadgen/loadgen" -h 127.0.0.1 -p "$port" $LG -x "$PID" >"$OUT/$LABEL.loadgen" 2>&1
kill -INT "$PERF"; wait "$PERF"
kill "$PID"; wait "$PID" 2>/dev/null
grep -m1 RESULT "$OUT/$LABEL.loadgen" | tr ' ' '\n' | grep -E 'msgs_per_s|^msgs=|sent=|lost=|server_cpu|other_cpu' | tr '\n' ' '; echo
n=$(awk -F, '$3=="syscalls:sys_enter_sendto"{print $1}' "$OUT/$LABEL.perf")
echo "$LABEL replies sent by the server (sendto calls): $n"
awk -F, -v n="$n" '$1+0 > 0 { printf "  %-40s %10d  %.3f/datagram\n", $3, $1, $1/n; t += $1 } END { printf "  %-40s %10d  %.3f/datagram\n", "TOTAL", t, t/n }' \
    "$OUT/$LABEL.perf" | sort -k2 -n -r | head -20
