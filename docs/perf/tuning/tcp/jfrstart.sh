#!/bin/bash
# jfrstart.sh LABEL jar: allocation JFR of start-up only (8 KiB TLABs so that the samples are fine-grained)
label=$1; jar=$2; out=${OUT:-/tmp/idlemem}/jfrstart.$label; rm -rf $out; mkdir -p $out
( exec taskset -c 1 java -XX:-ResizeTLAB -XX:TLABSize=8k -XX:StartFlightRecording=name=st,settings=/tmp/idlemem/alloc.jfc -jar $jar --codec line --port 0 ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do grep -q "listening on tcp" $out/server.log && break; sleep 0.1; done
sleep 1
jcmd $pid JFR.stop name=st filename=$out/start.jfr >/dev/null
kill -TERM $pid; wait $pid 2>/dev/null
