#!/bin/bash
# jfrheld.sh LABEL "server cmd": allocation JFR of the 10,000 connects only (stopped while they are held)
label=$1; cmd=$2; out=${OUT:-/tmp/idlemem}/jfrheld.$label; rm -rf $out; mkdir -p $out
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 1
jcmd $pid JFR.start name=cn settings=/tmp/idlemem/alloc.jfc >/dev/null
taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 14 -x $pid > $out/loadgen.txt 2>&1 &
lg=$!
sleep 11
jcmd $pid JFR.stop name=cn filename=$out/held.jfr >/dev/null
wait $lg
jcmd $pid JFR.start name=cl settings=/tmp/idlemem/alloc.jfc >/dev/null
sleep 3
jcmd $pid JFR.stop name=cl filename=$out/close.jfr >/dev/null
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
grep RESULT $out/loadgen.txt | grep -oE "connect_ms=[^ ]+"
