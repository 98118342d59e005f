#!/usr/bin/env bash
# The figures of docs/deploy.md, reproduced: throughput and p99 direct vs through HAProxy, and
# what a client sees during a rolling restart with and without a drain delay. Loopback only;
# every process it starts is stopped by PID. Needs the built jars (mvn -B package -DskipTests)
# and haproxy. Output: one summary line per case on stdout, details in OUT_DIR.
#   deploy/measure.sh throughput [OUT_DIR]   # about 2 minutes
#   deploy/measure.sh restart [OUT_DIR]      # about 6 minutes
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=deploy/cluster-lib.sh
. "$here/cluster-lib.sh"

what=${1:?usage: deploy/measure.sh throughput|restart [OUT_DIR]}
out=${2:-${TMPDIR:-/tmp}/tsserver-measure}
mkdir -p "$out"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
server_jar=$repo/server-app/target/tsserver.jar
client_jar=$repo/client-app/target/tsclient.jar
if [ ! -f "$server_jar" ] || [ ! -f "$client_jar" ]; then
    die "build the jars first: mvn -B package -DskipTests"
fi
BENCH_SECONDS=${BENCH_SECONDS:-10}
CONNECTIONS=${CONNECTIONS:-9}
PIPELINE=${PIPELINE:-8}

plain_pids=()
cleanup() {
    for pid in ${plain_pids[@]+"${plain_pids[@]}"}; do
        stop_pid "$pid" "$server_jar" 15 || true
    done
    for cluster in "$out"/cluster-*; do
        if [ -d "$cluster" ]; then
            "$here/local-cluster.sh" stop --state-dir "$cluster" >/dev/null 2>&1 || true
        fi
    done
}
trap cleanup EXIT

# start_plain NAME: a server without PROXY protocol on a free port, its PID kept for cleanup.
# Not called in a subshell ($(...)): the PID must reach this shell's list.
start_plain() {
    nohup "$java" -jar "$server_jar" --host 127.0.0.1 --port 0 >"$out/$1.out" 2>"$out/$1.log" </dev/null &
    plain_pids+=($!)
    local waited=0
    until grep -q '^listening on tcp://' "$out/$1.out" 2>/dev/null; do
        [ $waited -lt 600 ] || die "$1 did not start"
        sleep 0.1
        waited=$((waited + 1))
    done
}

port_of() { # NAME: the port a start_plain server printed
    sed -nE 's/^listening on tcp:\/\/127\.0\.0\.1:([0-9]+).*/\1/p' "$out/$1.out" | head -n 1
}

# bench NAME PORT CONNECTIONS [EXTRA...]: runs tsclient bench; keeps its JSON summary.
bench() {
    local name=$1 port=$2 connections=$3
    shift 3
    "$java" -jar "$client_jar" bench --host 127.0.0.1 -p "$port" -c "$connections" -w "$PIPELINE" \
        -W 2 -d "$BENCH_SECONDS" --json "$@" >"$out/$name.json" 2>"$out/$name.err"
}

summary() { # NAME: throughput, p99 and reconnect figures from the JSON summary
    local key line=$1:
    for key in messages msgs_per_s errors reconnects resent longest_gap_ms p99; do
        # p99 first appears under latency_us; errors is the total before its breakdown.
        line="$line $(grep -oE "\"$key\":[0-9.]+" "$out/$1.json" | head -n 1 | tr -d '"')"
    done
    echo "$line"
}

front_of() { sed -E 's/.*:([0-9]+)$/\1/' "$1/front"; }

case $what in
    throughput)
        start_plain direct-1
        bench direct-1 "$(port_of direct-1)" "$CONNECTIONS"
        summary direct-1
        for i in 1 2 3; do
            start_plain "direct-3-$i"
        done
        # Three clients, one per instance, run together: what a client-side spread would give.
        bench_pids=()
        for i in 1 2 3; do
            bench "direct-3-$i" "$(port_of "direct-3-$i")" $((CONNECTIONS / 3)) &
            bench_pids+=($!)
        done
        # Only the benches: a bare `wait` would also wait for the servers, children of this shell.
        for pid in "${bench_pids[@]}"; do
            wait "$pid"
        done
        for i in 1 2 3; do summary "direct-3-$i"; done
        cleanup
        plain_pids=()
        for n in 1 3; do
            "$here/local-cluster.sh" "$n" --state-dir "$out/cluster-$n" --drain-delay 0 >"$out/cluster-$n.start"
            bench "haproxy-$n" "$(front_of "$out/cluster-$n")" "$CONNECTIONS"
            summary "haproxy-$n"
            "$here/local-cluster.sh" stop --state-dir "$out/cluster-$n" >/dev/null
        done
        ;;
    restart)
        # One rolling restart of 3 instances under bench --reconnect, per drain delay and
        # HAProxy template (the shipped one, and one with on-marked-down shutdown-sessions).
        sed 's/ send-proxy-v2 maxconn 10000$/ send-proxy-v2 maxconn 10000 on-marked-down shutdown-sessions/' \
            "$here/haproxy/haproxy.cfg" >"$out/haproxy-shutdown-sessions.cfg"
        grep -q 'on-marked-down shutdown-sessions' "$out/haproxy-shutdown-sessions.cfg" || die "template changed"
        for case in "delay0 0 $here/haproxy/haproxy.cfg" "delay5 5 $here/haproxy/haproxy.cfg" \
                    "delay5-shutdown-sessions 5 $out/haproxy-shutdown-sessions.cfg"; do
            read -r name delay template <<<"$case"
            dir=$out/cluster-$name
            "$here/local-cluster.sh" 3 --state-dir "$dir" --drain-delay "$delay" --haproxy-config "$template" \
                >"$out/$name.start"
            BENCH_SECONDS=${RESTART_BENCH_SECONDS:-90} bench "$name" "$(front_of "$dir")" 6 --reconnect --timeout 20 &
            bench_pid=$!
            sleep 4 # the load runs before the first restart
            "$here/rolling-restart.sh" --state-dir "$dir" >"$out/$name.restart"
            wait "$bench_pid" || echo "$name: bench exit status $? (see $out/$name.err)"
            summary "$name"
            "$here/local-cluster.sh" stop --state-dir "$dir" >/dev/null
        done
        ;;
    *) die "unknown measurement '$what': throughput or restart" ;;
esac
