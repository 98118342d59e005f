#!/bin/bash
# memnmt.sh LABEL "server cmd": idle-10k load on a server pinned to core 1; RSS and heap at start, with the 10,000 held, VmHWM held / at loadgen exit / 3 s later; with NMT=1 (and -XX:NativeMemoryTracking=summary in the command) NMT summaries at start and held
label=$1; cmd=$2; out=${OUT:-/tmp/idlemem}/mem.$label; rm -rf $out; mkdir -p $out
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
rss0=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
sleep 1
rss1=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
jcmd $pid GC.heap_info > $out/heap0.txt
[ -n "$NMT" ] && jcmd $pid VM.native_memory summary > $out/nmt0.txt
grep -c . /proc/$pid/task/*/comm >/dev/null; ls /proc/$pid/task | wc -l > $out/threads0.txt
taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 12 -x $pid > $out/loadgen.txt 2>&1 &
lg=$!
sleep 9
jcmd $pid GC.heap_info > $out/heap1.txt
[ -n "$NMT" ] && jcmd $pid VM.native_memory summary > $out/nmt1.txt
hwm1=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
rss2=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
wait $lg
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
sleep 3
hwm3=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
jcmd $pid GC.heap_info > $out/heap2.txt
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
echo "$label rss0=$((rss0/1024))MB rss1s=$((rss1/1024))MB threads=$(cat $out/threads0.txt) rss_held=$((rss2/1024)) hwm_held=$((hwm1/1024))MB hwm_lgexit=$((hwm/1024))MB hwm_3s=$((hwm3/1024))MB $(grep RESULT $out/loadgen.txt | grep -oE '(connect_ms|errors|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
grep -E "eden|def new|tenured|garbage-first|region" $out/heap0.txt $out/heap1.txt $out/heap2.txt | sed 's/^/  /'
