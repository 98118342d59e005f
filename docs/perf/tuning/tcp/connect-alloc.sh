#!/bin/bash
# connect-alloc.sh LABEL "server cmd": young-generation bytes in use before and after 10,000 connects (idle-10k load), no GC expected in between
label=$1; cmd=$2
D=${OUT:-/tmp/connect-rate}; mkdir -p $D; log=$D/$label.log
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$log 2>$log.err &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 1
young() { jcmd $pid GC.heap_info | awk '/def new generation|PSYoungGen|young/{for(i=1;i<=NF;i++) if($i=="used") {print $(i+1); exit}}' | tr -d 'K,'; }
gcs() { jstat -gc $pid | awk 'NR==2{print $(NF-4)}'; }
y0=$(young); g0=$(jstat -gcutil $pid | awk 'NR==2{print $(NF-4)}')
taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 1 -x $pid >/dev/null 2>&1 &
lg=$!
# the connections close when loadgen exits: read the heap while they are held (after the last connect line is logged)
for i in $(seq 600); do n=$(cat $log $log.err | grep -c "connected from"); [ "$n" -ge 10000 ] && break; sleep 0.1; done
y1=$(young); g1=$(jstat -gcutil $pid | awk 'NR==2{print $(NF-4)}')
wait $lg
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
echo "$label young_used_kb: $y0 -> $y1 ($(( (y1-y0)*1024/10000 )) bytes per connection) young GCs $g0 -> $g1"
