#!/bin/sh
# cli_targetscan.sh: CLI tests of the TargetScan 7 drop-in: scan --format targetscan and seedscan targetscan STEP, both modes, errors.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_targetscan.sh
# Expected files are TargetScan 7's own outputs on its sample (testdata/targetscan/, see testdata/README.md).
set -u
LC_ALL=C
export LC_ALL
TS=testdata/targetscan
CLI_NAME=targetscan
. tests/cli/clilib.sh
# expect_status NAME STATUS MESSAGE CMD...: exit status STATUS and MESSAGE in stderr
expect_status() {
    name=$1 want=$2 msg=$3; shift 3
    "$@" >"$T/out" 2>"$T/err"; st=$?
    if [ "$st" -eq "$want" ] && grep -qF -- "$msg" "$T/err"; then ok "$name"; else bad "$name (status $st)"; fi
}
C="--compat targetscan7"
FAM=$TS/miR_Family_info_sample.txt
UTR=$TS/UTR_Sequences_sample.txt
CTX_IN="$TS/miR_for_context_scores.sample.txt $UTR $TS/targetscan_70_output.BL_PCT.txt
 $TS/ORF_Sequences_sample.lengths.txt $TS/ORF_8mer_counts_sample.txt $TS/All_cell_lines.AIRs.txt"
CTX=$TS/Targets.BL_PCT.context_scores.txt
# context++ columns that do not depend on RNAplfold (SA is 21; the score, its
# percentile and the weighted score and percentile derive from it)
NOSA=1-20,22-27,30,33-37

echo "# compat: every TargetScan output byte for byte"
expect_out "scan --format targetscan = targetscan_70_output.txt" $TS/targetscan_70_output.txt \
    $SS scan $C --format targetscan -m $FAM $UTR
$SS scan $C --format targetscan -m $FAM -o "$T/sites.txt" $UTR 2>"$T/err"
same "scan -o FILE writes the same table" $TS/targetscan_70_output.txt "$T/sites.txt"
expect_out "targetscan bins = UTRs_median_BLs_bins.txt" $TS/UTRs_median_BLs_bins.txt \
    $SS targetscan bins $C $UTR
expect_out "targetscan bl-pct = targetscan_70_output.BL_PCT.txt" $TS/targetscan_70_output.BL_PCT.txt \
    $SS targetscan bl-pct $C $FAM $TS/targetscan_70_output.txt $TS/UTRs_median_BLs_bins.txt
expect_out "targetscan orf = ORF_8mer_counts_sample.txt" $TS/ORF_8mer_counts_sample.txt \
    $SS targetscan orf $C --lengths "$T/orf.len" $FAM $TS/ORF_Sequences_sample.txt
same "targetscan orf --lengths = ORF_Sequences_sample.lengths.txt" $TS/ORF_Sequences_sample.lengths.txt "$T/orf.len"
# shellcheck disable=SC2086
expect_out "targetscan context --lunp = Targets.BL_PCT.context_scores.txt" $CTX \
    $SS targetscan context $C --lunp $TS/RNAplfold $CTX_IN
# shellcheck disable=SC2086
expect_out "targetscan context, SA computed here (--sa native, the default) = Targets.BL_PCT.context_scores.txt" $CTX \
    $SS targetscan context $C $CTX_IN
# Site columns echoed as the table wrote them: the table keeps a row's numbers, not its text,
# unless the text is not the number's (leading zeros, a Group_num that is no count). Some rows
# of the sample get such texts; the expected table is TargetScan's with the same texts put
# into the same rows' columns (UTR start, UTR end, Group #), found by gene, species, family,
# positions and group.
awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 && NR % 7 == 0 { $6 = "00" $6; $7 = "0" $7 }
    NR > 1 && NR % 11 == 0 { $8 = "0" $8 } NR > 1 && NR % 13 == 0 { $8 = "G" $8 } { print }' \
    $TS/targetscan_70_output.BL_PCT.txt >"$T/odd.blpct"
awk -F'\t' 'BEGIN { OFS = "\t" }
    NR == FNR { if (FNR > 1) { g0 = $8; sub(/^G/, "", g0); g0 = g0 + 0
                k = $1 SUBSEP $3 SUBSEP $2 SUBSEP ($6 + 0) SUBSEP ($7 + 0) SUBSEP g0
                s[k] = $6; e[k] = $7; g[k] = $8 } next }
    FNR > 1 { k = $1 SUBSEP $2 SUBSEP $36 SUBSEP $5 SUBSEP $6 SUBSEP ($37 + 0)
              if (k in s) { $5 = s[k]; $6 = e[k]; $37 = g[k] } }
    { print }' "$T/odd.blpct" $CTX >"$T/odd.want"
n_odd=$(cut -f5,6,37 "$T/odd.want" | grep -c -e '^0' -e '	0' -e 'G')
# shellcheck disable=SC2086
$SS targetscan context $C --lunp $TS/RNAplfold -t 2 $TS/miR_for_context_scores.sample.txt $UTR "$T/odd.blpct" \
    $TS/ORF_Sequences_sample.lengths.txt $TS/ORF_8mer_counts_sample.txt $TS/All_cell_lines.AIRs.txt >"$T/out" 2>"$T/err"
[ "$n_odd" -gt 20 ] && same "context: site columns echoed as written ($n_odd rows with leading zeros or a group that is no count)" \
    "$T/odd.want" "$T/out" || bad "context: odd site columns (only $n_odd odd rows)"
for t in 2 3; do
    # shellcheck disable=SC2086
    expect_out "targetscan context -t $t, native SA = Targets.BL_PCT.context_scores.txt" $CTX \
        $SS targetscan context $C -t $t $CTX_IN
done
# the fixed mode and --fasta on the shipped human UTRs (more sites a UTR): -t 1 = -t 2 = -t 3
$SS targetscan context --fasta --sa none -t 1 refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa >"$T/fx1" 2>"$T/err"
[ "$(wc -l <"$T/fx1")" -gt 10000 ] && ok "context --fasta -t 1 on the shipped UTRs" || bad "context --fasta -t 1"
for t in 2 3; do
    $SS targetscan context --fasta --sa none -t $t refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa >"$T/fx$t" 2>"$T/err"
    same "context --fasta -t $t = -t 1" "$T/fx1" "$T/fx$t"
done
# native SA folds only around the positions the sites read (ssc_plfold_at): equal to SA read
# from the _lunp files of whole-UTR folds (seedscan fold names a file by its ID with | as _)
grep -A1 -E '^>hsa-(miR-21-5p|miR-34a-5p|let-7a-5p) ' refs/hsa_mature.v22.fa | grep -v -- '^--' >"$T/m3.fa"
mkdir "$T/lunp"
$SS fold --lunp "$T/lunp" refs/hsa_3utr_collected.fa 2>"$T/err"
sed -n 's/^>\([^ ]*\).*/\1/p' refs/hsa_3utr_collected.fa | while read -r id; do
    ln -s "$(printf '%s' "$id" | tr '|' _)_lunp" "$T/lunp/$id.9606_lunp"
done
$SS targetscan context --fasta --sa "$T/lunp" "$T/m3.fa" refs/hsa_3utr_collected.fa >"$T/sa_files" 2>"$T/err"
$SS targetscan context --fasta "$T/m3.fa" refs/hsa_3utr_collected.fa >"$T/sa_native" 2>"$T/err"
[ "$(wc -l <"$T/sa_native")" -gt 100 ] && ok "context --fasta, 3 miRNAs, native SA: $(wc -l <"$T/sa_native") rows" || bad "context --fasta, 3 miRNAs"
same "context: native SA around the sites = SA of whole-UTR fold files" "$T/sa_files" "$T/sa_native"
# -t 3: the UTRs are folded on the threads before the sites are scored (prep pass)
$SS targetscan context --fasta -t 3 "$T/m3.fa" refs/hsa_3utr_collected.fa >"$T/sa_native3" 2>"$T/err"
same "context -t 3: native SA folded on the threads = SA of whole-UTR fold files" "$T/sa_files" "$T/sa_native3"
if [ -w /dev/full ]; then
    # shellcheck disable=SC2086
    expect_status "context: the table streamed to a full device is an error naming it" 1 \
        "writing /dev/full: No space left on device" $SS targetscan context --sa none -o /dev/full $CTX_IN
fi
# shellcheck disable=SC2086
$SS targetscan context $C --sa none $CTX_IN 2>"$T/err" | cut -f$NOSA >"$T/nosa"
cut -f$NOSA $CTX >"$T/nosa.exp"
same "targetscan context without RNAplfold: all but the SA-derived columns" "$T/nosa.exp" "$T/nosa"

# threads: enough copies of the sample for several batches, so that Group_num runs on across them
i=0
while [ $i -lt 24 ]; do awk -F'\t' -v c=$i 'BEGIN { OFS = "\t" } { $1 = $1 "_" c; print }' $UTR; i=$((i + 1)); done >"$T/aln24"
$SS scan $C --format targetscan -m $FAM -t 1 -o "$T/st1" "$T/aln24" 2>"$T/err"
[ "$(cut -f8 "$T/st1" | sort -n | tail -1)" -gt 1000 ] && ok "scan --format targetscan -t 1 on 24 copies" || bad "scan -f targetscan -t 1"
for t in 2 3; do
    $SS scan $C --format targetscan -m $FAM -t $t -o "$T/st$t" "$T/aln24" 2>"$T/err"
    same "scan --format targetscan -t $t = -t 1 (alignment)" "$T/st1" "$T/st$t"
done
$SS scan --format targetscan -m $FAM -t 1 refs/hsa_3utr_collected.fa >"$T/sf1" 2>"$T/err"
$SS scan --format targetscan -m $FAM -t 3 refs/hsa_3utr_collected.fa >"$T/sf3" 2>"$T/err"
[ -s "$T/sf1" ] && same "scan --format targetscan -t 3 = -t 1 (FASTA)" "$T/sf1" "$T/sf3"

# shards: merged = the single run, Group_num counting on across shards (alignment and FASTA)
for by in bases records; do
    for N in 1 2 3 7; do
        merge_shards $N "$T/merged" $SS scan $C --format targetscan -m $FAM --shard-by $by "$T/aln24"
        same "scan --format targetscan --shard i/$N --shard-by $by: merged = single run" "$T/st1" "$T/merged"
    done
done
for i in 1 2 3; do $SS scan --format targetscan -m $FAM -t 2 --shard $i/3 -o "$T/fsh.$i" refs/hsa_3utr_collected.fa 2>"$T/err"; done
$SS merge "$T/fsh.3" "$T/fsh.1" "$T/fsh.2" >"$T/fmerged" 2>"$T/err"
same "scan --format targetscan on FASTA, 3 shards on 2 threads: merged = single run" "$T/sf1" "$T/fmerged"

echo "# compat: the whole pipeline on seedscan's own intermediate files"
P=$T/pipe
mkdir "$P"
$SS scan $C --format targetscan -m $FAM -o "$P/sites" $UTR 2>"$T/err" &&
    $SS targetscan bins $C -o "$P/bins" $UTR 2>>"$T/err" &&
    $SS targetscan bl-pct $C -o "$P/blpct" $FAM "$P/sites" "$P/bins" 2>>"$T/err" &&
    $SS targetscan orf $C -o "$P/orf8" --lengths "$P/orflen" $FAM $TS/ORF_Sequences_sample.txt 2>>"$T/err" &&
    $SS targetscan context $C --lunp $TS/RNAplfold -o "$P/ctx" $TS/miR_for_context_scores.sample.txt $UTR \
        "$P/blpct" "$P/orflen" "$P/orf8" $TS/All_cell_lines.AIRs.txt 2>>"$T/err"
same "scan | bins | bl-pct | orf | context = Targets.BL_PCT.context_scores.txt" $CTX "$P/ctx"

echo "# compat: variants of the sample (gaps, N, substitutions, lowercase runs, DNA rows)"
# Deterministic (Park-Miller) mutations of the sample alignment; the checksums are those of
# targetscan_70.pl's own output on each variant, recorded once (cksum: CRC and size).
variant() {
    awk -v seed="$1" 'function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
    BEGIN { FS = OFS = "\t"; x = seed }
    { n = length($3); out = ""; low = 0
      for (i = 1; i <= n; i++) {
          c = substr($3, i, 1); r = rnd()
          if (r < 0.03) c = "-"
          else if (r < 0.035) c = "N"
          else if (r < 0.04 && c != "-") c = substr("ACGU", int(rnd() * 4) + 1, 1)
          if (low == 0 && rnd() < 0.004) low = int(rnd() * 150)
          if (low > 0) { c = tolower(c); low-- }
          out = out c
      }
      if (rnd() < 0.5) { gsub(/U/, "T", out); gsub(/u/, "t", out) }
      print $1, $2, out }' $UTR
}
for v in "7 3406858505 15328" "11 1566785006 14898" "13 3007992425 14418"; do
    set -- $v
    variant "$1" >"$T/var$1.txt"
    got=$($SS scan $C -f targetscan -m $FAM "$T/var$1.txt" 2>"$T/err" | cksum)
    [ "$got" = "$2 $3" ] && ok "variant $1: the table of targetscan_70.pl" || bad "variant $1: cksum $got, want $2 $3"
    got=$($SS scan -f targetscan -m $FAM "$T/var$1.txt" 2>"$T/err" | cksum)
    [ "$got" != "$2 $3" ] && ok "variant $1, default: ORF_overlap differs" || bad "variant $1, default"
done

echo "# the site table: groups, species, plain FASTA"
awk -F'\t' 'NR > 1 { print $8 }' $TS/targetscan_70_output.txt | sort -n | uniq | awk '$1 != NR { e = 1 } END { exit e }' &&
    ok "Group_num counts 1.. over the whole run" || bad "Group_num counts 1.. over the whole run"
awk -F'\t' '$2 == "9606" { s = $3; gsub("-", "", s); print ">" $1; print s }' $UTR >"$T/h.fa"
awk -F'\t' '$2 == "9606" { s = $3; gsub("-", "", s); print ">" $1; print s }' $TS/ORF_Sequences_sample.txt >"$T/orf.fa"
$SS scan $C --format targetscan -m $FAM --species-id 9606 "$T/h.fa" 2>"$T/err" | cut -f1-3,6,7,9 | sed 1d | sort >"$T/fa_sites"
awk -F'\t' '$3 == "9606"' $TS/targetscan_70_output.txt | cut -f1-3,6,7,9 | sort >"$T/fa_sites.exp"
same "FASTA --species-id 9606: the human sites of targetscan_70.pl" "$T/fa_sites.exp" "$T/fa_sites"
$SS scan $C --format targetscan -m $FAM --species-id 9606 "$T/h.fa" 2>"$T/err" | awk -F'\t' 'NR > 1 && $4 != $6 { e = 1 } END { exit e }' &&
    ok "FASTA: MSA columns are UTR positions" || bad "FASTA: MSA columns are UTR positions"
n=$($SS scan --format targetscan -m $FAM --species-id 10090 "$T/h.fa" 2>"$T/err" | awk -F'\t' '$2 ~ /^miR-60/' | wc -l)
[ "$n" -eq 0 ] && ok "a family is searched only in its species (miR-60x: human only)" || bad "family species lists ($n rows)"
expect_status "FASTA in a species no family lists: a warning" 0 "lists species 7227" \
    $SS scan -f targetscan -m $FAM --species-id 7227 "$T/h.fa"
$SS scan -m $FAM $UTR 2>"$T/err" | awk -F'\t' 'NR > 1 && $1 ~ /\.9606$/ { sub(/\.9606$/, "", $1); print }' OFS='\t' >"$T/tsv_h"
$SS scan -m $FAM --species 9606 "$T/h.fa" 2>"$T/err" | sed 1d >"$T/tsv_h.exp"
same "--format tsv on an alignment: sites per GENE.SPECIES, UTR coordinates" "$T/tsv_h.exp" "$T/tsv_h"
$SS scan -s -m $FAM $UTR >"$T/sum" 2>"$T/err" && head -1 "$T/sum" | grep -q '^target	family	mirnas	8mer' &&
    ok "--summary on an alignment" || bad "--summary on an alignment"
$SS scan -f bed -m $FAM $UTR 2>"$T/err" | awk -F'\t' 'NF != 6 || $2 >= $3 { e = 1 } END { exit e }' &&
    ok "--format bed on an alignment" || bad "--format bed on an alignment"

echo "# defects: reproduced under --compat, fixed by default"
# A 7mer-m8 of miR-1/206 (ACATTCC) at columns 21-27 of each row:
#   blind: only its t's are lowercase -> the Perl script turns t into U and sees no ORF
#   shift: the column after it is lowercase -> the Perl script looks one column to the right
#   first: only its first column is lowercase -> the shifted look misses it
pre=GCGCGCGCGCGCGCGCGCGC
printf 'miR-1/206\tGGAAUGU\t9606\n' >"$T/fam1"
printf 'blind\t9606\t%sACAttCCGCGC\nshift\t9606\t%sACATTCCgcgc\nfirst\t9606\t%saCATTCCGCGC\n' $pre $pre $pre >"$T/orf.aln"
$SS scan $C -f targetscan -m "$T/fam1" "$T/orf.aln" 2>"$T/err" | awk -F'\t' 'NR > 1 { printf "%s=%s ", $1, $14 }' >"$T/orf.c"
$SS scan -f targetscan -m "$T/fam1" "$T/orf.aln" 2>"$T/err" | awk -F'\t' 'NR > 1 { printf "%s=%s ", $1, $14 }' >"$T/orf.d"
[ "$(cat "$T/orf.c")" = "blind=0 shift=1 first=0 " ] && ok "compat: ORF_overlap shifted one column and blind to t" ||
    bad "compat ORF_overlap: $(cat "$T/orf.c")"
[ "$(cat "$T/orf.d")" = "blind=1 shift=0 first=1 " ] && ok "default: ORF_overlap = a lowercase letter in the site" ||
    bad "default ORF_overlap: $(cat "$T/orf.d")"
# shellcheck disable=SC2086
$SS targetscan context --lunp $TS/RNAplfold $CTX_IN >"$T/ctx.d" 2>"$T/err"
cut -f24 "$T/ctx.d" | sort -u | wc -l >"$T/n.d"
cut -f24 $CTX | sort -u | wc -l >"$T/n.c"
[ "$(cat "$T/n.c")" -le 5 ] && [ "$(cat "$T/n.d")" -gt "$(cat "$T/n.c")" ] &&
    ok "default: offset-6mer contribution counts the UTR's offset 6mers (compat: always 1)" || bad "offset-6mer feature"
awk -F'\t' 'NR == FNR { a[FNR] = $17 $18 $19; t[FNR] = $4; next }
    t[FNR] == "6mer" && a[FNR] != $17 $18 $19 { d6++ } t[FNR] != "6mer" && a[FNR] != $17 $18 $19 { dx++ }
    END { exit !(d6 > 0 && dx == 0) }' $CTX "$T/ctx.d" &&
    ok "default: 6mer site-8 feature reads the nucleotide opposite miRNA nt 8 (7mer/8mer unchanged)" ||
    bad "6mer site-8 feature"
cut -f1-16,20-23,25-27 $CTX >"$T/keep.c"
cut -f1-16,20-23,25-27 "$T/ctx.d" >"$T/keep.d"
same "default: the other contributions are unchanged" "$T/keep.c" "$T/keep.d"

echo "# context++ from plain FASTA, summaries"
$SS targetscan context $C --fasta --orf "$T/orf.fa" --airs $TS/All_cell_lines.AIRs.txt \
    $TS/miR_for_context_scores.sample.txt "$T/h.fa" 2>"$T/err" | sed 1d | cut -f1-20,22-26 | sort >"$T/fctx"
awk -F'\t' '$2 == "9606"' $CTX | cut -f1-20,22-26 | sort >"$T/fctx.exp"
same "context --fasta: human rows equal TargetScan's but for SA and PCT" "$T/fctx.exp" "$T/fctx"
mkdir "$T/tmp"
TMPDIR="$T/tmp" $SS targetscan context --fasta -s refs/hsa_mature.v22.fa "$T/h.fa" >"$T/fsum" 2>"$T/err" &&
    [ "$(wc -l <"$T/fsum")" -gt 10 ] && ok "context --fasta with miRBase miRNAs, --summary" || bad "context --fasta -s"
# shellcheck disable=SC2086
$SS targetscan context -s --lunp $TS/RNAplfold $CTX_IN >"$T/sum" 2>"$T/err"
head -1 "$T/sum" | grep -q '^target	species	mirna	family	sites	total_context_score	cwcs$' &&
    awk -F'\t' 'NR > 1 { if ($3 == m && $7 + 0 < c - 0.0005) e = 1; if ($3 < m) e = 1; m = $3; c = $7 } END { exit e }' "$T/sum" &&
    ok "--summary: one row per target and miRNA, ranked by CWCS" || bad "--summary ranking"
awk -F'\t' 'NR > 1 && ($7 > 0 || $6 > 0) { e = 1 } END { exit e }' "$T/sum" && ok "--summary: scores are not positive" ||
    bad "--summary scores"
expect_status "context --fasta: unsupported --species-id is an error" 1 "--species-id 7227" \
    $SS targetscan context --fasta --species-id 7227 refs/hsa_mature.v22.fa "$T/h.fa"
[ -z "$(ls "$T/tmp")" ] && ok "context --fasta leaves no temporary files" || bad "context --fasta leaves no temporary files"

echo "# errors: file and line, exit 1 by default, 0 under --compat"
printf 'G1\t9606\tACGUACGU\nG1\t10090\n' >"$T/bad.aln"
expect_status "malformed alignment row: file:line" 1 "seedscan scan: $T/bad.aln:2:" $SS scan -f targetscan -m $FAM "$T/bad.aln"
expect_status "malformed alignment row under --compat: exit 0" 0 "$T/bad.aln:2:" $SS scan $C -f targetscan -m $FAM "$T/bad.aln"
[ ! -e "$T/never" ] || rm -f "$T/never"
$SS scan -f targetscan -m $FAM -o "$T/never" "$T/bad.aln" 2>"$T/err"
[ ! -e "$T/never" ] && ok "a failed run leaves no -o file" || bad "a failed run leaves no -o file"
expect_status "bins: malformed alignment row" 1 "seedscan targetscan: $T/bad.aln:2:" $SS targetscan bins "$T/bad.aln"
expect_status "bins under --compat: exit 0" 0 "$T/bad.aln:2:" $SS targetscan bins $C "$T/bad.aln"
printf 'miR-1/206\tGGAAUGU\t9606\nmiR-x\tGGA\t9606\n' >"$T/bad.fam"
expect_status "family file with a short seed: file:line" 1 "$T/bad.fam:2:" $SS scan -f targetscan -m "$T/bad.fam" $UTR
expect_status "orf: family file with a short seed" 1 "$T/bad.fam:2:" $SS targetscan orf "$T/bad.fam" $TS/ORF_Sequences_sample.txt
{ head -1 $TS/targetscan_70_output.txt; printf 'G1\tlet-7/98\t9606\n'; } >"$T/bad.sites"
expect_status "bl-pct: malformed site table" 1 "$T/bad.sites" $SS targetscan bl-pct $FAM "$T/bad.sites" $TS/UTRs_median_BLs_bins.txt
# a row past 65,533 characters (a site row's columns are found by 16-bit offsets)
{ head -1 $TS/targetscan_70_output.BL_PCT.txt; head -2 $TS/targetscan_70_output.BL_PCT.txt | tail -1 | tr -d '\n'
    head -c 70000 /dev/zero | tr '\0' C; echo; } >"$T/long.sites"
expect_status "context: a site row past 65,533 characters: file:line" 1 \
    "$T/long.sites:2: line longer than 65,533 characters" $SS targetscan context \
    $TS/miR_for_context_scores.sample.txt $UTR "$T/long.sites" $TS/ORF_Sequences_sample.lengths.txt \
    $TS/ORF_8mer_counts_sample.txt $TS/All_cell_lines.AIRs.txt
$SS targetscan context --lunp $TS/RNAplfold -o "$T/never" $TS/miR_for_context_scores.sample.txt $UTR "$T/long.sites" \
    $TS/ORF_Sequences_sample.lengths.txt $TS/ORF_8mer_counts_sample.txt $TS/All_cell_lines.AIRs.txt 2>"$T/err"
[ ! -e "$T/never" ] && ok "context: the long row leaves no -o file" || bad "context: the long row leaves no -o file"
expect_status "missing input file" 1 "nonexistent.txt" $SS targetscan bins nonexistent.txt
expect_status "missing input file under --compat: exit 0" 0 "nonexistent.txt" $SS targetscan bins $C nonexistent.txt
expect_status "wrong number of arguments" 1 "bl-pct takes" $SS targetscan bl-pct $FAM
expect_status "unknown step" 1 "unknown step" $SS targetscan nope
$SS targetscan --help >"$T/out" 2>"$T/err" && grep -q targetscan_70_context_scores.pl "$T/out" &&
    ok "targetscan --help names the scripts replaced" || bad "targetscan --help"

cli_finish
