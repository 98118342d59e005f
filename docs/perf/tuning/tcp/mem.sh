#!/bin/bash
# mem.sh LABEL "server cmd": idle-10k load; heap before/after connects, live histogram while held, VmHWM
label=$1; cmd=$2; out=${OUT:-/tmp/slimchain}/mem.$label; mkdir -p $out
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 1; [ -n "$GCSTART" ] && jcmd $pid GC.run >/dev/null
rss0=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
jcmd $pid GC.heap_info > $out/heap0.txt
taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 12 -x $pid > $out/loadgen.txt 2>&1 &
lg=$!
sleep 9
jcmd $pid GC.heap_info > $out/heap1.txt
hwm1=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
jcmd $pid GC.class_histogram > $out/histo.txt
wait $lg
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
echo "$label rss0=$((rss0/1024))MB hwm_held=$((hwm1/1024))MB hwm_end=$((hwm/1024))MB live=$(grep Total $out/histo.txt) $(grep RESULT $out/loadgen.txt | grep -oE '(connect_ms|errors|other_cpu_pct|peak_rss_kb|server_rss[^ ]*)=[^ ]+' | tr '\n' ' ')"
grep -E "eden|def new|tenured" $out/heap0.txt $out/heap1.txt | sed 's/^/  /'
