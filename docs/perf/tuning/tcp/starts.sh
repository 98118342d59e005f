#!/bin/bash
# starts.sh JAR N: start the server N times pinned to core 1, print ms to the ready line (30 s cap)
for i in $(seq $2); do s=$(date +%s%N); ( exec taskset -c 1 java -jar $1 --codec line --port 0 > /tmp/idlemem/st.log 2>&1 ) & p=$!; ok=no; for j in $(seq 600); do grep -q "listening on" /tmp/idlemem/st.log && { ok=yes; break; }; sleep 0.05; done; e=$(date +%s%N); echo "$i $ok $(( (e-s)/1000000 ))ms"; [ $ok = no ] && { jstack $p > /tmp/idlemem/hang.$i.txt 2>&1; cp /tmp/idlemem/st.log /tmp/idlemem/hang.$i.log; }; kill -TERM $p; wait $p; done
