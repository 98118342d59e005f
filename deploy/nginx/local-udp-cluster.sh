#!/usr/bin/env bash
# N TS Server instances with UDP listeners on loopback and nginx (stream module) in front of them,
# configured from deploy/nginx/nginx-udp.conf. Everything runs unprivileged-style from a state
# directory; only the processes this script started (PIDs recorded there) are ever signalled.
#
#   deploy/nginx/local-udp-cluster.sh start N      start N instances and nginx, print the front
#   deploy/nginx/local-udp-cluster.sh restart I    SIGTERM instance I (1..N), start it again on
#                                                  the same port, wait until it is ready
#   deploy/nginx/local-udp-cluster.sh stop         stop nginx and every instance started
#   deploy/nginx/local-udp-cluster.sh N            same as `start N`
#
# Environment: TSUDP_STATE_DIR (default /tmp/tsserver-udp-cluster), TSSERVER_JAR (default
# server-app/target/tsserver.jar), TSUDP_FRONT_PORT (default: a free port), TSSERVER_ARGS (more
# options for every instance, e.g. "--protocol echo"), NGINX (default: nginx on PATH or
# /usr/sbin/nginx). Needs Java 17+ and nginx with the stream module (Debian: nginx
# libnginx-mod-stream).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${TSUDP_STATE_DIR:-/tmp/tsserver-udp-cluster}"
jar="${TSSERVER_JAR:-$repo/server-app/target/tsserver.jar}"
template="$here/nginx-udp.conf"
ready_wait_seconds=30
stop_wait_seconds=10

die() { echo "local-udp-cluster: $*" >&2; exit 1; }

find_nginx() {
    if [ -n "${NGINX:-}" ]; then echo "$NGINX"; return; fi
    command -v nginx 2>/dev/null && return
    [ -x /usr/sbin/nginx ] && { echo /usr/sbin/nginx; return; }
    die "nginx not found: apt-get install -y nginx libnginx-mod-stream"
}

# The load_module line for a dynamic stream module, nothing when it is built in.
stream_module_line() {
    local nginx="$1" module
    for module in /usr/lib/nginx/modules/ngx_stream_module.so /usr/lib64/nginx/modules/ngx_stream_module.so \
                  /etc/nginx/modules/ngx_stream_module.so; do
        if [ -f "$module" ]; then echo "load_module $module;"; return; fi
    done
    if "$nginx" -V 2>&1 | grep -q -- '--with-stream\( \|$\)'; then echo ""; return; fi
    die "nginx has no stream module: apt-get install -y libnginx-mod-stream"
}

# Is PID still the process we started (not a recycled PID)?
is_ours() {
    local pid="$1" marker="$2"
    [ -n "$pid" ] && { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -q -- "$marker"
}

# SIGTERM one recorded PID and wait (bounded) for it to go.
stop_pid() {
    local pidfile="$1" marker="$2" pid i
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    if is_ours "$pid" "$marker"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < stop_wait_seconds * 10; i++)); do
            is_ours "$pid" "$marker" || break
            sleep 0.1
        done
        if is_ours "$pid" "$marker"; then
            echo "local-udp-cluster: PID $pid still running after ${stop_wait_seconds}s, sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

# Start instance I on PORT (0: a free one); prints the port it bound.
start_instance() {
    local i="$1" port="$2" pid line n
    local out="$state/instance-$i.out"
    # shellcheck disable=SC2086 # TSSERVER_ARGS is a list of options
    java -jar "$jar" --listen "udp://127.0.0.1:$port" ${TSSERVER_ARGS:-} >"$out" 2>"$state/instance-$i.log" </dev/null &
    pid=$!
    echo "$pid" >"$state/instance-$i.pid"
    for ((n = 0; n < ready_wait_seconds * 10; n++)); do
        line="$(grep -m1 -o 'listening on udp://127\.0\.0\.1:[0-9]*' "$out" 2>/dev/null || true)"
        if [ -n "$line" ]; then echo "${line##*:}"; return; fi
        kill -0 "$pid" 2>/dev/null || die "instance $i exited: $(tail -n 3 "$state/instance-$i.log")"
        sleep 0.1
    done
    die "instance $i not ready within ${ready_wait_seconds}s (see $state/instance-$i.log)"
}

free_udp_port() {
    python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || die "set TSUDP_FRONT_PORT (python3 is not there to find a free port)"
}

cmd_start() {
    local count="$1" nginx module front_port i port servers=""
    [[ "$count" =~ ^[1-9][0-9]?$ ]] || die "N must be 1..99, not '$count'"
    [ -f "$jar" ] || die "$jar not found: build it first (mvn -B -q -pl server-app -am package -DskipTests)"
    [ ! -f "$state/nginx.master.pid" ] || die "already running from $state: run '$0 stop' first"
    nginx="$(find_nginx)"
    module="$(stream_module_line "$nginx")"
    mkdir -p "$state"
    for ((i = 1; i <= count; i++)); do
        port="$(start_instance "$i" 0)"
        echo "$port" >"$state/instance-$i.port"
        servers+="127.0.0.1:$port "
    done
    front_port="${TSUDP_FRONT_PORT:-$(free_udp_port)}"
    # One `server @INSTANCE@ ...` line per instance; everything else as the template says.
    awk -v servers="$servers" -v module="$module" -v state="$state" -v front="127.0.0.1:$front_port" '
        /@INSTANCE@/ { n = split(servers, s, " "); for (k = 1; k <= n; k++) { line = $0; sub(/@INSTANCE@/, s[k], line); print line }; next }
        { gsub(/@STREAM_MODULE_LINE@/, module); gsub(/@STATE_DIR@/, state); gsub(/@FRONT@/, front); print }
    ' "$template" >"$state/nginx.conf"
    "$nginx" -t -q -p "$state" -e "$state/error.log" -c "$state/nginx.conf" \
        || die "nginx rejected $state/nginx.conf"
    "$nginx" -p "$state" -e "$state/error.log" -c "$state/nginx.conf" -g 'daemon off;' \
        >"$state/nginx.out" 2>&1 </dev/null &
    echo $! >"$state/nginx.master.pid"
    # Ready once its pid file names the master (written after the sockets are bound).
    for ((i = 0; i < ready_wait_seconds * 10; i++)); do
        [ "$(cat "$state/nginx.pid" 2>/dev/null)" = "$(cat "$state/nginx.master.pid")" ] && break
        kill -0 "$(cat "$state/nginx.master.pid")" 2>/dev/null || die "nginx exited: $(tail -n 3 "$state/error.log")"
        sleep 0.1
    done
    echo "127.0.0.1:$front_port" >"$state/front"
    echo "instances: $servers"
    echo "front: udp://127.0.0.1:$front_port"
}

cmd_restart() {
    local i="$1" port
    [ -f "$state/instance-$i.port" ] || die "no instance $i in $state"
    port="$(cat "$state/instance-$i.port")"
    stop_pid "$state/instance-$i.pid" "$jar"
    start_instance "$i" "$port" >/dev/null
    echo "instance $i ready again on udp://127.0.0.1:$port"
}

cmd_stop() {
    local pidfile
    stop_pid "$state/nginx.master.pid" nginx
    for pidfile in "$state"/instance-*.pid; do
        [ -e "$pidfile" ] && stop_pid "$pidfile" "$jar"
    done
    rm -f "$state/front" "$state"/instance-*.port
    echo "stopped (logs kept in $state)"
}

case "${1:-}" in
    start) cmd_start "${2:-}" ;;
    restart) cmd_restart "${2:-}" ;;
    stop) cmd_stop ;;
    [0-9]*) cmd_start "$1" ;;
    *) echo "usage: $0 start N | restart I | stop" >&2; exit 2 ;;
esac
