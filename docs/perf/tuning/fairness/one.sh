#!/bin/bash
# one.sh LABEL "jar [opts]" CODEC [loadgen args...]: one server pinned to core 1, loadgen on core 0.
# JFR=1: record with fast.jfc (1 ms samples); PERF=1: count syscalls. JOPTS: extra JVM options.
label=$1; cmd=$2; codec=$3; shift 3
args=${*:-"-m line -c 50 -w 16 -s 64 -W 2 -d 5"}
here=$(cd "$(dirname "$0")" && pwd)
dir=${OUT:-/tmp/fairperf}; mkdir -p $dir; log=$dir/one.$label.log
if [ "${JFR:-0}" = 1 ] && [ ! -f $dir/fast.jfc ]; then  # JDK's profile settings with 1 ms execution samples
  jh=$(dirname $(dirname $(readlink -f $(which java))))
  sed '/<event name="jdk.ExecutionSample">/,/<\/event>/s#<setting name="period"\([^>]*\)>[^<]*<#<setting name="period"\1>1 ms<#' $jh/lib/jfr/profile.jfc >$dir/fast.jfc
fi
jfropt=""
[ "${JFR:-0}" = 1 ] && jfropt="-XX:StartFlightRecording=filename=$dir/$label.jfr,settings=$dir/fast.jfc"
jvmo=""; jarp=""; for w in $cmd; do case $w in -*) jvmo="$jvmo $w";; *) jarp="$jarp $w";; esac; done
( eval "exec taskset -c 1 java $jfropt ${JOPTS:-} $jvmo -jar $jarp --codec $codec --port 0" ) >$log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
if [ "${PERF:-0}" = 1 ]; then
  perf stat -e syscalls:sys_enter_epoll_wait,syscalls:sys_enter_write,syscalls:sys_enter_read -p $pid -o $dir/perf.$label.txt & perfpid=$!
fi
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(taskset -c ${LGCPU:-0} ${BENCH:-/tmp/bench}/loadgen/loadgen -p $port $args -x $pid 2>&1 | grep RESULT)
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
sc=""
if [ "${PERF:-0}" = 1 ]; then kill -INT $perfpid; wait $perfpid
  sc=$(grep -E "syscalls" $dir/perf.$label.txt | awk '{gsub(",","",$1); sub("syscalls:sys_enter_","",$2); printf "%s=%s ", $2, $1}'); fi
[ "${JFR:-0}" = 1 ] && jcmd $pid JFR.dump name=1 filename=$dir/$label.jfr >/dev/null
kill -TERM $pid; for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
replies=$(echo $out | grep -oE ' replies=[0-9]+' | cut -d= -f2)
persc=$(for kv in $sc; do k=${kv%=*}; v=${kv#*=}; awk -v k=$k -v v=$v -v r=$replies 'BEGIN{printf "%s/msg=%.3f ", k, v/r}'; done)
al=""
[ "${JFR:-0}" = 1 ] && al=$(python3 $here/alloc.py $dir/$label.jfr $replies)
echo "$label $al us/reply=$(awk -v c=$(( (cpu1-cpu0)*10 )) -v r=$replies 'BEGIN{printf "%.3f", c*1000/r}') $persc $(echo $out | grep -oE '(msgs_per_s|p50_us|p99_us|errors|server_cpu_pct|other_cpu_pct)=[^ ]+' | sort -u | tr '\n' ' ')"
