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

expect_fail "--energy with --summary" "not --summary" $SS scan --energy --summary $MIRS $U
expect_fail "--max-energy not a number" "--max-energy: 'x' is not an energy" $SS scan --max-energy x $MIRS $U
cli_finish
