#!/bin/bash
# smaps.sh LABEL "server cmd": which mappings' RSS grows while 10,000 idle connections are opened (idle-10k load)
label=$1; cmd=$2; out=${OUT:-/tmp/idlemem}/smaps.$label; rm -rf $out; mkdir -p $out
( eval "exec taskset -c 1 $cmd --codec line --port 0" ) >$out/server.log 2>&1 &
pid=$!
for i in $(seq 300); do port=$(grep -m1 -oE "listening on tcp://[^ ]+" $out/server.log | sed 's#.*:##'); [ -n "$port" ] && break; sleep 0.1; done
sleep 1; cp /proc/$pid/smaps $out/smaps0
taskset -c 0 /tmp/bench/loadgen/loadgen -p $port -m line -c 10000 -w 1 -s 64 -R 100 -H -W 1 -d 12 -x $pid > $out/loadgen.txt 2>&1 &
lg=$!; sleep 9; cp /proc/$pid/smaps $out/smaps1; wait $lg
kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
python3 - $out/smaps0 $out/smaps1 <<'PY'
import sys,re
def parse(f):
    m={}; cur=None
    for l in open(f):
        if re.match(r'^[0-9a-f]+-[0-9a-f]+ ',l):
            p=l.split(); cur=(p[0].split('-')[0], p[5] if len(p)>5 else '[anon]'); m[cur]=0
        elif l.startswith('Rss:'): m[cur]=int(l.split()[1])
    return m
a,b=parse(sys.argv[1]),parse(sys.argv[2])
tot0=sum(a.values()); tot1=sum(b.values()); print("rss start %d MB held %d MB"%(tot0//1024,tot1//1024))
d=sorted(((b.get(k,0)-a.get(k,0),k,a.get(k,0),b.get(k,0)) for k in set(a)|set(b)),reverse=True)
for x in d[:12]: print("%+8d KB  %s %s (start %d KB, held %d KB)"%(x[0],x[1][0],x[1][1],x[2],x[3]))
PY
