#!/bin/bash
# sc.sh LABEL "server cmd" loadgen-args: strace -f -c the server during one loadgen run; prints syscall counts and messages answered
label=$1; cmd=$2; shift 2
log=/tmp/perftcp/sc.$label.log
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$log 2>&1 &
pid=$!
for i in $(seq 600); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
strace -f -c -p $pid -o /tmp/perftcp/sc.$label.strace 2>/dev/null & spid=$!
sleep 1
out=$(taskset -c 0 /tmp/bench/loadgen/loadgen -p $port "$@" 2>&1 | grep RESULT)
sleep 1
kill -INT $spid; wait $spid
kill -TERM $pid; for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
msgs=$(grep -oE "[0-9]+ messages" $log | awk '{s+=$1} END{print s+0}')
echo "$label messages=$msgs $(awk '$NF ~ /^(read|write|epoll_wait|epoll_ctl|accept|futex)$/ {printf "%s=%s ", $NF, $4}' /tmp/perftcp/sc.$label.strace) $(echo $out | grep -oE '(connect_ms|errors)=[^ ]+' | tr '\n' ' ')"
