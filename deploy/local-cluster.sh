#!/usr/bin/env bash
# A local cluster for trying out a rolling restart: N TS Server instances on loopback behind
# HAProxy. See usage below and docs/deploy.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/cluster-lib.sh
. "$here/cluster-lib.sh"

usage() {
    cat <<USAGE
Usage: deploy/local-cluster.sh [start] N [--drain-delay SECONDS] [--state-dir DIR] [--jar FILE]
                               [--front-port PORT] [--haproxy-config TEMPLATE] [-- SERVER_OPTION...]
       deploy/local-cluster.sh stop [--state-dir DIR]

start: runs N instances of the server jar on 127.0.0.1 (ports chosen free), each with
  --admin on a free port, --proxy-protocol v2 trusting 127.0.0.0/8 and --drain-delay
  (default 5 s), then HAProxy in front (haproxy on PATH), its configuration built from
  deploy/haproxy/haproxy.cfg with only the bind and server lines replaced. Prints the
  front address as "front tcp://127.0.0.1:PORT". Options after -- go to every instance.
stop: stops HAProxy and every instance this directory recorded, by PID (SIGTERM, then
  SIGKILL after drain delay + 15 s). Logs stay in the state directory.

  --jar FILE       the server to run (default: server-app/target/tsserver.jar, built by
                   mvn -B package; the distribution's lib/tsserver.jar works too)
  --state-dir DIR  PIDs, arguments and logs (default: \${TMPDIR:-/tmp}/tsserver-cluster)
  --haproxy-config TEMPLATE  another template (default: deploy/haproxy/haproxy.cfg)
  JAVA_HOME, JAVA_OPTS are honoured.
Then: deploy/rolling-restart.sh --state-dir DIR restarts every instance in turn.
USAGE
}

command=start
if [ "${1:-}" = start ] || [ "${1:-}" = stop ]; then
    command=$1
    shift
fi
count=
drain_delay=5
state_dir=${TMPDIR:-/tmp}/tsserver-cluster
jar=$(cd "$here/.." && pwd)/server-app/target/tsserver.jar
front_port=
template=$here/haproxy/haproxy.cfg
server_options=()
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --drain-delay) drain_delay=${2:?--drain-delay needs SECONDS}; shift 2 ;;
        --state-dir) state_dir=${2:?--state-dir needs DIR}; shift 2 ;;
        --jar) jar=${2:?--jar needs FILE}; shift 2 ;;
        --front-port) front_port=${2:?--front-port needs PORT}; shift 2 ;;
        --haproxy-config) template=${2:?--haproxy-config needs FILE}; shift 2 ;;
        --) shift; server_options=("$@"); break ;;
        [0-9]*) count=$1; shift ;;
        *) usage >&2; exit 2 ;;
    esac
done

stop_cluster() {
    local dir=$1 name port admin limit
    limit=$(( $(cat "$dir/drain-delay" 2>/dev/null || echo 0) + 15 ))
    if [ -f "$dir/haproxy.pid" ]; then
        stop_pid "$(cat "$dir/haproxy.pid")" "$dir/haproxy.cfg" 10 || true
        rm -f "$dir/haproxy.pid"
    fi
    if [ -f "$dir/instances" ]; then
        # Every instance at once: each drains for the delay in parallel.
        local -a pids=()
        while read -r name port admin; do
            [ -f "$dir/$name.pid" ] || continue
            stop_pid "$(cat "$dir/$name.pid")" "$(cat "$dir/jar")" "$limit" &
            pids+=($!)
        done <"$dir/instances"
        for pid in "${pids[@]}"; do
            wait "$pid" || true
        done
        while read -r name port admin; do
            rm -f "$dir/$name.pid"
        done <"$dir/instances"
    fi
    log "stopped the cluster of $dir"
}

if [ "$command" = stop ]; then
    [ -d "$state_dir" ] || die "no cluster state in $state_dir"
    stop_cluster "$state_dir"
    exit 0
fi

[[ "$count" =~ ^[1-9][0-9]*$ ]] || { usage >&2; exit 2; }
[[ "$drain_delay" =~ ^[0-9]+$ ]] || die "--drain-delay must be whole seconds, was '$drain_delay'"
[ -f "$jar" ] || die "no server jar at $jar: build it with mvn -B package -DskipTests, or give --jar"
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$haproxy" ] || die "haproxy not found: apt-get install -y haproxy"
if [ -f "$state_dir/haproxy.pid" ] && alive "$(cat "$state_dir/haproxy.pid")"; then
    die "a cluster already runs from $state_dir: stop it first (deploy/local-cluster.sh stop --state-dir $state_dir)"
fi
mkdir -p "$state_dir"
state_dir=$(cd "$state_dir" && pwd)
rm -f "$state_dir"/instances "$state_dir"/*.pid "$state_dir"/*.starts "$state_dir"/*.log "$state_dir"/*.out
echo "${JAVA_HOME:+$JAVA_HOME/bin/}java" >"$state_dir/java"
(cd "$(dirname "$jar")" && echo "$(pwd)/$(basename "$jar")") >"$state_dir/jar"
echo "$drain_delay" >"$state_dir/drain-delay"

# Started with port 0 (the kernel picks a free port), then recorded with the port it got, so a
# restart binds the same address HAProxy knows.
started_ok=false
trap '$started_ok || stop_cluster "$state_dir"' EXIT
write_args() { # NAME PORT ADMIN_PORT
    printf '%s\n' --host 127.0.0.1 --port "$2" --admin "127.0.0.1:$3" --proxy-protocol v2 \
        --proxy-trusted 127.0.0.0/8 --drain-delay "$drain_delay" ${server_options[@]+"${server_options[@]}"} \
        >"$state_dir/$1.args"
}
for i in $(seq 1 "$count"); do
    write_args "ts$i" 0 0
    start_instance "$state_dir" "ts$i"
done
for i in $(seq 1 "$count"); do
    name=ts$i
    port=$(await_line "$state_dir" "$name" '^listening on tcp://127\.0\.0\.1:[0-9]+' | sed -E 's/.*:([0-9]+).*/\1/')
    admin=$(await_line "$state_dir" "$name" '^admin on http://127\.0\.0\.1:[0-9]+' | sed -E 's/.*:([0-9]+)$/\1/')
    await_ready "$admin" "$name"
    write_args "$name" "$port" "$admin"
    echo "$name $port $admin" >>"$state_dir/instances"
    log "$name: PID $(cat "$state_dir/$name.pid"), tcp://127.0.0.1:$port, admin http://127.0.0.1:$admin"
done

# HAProxy cannot report a port it picked: try free-looking ports until one binds.
for _ in 1 2 3 4 5; do
    port=${front_port:-$((20000 + RANDOM % 30000))}
    if [ -z "$front_port" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        continue # something listens there
    fi
    awk -v front="127.0.0.1:$port" -v instances="$state_dir/instances" '
        /^[[:space:]]*bind[[:space:]]/ { print "    bind " front; next }
        /^[[:space:]]*server[[:space:]]/ { next }
        { print }
        /^[[:space:]]*# servers/ {
            while ((getline line < instances) > 0) {
                split(line, f, " ")
                print "    server " f[1] " 127.0.0.1:" f[2] " check port " f[3]
            }
        }' "$template" >"$state_dir/haproxy.cfg"
    "$haproxy" -c -q -f "$state_dir/haproxy.cfg" || die "generated $state_dir/haproxy.cfg is invalid"
    nohup "$haproxy" -db -f "$state_dir/haproxy.cfg" >"$state_dir/haproxy.log" 2>&1 </dev/null &
    echo $! >"$state_dir/haproxy.pid"
    waited=0
    while alive "$(cat "$state_dir/haproxy.pid")" && [ $waited -lt 100 ]; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "127.0.0.1:$port" >"$state_dir/front"
            started_ok=true
            log "haproxy: PID $(cat "$state_dir/haproxy.pid"), state in $state_dir"
            echo "front tcp://127.0.0.1:$port"
            exit 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    stop_pid "$(cat "$state_dir/haproxy.pid")" "$state_dir/haproxy.cfg" 5 || true
    [ -z "$front_port" ] || break
done
die "haproxy did not start: $(tail -n 3 "$state_dir/haproxy.log")"
