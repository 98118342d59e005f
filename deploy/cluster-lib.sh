# shellcheck shell=bash
# Shared by deploy/local-cluster.sh and deploy/rolling-restart.sh (sourced, not run).
# State directory layout (one cluster per directory):
#   instances            one line per instance: NAME PORT ADMIN_PORT
#   NAME.args            the server's arguments, one per line, with its fixed ports
#   NAME.pid             PID of the running instance
#   NAME.starts          how many times it was started; run K logs to NAME.K.log
#   NAME.out             its stdout (ready lines) of the current run
#   jar, java            what the instances run
#   haproxy.cfg/.pid/.log, front   the balancer and its address
# Every process is stopped by the PID recorded here, and only after checking that the PID
# still runs what we started (PIDs are reused).

# How long to wait for a JVM to start and answer /health/ready (a busy machine is slow).
CLUSTER_START_LIMIT=${CLUSTER_START_LIMIT:-90}

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

log() {
    printf '%s %s\n' "$(date -u +%H:%M:%S.%3N)" "$*"
}

# http_status PORT PATH: the HTTP status of GET http://127.0.0.1:PORT/PATH, or 000.
# Bash's /dev/tcp instead of curl, so the scripts need nothing beyond bash and java.
http_status() {
    local port=$1 path=$2 line status=000
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
        if IFS= read -r -t 5 line <&3; then
            status=$(printf '%s' "$line" | awk '{print $2}')
        fi
        exec 3<&- 3>&-
    fi 2>/dev/null
    printf '%s' "${status:-000}"
}

# alive PID: the process exists and is not a zombie.
alive() {
    local state
    [ -r "/proc/$1/stat" ] || return 1
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

# runs_ours PID MARKER: the process is alive and its command line contains MARKER.
runs_ours() {
    alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# stop_pid PID MARKER LIMIT_SECONDS: SIGTERM, wait up to the limit, then SIGKILL; only if ours.
stop_pid() {
    local pid=$1 marker=$2 limit=$3 waited=0
    runs_ours "$pid" "$marker" || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    while alive "$pid" && [ "$waited" -lt $((limit * 10)) ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if alive "$pid"; then
        echo "$(basename "$0"): PID $pid still running after ${limit} s: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
        return 1
    fi
}

# start_instance DIR NAME: starts NAME with the arguments in DIR/NAME.args; records its PID.
start_instance() {
    local dir=$1 name=$2 starts java jar
    local -a args java_opts
    starts=$(( $(cat "$dir/$name.starts" 2>/dev/null || echo 0) + 1 ))
    echo "$starts" >"$dir/$name.starts"
    java=$(cat "$dir/java")
    jar=$(cat "$dir/jar")
    mapfile -t args <"$dir/$name.args"
    read -ra java_opts <<<"${JAVA_OPTS:-}"
    # The instance outlives this script: its output goes to files, never to our stdout.
    nohup "$java" "${java_opts[@]}" -jar "$jar" "${args[@]}" \
        >"$dir/$name.out" 2>"$dir/$name.$starts.log" </dev/null &
    echo $! >"$dir/$name.pid"
}

# await_line DIR NAME REGEX: prints the first line of NAME.out matching REGEX, within the limit.
await_line() {
    local dir=$1 name=$2 regex=$3 pid line waited=0
    pid=$(cat "$dir/$name.pid")
    while [ "$waited" -lt $((CLUSTER_START_LIMIT * 10)) ]; do
        line=$(grep -m1 -E -- "$regex" "$dir/$name.out" 2>/dev/null || true)
        if [ -n "$line" ]; then
            printf '%s\n' "$line"
            return 0
        fi
        alive "$pid" || die "$name (PID $pid) exited: $(tail -n 3 "$dir/$name.$(cat "$dir/$name.starts").log" 2>/dev/null)"
        sleep 0.1
        waited=$((waited + 1))
    done
    die "$name printed no line matching '$regex' within ${CLUSTER_START_LIMIT} s"
}

# await_ready ADMIN_PORT NAME: /health/ready answers 200 within the limit.
await_ready() {
    local port=$1 name=$2 waited=0
    while [ "$(http_status "$port" /health/ready)" != 200 ]; do
        [ "$waited" -lt $((CLUSTER_START_LIMIT * 10)) ] || die "$name not ready within ${CLUSTER_START_LIMIT} s"
        sleep 0.1
        waited=$((waited + 1))
    done
}
