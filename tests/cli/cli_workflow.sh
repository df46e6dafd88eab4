#!/bin/sh
# cli_workflow.sh: runs workflow/Snakefile with `snakemake --cores 2` on the shipped data and checks that its merged outputs equal a single `seedscan scan` run byte for byte.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_workflow.sh
# The workflow runs the binary itself (the last word of $SEEDSCAN, without the wrapper); the
# reference runs use $SEEDSCAN as given. Skipped (exit 0) when snakemake is not installed.
set -u
SS=${SEEDSCAN:-./seedscan}
if ! command -v snakemake >/dev/null 2>&1; then
    echo "skip workflow: snakemake is not installed (apt-get install snakemake)"
    exit 0
fi
TOP=$(pwd)
BIN=${SS##* }
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac
UTR=$TOP/refs/hsa_3utr_collected.fa
MIR=$TOP/refs/hsa_mature.v22.fa
TTR_U=$TOP/testdata/seedmatchr_ttr_utrs.fa.gz
TTR_T=$TOP/testdata/seedmatchr_ttr_deseq2.tsv.gz
TTR=ttr=UUAUAGAGCAAGAACACUGUUUU
T=$(mktemp -d "${TMPDIR:-/tmp}/ssc_cli_workflow.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
# Snakemake keeps a source cache under XDG_CACHE_HOME: keep it in the temporary directory
XDG_CACHE_HOME=$T/cache
export XDG_CACHE_HOME
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   workflow: $1"; }
bad() {
    fail=$((fail + 1)); echo "FAIL workflow: $1"
    [ -s "$T/err" ] && grep -v '^Select jobs' "$T/err" | tail -8 | sed 's/^/     | /'
    return 0
}
# same NAME EXPECTED GOT: byte-identical files
same() {
    if [ -f "$3" ] && cmp -s "$2" "$3"; then ok "$1"
    else
        : >"$T/err"; bad "$1"
        if [ -f "$3" ]; then diff "$2" "$3" | head -6 | sed 's/^/     > /'; else echo "     > no $3"; fi
    fi
}
# run NAME: run the workflow in $T/NAME with the config $T/NAME.yaml (base keys added here)
run() {
    mkdir -p "$T/$1"
    {
        echo "seedscan: \"$BIN\""
        echo "outdir: results"
        cat "$T/$1.part"
    } >"$T/$1.yaml"
    snakemake -s "$TOP/workflow/Snakefile" --configfile "$T/$1.yaml" -d "$T/$1" --cores 2 -q \
        >"$T/err" 2>&1
}

echo "# workflow (snakemake $(snakemake --version 2>/dev/null))"

# 1. plain FASTA, the default panel, 3 shards: sites and summary equal the single run
$SS scan "$UTR" >"$T/one.tsv" 2>"$T/err" || bad "single run (panel)"
$SS scan -s "$UTR" >"$T/one.sum" 2>"$T/err" || bad "single run (panel, summary)"
cat >"$T/a.part" <<EOF
fasta: "$UTR"
panel: resistance
shards: 3
keep_shards: true
EOF
if run a; then ok "plain FASTA, panel, 3 shards: snakemake --cores 2 succeeds"
else bad "plain FASTA, panel, 3 shards: snakemake --cores 2 succeeds"; fi
R=$T/a/results
same "plain FASTA, panel: merged TSV = single run" "$T/one.tsv" "$R/sites.tsv"
same "plain FASTA, panel: merged summary = single run" "$T/one.sum" "$R/summary.tsv"
n=0
for i in 1 2 3; do
    head -n 1 "$R/shards/sites.$i-of-3.tsv" 2>/dev/null | grep -q "^#seedscan-shard	$i/3	" && n=$((n + 1))
done
[ $n -eq 3 ] && ok "three shards, each with its provenance line" || bad "three shards, each with its provenance line ($n)"
[ -s "$R/input/hsa_3utr_collected.fa.fai" ] && ok "the FASTA is indexed (.fai)" || bad "the FASTA is indexed (.fai)"
snakemake -s "$TOP/workflow/Snakefile" --configfile "$T/a.yaml" -d "$T/a" --cores 2 -n >"$T/err" 2>&1
grep -q "Nothing to be done" "$T/err" && ok "a second run has nothing to do" || bad "a second run has nothing to do"

# 2. the same UTRs gzip-compressed (plain gzip, streamed), all human miRNAs: equal to the
#    single run on the plain file
gzip -c "$UTR" >"$T/utr.fa.gz"
$SS scan -m "$MIR" "$UTR" >"$T/all.tsv" 2>"$T/err" || bad "single run (-m)"
$SS scan -m "$MIR" -s "$UTR" >"$T/all.sum" 2>"$T/err" || bad "single run (-m, summary)"
cat >"$T/b.part" <<EOF
fasta: "$T/utr.fa.gz"
mirnas: "$MIR"
shards: 3
gzip_mode: stream
EOF
if run b; then ok "gzip FASTA, -m, 3 shards (streamed): snakemake succeeds"
else bad "gzip FASTA, -m, 3 shards (streamed): snakemake succeeds"; fi
same "gzip FASTA, -m: merged TSV = single run" "$T/all.tsv" "$T/b/results/sites.tsv"
same "gzip FASTA, -m: merged summary = single run" "$T/all.sum" "$T/b/results/summary.tsv"

# 3. gzip recompressed to BGZF and indexed (when bgzip is installed), BED, 7 shards
if command -v bgzip >/dev/null 2>&1; then
    $SS scan -m "$MIR" -f bed "$UTR" >"$T/all.bed" 2>"$T/err" || bad "single run (BED)"
    cat >"$T/c.part" <<EOF
fasta: "$T/utr.fa.gz"
mirnas: "$MIR"
shards: 7
gzip_mode: bgzip
format: bed
summary: false
EOF
    if run c; then ok "gzip FASTA recompressed to BGZF, BED, 7 shards: snakemake succeeds"
    else bad "gzip FASTA recompressed to BGZF, BED, 7 shards: snakemake succeeds"; fi
    same "BGZF copy, BED: merged BED = single run" "$T/all.bed" "$T/c/results/sites.bed"
    [ -s "$T/c/results/input/utr.fa.gz.gzi" ] && ok "the BGZF copy is indexed (.gzi)" \
        || bad "the BGZF copy is indexed (.gzi)"
    # a BGZF input indexed beforehand: its index is reused (linked), not rebuilt
    bgzip -c "$UTR" >"$T/bgzf.fa.gz" && $SS index "$T/bgzf.fa.gz" 2>"$T/err" || bad "seedscan index (BGZF)"
    cat >"$T/f.part" <<EOF
fasta: "$T/bgzf.fa.gz"
shards: 2
summary: false
EOF
    if run f; then ok "indexed BGZF input, 2 shards: snakemake succeeds"
    else bad "indexed BGZF input, 2 shards: snakemake succeeds"; fi
    same "indexed BGZF input: merged TSV = single run" "$T/one.tsv" "$T/f/results/sites.tsv"
    [ -L "$T/f/results/input/bgzf.fa.gz.fai" ] && [ -L "$T/f/results/input/bgzf.fa.gz.gzi" ] \
        && ok "an existing .fai/.gzi is reused" || bad "an existing .fai/.gzi is reused"
else
    echo "skip BGZF recompression (no bgzip)"
fi

# 4. expr against an expression table (SeedMatchR's Ttr siRNA data, gzip input)
$SS scan --mirna $TTR --shadow 0 -s "$TTR_U" >"$T/ttr.sum" 2>"$T/err" || bad "single run (ttr)"
$SS expr -q -e "$TTR_T" --summary-in "$T/ttr.sum" "$TTR_U" >"$T/ttr.expr" 2>"$T/err" || bad "single expr (ttr)"
cat >"$T/d.part" <<EOF
fasta: "$TTR_U"
mirna: "$TTR"
shadow: 0
shards: 3
expr:
  table: "$TTR_T"
  args: "-q"
EOF
if run d; then ok "expr step: snakemake succeeds"; else bad "expr step: snakemake succeeds"; fi
same "expr step: merged summary = single run" "$T/ttr.sum" "$T/d/results/summary.tsv"
same "expr step: tests = seedscan expr on the single run's summary" "$T/ttr.expr" "$T/d/results/expr.tsv"

# 5. a config without a FASTA fails with a message
printf 'shards: 2\n' >"$T/e.part"
if run e; then bad "missing fasta is an error"
elif grep -q "config fasta" "$T/err"; then ok "missing fasta is an error"
else bad "missing fasta is an error (message)"; fi

echo "workflow: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
