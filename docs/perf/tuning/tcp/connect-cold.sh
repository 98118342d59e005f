#!/bin/bash
# connect-cold.sh LABEL "server cmd" [loadgen args]: fresh server pinned to core 1, one 10,000-connect run (idle-10k load by default);
# prints the listen socket's backlog and the most connections seen waiting in it (ss Recv-Q, sampled every 20 ms;
# backlog + 1 = full, further SYNs dropped), connect_ms, kernel listen overflows and SYN retransmissions during the run, per-thread CPU ms of the server
label=$1; cmd=$2; shift 2
args=${*:-"-m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 1"}
D=${OUT:-/tmp/connect-rate}; mkdir -p $D; log=$D/$label.log
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$log 2>$log.err &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 1
tcpext() { awk -v want="$1" 'NR==1{for(i=1;i<=NF;i++)h[i]=$i} NR==2{for(i=1;i<=NF;i++) if(h[i]==want) print $i}' <(grep TcpExt /proc/net/netstat); }
snap() { for t in /proc/$pid/task/*; do echo "$(basename $t) $(awk '{print $14+$15}' $t/stat) $(cat $t/comm | tr ' ' _)"; done | sort; }
snap > $D/$label.c0; o0=$(tcpext ListenOverflows); s0=$(tcpext TCPSynRetrans)
( maxq=0; while kill -0 $pid 2>/dev/null && [ ! -e $D/$label.stopq ]; do q=$(ss -ltnH "sport = :$port" | awk '{print $2; exit}'); [ -n "$q" ] && [ "$q" -gt "$maxq" ] && maxq=$q; echo $maxq > $D/$label.maxq; sleep 0.02; done ) &
qpid=$!; rm -f $D/$label.stopq
out=$(taskset -c 0 /tmp/bench/loadgen/loadgen -p $port $args -x $pid 2>&1 | grep RESULT)
touch $D/$label.stopq; wait $qpid; rm -f $D/$label.stopq
backlog=$(ss -ltnH "sport = :$port" | awk '{print $3; exit}')
snap > $D/$label.c1; o1=$(tcpext ListenOverflows); s1=$(tcpext TCPSynRetrans)
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
thr=$(join -a2 -e0 -o 0,1.2,2.2,2.3 $D/$label.c0 $D/$label.c1 | awk '{d=($3-$2)*10; t+=d; n=$4; if(n~/Compiler/) j+=d; else if(n~/Async/) a+=d; else if(n~/^-1$|Acceptor|boss/) ac+=d; else if(n~/pool|Nio|Processor|multiThread/) io+=d; else o+=d} END{printf "cpu_ms=%d jit=%d io=%d acceptor=%d appender=%d other=%d", t,j,io,ac,a,o}')
echo "$label backlog=$backlog max_queued=$(cat $D/$label.maxq) overflows_machine_wide=$((o1-o0)) synretrans=$((s1-s0)) $thr $(echo $out | grep -oE '(connect_ms|p99_us|errors|other_cpu_pct)=[^ ]+' | tr '\n' ' ')"
