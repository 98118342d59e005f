#!/usr/bin/env bash
# udp-alloc-per-reply.sh NAME "java opts" [JAR]: a udp-50c load for 8 s under JFR; prints replies and the
# bytes the UDP listener thread allocated per reply (jdk.ThreadAllocationStatistics, exact) and the
# sampled allocations by class (jdk.ObjectAllocationSample, rough)
set -u
N=$1; JAR=${3:-server-app/target/tsserver.jar}; JAR=$(realpath "$JAR")
OUT=${OUT:-/tmp/udpperf}; mkdir -p "$OUT"; cd "$OUT"
java -XX:StartFlightRecording=filename=$OUT/$N.jfr,settings=profile $2 -jar "$JAR" --transport udp --port 0 > $N.log 2>&1 &
S=$!
for i in $(seq 100); do grep -q listening $N.log && break; sleep 0.1; done
P=$(grep -o 'udp://[^ ]*' $N.log | sed 's/.*://')
${LOADGEN:-/tmp/bench/loadgen/loadgen} -p $P -m udp -c 50 -w 16 -s 64 -W 2 -d 8 -x $S > $N.lg 2>&1
jcmd $S JFR.dump name=1 filename=$OUT/$N.jfr > /dev/null
kill $S; wait $S 2>/dev/null
R=$(grep -o "replies=[0-9]*" $N.lg | cut -d= -f2)
jfr print --events jdk.ObjectAllocationSample $N.jfr | python3 -c "
import sys,re
tot=0; per={}
ev=sys.stdin.read().split('jdk.ObjectAllocationSample')[1:]
for e in ev:
    if 'tsserver-udp' not in e: continue
    m=re.search(r'weight = ([\d.]+) (\w+)',e); c=re.search(r'objectClass = ([\w.\$\[\]]+)',e)
    v=float(m.group(1))*{'bytes':1,'kB':1e3,'MB':1e6,'GB':1e9}[m.group(2)]
    tot+=v; per[c.group(1)]=per.get(c.group(1),0)+v
print('$N replies=$R udp-thread bytes allocated per reply=%.0f' % (tot/int('$R')))
for k,v in sorted(per.items(), key=lambda x:-x[1])[:8]: print('   %6.1f B  %s' % (v/int('$R'), k))
"
jfr print --events jdk.ThreadAllocationStatistics $N.jfr | grep -A0 'tsserver-udp' -B1 | grep -o "allocated = [0-9.]* [kMG]*B" | tail -1 \
  | awk -v r=$R -v n=$N '{m=($4=="kB")?1e3:($4=="MB")?1e6:($4=="GB")?1e9:1; printf "%s: the UDP thread allocated %s %s = %.0f B per reply (warm-up included)\n", n, $3, $4, $3*m/r}'
