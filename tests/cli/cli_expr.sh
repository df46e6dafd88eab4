#!/bin/sh
# cli_expr.sh: CLI tests of `seedscan expr` and `seedscan landscape` on real data: facts, R values, messages.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_expr.sh
# Expected values: testdata/*_expected.tsv (written by testdata/expr_expected.R),
# the facts of the data's own README (fly S2, Agarwal et al. 2018), and Sylamer's tables.
set -u
CLI_NAME=expr
CLI_TAG="expr: "
. tests/cli/clilib.sh
D=testdata
# check NAME CMD...: pass when CMD succeeds
check() { name=$1; shift; if "$@" 2>>"$T/err"; then ok "$name"; else bad "$name"; fi; : >"$T/err"; }
# same NAME A B: both files non-empty and equal
same() { if [ -s "$2" ] && cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; fi; : >"$T/err"; }
# fails_with NAME MESSAGE CMD...: exit status 1 with MESSAGE on stderr
fails_with() { expect_fail "$@"; : >"$T/err"; }
# col FILE CLASS TYPE NAME: the value of column NAME in the row of CLASS and TYPE
col() {
    awk -F'\t' -v c="$2" -v t="$3" -v n="$4" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
        $(k["class"]) == c && $(k["type"]) == t { print $(k[n]); exit }' "$1"
}
# holds EXPR: awk condition on nothing but numbers written into it
holds() { awk "BEGIN { exit !($1) }"; }
# same_values OURS EXPECTED COLUMNS: rows matched by class and type, numbers within 1e-5
# (relative); values below 1e-12 within 1e-14, as R's one-sided KS p is 1 - (1 - p) there
same_values() {
    awk -F'\t' -v cols="$3" 'FNR == 1 { for (i = 1; i <= NF; i++) k[FILENAME, $i] = i; next }
        { key = $(k[FILENAME, "class"]) SUBSEP $(k[FILENAME, "type"]) }
        FILENAME == ARGV[1] { row[key] = $0; next }
        { m++; if (!(key in row)) { bad++; next }
          split(row[key], o, "\t"); nc = split(cols, c, ",")
          for (i = 1; i <= nc; i++) { a = o[k[ARGV[1], c[i]]]; b = $(k[FILENAME, c[i]])
              d = a - b; if (d < 0) d = -d; e = b < 0 ? -b : b
              if (d > 1e-5 * e + 1e-300 && !(e < 1e-12 && d < 1e-14)) { bad++; print "  " key ": " c[i] " " a " != " b > "/dev/stderr" } } }
        END { exit !(m > 0 && bad == 0) }' "$1" "$2"
}

FLY_T=$D/fly_s2_log2fc.tsv.gz
FLY_U="$D/sylamer_fly_miR1_utrs.fa.gz $D/fly_s2_more_utrs.fa.gz"
TTR_T=$D/seedmatchr_ttr_deseq2.tsv.gz
TTR_U=$D/seedmatchr_ttr_utrs.fa.gz
TTR_G=siTtr=UUAUAGAGCAAGAACACUGUUUU

echo "# SeedMatchR Ttr siRNA fixture (DESeq2 table, 179 genes): R's values, mer7m8 column"
$SS expr -e $TTR_T --mirna $TTR_G --shadow 0 --annotate "$T/ttr.ann" $TTR_U >"$T/ttr" 2>"$T/err"
check "every statistic equals R (ks.test, wilcox.test, p.adjust BH)" same_values "$T/ttr" \
    $D/seedmatchr_ttr_expected.tsv n,mean,median,n_nosite,ks_D,ks_p,mw_p,ks_q,mw_q
check "annotated table: mer7m8 = 8mer + 7mer-m8 for all 179 genes" awk -F'\t' \
    'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } { n++; if ($(k["mer7m8"]) != $(k["siTtr.8mer"]) + $(k["siTtr.7mer-m8"])) bad++ }
     END { exit !(n == 179 && !bad) }' "$T/ttr.ann"
zcat $TTR_T | tr '\t' ',' >"$T/ttr.csv"
$SS expr -q -e "$T/ttr.csv" --mirna $TTR_G --shadow 0 $TTR_U >"$T/ttr_csv" 2>"$T/err"
same "the same table as CSV gives the same tests" "$T/ttr" "$T/ttr_csv"
$SS scan --summary --mirna $TTR_G --shadow 0 $TTR_U >"$T/ttr.sum" 2>"$T/err"
$SS expr -q -e $TTR_T --summary-in "$T/ttr.sum" $TTR_U >"$T/ttr_sum" 2>"$T/err"
# the summary has no seed column: the seed is NA, everything else equal
cut -f1-3,5- "$T/ttr" >"$T/ttr_noseed"
cut -f1-3,5- "$T/ttr_sum" >"$T/ttr_sum.cut"
same "--summary-in from scan --summary gives the same tests" "$T/ttr_noseed" "$T/ttr_sum.cut"
$SS expr -q -e $TTR_T --summary-in "$T/ttr.sum" >"$T/ttr_sum2" 2>"$T/err"
cut -f1-3,5- "$T/ttr_sum2" >"$T/ttr_sum2.cut"
same "--summary-in without UTRs: every row counts" "$T/ttr_noseed" "$T/ttr_sum2.cut"

# symbols as IDs: the UTRs join through an ID map (gene_id symbol)
zcat $TTR_T | awk -F'\t' 'NR > 1 { print $1 "\t" $8 }' >"$T/ttr.map"
$SS expr -q -e $TTR_T --id-col symbol --id-map "$T/ttr.map" --mirna $TTR_G --shadow 0 $TTR_U >"$T/ttr_map" 2>"$T/err"
same "--id-col symbol with --id-map gives the same tests" "$T/ttr" "$T/ttr_map"
# a second, shorter copy of every UTR: 'longest' keeps the originals, 'first' the copies
zcat $TTR_U | awk '/^>/ { print; next } { print substr($0, 1, 20) }' >"$T/short.fa"
$SS expr -q -e $TTR_T --mirna $TTR_G --shadow 0 $TTR_U "$T/short.fa" >"$T/ttr_long" 2>"$T/err"
same "--collapse longest keeps the full UTRs" "$T/ttr" "$T/ttr_long"
$SS expr -e $TTR_T --mirna $TTR_G --shadow 0 --collapse first "$T/short.fa" $TTR_U >"$T/ttr_first" 2>"$T/first.err"
check "--collapse first keeps the first, and the join report counts 179 collapsed" sh -c \
    "grep -q '358 targets (179 collapsed by .first.)' '$T/first.err' && ! cmp -s '$T/ttr' '$T/ttr_first'"

echo "# fly S2 miR-1 transfection (data README: best site 8mer, n=23, -1.19 vs -0.02, D=0.625, p~2e-8)"
$SS expr -e $FLY_T --value-col miR1 --mirna miR1=TGGAATGTAAAGAAGTATGGAG --shadow 0 $FLY_U >"$T/m1" 2>"$T/m1.err"
n=$(col "$T/m1" best 8mer n) m=$(col "$T/m1" best 8mer mean) m0=$(col "$T/m1" best 8mer mean_nosite)
dd=$(col "$T/m1" best 8mer ks_D) p=$(col "$T/m1" best 8mer ks_p)
check "n = 23" holds "$n == 23"
check "mean -1.19, no-site mean -0.02" holds "$m > -1.195 && $m < -1.185 && $m0 > -0.025 && $m0 < -0.015"
check "one-sided KS D = 0.625, p about 2e-8" holds "$dd > 0.6245 && $dd < 0.6255 && $p > 1e-8 && $p < 3e-8"
check "join report on stderr" grep -q "matched 2929 rows" "$T/m1.err"
check "every statistic equals R (testdata/fly_mir1_expected.tsv)" same_values "$T/m1" \
    $D/fly_mir1_expected.tsv n,mean,median,n_nosite,ks_D,ks_p,mw_p,ks_q,mw_q
cut -f1-16,18 "$T/m1" >"$T/m1.raw"

$SS scan --summary -m refs/mature.v22.fa.gz --species dme --shadow 0 $FLY_U >"$T/dme.sum" 2>"$T/err"
$SS expr -q -e $FLY_T --value-col miR1 --summary-in "$T/dme.sum" --mirna DME-MIR-1-3P $FLY_U >"$T/m1s" 2>"$T/err"
cut -f1-3,5- "$T/m1" >"$T/m1.noseed"
cut -f1-3,5- "$T/m1s" | sed 's/dme-miR-1-3p\tdme-miR-1-3p/miR1\tmiR1/' >"$T/m1s.noseed"
same "--summary-in of all fly miRNAs, --mirna picks miR-1: the same tests" "$T/m1.noseed" "$T/m1s.noseed"

echo "# fly transfections miR-4, miR-92a, miR-124: best 8mer D > 0.5, p < 1e-7"
for m in miR4=ATAAAGCTAGACAACCATTGAA miR92a=CATTGCACTTGTCCCGGCCTAT miR124=TAAGGCACGCGGTGAATGCCA; do
    $SS expr -q -e $FLY_T --value-col ${m%%=*} --mirna $m --shadow 0 $FLY_U >"$T/t" 2>"$T/err"
    check "${m%%=*}" holds "$(col "$T/t" best 8mer ks_D) > 0.5 && $(col "$T/t" best 8mer ks_p) < 1e-7 && $(col "$T/t" best 8mer delta_mean) < 0"
done

echo "# fly knockouts shift up (data README: miR-277 8mer +0.69 vs +0.05)"
$SS expr -q -e $FLY_T --value-col miR277 --direction up --mirna miR277=TAAATGCACTATCTGGTACGACA --shadow 0 $FLY_U >"$T/k" 2>"$T/err"
check "miR-277: +0.69 vs +0.05, p < 1e-10" holds "$(col "$T/k" best 8mer mean) > 0.685 && $(col "$T/k" best 8mer mean) < 0.695 &&
    $(col "$T/k" best 8mer mean_nosite) > 0.045 && $(col "$T/k" best 8mer mean_nosite) < 0.055 && $(col "$T/k" best 8mer ks_p) < 1e-10"
for m in miR34=TGGCAGTGTGGTTAGCTGGTTGTG miR14=TCAGTCTTTTTCTCTCTCCTAT; do
    $SS expr -q -e $FLY_T --value-col ${m%%=*} --direction up --mirna $m --shadow 0 $FLY_U >"$T/t" 2>"$T/err"
    check "${m%%=*}: best 8mer up, p < 0.05" holds "$(col "$T/t" best 8mer delta_mean) > 0 && $(col "$T/t" best 8mer ks_p) < 0.05"
done
$SS expr -q -e $FLY_T --value-col miR277 --direction down --mirna miR277=TAAATGCACTATCTGGTACGACA --shadow 0 $FLY_U >"$T/t" 2>"$T/err"
check "miR-277 tested for 'down' is not significant" holds "$(col "$T/t" best 8mer ks_p) > 0.5"

echo "# --all-families over every fly miRNA of miRBase 22 ranks the transfected family first"
for m in 1 4 92a 124 263a 994; do
    $SS expr -q -e $FLY_T --value-col miR$m -m refs/mature.v22.fa.gz --species dme --all-families --shadow 0 $FLY_U >"$T/t" 2>"$T/err"
    first=$(awk -F'\t' 'NR == 2 { print $1 ":" $3 }' "$T/t")
    case ",${first#1:}," in
    *,dme-miR-$m-[35]p,*) ok "miR-$m: first row is family $first" ;;
    *) bad "miR-$m: first row is $first" ;;
    esac
done

echo "# the one-pass tests equal stats.c's (SEEDSCAN_EXPR_SLOW=1) on 8 families, both directions"
M8="-m refs/mature.v22.fa.gz --mirna dme-miR-1-3p,dme-miR-4-3p,dme-miR-92a-3p,dme-miR-124-3p,dme-miR-263a-5p,dme-miR-994-5p,dme-miR-277-3p,dme-miR-14-5p"
for dir in down up; do
    $SS expr -q -e $FLY_T --value-col miR277 --direction $dir $M8 --adjust length,gc $FLY_U >"$T/fast" 2>"$T/err"
    SEEDSCAN_EXPR_SLOW=1 $SS expr -q -e $FLY_T --value-col miR277 --direction $dir $M8 --adjust length,gc $FLY_U >"$T/slow" 2>>"$T/err"
    # D = 0 comes out as 0 in one pass and as a few 1e-15 from stats.c's running sum
    check "--direction $dir: every value within 1e-9 (relative) or 1e-12" awk -F'\t' \
        'FNR == NR { r[FNR] = $0; next } { split(r[FNR], o, "\t"); if (NF < 20) bad++
         for (i = 1; i <= NF; i++) { if ($i == o[i]) continue; d = $i - o[i]; if (d < 0) d = -d; e = o[i] < 0 ? -o[i] : o[i]
             if (d > 1e-9 * e + 1e-12) bad++ } } END { exit !(FNR > 20 && NR == 2 * FNR && !bad) }' "$T/slow" "$T/fast"
done

echo "# --adjust, --svg, outputs"
$SS expr -q -e $FLY_T --value-col miR1 --mirna miR1=TGGAATGTAAAGAAGTATGGAG --shadow 0 --adjust length,gc --svg "$T/m1.svg" -o "$T/m1a" $FLY_U 2>"$T/err"
# q values change: BH then runs over the residual tests too
cut -f1-16,18 "$T/m1a" >"$T/m1a.raw" 2>/dev/null
same "--adjust keeps the raw columns unchanged" "$T/m1.raw" "$T/m1a.raw"
check "--adjust: residual test of the best 8mer class still strong" holds \
    "$(col "$T/m1a" best 8mer adj_ks_p) < 1e-6 && $(col "$T/m1a" best 8mer adj_delta_mean) < -0.9"
check "--svg writes a complete SVG with the no-site curve and the 8mer legend" sh -c \
    "head -1 '$T/m1.svg' | grep -q '^<?xml' && tail -1 '$T/m1.svg' | grep -qx '</svg>' &&
     grep -q 'no site (n=2725)' '$T/m1.svg' && grep -q 'best 8mer (n=23)' '$T/m1.svg'"

echo "# errors"
fails_with "no table" "an expression table is required" $SS expr --mirna $TTR_G $TTR_U
fails_with "missing table file" "nonexistent.tsv" $SS expr -e "$T/nonexistent.tsv" $TTR_U
printf 'id\tlogFC\nA\t0.5\nB\tabc\n' >"$T/bad.tsv"
fails_with "a bad value names file and line" "bad.tsv:3: 'abc' in column 'logFC' is not a number" \
    $SS expr -e "$T/bad.tsv" --mirna $TTR_G $TTR_U
fails_with "unknown --value-col" "no value column 'log2FC'" $SS expr -e $TTR_T --value-col log2FC --mirna $TTR_G $TTR_U
fails_with "IDs that do not match: --min-match" "only 0 rows of" $SS expr -e $TTR_T --id-col symbol --mirna $TTR_G -o "$T/none.tsv" $TTR_U
check "a failed run leaves no -o file" test $st -eq 1 -a ! -e "$T/none.tsv"
fails_with "an unwritable --annotate is an error, and -o is not written" "writing $T/no/dir.tsv" \
    $SS expr -e $TTR_T --mirna $TTR_G --annotate "$T/no/dir.tsv" -o "$T/none2.tsv" $TTR_U
check "... no -o file" test $st -eq 1 -a ! -e "$T/none2.tsv"
fails_with "bad --direction" "--direction: 'sideways'" $SS expr -e $TTR_T --direction sideways $TTR_U
$SS expr --help >"$T/h1" 2>"$T/err"; $SS help expr >"$T/h2" 2>>"$T/err"
same "seedscan help expr = seedscan expr --help" "$T/h1" "$T/h2"

echo "# landscape: Sylamer's tables for fly miR-1 (-grow 200 -k 7), every value to 4 decimals"
# same_rows OURS SYLAMER: every row of Sylamer's slice is in ours with values within 5e-5
same_rows() {
    awk -F'\t' 'FNR == NR { r[$1] = $0; next } { m++; if (!($1 in r)) { bad++; next }
        split(r[$1], o, "\t"); for (i = 2; i <= NF; i++) { d = o[i] - $i; if (d < 0) d = -d; if (d > 5e-5) bad++ } }
        END { exit !(m == 37 && bad == 0) }' "$1" "$2"
}
L="$SS landscape -q -e $FLY_T --value-col miR1"
for v in default: r2off:--r2-off m4:-m_4; do
    opt=$(echo "${v#*:}" | tr _ ' ')
    $L $opt $D/sylamer_fly_miR1_utrs.fa.gz >"$T/l_${v%%:*}" 2>"$T/err"
    check "${v%%:*} table (${opt:-no options}) equals Sylamer's" same_rows "$T/l_${v%%:*}" $D/sylamer_fly_miR1_k7_${v%%:*}.rows.txt
done
zcat $FLY_T | awk -F'\t' 'NR > 1 && $2 != "NA"' | sort -s -t "$(printf '\t')" -k2,2g | cut -f1 >"$T/rank.txt"
$SS landscape -q --ranked "$T/rank.txt" $D/sylamer_fly_miR1_utrs.fa.gz >"$T/l_ranked" 2>"$T/err"
same "--ranked list gives the same table as the expression table" "$T/l_ranked" "$T/l_default"
awk '{ l[NR] = $0 } END { for (i = NR; i >= 1; i--) print l[i] }' "$T/rank.txt" >"$T/rank_rev.txt"
$SS landscape -q --ranked "$T/rank_rev.txt" $D/sylamer_fly_miR1_utrs.fa.gz >"$T/l_rev" 2>"$T/err"
$L --direction up $D/sylamer_fly_miR1_utrs.fa.gz >"$T/l_up" 2>"$T/err"
same "--direction up ranks the most increased first (= the reversed list)" "$T/l_rev" "$T/l_up"
$L --words ACATTCC,CATTCCA $D/sylamer_fly_miR1_utrs.fa.gz >"$T/l_words" 2>"$T/err"
awk '$1 == "upper" || $1 == "ACATTCC" || $1 == "CATTCCA"' "$T/l_default" >"$T/l_two"
same "--words: the same rows as in the full table" "$T/l_two" "$T/l_words"
$SS landscape -e $FLY_T --value-col miR1 --mirna miR1=TGGAATGTAAAGAAGTATGGAG --perm 19 --svg "$T/l.svg" \
    $D/sylamer_fly_miR1_utrs.fa.gz >"$T/out" 2>"$T/l.err"
check "peak: CATTCCA 24.7774 at 400, empirical p 0.05 (19 permutations)" \
    grep -q "peak: CATTCCA 24.7774 at 400; empirical p 0.05 (19 permutations)" "$T/l.err"
check "--svg: complete, with the miR-1 words in colour and the peak" sh -c \
    "tail -1 '$T/l.svg' | grep -qx '</svg>' && grep -q 'ACATTCC 7mer-m8' '$T/l.svg' && grep -q 'circle' '$T/l.svg'"
fails_with "landscape: -m must be smaller than -k" "-m 7 must be smaller than -k 7" $L -m 7 $D/sylamer_fly_miR1_utrs.fa.gz
fails_with "landscape: one ranking only" "exactly one ranking" $L --ranked "$T/rank.txt" $D/sylamer_fly_miR1_utrs.fa.gz
fails_with "landscape: a bad word" "--words: 'CATTCC' is not a word of 7 letters" $L --words CATTCC $D/sylamer_fly_miR1_utrs.fa.gz
printf '>x\nACGT@A\n' >"$T/bad.fa"
fails_with "landscape: bad UTR file names file and line" "bad.fa:" $L "$T/bad.fa"

cli_finish
