#!/bin/bash
# conn.sh LABEL "server cmd" [loadgen args...]: one server pinned to core 1, loadgen on core 0, prints RESULT fields
label=$1; cmd=$2; shift 2
args=${*:-"-m line -c 10000 -w 16 -s 64 -R 50000 -H -W 1 -d 2"}
log=/tmp/perftcp/conn.$label.log
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
cs0=$(cat /proc/$pid/task/*/status | awk '/ctxt_switches/{s+=$2} END{print s}')
perf stat -e syscalls:sys_enter_accept,syscalls:sys_enter_accept4,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_write,syscalls:sys_enter_read -p $pid -o /tmp/perftcp/perf.$label.txt & perfpid=$!
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
rss0=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
out=$(taskset -c 0 /tmp/bench/loadgen/loadgen -p $port $args -x $pid 2>&1 | grep RESULT)
cs1=$(cat /proc/$pid/task/*/status | awk '/ctxt_switches/{s+=$2} END{print s}')
kill -INT $perfpid; wait $perfpid
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
sc=$(grep -E "syscalls" /tmp/perftcp/perf.$label.txt | awk '{gsub(",","",$1); sub("syscalls:sys_enter_","",$2); printf "%s=%s ", $2, $1}')
echo "$label ctxsw=$((cs1-cs0)) $sc cpu_ms=$(( (cpu1-cpu0)*10 )) rss0=$((rss0/1024))MB hwm=$((hwm/1024))MB $(echo $out | grep -oE '(msgs_per_s|msgs|sent|p50_us|p99_us|connect_ms|errors|server_cpu_pct|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
