#!/bin/bash
# closeburst.sh LABEL "server cmd": young-gen use after start, with 10,000 held, and after they closed
label=$1; cmd=$2; out=${OUT:-/tmp/slimchain}/close.$label; mkdir -p $out
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 2; jcmd $pid GC.heap_info > $out/h0.txt
taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 5 -x $pid > $out/loadgen.txt 2>&1 &
lg=$!; sleep 9; jcmd $pid GC.heap_info > $out/h1.txt; hwm1=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
wait $lg; for i in $(seq 100); do n=$(grep -c "closed .* after" $out/server.log); [ "$n" -ge 10000 ] && break; sleep 0.2; done
sleep 1; jcmd $pid GC.heap_info > $out/h2.txt; hwm2=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
u() { awk '/def new generation/{for(i=1;i<=NF;i++) if($i=="used") print $(i+1)}' $1; }
c() { awk '/tenured generation/{for(i=1;i<=NF;i++) if($i=="used") print $(i+1)}' $1; }
echo "$label young: start $(u $out/h0.txt) held $(u $out/h1.txt) closed $(u $out/h2.txt); tenured closed $(c $out/h2.txt); hwm held $((hwm1/1024))MB after close $((hwm2/1024))MB; close lines $n"
