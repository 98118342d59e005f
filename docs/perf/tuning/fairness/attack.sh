#!/bin/bash
# attack.sh LABEL JAR [PEERS] [SECONDS] [JVM opts...]: slow-readers attack against one server, prints the polite client's figures and VmHWM
label=$1; jar=$2; peers=${3:-1000}; secs=${4:-15}; shift 4
dir=${OUT:-/tmp/fairperf}; mkdir -p $dir; log=$dir/attack.$label.log
scripts=$(cd "$(dirname "$0")/../../../../benchmarks/scripts" && pwd)
java "$@" -jar $jar --port 0 >$log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(cd $scripts && timeout 120 java Attack.java slow-readers $port $peers $secs 2>&1)
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
kill -TERM $pid; for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
echo "== $label $(uptime | sed 's/.*load/load/') VmHWM=$((hwm/1024))MB server_cpu_s=$(( (cpu1-cpu0)/100 ))"
echo "$out" | grep -v "^slow round trip" | tail -6
