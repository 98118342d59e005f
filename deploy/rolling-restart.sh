#!/usr/bin/env bash
# Restarts every instance of a deploy/local-cluster.sh cluster in turn, without losing a
# message: SIGTERM (the instance goes not-ready, serves through its --drain-delay while
# HAProxy's checks take it out, then stops losslessly), wait for it to exit, start it again with
# the same arguments (same ports), wait until /health/ready answers 200, then give HAProxy
# time to put it back (--settle) before the next one.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/cluster-lib.sh
. "$here/cluster-lib.sh"

usage() {
    cat <<USAGE
Usage: deploy/rolling-restart.sh [--state-dir DIR] [--settle SECONDS]
  --state-dir DIR    the cluster's state (default: \${TMPDIR:-/tmp}/tsserver-cluster)
  --settle SECONDS   wait after an instance is ready, so HAProxy's rise x inter checks put it
                     back before the next one goes (default: 3)
Runs the jar the cluster was started with (local-cluster.sh --jar; by default the built
server-app/target/tsserver.jar). Prints one line per step; exit 0 once every instance is back.
USAGE
}

state_dir=${TMPDIR:-/tmp}/tsserver-cluster
settle=3
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --state-dir) state_dir=${2:?--state-dir needs DIR}; shift 2 ;;
        --settle) settle=${2:?--settle needs SECONDS}; shift 2 ;;
        *) usage >&2; exit 2 ;;
    esac
done
[ -f "$state_dir/instances" ] || die "no cluster state in $state_dir (start one with deploy/local-cluster.sh)"
jar=$(cat "$state_dir/jar")
stop_limit=$(( $(cat "$state_dir/drain-delay") + 15 ))

mapfile -t instances <"$state_dir/instances"
for entry in "${instances[@]}"; do
    read -r name port admin <<<"$entry"
    pid=$(cat "$state_dir/$name.pid")
    runs_ours "$pid" "$jar" || die "$name: PID $pid is not the instance this cluster started"
    log "$name: SIGTERM to PID $pid"
    began=$(date +%s%N)
    stop_pid "$pid" "$jar" "$stop_limit" || die "$name did not exit within $stop_limit s"
    log "$name: exited after $(( ($(date +%s%N) - began) / 1000000 )) ms"
    start_instance "$state_dir" "$name"
    await_line "$state_dir" "$name" "^listening on tcp://127\.0\.0\.1:$port" >/dev/null
    await_ready "$admin" "$name"
    log "$name: PID $(cat "$state_dir/$name.pid") ready on tcp://127.0.0.1:$port after $(( ($(date +%s%N) - began) / 1000000 )) ms"
    sleep "$settle"
done
log "every instance restarted"
