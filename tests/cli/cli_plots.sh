#!/bin/sh
# cli_plots.sh: the SVG plots of expr and landscape, read back from their coordinates: legends clear of curves, Okabe-Ito colours, q values, clipping said, grid, labels.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_plots.sh
# Data: the fly S2 miR-1 transfection and the rat Ttr siRNA fixtures (testdata/README.md).
set -u
CLI_NAME=plots
CLI_TAG="plots: "
. tests/cli/clilib.sh
D=testdata
FLY_T=$D/fly_s2_log2fc.tsv.gz
FLY_U="$D/sylamer_fly_miR1_utrs.fa.gz $D/fly_s2_more_utrs.fa.gz"
M1="--value-col miR1 --mirna miR1=TGGAATGTAAAGAAGTATGGAG --shadow 0"
TTR_T=$D/seedmatchr_ttr_deseq2.tsv.gz
TTR_U=$D/seedmatchr_ttr_utrs.fa.gz
# Okabe & Ito (2008) colours, and black for the reference curve
PALETTE="black #000000 #E69F00 #56B4E9 #009E73 #F0E442 #0072B2 #D55E00 #CC79A7"
check() { name=$1; shift; if "$@" 2>>"$T/err"; then ok "$name"; else bad "$name"; fi; : >"$T/err"; }

# points FILE: "x y colour" for every vertex of the curves (ECDF paths: M, H, V steps; polylines)
points() {
    awk '{ while (match($0, /<path clip-path[^>]*>/)) {
             el = substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH)
             col = el; sub(/.*stroke="/, "", col); sub(/".*/, "", col)
             d = el; sub(/.* d="/, "", d); sub(/".*/, "", d); gsub(/[MHV]/, " & ", d)
             n = split(d, t, " "); x = 0; y = 0
             for (i = 1; i <= n; i++) {
                 if (t[i] == "M") { x = t[++i]; y = t[++i] } else if (t[i] == "H") x = t[++i]; else if (t[i] == "V") y = t[++i]; else continue
                 print x, y, col } }
         while (match($0, /<polyline[^>]*>/)) {
             el = substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH)
             col = el; sub(/.*stroke="/, "", col); sub(/".*/, "", col)
             p = el; sub(/.*points="/, "", p); sub(/".*/, "", p)
             n = split(p, t, " "); for (i = 1; i <= n; i++) { split(t[i], xy, ","); print xy[1], xy[2], col } } }' "$1"
}
# rects FILE CLASS: "x y w h" of <rect class="CLASS">; CLASS "frame" is the plot's black box
rects() {
    if [ "$2" = frame ]; then grep -o '<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="none" stroke="black"/>' "$1"
    else grep -o "<rect class=\"$2\" [^>]*>" "$1"; fi |
        sed 's/.* x="\([^"]*\)" y="\([^"]*\)" width="\([^"]*\)" height="\([^"]*\)".*/\1 \2 \3 \4/'
}
# clear_legend FILE: no curve vertex inside any legend box, and every legend box right of its plot
clear_legend() {
    rects "$1" legend >"$T/leg"; rects "$1" frame >"$T/frame"; points "$1" >"$T/pts"
    [ -s "$T/leg" ] && [ -s "$T/pts" ] && [ "$(wc -l <"$T/leg")" -eq "$(wc -l <"$T/frame")" ] &&
    awk 'FILENAME == ARGV[1] { lx[++nl] = $1; ly[nl] = $2; lw[nl] = $3; lh[nl] = $4; next }
         FILENAME == ARGV[2] { fx[++nf] = $1; fy[nf] = $2; fw[nf] = $3; next }
         { for (i = 1; i <= nl; i++) if ($1 >= lx[i] && $1 <= lx[i] + lw[i] && $2 >= ly[i] && $2 <= ly[i] + lh[i]) bad++ }
         END { for (i = 1; i <= nl; i++) if (lx[i] < fx[i] + fw[i]) bad++; exit bad > 0 }' "$T/leg" "$T/frame" "$T/pts"
}
# palette_only FILE: every curve is drawn in black or an Okabe-Ito colour
palette_only() {
    points "$1" | awk -v pal="$PALETTE" 'BEGIN { n = split(pal, p, " "); for (i = 1; i <= n; i++) ok[p[i]] = 1 }
        { m++; if (!($3 in ok)) { bad++; print "  colour " $3 > "/dev/stderr" } } END { exit !(m > 0 && !bad) }'
}

echo "# expr --svg: fly miR-1 (one panel)"
$SS expr -e $FLY_T $M1 --svg "$T/m1.svg" -o "$T/m1.tsv" $FLY_U 2>"$T/err"
check "the legend covers no curve and sits right of the plot" clear_legend "$T/m1.svg"
check "curves in black and Okabe-Ito colours only" palette_only "$T/m1.svg"
first=$(points "$T/m1.svg" | head -1 | cut -d' ' -f3)
[ "$first" = black ] && ok "the no-site (reference) curve is black" || bad "the no-site (reference) curve is black ($first)"
# the legend's statistics are the table's: KS D, p and the BH q of best 8mer
note=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $(k["class"]) == "best" && $(k["type"]) == "8mer" { printf "KS D=%.3f  p=%.2g  q=%.2g", $(k["ks_D"]), $(k["ks_p"]), $(k["ks_q"]) }' "$T/m1.tsv")
check "q values (BH) shown: best 8mer's legend reads '$note'" grep -qF "$note" "$T/m1.svg"
check "the subtitle says what q is" grep -q "q = BH over the run" "$T/m1.svg"
# the note under the axis: its range, and how many of the plotted values lie beyond it,
# recounted from the table (the genes with a value and a 3'UTR: every gene is in one curve)
# clip_count SVG TABLE COLUMN UTR...: the note's count equals the values outside its range
clip_count() {
    svg=$1 tab=$2 col=$3; shift 3
    line=$(grep -o 'class="axis-note"[^<]*<' "$svg" | head -1 | sed 's/.*>//; s/<$//')
    lo=$(echo "$line" | sed 's/^x axis \([^ ]*\) to \([^ :(]*\).*/\1/') hi=$(echo "$line" | sed 's/^x axis \([^ ]*\) to \([^ :(]*\).*/\2/')
    case "$line" in
    *"is shown") said=0 n=$(echo "$line" | sed 's/.*every value (\([0-9]*\)).*/\1/') ;;
    *) said=$(echo "$line" | sed 's/.*: \([0-9]*\) of .*/\1/') n=$(echo "$line" | sed 's/.* of \([0-9]*\) values.*/\1/') ;;
    esac
    for u in "$@"; do zcat "$u"; done | sed -n 's/^>\([^ ]*\).*/\1/p' >"$T/ids"
    zcat "$tab" | awk -F'\t' -v c="$col" -v lo="$lo" -v hi="$hi" -v said="$said" -v n="$n" '
        FILENAME == ARGV[1] { id[$1] = 1; next }
        FNR == 1 { for (i = 1; i <= NF; i++) if ($i == c) v = i; next }
        ($1 in id) && $v != "NA" { m++; if ($v + 0 < lo + 0 || $v + 0 > hi + 0) out++ }
        END { printf "  note: %d of %d; recounted: %d of %d\n", said, n, out, m > "/dev/stderr"; exit !(m == n && out + 0 == said + 0) }' "$T/ids" -
}
check "fly: the x axis note counts the clipped values (20 of 2929)" sh -c "grep -q '20 of 2929 values lie beyond' '$T/m1.svg'"
check "fly: ... as the table recounts them" clip_count "$T/m1.svg" $FLY_T miR1 $FLY_U
$SS expr -q -e $TTR_T --mirna siTtr=UUAUAGAGCAAGAACACUGUUUU --shadow 0 --svg "$T/ttr.svg" $TTR_U >/dev/null 2>"$T/err"
check "Ttr (179 genes): the note says every value is shown" grep -q 'every value (179) is shown' "$T/ttr.svg"
check "Ttr: ... and the table agrees (none beyond)" clip_count "$T/ttr.svg" $TTR_T log2FoldChange $TTR_U

echo "# expr --all-families --svg: a grid of panels"
$SS expr -q -e $FLY_T --value-col miR1 -m refs/mature.v22.fa.gz --species dme --all-families --shadow 0 \
    --svg "$T/all.svg" $FLY_U >/dev/null 2>"$T/err"
# panel size from a single-panel plot: the grid is 3 panels wide and 4 high for 12 panels
w1=$(sed -n 's/^<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1/p' "$T/m1.svg")
h1=$(sed -n 's/^<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\2/p' "$T/m1.svg")
wa=$(sed -n 's/^<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1/p' "$T/all.svg")
ha=$(sed -n 's/^<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\2/p' "$T/all.svg")
[ "$wa" = $((3 * w1)) ] && [ "$ha" = $((4 * h1)) ] && ok "12 panels: 3 x 4 grid ($wa x $ha px)" || bad "12 panels: 3 x 4 grid ($wa x $ha px)"
grep -o '<text x="[0-9]*" y="[0-9]*" font-size="15" font-weight="bold">' "$T/all.svg" |
    sed 's/<text x="\([0-9]*\)" y="\([0-9]*\)".*/\1 \2/' >"$T/titles"
cols=$(cut -d' ' -f1 "$T/titles" | sort -u | wc -l) rows=$(cut -d' ' -f2 "$T/titles" | sort -u | wc -l)
[ "$(wc -l <"$T/titles")" -eq 12 ] && [ "$cols" -eq 3 ] && [ "$rows" -eq 4 ] && ok "titles on 3 columns and 4 rows" || bad "titles on 3 columns ($cols) and 4 rows ($rows)"
first=$(grep -o '<text x="[0-9]*" y="[0-9]*" font-size="15" font-weight="bold">[^<]*' "$T/all.svg" | head -1 | sed 's/.*>//')
[ "$first" = dme-miR-1-3p ] && ok "the first panel is the top-ranked family (dme-miR-1-3p)" || bad "first panel $first"
check "grid: no legend covers a curve" clear_legend "$T/all.svg"
check "grid: Okabe-Ito colours" palette_only "$T/all.svg"

echo "# landscape --svg: fly miR-1"
$SS landscape -q -e $FLY_T --value-col miR1 --mirna miR1=TGGAATGTAAAGAAGTATGGAG --svg "$T/l.svg" $D/sylamer_fly_miR1_utrs.fa.gz >/dev/null 2>"$T/err"
check "y label: signed -log10 P (+ enriched, - depleted)" grep -qF '>signed -log10 P (+ enriched, - depleted)</text>' "$T/l.svg"
check "the reference lines are explained: +/-2.3 is P = 0.005" grep -qF '+/-2.3: P = 0.005, enriched / depleted' "$T/l.svg"
check "the grey band is explained: all 16384 7-mers" grep -qF 'all 16384 words: their range' "$T/l.svg"
check "the legend covers no curve and sits right of the plot" clear_legend "$T/l.svg"
check "words in Okabe-Ito colours" palette_only "$T/l.svg"
$SS landscape -q -e $FLY_T --value-col miR1 --mirna miR1=TGGAATGTAAAGAAGTATGGAG --direction up --svg "$T/lu.svg" $D/sylamer_fly_miR1_utrs.fa.gz >/dev/null 2>"$T/err"
check "--direction up: the x label says most increased first" grep -q 'most increased first' "$T/lu.svg"

cli_finish
