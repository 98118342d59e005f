#!/bin/bash
# det.sh ROUNDS "label=jar [jvm opts]"...: deterministic per-message counts (write/read syscalls, I/O-thread allocation) for line-50c and length-50c, interleaved
rounds=$1; shift
for r in $(seq $rounds); do
  for spec in "$@"; do
    label=${spec%%=*}; jar=${spec#*=}
    PERF=1 JFR=1 $(dirname "$0")/one.sh $label-line "$jar" line -m line -c 50 -w 16 -s 64 -W 2 -d 5
    PERF=1 JFR=1 $(dirname "$0")/one.sh $label-length "$jar" length -m length -P 4 -c 50 -w 16 -s 64 -W 2 -d 5
  done
done
