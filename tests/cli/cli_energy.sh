#!/bin/sh
# cli_energy.sh: `seedscan scan --energy`: site energies against RNAduplex's and the duplex command's, through every writer, strand, shard and -t.
# Run from the top directory: SEEDSCAN=path/to/seedscan sh tests/cli/cli_energy.sh
CLI_NAME=cli_energy
. tests/cli/clilib.sh
M=UAAUACUGCCUGGUAAUGAUGA
U=refs/hsa_3utr_collected.fa
MIRS="-m refs/hsa_mature.v22.fa --mirna hsa-miR-21-5p,hsa-miR-34a-5p,hsa-let-7a-5p,hsa-miR-200b-3p,hsa-miR-155-5p"

# Pair P002 of testdata/thermo: RNAduplex 2.4.18's MFE duplex (-8.40) pairs nt 2-8 with target
# 23-17, so it holds the 7mer-m8 CAGUAUU at 17-23 and is that site's energy (its window,
# 1-26, holds the whole duplex and its dangles).
printf '>p2\nAAGAUCUUUGUUAACUCAGUAUUUUAAACAUCUGUCAGCU\n' > "$T/p2.fa"
printf 'target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\tmfe\np2\tm\tm\t7mer-m8\t17\t23\tCAGUAUU\t-8.40\n' > "$T/p2.exp"
expect_out "7mer-m8 of P002 = RNAduplex's MFE" "$T/p2.exp" $SS scan --energy --shadow 0 --mirna m=$M "$T/p2.fa"

# A second way: the window of each site (written out here from the site model, README) through
# `seedscan duplex`: a site's energy keeps its seed pairs, so it is never below the window's
# MFE, and equals it wherever the window's best duplex holds the seed (most sites).
$SS scan --energy $MIRS $U > "$T/e.tsv" 2>"$T/err" || bad "scan --energy"
awk -F'\t' -v MF=refs/hsa_mature.v22.fa -v UF=$U '
    BEGIN { while ((getline l < MF) > 0) { if (l ~ /^>/) { n = substr(l, 2); sub(/ .*/, "", n) } else mir[n] = l }
            while ((getline l < UF) > 0) { if (l ~ /^>/) { id = substr(l, 2); sub(/ .*/, "", id) } else seq[id] = seq[id] l } }
    NR == 1 { next }
    { L = length(mir[$3]); off = ($4 == "7mer-m8" || $4 == "6mer") ? 1 : ($4 == "offset-6mer") ? 2 : 0
      p1 = $6 - 1 + off; b = p1 - (L - 1) - 5; if (b < 0) b = 0; w = p1 + 3
      if (w > length(seq[$1])) w = length(seq[$1])
      print mir[$3] "\t" substr(seq[$1], b + 1, w - b) > "'"$T"'/win.tsv"; print $8 > "'"$T"'/site.e" }' "$T/e.tsv"
if $SS duplex --pairs "$T/win.tsv" > "$T/d.tsv" 2>"$T/err" &&
   tail -n +2 "$T/d.tsv" | cut -f3 | paste "$T/site.e" - > "$T/cmp" &&
   awk '$1 + 0 < $2 - 0.001 { exit 1 } $1 == $2 { eq++ } END { if (NR < 100 || eq < NR / 2) exit 1 }' "$T/cmp"
then ok "site energy >= window MFE (seedscan duplex), equal for most of $(wc -l < "$T/cmp") sites"
else bad "site energy vs window MFE"; fi

# the same bytes whatever -t, and shards joined
$SS scan --energy -t 2 $MIRS $U > "$T/e2.tsv" 2>"$T/err"
same "--energy: -t 2 = -t 1" "$T/e.tsv" "$T/e2.tsv"
$SS scan --energy --shard 1/2 $MIRS $U > "$T/s1" 2>"$T/err" && $SS scan --energy --shard 2/2 $MIRS $U > "$T/s2" 2>>"$T/err" &&
    $SS merge "$T/s1" "$T/s2" > "$T/sm" 2>>"$T/err"
same "--energy: --shard 1/2 + 2/2 merged = one run" "$T/e.tsv" "$T/sm"

# BED score = round(-10 x mfe) within 0..1000, same sites in the same order
$SS scan --energy -f bed $MIRS $U > "$T/e.bed" 2>"$T/err"
if tail -n +2 "$T/e.tsv" | cut -f8 | paste "$T/e.bed" - |
   awk -F'\t' '{ s = $7 < 0 ? int(-$7 * 10 + 0.5) : 0; if (s > 1000) s = 1000; if ($5 != s) exit 1 } END { if (NR < 100) exit 1 }'
then ok "BED score = -10 x mfe"; else bad "BED score"; fi

# - strand: a site read on the reverse complement has the energy of that site in the reverse
# complement scanned as given
awk '/^>/ { if (s) print h "\n" s; h = $0; s = ""; next } { s = s $0 } END { print h "\n" s }' $U |
    awk 'NR % 2 == 1 { print; next } { r = ""; for (i = length($0); i > 0; i--) { c = substr($0, i, 1);
        r = r (c == "A" ? "T" : c == "T" ? "A" : c == "C" ? "G" : c == "G" ? "C" : c == "a" ? "t" : c == "t" ? "a" : c == "c" ? "g" : c == "g" ? "c" : c) } print r }' > "$T/rc.fa"
$SS scan --energy --shadow 0 --strand minus $MIRS $U > "$T/minus.tsv" 2>"$T/err"
$SS scan --energy --shadow 0 $MIRS "$T/rc.fa" > "$T/rcplus.tsv" 2>>"$T/err"
if [ "$(tail -n +2 "$T/minus.tsv" | cut -f3,4,7,9 | sort | md5sum)" = "$(tail -n +2 "$T/rcplus.tsv" | cut -f3,4,7,8 | sort | md5sum)" ] &&
   [ "$(wc -l < "$T/minus.tsv")" -gt 50 ]; then ok "--strand minus = the reverse complement on +"
else bad "--strand minus energies"; fi

# --max-energy keeps exactly the rows at or below it
$SS scan --max-energy -12.5 $MIRS $U > "$T/m.tsv" 2>"$T/err"
awk -F'\t' 'NR == 1 || $8 + 0 <= -12.5' "$T/e.tsv" > "$T/m.exp"
if [ "$(wc -l < "$T/m.exp")" -gt 10 ]; then same "--max-energy -12.5 = the rows of --energy at or below" "$T/m.exp" "$T/m.tsv"
else bad "--max-energy: too few rows to test"; fi

# non-canonical types: only when asked, each with an energy, the same bytes whatever -t and
# shards, and on - the sites of the reverse complement
NC="--types default,noncanonical"
$SS scan $NC $MIRS $U > "$T/nc.tsv" 2>"$T/err" || bad "--types noncanonical"
if awk -F'\t' 'NR > 1 { seen[$4]++; if ($8 == "" || $8 == "NA") exit 1 }
       END { split("GU-7mer GU-6mer mm-7mer bulge-7mer 3p-comp 8mer", t, " "); for (i in t) if (!seen[t[i]]) exit 1 }' "$T/nc.tsv" &&
   [ "$(cut -f4 "$T/e.tsv" | grep -c -E 'GU-|mm-7mer|bulge|centered|3p-comp')" = 0 ]
then ok "non-canonical types reported with energies, none by default"; else bad "non-canonical types"; fi
awk -F'\t' 'NR > 1 && ($4 == "8mer" || $4 ~ /^(7mer|6mer|offset)/)' "$T/nc.tsv" > "$T/nc_canon"
tail -n +2 "$T/e.tsv" > "$T/canon"
same "canonical rows unchanged among the non-canonical ones" "$T/canon" "$T/nc_canon"
$SS scan $NC -t 2 $MIRS $U > "$T/nc2.tsv" 2>"$T/err"
same "non-canonical: -t 2 = -t 1" "$T/nc.tsv" "$T/nc2.tsv"
$SS scan $NC --shard 1/2 $MIRS $U > "$T/n1" 2>"$T/err" && $SS scan $NC --shard 2/2 $MIRS $U > "$T/n2" 2>>"$T/err" &&
    $SS merge "$T/n1" "$T/n2" > "$T/nm" 2>>"$T/err"
same "non-canonical: shards merged = one run" "$T/nc.tsv" "$T/nm"
$SS scan $NC --shadow 0 --strand minus $MIRS $U > "$T/ncm.tsv" 2>"$T/err"
$SS scan $NC --shadow 0 $MIRS "$T/rc.fa" > "$T/ncp.tsv" 2>>"$T/err"
if [ "$(tail -n +2 "$T/ncm.tsv" | cut -f3,4,7,9 | sort | md5sum)" = "$(tail -n +2 "$T/ncp.tsv" | cut -f3,4,7,8 | sort | md5sum)" ]
then ok "non-canonical --strand minus = the reverse complement on +"; else bad "non-canonical minus strand"; fi
$SS scan --types GU-7mer,centered -f bed $MIRS $U > "$T/nc.bed" 2>"$T/err"
if [ -s "$T/nc.bed" ] && awk -F'\t' '$4 !~ /:(GU-7mer|centered)$/ { exit 1 }' "$T/nc.bed"
then ok "--types GU-7mer,centered -f bed: those types only"; else bad "--types GU-7mer,centered BED"; fi

# --summary with energies: the counts of the plain summary plus a last column mfe, the lowest
# energy of the row's sites
$SS scan -s $MIRS $U > "$T/plain.sum" 2>"$T/err" && $SS scan -s --energy $MIRS $U > "$T/e.sum" 2>>"$T/err" ||
    bad "scan -s --energy"
awk -F'\t' -v OFS='\t' '{ NF--; print }' "$T/e.sum" > "$T/e.sum.cut"
same "-s --energy without its mfe column = -s" "$T/plain.sum" "$T/e.sum.cut"
# Each row again from the TSV rows, with awk: per target, family (and strand) the count of every
# type and the lowest mfe (NA only when every site's is NA). sum_keys prints the summary's
# nonzero counts and mfe as the same keys; tsv_keys derives them from the site rows.
sum_keys() {
    awk -F'\t' -v sc="$2" 'NR == 1 { for (i = 4; i <= NF; i++) if ($i == "total") tot = i; next }
        { st = sc ? $(tot + 2) : "."; for (i = 4; i < tot; i++) if ($i != 0) print $1, $2, st, i, $i
          print $1, $2, st, "mfe", $NF }' "$1" > "$1.keys"
    head -1 "$1" | awk -F'\t' '{ for (i = 4; i <= NF; i++) if ($i == "total") break; else print i, $i }' > "$1.cols"
}
tsv_keys() { # TSV $1 (strand column when $2), columns of summary $3
    awk -F'\t' -v sc="$2" -v cols="$3.cols" 'BEGIN { while ((getline l < cols) > 0) { split(l, a, " "); col[a[2]] = a[1] } }
        NR == 1 { next }
        { st = sc ? $8 : "."; e = sc ? $9 : $8; k = $1 SUBSEP $3 SUBSEP st
          if (!(k in seen)) { seen[k] = 1; order[++n] = k; best[k] = "NA" }
          cnt[k SUBSEP col[$4]]++
          if (e != "NA" && (best[k] == "NA" || e + 0 < best[k] + 0)) best[k] = e }
        END { for (c in cnt) { split(c, a, SUBSEP); print a[1], a[2], a[3], a[4], cnt[c] }
              for (i = 1; i <= n; i++) { split(order[i], a, SUBSEP); print a[1], a[2], a[3], "mfe", best[order[i]] } }' "$1"
}
sum_vs_tsv() { # name, summary, TSV, strand column
    sum_keys "$2" "$4"
    tsv_keys "$3" "$4" "$2" | sort > "$T/k.exp"
    sort "$2.keys" > "$T/k.got"
    if [ "$(wc -l < "$T/k.exp")" -gt 20 ] && cmp -s "$T/k.exp" "$T/k.got"; then ok "$1"
    else bad "$1"; diff "$T/k.exp" "$T/k.got" | head -5; fi
}
sum_vs_tsv "-s --energy: counts and lowest mfe = those of the TSV rows" "$T/e.sum" "$T/e.tsv" ""
NCA="--types all,noncanonical"
$SS scan $NCA $MIRS $U > "$T/nca.tsv" 2>"$T/err" && $SS scan -s $NCA $MIRS $U > "$T/nca.sum" 2>>"$T/err" ||
    bad "scan -s non-canonical"
if [ "$(head -1 "$T/nca.sum")" = "$(printf 'target\tfamily\tmirnas\t8mer\t7mer-m8\t7mer-A1\t6mer\toffset-6mer\t6mer-A1\tGU-7mer\tGU-6mer\tmm-7mer\tbulge-7mer\tcentered\t3p-comp\ttotal\tbest\tmfe')" ]
then ok "-s non-canonical: a column per enabled type, then total, best, mfe"; else bad "-s non-canonical header"; fi
sum_vs_tsv "-s all,noncanonical: each type's count and lowest mfe = the TSV rows'" "$T/nca.sum" "$T/nca.tsv" ""
# total = the sum of the counts; best = the first type column with a site
if awk -F'\t' 'NR == 1 { for (i = 4; i <= NF; i++) { h[i] = $i; if ($i == "total") tot = i }; next }
       { s = 0; b = "none"; for (i = 4; i < tot; i++) { s += $i; if ($i && b == "none") b = h[i] }
         if (s != $tot || b != $(tot + 1)) exit 1 }' "$T/nca.sum"
then ok "-s non-canonical: total and best from the counts"; else bad "-s non-canonical total/best"; fi
$SS scan --strand both $NCA $MIRS $U > "$T/ncb.tsv" 2>"$T/err" && $SS scan -s --strand both $NCA $MIRS $U > "$T/ncb.sum" 2>>"$T/err"
sum_vs_tsv "-s --strand both non-canonical = the TSV rows of each strand" "$T/ncb.sum" "$T/ncb.tsv" 1
$SS scan --max-energy -14 $NCA $MIRS $U > "$T/ncm.tsv" 2>"$T/err" && $SS scan -s --max-energy -14 $NCA $MIRS $U > "$T/ncm.sum" 2>>"$T/err"
sum_vs_tsv "-s --max-energy -14: counts only the sites within it" "$T/ncm.sum" "$T/ncm.tsv" ""
$SS scan -s --strand both $NCA -t 2 $MIRS $U > "$T/ncb2.sum" 2>"$T/err"
same "-s non-canonical --strand both: -t 2 = -t 1" "$T/ncb.sum" "$T/ncb2.sum"
$SS scan -s --strand both $NCA --shard 1/3 $MIRS $U > "$T/q1" 2>"$T/err" && $SS scan -s --strand both $NCA --shard 2/3 $MIRS $U > "$T/q2" 2>>"$T/err" &&
    $SS scan -s --strand both $NCA --shard 3/3 $MIRS $U > "$T/q3" 2>>"$T/err" && $SS merge "$T/q1" "$T/q2" "$T/q3" > "$T/qm" 2>>"$T/err"
same "-s non-canonical --strand both: 3 shards merged = one run" "$T/ncb.sum" "$T/qm"
$SS scan --strand both $NCA --shard 1/2 -f bed $MIRS $U > "$T/b1" 2>"$T/err" && $SS scan --strand both $NCA --shard 2/2 -f bed $MIRS $U > "$T/b2" 2>>"$T/err" &&
    $SS scan --strand both $NCA -f bed $MIRS $U > "$T/b" 2>>"$T/err"
$SS merge "$T/b1" "$T/b2" > "$T/bcat" 2>>"$T/err"
same "non-canonical BED --strand both: shards merged = one run" "$T/b" "$T/bcat"

expect_fail "--energy with --piece" "--piece cannot be combined with --energy" $SS scan --energy --piece 100 $MIRS $U
expect_fail "--energy with -f targetscan" "not in TargetScan's site table" $SS scan --energy -f targetscan $MIRS $U
expect_fail "--max-energy not a number" "--max-energy: 'x' is not an energy" $SS scan --max-energy x $MIRS $U
cli_finish
