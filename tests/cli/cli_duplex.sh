#!/bin/sh
# cli_duplex.sh: `seedscan duplex` end to end: RNAduplex's 300 pairs, modes, drawing, bad input.
# Run from the top directory: SEEDSCAN=path/to/seedscan sh tests/cli/cli_duplex.sh
CLI_NAME=cli_duplex
. tests/cli/clilib.sh
D=testdata/thermo
M=UAAUACUGCCUGGUAAUGAUGA

# the 300 pairs as MIRNA<TAB>TARGET lines; MFE, spans and structure equal RNAduplex 2.4.18's
awk 'NR % 3 == 2 { m = $0 } NR % 3 == 0 { print m "\t" $0 }' $D/duplex_input.txt > "$T/pairs.tsv"
if $SS duplex --pairs "$T/pairs.tsv" > "$T/out" 2>"$T/err"; then
    cut -f3-8 "$T/out" | tail -n +2 > "$T/got"
    tail -n +2 $D/rnaduplex_2.4.18.tsv | cut -f3-7,13 > "$T/exp"
    same "300 pairs: MFE, spans, structure = RNAduplex 2.4.18" "$T/exp" "$T/got"
else bad "300 pairs: exit status"; fi

# --draw: pair P001 drawn by hand from its structure .((((.(((.&.))).)))).
expect_out "--draw, RNAhybrid layout" $D/golden/draw_P001.txt \
    $SS duplex --mirna hsa-miR-200b-3p=$M --draw $D/t1.fa

# -e: first line the MFE, every line within 1.5 kcal/mol, sorted
if $SS duplex --mirna m=$M -e 1.5 $D/t1.fa > "$T/out" 2>"$T/err" &&
   awk -F'\t' 'NR == 2 { if ($3 != "-7.90") exit 1; prev = $3 }
               NR > 2 { if ($3 + 0 < prev + 0 || $3 + 0 > -7.90 + 1.5) exit 1; prev = $3 }
               END { if (NR < 3) exit 1 }' "$T/out"; then ok "-e 1.5: within delta, sorted"
else bad "-e 1.5"; fi

# --ends: the best over end positions is the MFE; --below keeps only <= E
if $SS duplex --mirna m=$M --ends $D/t1.fa > "$T/out" 2>"$T/err" &&
   [ "$(tail -n +2 "$T/out" | sort -t"$(printf '\t')" -k3,3g | head -1 | cut -f3)" = "-7.90" ] &&
   $SS duplex --mirna m=$M --below -7 $D/t1.fa > "$T/out2" 2>"$T/err" &&
   awk -F'\t' 'NR > 1 && $3 + 0 > -7 { exit 1 } END { if (NR < 2) exit 1 }' "$T/out2"
then ok "--ends / --below"; else bad "--ends / --below"; fi

# -P: a file changing the duplex initiation by -1.10 shifts every MFE by -1.10
if $SS duplex --mirna m=$M -P $D/misc_only.par $D/t1.fa > "$T/out" 2>"$T/err" &&
   [ "$(tail -n +2 "$T/out" | cut -f3)" = "-9.00" ]; then ok "-P partial file"; else bad "-P partial file"; fi

# bad input: exit 1, a message naming file and line, nothing on stdout
fails() {
    expect_fail "$@"
    [ -s "$T/out" ] && bad "$1: partial output"
    return 0
}
fails "non-nucleotide letter" "bad_letter.fa:3: target 'bad' has 'Z' at position 5" \
    $SS duplex --mirna m=$M $D/bad_letter.fa
printf 'UAAUACU\tAAAUCUGGCACC\n' > "$T/short.tsv"
fails "too-short miRNA" "short.tsv:1: miRNA 'UAAUACU' has 7 nt" $SS duplex --pairs "$T/short.tsv"
fails "malformed parameter file" "bad_token.par:5: section stack: 'oops' is not a value" \
    $SS duplex --mirna m=$M -P $D/bad_token.par $D/t1.fa
fails "unreadable parameter file" "no_such.par: cannot open" \
    $SS duplex --mirna m=$M -P $D/no_such.par $D/t1.fa
printf 'UAAUACUGCCUGGUAAUGAUGA AAAUCUGG\n' > "$T/nottab.tsv"
fails "pair line without a tab" "nottab.tsv:1: expected MIRNA<TAB>TARGET" $SS duplex --pairs "$T/nottab.tsv"
fails "unknown option" "invalid option" $SS duplex --bogus
cli_finish
