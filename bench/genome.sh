#!/bin/sh
# genome.sh: genome-mode benchmark: `seedscan utr` on a generated 200 Mnt genome + GTF (20,000 genes,
# 60,000 transcripts) against `gffread -w`; wall and CPU seconds, peak RSS, lines/s, Mnt/s of 3'UTR.
# Usage: BIN=./seedscan GENGTF=build/bench/gengtf RSS=build/bench/rss sh bench/genome.sh
# (gengtf and rss are bench/gengtf.c and bench/rss.c; gffread from Debian's package, skipped if absent)
set -eu
BIN=${BIN:-./seedscan}
GENGTF=${GENGTF:-build/bench/gengtf}
MNT=${BENCH_GENOME_MNT:-200}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-genome.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
"$GENGTF" "$MNT" 20000 3 "$W/g"
lines=$(wc -l <"$W/g.gtf")
"$BIN" utr -q -g "$W/g.fa" --bed "$W/g.gtf" >/dev/null # builds g.fa.fai, outside the timings
# time_it LABEL CMD...: wall, user+sys and peak RSS of one run (GNU time)
time_it() {
    label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
    read -r wall user sys rss <"$W/t"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    printf '%-44s %7s s wall %7s s cpu %8s KiB\n' "$label" "$wall" "$cpu" "$rss"
}
echo "genome $MNT Mnt, $(grep -c '	transcript	' "$W/g.gtf") transcripts, $lines GTF lines ($(du -h "$W/g.gtf" | cut -f1))"
time_it "seedscan utr --bed (annotation only)" "$BIN" utr -q --bed "$W/g.gtf"
cpu_parse=$cpu; wall_parse=$wall
time_it "seedscan utr (3'UTR FASTA)" "$BIN" utr -q -g "$W/g.fa" -o "$W/u.fa" "$W/g.gtf"
utr_nt=$(grep -v '^>' "$W/u.fa" | tr -d '\n' | wc -c)
awk -v l="$lines" -v c="$cpu_parse" -v w="$wall_parse" -v n="$utr_nt" -v t="$wall" 'BEGIN {
    printf "annotation: %.2f M lines/s (cpu), %.2f M lines/s (wall); 3'"'"'UTR: %.1f Mnt in %.2f s wall = %.1f Mnt/s\n",
        l / c / 1e6, l / w / 1e6, n / 1e6, t, n / t / 1e6 }'
time_it "seedscan utr -w transcript" "$BIN" utr -q -w transcript -g "$W/g.fa" -o "$W/t.fa" "$W/g.gtf"
if command -v gffread >/dev/null 2>&1; then
    time_it "gffread -w (spliced transcripts)" gffread -w "$W/gf.fa" -g "$W/g.fa" "$W/g.gtf"
    # the same records: ID and sequence of each
    tab() { awk '/^>/ { if (id != "") print id "\t" s; id = substr($1, 2); sub(/\|.*/, "", id); s = ""; next }
                 { s = s $0 } END { print id "\t" s }' "$1" | sort; }
    if [ "$(tab "$W/gf.fa" | md5sum)" = "$(tab "$W/t.fa" | md5sum)" ]; then echo "seedscan -w transcript = gffread -w: yes"
    else echo "seedscan -w transcript = gffread -w: NO"; fi
else echo "gffread not installed: skipped"; fi

# Scanning in genome mode: all human miRNAs, summary mode, against `seedscan utr | seedscan scan`.
MIR=${BENCH_MIRNAS:-refs/hsa_mature.v22.fa}
NT=${BENCH_THREADS:-$(nproc 2>/dev/null || echo 2)}
echo "scan: $(grep -c '^>' "$MIR") miRNAs of $MIR, summary mode (-s), output to /dev/null"
time_it "seedscan scan -s --gtf --genome" "$BIN" scan -q -m "$MIR" -s --gtf "$W/g.gtf" -g "$W/g.fa"
scan_wall=$wall scan_cpu=$cpu
time_it "seedscan utr | seedscan scan -s (baseline)" sh -c "\"$BIN\" utr -q -g \"$W/g.fa\" \"$W/g.gtf\" | \"$BIN\" scan -q -m \"$MIR\" -s"
base_wall=$wall base_cpu=$cpu
time_it "seedscan scan -s --gtf --genome -t $NT" "$BIN" scan -q -m "$MIR" -s -t "$NT" --gtf "$W/g.gtf" -g "$W/g.fa"
scan_wall_t=$wall
time_it "seedscan utr | seedscan scan -s -t $NT (baseline)" sh -c "\"$BIN\" utr -q -g \"$W/g.fa\" \"$W/g.gtf\" | \"$BIN\" scan -q -m \"$MIR\" -s -t $NT"
base_wall_t=$wall
awk -v n="$utr_nt" -v a="$scan_wall" -v b="$base_wall" -v c="$scan_wall_t" -v d="$base_wall_t" -v t="$NT" \
    -v e="$scan_cpu" -v f="$base_cpu" 'BEGIN {
    printf "scan -s: %.2f Mnt/s of 3'"'"'UTR wall (baseline %.2f); -t %d: %.2f Mnt/s (baseline %.2f)\n",
        n / a / 1e6, n / b / 1e6, t, n / c / 1e6, n / d / 1e6
    printf "scan -s per CPU second: %.2f Mnt/s (baseline, both processes: %.2f)\n", n / e / 1e6, n / f / 1e6 }'
# the same counts: genome mode's summary without its gene columns = the baseline's, target names cut at '|'
"$BIN" scan -q -m "$MIR" -s -t "$NT" --gtf "$W/g.gtf" -g "$W/g.fa" | cut -f1-9 | md5sum >"$W/a.md5"
"$BIN" scan -q -m "$MIR" -s -t "$NT" "$W/u.fa" | sed 's/^\([^|	]*\)|[^	]*/\1/' | md5sum >"$W/b.md5"
if cmp -s "$W/a.md5" "$W/b.md5"; then echo "genome-mode summary = utr | scan summary: yes"; else echo "genome-mode summary = utr | scan summary: NO"; fi
