#!/usr/bin/env bash
# plot-scaling.sh ROWS.tsv OUT.png: throughput and peak RSS against connections, one line per
# server, from the rows scaling.sh wrote. Needs gnuplot (Debian: gnuplot-nox). TITLE and XLABEL
# name the load (defaults: the TCP line load; for TRANSPORT=udp rows, e.g.
# TITLE="TS servers: 64-byte datagrams, one outstanding per socket, server on one core" XLABEL="UDP sockets").
set -eu
TITLE=${TITLE:-"TS servers: 64-byte line messages, pipeline 1, server on one core"}
XLABEL=${XLABEL:-connections}
ROWS=${1:?usage: plot-scaling.sh ROWS.tsv OUT.png}
PNG=${2:?usage: plot-scaling.sh ROWS.tsv OUT.png}
servers=$(awk -F'\t' 'NR > 1 {print $1}' "$ROWS" | awk '!seen[$0]++')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tput_plot=""
rss_plot=""
for s in $servers; do
    awk -F'\t' -v s="$s" 'NR > 1 && $1 == s {print $2, $3, $8}' "$ROWS" | sort -n > "$tmp/$s.dat"
    tput_plot="$tput_plot${tput_plot:+, }'$tmp/$s.dat' using 1:(\$2/1000) with linespoints title '$s'"
    rss_plot="$rss_plot${rss_plot:+, }'$tmp/$s.dat' using 1:3 with linespoints title '$s'"
done
gnuplot <<GP
set terminal pngcairo size 1100,420 font ",10"
set output '$PNG'
set multiplot layout 1,2 title "$TITLE"
set logscale x
set xlabel "$XLABEL"
set grid
set key top left
set ylabel "thousand msgs/s"
set title "throughput"
plot $tput_plot
set ylabel "MB"
set title "server peak RSS"
set key top left
plot $rss_plot
unset multiplot
GP
echo "wrote $PNG"
