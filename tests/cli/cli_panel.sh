#!/bin/sh
# cli_panel.sh: CLI tests of `seedscan panel`: listing formats, filters, --report, messages, exit codes.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_panel.sh
# Expected values come from the panel files by awk, or from refs/resistance_panel.README.md.
set -u
P=refs/resistance_panel.tsv
U=refs/panel_target_utrs.fa
CLI_NAME=panel
CLI_TAG="panel: "
. tests/cli/clilib.sh
# expect_line NAME FILE LINE: FILE (an earlier command's output) has LINE exactly
expect_line() {
    if grep -qxF -- "$3" "$2"; then ok "$1"; else bad "$1: no line '$3'"; fi
}
# block FILE ID: the lines of one UTR record's block in a --report
block() {
    awk -v id="  $2 " 'index($0, id) == 1 { on = 1; next } on && /^  [^ ]/ { on = 0 } on && /^$/ { on = 0 } on' "$1"
}

echo "# help and option errors"
if $SS panel -h >"$T/out" 2>"$T/err" && grep -q '^Usage: seedscan panel' "$T/out" \
   && grep -qF '[text]' "$T/out" && grep -qF '[14]' "$T/out" && grep -qF '[5]' "$T/out"
then ok "-h prints usage with live defaults on stdout, exit 0"; else bad "-h"; fi
$SS help panel >"$T/help2" 2>&1
if cmp -s "$T/out" "$T/help2"; then ok "help panel = panel --help"; else bad "help panel"; fi
expect_fail "bad option: usage on stderr, exit 1" "Usage: seedscan panel" $SS panel --bogus
expect_fail "bad option is named" "invalid option '--bogus'" $SS panel --bogus
expect_fail "--format xml" "--format: 'xml' is not text, tsv or fasta" $SS panel -f xml
expect_fail "--types bogus" "--types: 'bogus'" $SS panel --report --types bogus
expect_fail "--shadow -1" "--shadow: '-1'" $SS panel --report --shadow -1
expect_fail "--top 0" "--top: '0'" $SS panel --report -n 0
expect_fail "--report with --format" "--format applies to the listing only" $SS panel --report -f tsv
expect_fail "UTR file without --report" "UTR files are read only with --report" $SS panel $U

echo "# listing"
# 79 rows (awk 'END{print NR-1}'), a title line, a blank line and a header line
$SS panel >"$T/text" 2>"$T/err"
if [ $? -eq 0 ] && [ "$(wc -l <"$T/text")" -eq 82 ] \
   && [ "$(head -1 "$T/text")" = "resistance panel: 79 of 79 miRNAs" ]
then ok "text lists 79 miRNAs"; else bad "text lists 79 miRNAs"; fi
expect_line "text row of miR-21-5p" "$T/text" \
  "hsa-miR-21-5p      MIMAT0000076  AGCUUAU  mir21;mir-21        PTEN;PDCD4;HBP1                    radiation;cisplatin;docetaxel;paclitaxel;5-FU;EGFR-TKI"
awk -F'\t' 'NR == 1 || (";" $7 ";") ~ /;cisplatin;/' $P >"$T/cis.tsv"
expect_out "--resistance cisplatin -f tsv = the file's cisplatin rows" "$T/cis.tsv" \
  $SS panel --resistance cisplatin -f tsv
expect_out "resistance terms match in any case" "$T/cis.tsv" $SS panel --resistance CISPLATIN -f tsv
awk -F'\t' 'NR == 1 || (";" $11 ";") ~ /;PTEN;/' $P >"$T/pten.tsv"
expect_out "--target PTEN -f tsv = the file's PTEN rows" "$T/pten.tsv" $SS panel --target PTEN -f tsv
awk -F'\t' 'NR == 1 || ((";" $7 ";") ~ /;TKI;/ && (";" $11 ";") ~ /;MET;/)' $P >"$T/tkimet.tsv"
expect_out "--resistance TKI --target MET (whole words)" "$T/tkimet.tsv" \
  $SS panel --resistance TKI --target MET -f tsv
cp $P "$T/all.tsv"
expect_out "-f tsv without filters = the file" "$T/all.tsv" $SS panel -f tsv
printf '>hsa-miR-21-5p MIMAT0000076 mir21;mir-21\nUAGCUUAUCAGACUGAUGUUGA\n>hsa-miR-21-3p MIMAT0004494 mir21;mir-21\nCAACACCAGUCGAUGGGCUGU\n' >"$T/hbp1.fa"
expect_out "-f fasta --target HBP1" "$T/hbp1.fa" $SS panel -f fasta --target HBP1
# the FASTA feeds back into scan -m: miR-21-5p 8mer in PDCD4 at 242-249 (data README)
$SS panel -f fasta >"$T/panel.fa" 2>"$T/err" && $SS scan -m "$T/panel.fa" $U >"$T/scan.tsv" 2>>"$T/err"
if awk -F'\t' '$1 == "ENSG00000150593|PDCD4" && $2 == "hsa-miR-21-5p" && $4 == "8mer" && $5 == 242 && $6 == 249 { f = 1 } END { exit !f }' "$T/scan.tsv"
then ok "-f fasta | scan -m finds the PDCD4 8mer"; else bad "-f fasta | scan -m"; fi

echo "# filter errors"
expect_fail "unknown resistance term" "seedscan panel: refs/resistance_panel.tsv: no row has the resistance term 'foo'" \
  $SS panel --resistance foo
expect_fail "a part of a term is not a term" "no row has the resistance term 'EGFR'" $SS panel --resistance EGFR
expect_fail "gene with no rows" "no row names the target gene 'NOPE'" $SS panel --target NOPE
expect_fail "filters that each match but not together" "no row has both the resistance term 'radiation' and the target gene 'BCL2'" \
  $SS panel --resistance radiation --target BCL2
expect_fail "unknown panel name" "refs/nosuch_panel.tsv" $SS panel -p nosuch
expect_fail "missing panel file" "$T/none.tsv: No such file or directory" $SS panel -p "$T/none.tsv"
head -2 $P >"$T/bad.tsv"
sed -n 3p $P | cut -f1-5 >>"$T/bad.tsv"
expect_fail "malformed panel names file and line" "seedscan panel: $T/bad.tsv:3: 5 fields, but the header has 16" \
  $SS panel -p "$T/bad.tsv"

echo "# --report"
$SS panel --report >"$T/rep" 2>"$T/err"; st=$?
if [ $st -eq 0 ]; then ok "--report runs"; else bad "--report runs (status $st)"; fi
block "$T/rep" "ENSG00000150593|PDCD4" >"$T/b"
expect_line "PDCD4: miR-21-5p 8mer at 242" "$T/b" "    hsa-miR-21-5p      8mer 242-249, 6mer 389-394"
block "$T/rep" "NM_000314.5|PTEN" >"$T/b"
expect_line "PTEN NM_000314.5: miR-21-5p 7mer-A1 at 4809" "$T/b" "    hsa-miR-21-5p      7mer-A1 4809-4815"
block "$T/rep" "NM_000314.4|PTEN" >"$T/b"
expect_line "PTEN NM_000314.4: no canonical miR-21-5p site" "$T/b" "    hsa-miR-21-5p      none"
# energies: miR-21-5p's rc(nt 2-8) is ATAAGCT; NM_000314.4 has ATAAGTT at 430-436, nt 3 (G)
# opposite U: a G:U wobble, the rest Watson-Crick, so a GU-7mer (the best by energy)
expect_line "PTEN NM_000314.4: miR-21-5p's best non-canonical site" "$T/b" \
    "                       best non-canonical: GU-7mer 430-436, -10.30 kcal/mol"
expect_line "PTEN NM_000314.4: no canonical miR-21-5p energy" "$T/b" \
    "                       duplex kcal/mol: (no canonical site)"
block "$T/rep" "NM_000389.4|CDKN1A" >"$T/b"
expect_line "CDKN1A: miR-208a-3p 7mer-A1 at 86" "$T/b" "    hsa-miR-208a-3p    7mer-A1 86-92"
block "$T/rep" "ENSG00000171791|BCL2" >"$T/b"
expect_line "BCL2: miR-34a-5p 7mer-A1 at 203" "$T/b" "    hsa-miR-34a-5p     7mer-A1 203-209"
# NM_000314.4 is in both default files: read once
if [ "$(grep -c '^  NM_000314.4|PTEN ' "$T/rep")" -eq 1 ]; then ok "a repeated UTR ID is read once"
else bad "a repeated UTR ID is read once"; fi
# 42 named genes minus SDCBP (unmapped) = 41 in the panel; 16 have a shipped UTR (data README)
expect_line "named targets without a UTR are counted" "$T/rep" "Named targets with no UTR in the input: 25 of 41"
$SS panel --report $U refs/hsa_3utr_collected.fa >"$T/rep2" 2>"$T/err"
if cmp -s "$T/rep" "$T/rep2"; then ok "--report: default UTRs = the two refs files, same output"
else bad "--report: default UTRs"; fi
# miR-21-5p's offset-6mer is ATAAGC, its 6mer-A1 AAGCTA. awk index() on the joined records:
# no ATAAGC in NM_000314.4, one at 3554 in NM_000314.5; one AAGCTA in NM_000314.4, at 1603
$SS panel --report --target PTEN --types default,offset-6mer >"$T/rep3" 2>"$T/err"
block "$T/rep3" "NM_000314.4|PTEN" >"$T/b"
expect_line "PTEN NM_000314.4 with offset-6mer: still none" "$T/b" "    hsa-miR-21-5p   none"
block "$T/rep3" "NM_000314.5|PTEN" >"$T/b"
expect_line "PTEN NM_000314.5 with offset-6mer" "$T/b" "    hsa-miR-21-5p   offset-6mer 3554-3559, 7mer-A1 4809-4815"
$SS panel --report --target PTEN --types all >"$T/rep4" 2>"$T/err"
block "$T/rep4" "NM_000314.4|PTEN" >"$T/b"
expect_line "PTEN NM_000314.4 with all types: a 6mer-A1" "$T/b" "    hsa-miR-21-5p   6mer-A1 1603-1608"

# a planted UTR set: miR-21-5p 8mer (ATAAGCTA) at 21-28 of a PTEN UTR and at 31-38 of another gene
c20=CCCCCCCCCCCCCCCCCCCC
printf '>t1 gene=PTEN\n%sATAAGCTA%s\n>x|OTHER\n%sCCCCCCCCCCATAAGCTA%s\n' $c20 $c20 $c20 $c20 >"$T/planted.fa"
$SS panel --report --target PTEN "$T/planted.fa" >"$T/rep5" 2>"$T/err"
block "$T/rep5" t1 >"$T/b"
expect_line "planted: the named gene's site" "$T/b" "    hsa-miR-21-5p   8mer 21-28"
expect_line "planted: the other gene is miR-21-5p's top other target" "$T/rep5" "  1. x|OTHER  8mer x1"
expect_line "planted: every named target has a UTR" "$T/rep5" "Named targets with no UTR in the input: none of 1"
printf '>t1 gene=PTEN\nACGTACGTAC\n' >"$T/dup.fa"
$SS panel --report --target PTEN "$T/planted.fa" "$T/dup.fa" >"$T/out" 2>"$T/err"
if grep -qF "$T/dup.fa:1: UTR ID 't1' was read before with another sequence" "$T/err"; then ok "a repeated ID with another sequence warns"
else bad "a repeated ID with another sequence warns"; fi
expect_fail "missing UTR file" "$T/none.fa: No such file or directory" $SS panel --report "$T/none.fa"
printf 'no header\n' >"$T/nohdr.fa"
expect_fail "malformed UTR file" "$T/nohdr.fa" $SS panel --report "$T/nohdr.fa"

cli_finish
