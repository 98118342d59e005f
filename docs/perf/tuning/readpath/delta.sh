#!/bin/bash
# delta.sh LABEL "server cmd": line-1k load (1000 connections, 1 in flight, 64 B, closed loop) twice on fresh servers,
# -d 2 and -d 8 (-W 1); per-message figures are differences between the two runs divided by the difference in replies,
# so start-up, JIT warm-up, connects and closes cancel out. Server pinned to core 1, loadgen to core 0.
# Counts: system calls of the server from all its connections being up to the end (perf stat, attached once loadgen
# printed "connected"), server CPU over the same span (/proc), I/O-thread allocation (JFR ThreadAllocationStatistics).
here=$(cd "$(dirname "$0")" && pwd); label=$1; cmd=$2
out=${OUT:-/tmp/readpath}/delta; mkdir -p $out
run() { # $1 = duration; prints "replies cpu_ticks alloc read write epoll_wait other_syscalls"
  local d=$1 log=$out/$label.$1.log lgout=$out/$label.$1.lg
  local jfr=""; case "$cmd" in java*) jfr="-XX:StartFlightRecording=settings=$here/alloc.jfc,filename=$out/$label.$d.jfr";; esac
  ( eval "exec taskset -c 1 ${cmd/java /java $jfr } --codec line --port 0" ) >$log 2>&1 &
  local pid=$! port=""
  for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
  ( timeout 60 taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 1000 -w 1 -s 64 -W 1 -d $d -x $pid > $lgout 2>&1 ) & local lg=$!
  for i in $(seq 200); do grep -q "^connected" $lgout 2>/dev/null && break; sleep 0.05; done
  perf stat -e 'syscalls:sys_enter_*' -p $pid -o $out/perf.$label.$d.txt & local pf=$!
  local c0=$(awk '{print $14+$15}' /proc/$pid/stat)
  for t in /proc/$pid/task/*; do echo "${t##*/} $(cat $t/comm 2>/dev/null | tr ' ' _) $(awk '{print $14+$15}' $t/stat 2>/dev/null) $(awk '/ctxt_switches/{s+=$2} END{print s}' $t/status 2>/dev/null)"; done > $out/threads0.$label.$d
  wait $lg
  for t in /proc/$pid/task/*; do echo "${t##*/} $(cat $t/comm 2>/dev/null | tr ' ' _) $(awk '{print $14+$15}' $t/stat 2>/dev/null) $(awk '/ctxt_switches/{s+=$2} END{print s}' $t/status 2>/dev/null)"; done > $out/threads1.$label.$d
  local c1=$(awk '{print $14+$15}' /proc/$pid/stat)
  kill -INT $pf; wait $pf
  [ -n "$jfr" ] && jcmd $pid JFR.dump filename=$out/$label.$d.jfr >/dev/null 2>&1
  kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
  local replies=$(grep -oE ' replies=[0-9]+' $lgout | cut -d= -f2)
  local alloc=0
  [ -n "$jfr" ] && alloc=$(jfr print --events jdk.ThreadAllocationStatistics $out/$label.$d.jfr | python3 -c '
import re,sys
m={}
for e in sys.stdin.read().split("jdk.ThreadAllocationStatistics {")[1:]:
    th=re.search(r"thread = \"([^\"]*)\".*?\(javaThreadId = (\d+)\)",e,re.S)
    if not th or not th.group(1).startswith("pool-"): continue
    a=re.search(r"allocated = ([\d\.]+) (\w+)",e)
    v=float(a.group(1))*{"bytes":1,"kB":1024,"MB":1024**2,"GB":1024**3}[a.group(2)]
    m[th.group(2)]=max(m.get(th.group(2),0),v)
print(int(sum(m.values())))')
  local sc=$(awk '/syscalls:sys_enter_/ {gsub(",","",$1); n=$2; sub("syscalls:sys_enter_","",n); if (n=="read") r=$1; else if (n=="write") w=$1; else if (n=="epoll_wait"||n=="epoll_pwait") e+=$1; else o+=$1} END{print r+0, w+0, e+0, o+0}' $out/perf.$label.$d.txt)
  echo "$replies $((c1-c0)) $alloc $sc $(grep -oE 'other_cpu_pct=[0-9]+' $lgout)"
}
a=($(run 2)); b=($(run 8))
echo "$label short: ${a[*]}  long: ${b[*]}" >> $out/raw.txt
echo "  threads $(ls /proc/self/task >/dev/null; wc -l < $out/threads1.$label.8); busy ones in the 8 s run (name cpu_ticks ctx_switches):" \
  "$(awk 'NR==FNR{c[$1]=$3; x[$1]=$4; next} {dc[$2]+=$3-c[$1]; dx[$2]+=$4-x[$1]} END{for (k in dc) if (dc[k]>0||dx[k]>50) printf "%s %d %d; ", k, dc[k], dx[k]}' $out/threads0.$label.8 $out/threads1.$label.8)"
awk -v l=$label -v r1=${a[0]} -v r2=${b[0]} -v c1=${a[1]} -v c2=${b[1]} -v a1=${a[2]} -v a2=${b[2]} \
    -v rd1=${a[3]} -v rd2=${b[3]} -v w1=${a[4]} -v w2=${b[4]} -v e1=${a[5]} -v e2=${b[5]} -v o1=${a[6]} -v o2=${b[6]} -v oc="${a[7]} ${b[7]}" 'BEGIN{
  d=r2-r1; printf "%-8s msgs=%d  cpu_us/msg=%.1f  alloc_B/msg=%.0f  read/msg=%.3f  write/msg=%.3f  epoll_wait/msg=%.4f  other_syscalls/msg=%.3f  (%s)\n",
  l, d, (c2-c1)*10000/d, (a2-a1)/d, (rd2-rd1)/d, (w2-w1)/d, (e2-e1)/d, (o2-o1)/d, oc}'
