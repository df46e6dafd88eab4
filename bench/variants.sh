#!/bin/sh
# variants.sh: `seedscan variants` throughput: a generated VCF of N variants (default 10 M, ~5% in 3'UTRs)
# over bench/gengtf.c's genome, all human miRNAs; CPU and wall seconds, peak RSS, variants/s.
# Usage: BIN=./seedscan GENGTF=build/bench/gengtf sh bench/variants.sh   (BENCH_VARIANTS=N to change N;
#        BENCH_KEEP=1 keeps the work directory with the genome, GTF and VCF, and says where it is)
set -eu
BIN=${BIN:-./seedscan}
GENGTF=${GENGTF:-build/bench/gengtf}
N=${BENCH_VARIANTS:-10000000}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-variants.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory: $W"; else trap 'rm -rf "$W"' EXIT INT TERM; fi
"$GENGTF" 200 20000 3 "$W/g"
"$BIN" utr -q --bed "$W/g.gtf" >"$W/utr.bed"
"$BIN" utr -q -g "$W/g.fa" -o /dev/null "$W/g.gtf" # builds g.fa.fai
# 95% uniform positions outside 3'UTRs (a draw within 2 nt of a 3'UTR block is drawn again), 5% inside
# 3'UTR blocks; REF N (matches any genome base), ALT a base or a short indel
awk -v n="$N" -v fai="$W/g.fa.fai" 'BEGIN {
    srand(7); while ((getline l < fai) > 0) { split(l, f, "\t"); nc++; cn[nc] = f[1]; cl[nc] = f[2]; tot += f[2] }
}
{ split($11, sz, ","); split($12, st, ",")
  for (i = 1; i <= $10; i++) {
      nb++; bc[nb] = $1; bb[nb] = $2 + st[i]; bl[nb] = sz[i]   # 0-based start, length
      for (k = int(bb[nb] / 4096); k <= int((bb[nb] + bl[nb]) / 4096); k++) bin[$1, k] = bin[$1, k] " " nb
  }
}
function near_utr(c, p,    m, x, j, lo) { # 1-based p: does [p - 2, p + 2] touch a block?
    lo = p - 3 # 0-based start of the margin
    for (j = int(lo / 4096); j <= int((lo + 5) / 4096); j++) {
        if (!((c, j) in bin)) continue
        m = split(bin[c, j], x, " ")
        for (; m > 0; m--) if (bb[x[m]] < lo + 5 && bb[x[m]] + bl[x[m]] > lo) return 1
    }
    return 0
}
END {
    for (i = 0; i < n; i++) {
        if (rand() < 0.05) { b = int(rand() * nb) + 1; c = bc[b]; p = bb[b] + int(rand() * bl[b]) + 1 }
        else do { k = int(rand() * nc) + 1; c = cn[k]; p = int(rand() * (cl[k] - 10)) + 3 } while (near_utr(c, p))
        r = rand(); alt = r < 0.8 ? substr("ACGT", int(rand() * 4) + 1, 1) : r < 0.9 ? "NA" : "-"
        ref = alt == "-" ? "NN" : "N"; if (alt == "-") alt = "N"
        print c "\t" p "\t.\t" ref "\t" alt "\t.\t.\t."
    }
}' "$W/utr.bed" | sort -k1,1 -k2,2n -S 1G >"$W/body"
{ echo '##fileformat=VCFv4.2'; awk '{ print "##contig=<ID=" $1 ",length=" $2 ">" }' "$W/g.fa.fai"
  printf '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n'; cat "$W/body"; } >"$W/v.vcf"
rm -f "$W/body"
RUNS=${BENCH_RUNS:-3}
# median of RUNS runs: CPU seconds (user + sys) and wall seconds, peak RSS of the last
time_it() {
    label=$1; shift
    : >"$W/runs"
    i=0
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
        read -r wall user sys rss <"$W/t"
        awk -v u="$user" -v s="$sys" -v w="$wall" 'BEGIN { printf "%.2f %.2f\n", u + s, w }' >>"$W/runs"
        i=$((i + 1))
    done
    cpu=$(cut -d' ' -f1 "$W/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    wall=$(cut -d' ' -f2 "$W/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '%-50s %7s s cpu %7s s wall %8s KiB  %5.2f M variants/s (cpu)  %5.2f after set-up\n' "$label" "$cpu" \
        "$wall" "$rss" "$(awk -v n="$N" -v c="$cpu" 'BEGIN { print n / c / 1e6 }')" \
        "$(awk -v n="$N" -v c="$cpu" -v s="$SETUP" 'BEGIN { print (c > s ? n / (c - s) / 1e6 : 0) }')"
}
SETUP=0
echo "genome 200 Mnt, $(wc -l <"$W/utr.bed") 3'UTRs; VCF $N variants ($(du -h "$W/v.vcf" | cut -f1)); medians of $RUNS runs"
SV="$BIN variants -g $W/g.fa --gtf $W/g.gtf -m refs/hsa_mature.v22.fa"
grep '^#' "$W/v.vcf" >"$W/empty.vcf"
time_it "set-up only (GTF, genome index, 2,094 families)" $SV -q -o "$W/e.tsv" "$W/empty.vcf"
SETUP=$cpu
time_it "seedscan variants -t 1, TSV (VCF input)" $SV -o "$W/o.tsv" "$W/v.vcf"
grep 'seedscan variants:' "$W/err" | sed 's/^/  /'
echo "  $(($(wc -l <"$W/o.tsv") - 1)) site changes"
time_it "seedscan variants -t 2, TSV (VCF input)" $SV -q -t 2 -o "$W/o2.tsv" "$W/v.vcf"
cmp -s "$W/o.tsv" "$W/o2.tsv" && echo "  -t 2 output = -t 1 output" || { echo "  -t 2 output differs" >&2; exit 1; }
bgzip -c "$W/v.vcf" >"$W/v.vcf.gz"
RUNS=1 time_it "seedscan variants -t 1, bgzip VCF input" $SV -q -o "$W/o.tsv" "$W/v.vcf.gz"
if command -v bcftools >/dev/null 2>&1; then
    bcftools view -Ob -o "$W/v.bcf" "$W/v.vcf"
    RUNS=1 time_it "seedscan variants -t 1, BCF input" $SV -q -o "$W/o.tsv" "$W/v.bcf"
    time_it "bcftools view -Ou (reading the VCF only)" bcftools view -Ou -o /dev/null "$W/v.vcf"
fi
