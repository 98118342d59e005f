#!/usr/bin/env bash
# The figures of deploy/nginx/README.md: UDP throughput and latency straight to instance 1 and
# through nginx, interleaved ROUNDS times, with the CPU the instances and nginx's workers spent
# per datagram; then, with `restart`, the datagrams lost while instance 2 restarts under load.
#
#   deploy/nginx/measure-udp.sh compare N [ROUNDS]     (default 3 rounds of 10 s each way)
#   deploy/nginx/measure-udp.sh restart [ROUNDS]       (3 instances, 500 datagrams/s, 20 s)
#
# Uses local-udp-cluster.sh (state in TSUDP_STATE_DIR, default /tmp/tsserver-udp-measure) and
# client-app/target/tsclient.jar; stops what it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export TSUDP_STATE_DIR="${TSUDP_STATE_DIR:-/tmp/tsserver-udp-measure}"
client="$repo/client-app/target/tsclient.jar"
cluster="$here/local-udp-cluster.sh"
[ -f "$client" ] || { echo "measure-udp: build client-app first" >&2; exit 1; }

# utime + stime in clock ticks of the given PIDs
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }

bench() { java -jar "$client" bench --transport udp --host 127.0.0.1 "$@" 2>/dev/null || true; }

compare() {
    local n="$1" rounds="$2" front direct master r name port t0 n0 t1 n1 out msgs hz
    local -a workers instances
    "$cluster" start "$n" >/dev/null
    trap '"$cluster" stop >/dev/null' EXIT
    front="$(cat "$TSUDP_STATE_DIR/front")"; direct="$(cat "$TSUDP_STATE_DIR/instance-1.port")"
    master="$(cat "$TSUDP_STATE_DIR/nginx.master.pid")"
    read -r -a workers <<<"$(ps -o pid= --ppid "$master" | tr '\n' ' ')"
    read -r -a instances <<<"$(cat "$TSUDP_STATE_DIR"/instance-*.pid | tr '\n' ' ')"
    hz="$(getconf CLK_TCK)"
    echo "$n instance(s); front $front; bench -c 4 -w 8 -s 64 -d 10 -W 2; CPU per datagram over warm-up + measurement"
    for ((r = 1; r <= rounds; r++)); do
        for name in direct nginx; do
            port="$direct"; [ "$name" = nginx ] && port="${front##*:}"
            t0="$(ticks "${instances[@]}")"; n0="$(ticks "${workers[@]}")"
            out="$(bench -p "$port" -c 4 -w 8 -s 64 -d 10 -W 2)"
            t1="$(ticks "${instances[@]}")"; n1="$(ticks "${workers[@]}")"
            msgs="$(awk '/^messages/ {print $2}' <<<"$out")"
            # the 2 s warm-up sends about a fifth as many again as the 10 s measured
            awk -v name="$name" -v r="$r" -v load="$(cut -d' ' -f1 /proc/loadavg)" -v msgs="${msgs:-0}" \
                -v srv=$((t1 - t0)) -v ngx=$((n1 - n0)) -v hz="$hz" '
                /^throughput/ { tput = $2 } /^latency/ { p50 = $4; p99 = $8 } /^errors/ { err = $2 }
                END { m = msgs * 1.2; if (m == 0) m = 1
                      printf "round %d %-6s %7d msgs/s  p50 %8.1f us  p99 %9.1f us  errors %s  server %5.1f us/dgram  nginx %5.1f us/dgram  (load %s)\n",
                             r, name, tput, p50, p99, err, srv * 1e6 / hz / m, ngx * 1e6 / hz / m, load }' <<<"$out"
        done
    done
}

restart() {
    local rounds="$1" front r out
    "$cluster" start 3 >/dev/null
    trap '"$cluster" stop >/dev/null' EXIT
    front="$(cat "$TSUDP_STATE_DIR/front")"
    echo "3 instances; front $front; bench -c 4 -w 32 -R 500 -d 20 --timeout 2; instance 2 restarted 5 s in"
    for ((r = 1; r <= rounds; r++)); do
        out="$(mktemp)"
        bench -p "${front##*:}" -c 4 -w 32 -R 500 -d 20 -W 1 --timeout 2 >"$out" &
        local pid=$!
        sleep 6
        local s e
        s="$(date +%s%N)"; "$cluster" restart 2 >/dev/null; e="$(date +%s%N)"
        wait "$pid" || true
        echo "round $r: instance 2 down and back in $(( (e - s) / 1000000 )) ms;" \
             "$(grep -E '^messages' "$out");" "$(grep -E '^errors' "$out")"
        rm -f "$out"
    done
    echo "nginx marked an instance failed $(grep -c 'temporarily disabled' "$TSUDP_STATE_DIR/error.log") time(s) in all"
}

case "${1:-}" in
    compare) compare "${2:?N instances}" "${3:-3}" ;;
    restart) restart "${2:-3}" ;;
    *) echo "usage: $0 compare N [ROUNDS] | restart [ROUNDS]" >&2; exit 2 ;;
esac
