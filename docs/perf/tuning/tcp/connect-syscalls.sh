#!/bin/bash
# connect-syscalls.sh LABEL "server cmd" [loadgen args]: server pinned to core 1 (under perf stat, all threads, whole life),
# loadgen on core 0; per-thread CPU and context switches over the loadgen run; syscall counts over the server's life
label=$1; cmd=$2; shift 2
args=${*:-"-m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 2"}
D=${OUT:-/tmp/connect-rate}; mkdir -p $D; log=$D/$label.log
EV=$(for s in accept4 accept epoll_ctl epoll_wait write read futex setsockopt getsockopt getsockname fcntl ioctl writev sched_yield mprotect madvise; do printf 'syscalls:sys_enter_%s,' $s; done)
( eval "exec perf stat -e ${EV%,} -o $D/$label.perf -- taskset -c 1 $cmd --codec line --port 0" ) >$log 2>$log.err &
ppid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
pid=$(pgrep -P $ppid | head -1)
sleep 1
snap() { for t in /proc/$pid/task/*; do echo "$(cat $t/comm | tr ' ' _)_$(basename $t) $(awk '{print $14+$15}' $t/stat) $(awk '/ctxt_switches/{s+=$2} END{print s}' $t/status)"; done; }
snap > $D/$label.t0
[ -n "$JFR" ] && jcmd $pid JFR.start settings=profile filename=$D/$label.jfr >/dev/null
out=$(taskset -c 0 /tmp/bench/loadgen/loadgen -p $port $args -x $pid 2>&1 | grep RESULT)
[ -n "$JFR" ] && jcmd $pid JFR.stop >/dev/null
snap > $D/$label.t1
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $ppid 2>/dev/null
join -a2 -e0 -o 0,1.2,1.3,2.2,2.3 <(sort $D/$label.t0) <(sort $D/$label.t1) 2>/dev/null | awk '{d=$4-$2; c=$5-$3; tc+=d; tcs+=c; if(d>1||c>20) printf "  %s cpu_ms=%d cs=%d\n",$1,d*10,c} END{printf "  TOTAL cpu_ms=%d cs=%d\n",tc*10,tcs}' 
echo "$label $(grep syscalls $D/$label.perf | awk '{gsub(",","",$1); sub("syscalls:sys_enter_","",$2); if ($1>0) printf "%s=%s ", $2, $1}') $(echo $out | grep -oE '(msgs|p99_us|connect_ms|errors|server_cpu_pct|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
