#!/bin/bash
# connect-threads.sh LABEL "server cmd": one server pinned to core 1; two rounds of 10,000 connects (idle-10k load, 1 s);
# per-thread CPU ms and context switches for round 1 (cold: JIT included) and round 2 (warm), listen overflows per round
label=$1; cmd=$2; shift 2
args=${*:-"-m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 1"}
D=${OUT:-/tmp/connect-rate}; mkdir -p $D; log=$D/$label.log
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$log 2>$log.err &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 1
snap() { for t in /proc/$pid/task/*; do echo "$(basename $t) $(awk '{print $14+$15}' $t/stat) $(awk '/ctxt_switches/{s+=$2} END{print s}' $t/status) $(cat $t/comm | tr ' ' _)"; done | sort; }
ovf() { awk 'NR==2{print $0}' <(grep TcpExt /proc/net/netstat) | awk -v h="$(grep -m1 TcpExt /proc/net/netstat)" 'BEGIN{n=split(h,a," ")} {for(i=1;i<=n;i++) if(a[i]=="ListenOverflows") print $i}'; }
for r in 1 2; do
  snap > $D/$label.r$r.t0; o0=$(ovf)
  out=$(taskset -c 0 /tmp/bench/loadgen/loadgen -p $port $args -x $pid 2>&1 | grep RESULT)
  snap > $D/$label.r$r.t1; o1=$(ovf)
  echo "$label round $r overflows=$((o1-o0)) $(echo $out | grep -oE '(msgs|p99_us|connect_ms|server_cpu_pct|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
  join -a2 -e0 -o 0,1.2,1.3,2.2,2.3,2.4 $D/$label.r$r.t0 $D/$label.r$r.t1 | awk '{d=$4-$2; c=$5-$3; tc+=d; tcs+=c; if(d>1||c>20) printf "  %s/%s cpu_ms=%d cs=%d\n",$6,$1,d*10,c} END{printf "  TOTAL cpu_ms=%d cs=%d\n",tc*10,tcs}'
  sleep 2
done
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
