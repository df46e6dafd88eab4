#!/bin/sh
# cli_variants.sh: `seedscan variants` golden tests: TSV, annotated VCF/BCF re-read by bcftools, normalisation, bad input.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_variants.sh
set -u
CLI_NAME=cli_variants
. tests/cli/clilib.sh
D=testdata/genome
G="--gtf $D/chr21_test.gtf.gz -g $D/chr21_exon_only_chr21.fa.gz"
V=$D/chr21_dbsnp_utr3_subset.vcf
HSA="-m refs/hsa_mature.v22.fa"

echo "# published effects (shared data README: rs142513484, rs9976382; no shadow mask)"
$SS variants -q $G $HSA --shadow 0 $V >"$T/all.tsv" 2>"$T/err" || bad "dbSNP subset runs"
cut -f1,6,8,10-14 "$T/all.tsv" | grep -E "^(rs142513484|rs9976382)" |
    grep -E "miR-(367-5p|744-3p|2681-5p|4289|6794-3p|1912-5p|6758-3p)	" >"$T/pub"
cat >"$T/pub.exp" <<'X'
rs142513484	ENST00000307301	gained	hsa-miR-2681-5p	.	6mer	13	18
rs142513484	ENST00000307301	changed	hsa-miR-367-5p	8mer	7mer-A1	18	25
rs142513484	ENST00000307301	lost	hsa-miR-744-3p	6mer	.	18	23
rs9976382	ENST00000460679	changed	hsa-miR-4289	7mer-A1	6mer	134	140
rs9976382	ENST00000460679	lost	hsa-miR-1912-5p	6mer	.	135	140
rs9976382	ENST00000460679	lost	hsa-miR-6758-3p	6mer	.	136	141
rs9976382	ENST00000460679	lost	hsa-miR-6794-3p	7mer-A1	.	139	145
X
same "the seven published site changes" "$T/pub.exp" "$T/pub"
head -1 "$T/all.tsv" >"$T/hdr"
printf 'var_id\tchrom\tpos\tref\talt\ttranscript\tgene\tchange\tmirnas\tfamily\tsite_type_ref\tsite_type_alt\tutr_start\tutr_end\tsite_start\tsite_end\tstrand\n' >"$T/hdr.exp"
same "TSV header" "$T/hdr.exp" "$T/hdr"
# the 8mer of miR-367-5p at UTR 18-25 of the minus-strand ENST00000307301 (3'UTR 25585656-25585750):
# genomic 25585750-25+1 .. 25585750-18+1
if grep -q "	changed	hsa-miR-367-5p	hsa-miR-367-5p	8mer	7mer-A1	18	25	25585726	25585733	-$" "$T/all.tsv"
then ok "genomic span of a minus-strand site"; else bad "genomic span of a minus-strand site"; fi
$SS variants $G $HSA $V >/dev/null 2>"$T/err"
if grep -qF "40 records, 46 ALT alleles; 46 inside 3'UTRs (141 allele x 3'UTR pairs" "$T/err"; then ok "report counts alleles and pairs (UTR3_TX lists 141)"
else bad "report counts alleles and pairs"; fi

echo "# the default set is the resistance panel; transcript-coordinate mode"
$SS variants -q $G $V >"$T/panel.tsv" 2>"$T/err" && [ "$(wc -l <"$T/panel.tsv")" -ge 1 ] && ok "default miRNA set runs" || bad "default miRNA set runs"
# a 3'UTR FASTA of the chr21 3'UTRs and the variants moved onto it give the same changes
awk '/^>/ { print ">" substr($1, 2); next } { print }' $D/chr21_vep_cache_utr3.fa >"$T/utrs.fa"
printf '##fileformat=VCFv4.2\n##contig=<ID=ENST00000307301>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nENST00000307301\t18\trs142513484\tG\tA\t.\t.\t.\n' >"$T/tx.vcf"
$SS variants -q --utrs "$T/utrs.fa" $HSA --shadow 0 "$T/tx.vcf" 2>"$T/err" | tail -n +2 | cut -f8-14 | sort >"$T/tx.out"
awk -F'\t' '$1 == "rs142513484"' "$T/all.tsv" | cut -f8-14 | sort >"$T/tx.exp"
same "--utrs: transcript coordinates give the genome's changes" "$T/tx.exp" "$T/tx.out"

echo "# --energy: the energies equal seedscan scan --energy's on the REF and the ALT 3'UTR"
# an independent route: the allele applied to the whole 3'UTR here (awk), both scanned whole
tx=ENST00000354828 # 3,228 nt
awk -v id=">$tx" '/^>/ { p = $1 == id; next } p' "$T/utrs.fa" | tr -d '\n' >"$T/ref.seq"
st=0 n=0
for v in 100:A 101:- 250:+GT 251:C 500:G 501:+AC 1000:T 1001:+A 1002:- 1999:G 2500:- 2501:T 3000:+T 3001:A 40:C 20:G; do
    pos=${v%%:*} a=${v#*:}
    r=$(cut -c"$pos" "$T/ref.seq")
    case $a in
    -) pos=$((pos - 1)); r=$(cut -c"$pos-$((pos + 1))" "$T/ref.seq"); alt=$(cut -c"$pos" "$T/ref.seq") ;;
    +*) alt="$r${a#+}" ;;
    *) [ "$a" = "$r" ] && a=T && [ "$r" = T ] && a=C; alt=$a ;;
    esac
    printf '##fileformat=VCFv4.2\n##contig=<ID=%s>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n%s\t%s\tv\t%s\t%s\t.\t.\t.\n' \
        $tx $tx "$pos" "$r" "$alt" >"$T/e.vcf"
    $SS variants -q --energy --utrs "$T/utrs.fa" $HSA "$T/e.vcf" >"$T/e.tsv" 2>"$T/err" || st=1
    awk -v p="$pos" -v r="$r" -v a="$alt" '{ print substr($0, 1, p - 1) a substr($0, p + length(r)) }' "$T/ref.seq" >"$T/alt.seq"
    for x in ref alt; do printf '>%s\n%s\n' $tx "$(cat "$T/$x.seq")" >"$T/$x.fa"
        $SS scan -q --energy $HSA "$T/$x.fa" >"$T/$x.scan" 2>"$T/err" || st=1; done
    # ref rows: family, type, start; alt rows: family, type, start within 3 nt (+ the length change)
    awk -F'\t' -v d=$((${#alt} - ${#r})) 'FILENAME ~ /ref.scan$/ { R[$2 "|" $4 "|" $5] = $8; next }
        FILENAME ~ /alt.scan$/ { A[$2 "|" $4] = A[$2 "|" $4] " " $5 ":" $8; next }
        FNR == 1 { next }
        { n++
          if ($11 != "." && R[$10 "|" $11 "|" $13] != $18) { print "ref", $0; bad++ }
          if ($12 != ".") { split(A[$10 "|" $12], c, " "); hit = 0
              for (k in c) { split(c[k], y, ":"); dd = y[1] - $13; if (dd < 0) dd = -dd
                  if (dd <= 3 + (d < 0 ? -d : d) && y[2] == $19) hit = 1 }
              if (!hit) { print "alt", $0; bad++ } } }
        END { print n + 0 > "/dev/stderr"; exit bad > 0 }' "$T/ref.scan" "$T/alt.scan" "$T/e.tsv" 2>"$T/cnt" >>"$T/ebad" || st=1
    n=$((n + $(cat "$T/cnt")))
done
[ $st -eq 0 ] && [ $n -gt 50 ] && ok "--energy: $n site changes' REF and ALT energies = scan --energy" ||
    { bad "--energy: energies = scan --energy ($n rows)"; head -5 "$T/ebad"; }
$SS variants -q --energy $G $HSA -O v $V 2>"$T/err" | grep -c 'MfeRef|MfeAlt|MfeChange' | grep -qx 1 &&
    ok "--energy -O v: the INFO format names the energies" || bad "--energy -O v: the INFO format names the energies"
expect_fail "an unknown site type is refused" "is not a list of" $SS variants $G --types gu-8mer $V
$SS variants -q $G $HSA --types default,gu-7mer $V >"$T/gu.tsv" 2>"$T/err" && head -1 "$T/gu.tsv" | grep -q 'mfe_change$' &&
    awk -F'\t' '$11 == "GU-7mer" || $12 == "GU-7mer"' "$T/gu.tsv" | grep -q '	-	[^	]*	[^	]*	[^	]*$' &&
    ok "genome mode: GU-7mer site changes on a minus-strand 3'UTR, with energies" ||
    bad "genome mode: GU-7mer site changes on a minus-strand 3'UTR, with energies"

echo "# non-canonical types: the site changes equal a diff of seedscan scan on the REF and the ALT 3'UTR"
# an independent route: each SNV applied to the whole 3'UTR here (awk), both scanned whole with
# the same types, the two site lists diffed below. A site's anchor is the position opposite miRNA
# nt 1 minus 7 (0-based): canonical, its start - 1 - the type's offset in the seed window
# (8mer, 7mer-m8, offset-6mer 0; 7mer-A1, 6mer 1; 6mer-A1 2); non-canonical types other than
# centered pair nt 2 (or skip it) at end - 1, so end - 7. Same family, anchor and type on both
# alleles: no change; what is left pairs by family and anchor, canonical sites first, each in
# scan order (changed); the rest is lost or gained. Centered sites are left out (their first
# pair, nt 4 or 5, is not in scan's row).
NCT=default,offset-6mer,gu-7mer,gu-6mer,mm-7mer,bulge-7mer,3p-comp
printf '>%s\n%s\n' $tx "$(cat "$T/ref.seq")" >"$T/ref.fa"
$SS scan -q --types $NCT $HSA "$T/ref.fa" >"$T/ncref.scan" 2>"$T/err" || bad "scan of the REF 3'UTR"
st=0 n=0 : >"$T/ncbad"
for pos in 14 16 20 37 100 101 251 500 777 1000 1001 1500 1999 2222 2500 2900 3000 3150 3220 3228; do
    r=$(cut -c"$pos" "$T/ref.seq")
    case $r in A) a=G ;; C) a=T ;; G) a=A ;; *) a=C ;; esac
    printf '##fileformat=VCFv4.2\n##contig=<ID=%s>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n%s\t%s\tv\t%s\t%s\t.\t.\t.\n' \
        $tx $tx "$pos" "$r" "$a" >"$T/nc.vcf"
    $SS variants -q --types $NCT --utrs "$T/utrs.fa" $HSA "$T/nc.vcf" >"$T/nc.tsv" 2>"$T/err" || st=1
    awk -v p="$pos" -v a="$a" '{ print substr($0, 1, p - 1) a substr($0, p + 1) }' "$T/ref.seq" >"$T/ncalt.seq"
    printf '>%s\n%s\n' $tx "$(cat "$T/ncalt.seq")" >"$T/ncalt.fa"
    $SS scan -q --types $NCT $HSA "$T/ncalt.fa" >"$T/ncalt.scan" 2>"$T/err" || st=1
    awk -F'\t' 'BEGIN { off["8mer"] = 0; off["7mer-m8"] = 0; off["offset-6mer"] = 0; off["7mer-A1"] = 1
            off["6mer"] = 1; off["6mer-A1"] = 2 }
        FNR == 1 { next }
        { canon = $4 in off; anc = canon ? $5 - 1 - off[$4] : $6 - 7
          k = FILENAME ~ /ncref/ ? 0 : 1; key = $2 "|" anc; i = ++N[k, key]   # canonical first
          if (canon) { for (x = i; x > 1 && !C[k, key, x - 1]; x--) R[k, key, x] = R[k, key, x - 1]
              C[k, key, x] = C[k, key, x - 1]; i = x }
          R[k, key, i] = $4 "\t" $5 "\t" $6 "\t" $8; C[k, key, i] = canon; KEYS[key] = 1 }
        END {
            for (key in KEYS) {
                fam = key; sub(/\|[^|]*$/, "", fam)
                for (i = 1; i <= N[0, key]; i++) for (j = 1; j <= N[1, key]; j++) {   # same type
                    split(R[0, key, i], r); split(R[1, key, j], a)
                    if (!D0[key, i] && !D1[key, j] && r[1] == a[1]) D0[key, i] = D1[key, j] = 1 }
                j = 1
                for (i = 1; i <= N[0, key]; i++) {
                    if (D0[key, i]) continue
                    split(R[0, key, i], r)
                    while (j <= N[1, key] && D1[key, j]) j++
                    if (j <= N[1, key]) { split(R[1, key, j], a); D1[key, j] = 1
                        print "changed", fam, r[1], a[1], r[2], r[3], r[4], a[4] }
                    else print "lost", fam, r[1], ".", r[2], r[3], r[4], "."
                }
                for (j = 1; j <= N[1, key]; j++)
                    if (!D1[key, j]) { split(R[1, key, j], a); print "gained", fam, ".", a[1], a[2], a[3], ".", a[4] }
            }
        }' OFS='\t' "$T/ncref.scan" "$T/ncalt.scan" | sort >"$T/nc.exp"
    tail -n +2 "$T/nc.tsv" | cut -f8,10-14,18,19 | sort >"$T/nc.out"
    if cmp -s "$T/nc.exp" "$T/nc.out"; then n=$((n + $(wc -l <"$T/nc.out")))
    else st=1; echo "SNV $pos" >>"$T/ncbad"; diff "$T/nc.exp" "$T/nc.out" | head -4 >>"$T/ncbad"; fi
done
[ $st -eq 0 ] && [ $n -gt 200 ] && ok "non-canonical types: $n site changes of 20 SNVs = the diff of scan's REF and ALT sites" ||
    { bad "non-canonical types: site changes = diff of scan's sites ($n rows)"; head -12 "$T/ncbad"; }
$SS variants -q --types noncanonical --utrs "$T/utrs.fa" $HSA "$T/nc.vcf" >"$T/nc2.tsv" 2>"$T/err" &&
    head -1 "$T/nc2.tsv" | grep -q 'mfe_change$' && ! tail -n +2 "$T/nc2.tsv" | cut -f11,12 | grep -qE '(^|	)(8mer|7mer|6mer)' &&
    ok "--types noncanonical alone: no canonical site, energies always" || bad "--types noncanonical alone"

echo "# annotated VCF/BCF, read back by bcftools"
if command -v bcftools >/dev/null 2>&1; then
    for O in v z b; do
        $SS variants -q $G $HSA -O $O -o "$T/ann.$O" $V 2>"$T/err" || bad "-O $O"
        bcftools annotate -x INFO/MIRSITE "$T/ann.$O" 2>"$T/err" | bcftools view -H >"$T/back"
        bcftools view -H $V >"$T/orig"
        same "-O $O: same records in the same order, only INFO/MIRSITE added" "$T/orig" "$T/back"
    done
    bcftools view -h "$T/ann.b" | grep -q '^##INFO=<ID=MIRSITE,Number=.,Type=String' && ok "header line added" || bad "header line added"
    # one MIRSITE entry per TSV row
    n_info=$(bcftools query -f '%INFO/MIRSITE\n' "$T/ann.z" | grep -v '^\.$' | tr ',' '\n' | wc -l)
    n_tsv=$($SS variants -q $G $HSA $V 2>/dev/null | tail -n +2 | wc -l)
    if [ "$n_info" -eq "$n_tsv" ] && [ "$n_tsv" -gt 100 ]; then ok "INFO entries = TSV rows ($n_tsv)"; else bad "INFO entries ($n_info) = TSV rows ($n_tsv)"; fi
    # BCF and bgzipped input, with an index
    bcftools view -Ob -o "$T/in.bcf" $V && bcftools index "$T/in.bcf"
    bgzip -c $V >"$T/in.vcf.gz" && tabix -p vcf "$T/in.vcf.gz"
    $SS variants -q $G $HSA $V >"$T/p.tsv" 2>"$T/err"
    $SS variants -q $G $HSA "$T/in.bcf" >"$T/b.tsv" 2>"$T/err"
    same "BCF input = VCF input" "$T/p.tsv" "$T/b.tsv"
    $SS variants -q $G $HSA "$T/in.vcf.gz" >"$T/z.tsv" 2>"$T/err"
    same "bgzip input = VCF input" "$T/p.tsv" "$T/z.tsv"
    # left-aligned (bcftools norm) or not: the same changes
    bcftools norm -f $D/chr21_exon_only_chr21.fa.gz $V 2>/dev/null >"$T/norm.vcf"
    if ! cmp -s "$(printf '%s' "$T/norm.vcf")" $V && [ "$(bcftools view -H "$T/norm.vcf" | cut -f2 | paste -sd,)" != "$(bcftools view -H $V | cut -f2 | paste -sd,)" ]; then
        $SS variants -q $G $HSA "$T/norm.vcf" 2>"$T/err" | cut -f1,6- | sort >"$T/n.tsv"
        cut -f1,6- "$T/p.tsv" | sort >"$T/o.tsv"
        same "bcftools norm moves indels; changes stay the same" "$T/o.tsv" "$T/n.tsv"
    else bad "bcftools norm realigns some indels"; fi
    # the csq slices run through (slice coordinates, multi-allelic)
    st=0
    for f in $D/ENST*_*.vcf; do
        id=$(basename "$f" | cut -d_ -f1)
        $SS variants -q --gtf $D/$id.gff -g $D/$id.fa $HSA -O v -o "$T/csq.vcf" "$f" 2>"$T/err" || st=1
        bcftools view -H "$T/csq.vcf" >/dev/null 2>&1 || st=1
    done
    [ $st -eq 0 ] && ok "bcftools csq slices run through, output readable" || bad "bcftools csq slices"
else
    echo "skip (no bcftools)"
fi

echo "# bad input: file, line/record, exit 1, no output"
hdr='##fileformat=VCFv4.2\n##contig=<ID=21,length=46709983>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n'
printf "$hdr"'21\t25585733\trsX\tC\tT\t.\t.\t.\n22\t100\trsY\tA\tG\t.\t.\t.\n' >"$T/nocontig.vcf"
expect_fail "chromosome without ##contig" "nocontig.vcf:5: record 'rsY' at 22:100: its chromosome has no ##contig header line" $SS variants $G "$T/nocontig.vcf"
printf '##fileformat=VCFv4.2\n##contig=<ID=21>\n##contig=<ID=chrZ>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchrZ\t10\trsZ\tA\tG\t.\t.\t.\n' >"$T/unk.vcf"
expect_fail "unknown chromosome" "unk.vcf:5: record 'rsZ' at chrZ:10: chromosome 'chrZ' is not in $D/chr21_exon_only_chr21.fa.gz" $SS variants $G "$T/unk.vcf"
printf "$hdr"'21\t25585733\trsR\tCR\tT\t.\t.\t.\n' >"$T/letters.vcf"
expect_fail "REF with a letter other than ACGTN" "letters.vcf:4: record 'rsR' at 21:25585733: REF 'CR' contains 'R'" $SS variants $G "$T/letters.vcf"
printf "$hdr"'21\t27000000\trsE\tNN\tN\t.\t.\t.\n' >"$T/end.vcf"
expect_fail "position past the chromosome end" "end.vcf:4: record 'rsE' at 21:27000000: position past the end of the chromosome (27000000 nt)" $SS variants $G "$T/end.vcf"
printf "$hdr"'21\t25585733\trsM\tG\tT\t.\t.\t.\n' >"$T/mm.vcf"
expect_fail "REF differs from the genome" "mm.vcf:4: record 'rsM' at 21:25585733: REF 'G' differs from the genome ('C'" $SS variants $G "$T/mm.vcf"
$SS variants $G --ref-mismatch skip "$T/mm.vcf" >"$T/out" 2>"$T/err" && grep -qF "1 records whose REF differs" "$T/err" && ok "--ref-mismatch skip counts" || bad "--ref-mismatch skip counts"
$SS variants $G --ref-mismatch warn "$T/mm.vcf" >"$T/out" 2>"$T/err" && grep -qF "differs from the genome" "$T/err" && ok "--ref-mismatch warn warns" || bad "--ref-mismatch warn"
printf '#CHROM\tPOS\tID\tREF\tALT\n21\t1\t.\tA\tG\n' >"$T/nohdr.vcf"
expect_fail "no ##fileformat header" "nohdr.vcf" $SS variants $G "$T/nohdr.vcf"
bgzip -c $V >"$T/full.vcf.gz"
head -c 700 "$T/full.vcf.gz" >"$T/trunc.vcf.gz"
expect_fail "truncated BGZF" "trunc.vcf.gz" $SS variants $G -o "$T/never.tsv" "$T/trunc.vcf.gz"
[ ! -e "$T/never.tsv" ] && ok "no partial -o output" || bad "no partial -o output"
expect_fail "no partial VCF output either" "mm.vcf:4" $SS variants $G -O z -o "$T/never.vcf.gz" "$T/mm.vcf"
if [ -z "$(ls "$T" | grep never)" ]; then ok "no VCF output or temporary left"; else bad "no VCF output or temporary left"; fi
printf "$hdr"'21\t25585733\tsv1\tC\t<DEL>\t.\t.\tSVTYPE=DEL;END=25585740\n' | sed 's/^##contig/##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">\n##INFO=<ID=END,Number=1,Type=Integer,Description="t">\n##contig/' >"$T/sv.vcf"
$SS variants $G "$T/sv.vcf" >"$T/out" 2>"$T/err" && grep -qF "skipped: 1 symbolic" "$T/err" && ok "symbolic alleles are skipped and counted" || bad "symbolic alleles"
expect_fail "needs an annotation and a genome" "give the annotation and the genome" $SS variants -g $D/chr21_exon_only_chr21.fa.gz $V
expect_fail "bad -O" "--output-type: 'x'" $SS variants $G -O x $V

# found by tests/fuzz/fuzz_vcf.c (its corpus input, against its two UTRs): a record whose REF
# htslib could not split off gave n_allele 0, counted as "-1 ALT alleles", exit 0
printf '>U1\nACGTACGTACGTACGTTTATAAGCTAAGCATCGATCGACTACCTCAGGCATGACTGCCAAAAGTCAGTACGATCGA\n>U2\nGGGGCCCCAAAATTTTCTACCTCAATAAGCTATGCATGCACTGCCATCAGTACCTCATTTTTTTAAAAAGGG\n' >"$T/u.fa"
expect_fail "a record without REF is an error naming it" "empty_ref_alt_columns:6: record 'v1' at U1:20: no REF allele" \
    $SS variants --utrs "$T/u.fa" --mirna hsa-miR-21-5p tests/fuzz/corpus/vcf/empty_ref_alt_columns

echo "# -t N: the same output and the same first error, in input order, for any N"
# 160 copies of the dbSNP records (6,400 records: several of the blocks threads take), then a REF
# that differs from the genome, warned about twice and then an error
{ grep '^#' $V; for i in $(seq 160); do grep -v '^#' $V; done; } >"$T/many.vcf"
{ cat "$T/many.vcf"; printf '21\t25585733\trsM1\tG\tT\t.\t.\t.\n'; grep -v '^#' $V;
  printf '21\t25585733\trsM2\tG\tT\t.\t.\t.\n'; } >"$T/manybad.vcf"
$SS variants -q $G $HSA -t 1 "$T/many.vcf" >"$T/t1.tsv" 2>"$T/err"
for t in 2 3; do
    $SS variants -q $G $HSA -t $t "$T/many.vcf" >"$T/tn.tsv" 2>"$T/err"
    same "-t $t: TSV = -t 1" "$T/t1.tsv" "$T/tn.tsv"
done
[ "$(wc -l <"$T/t1.tsv")" -gt 20000 ] && ok "-t: the copies give their rows" || bad "-t: the copies give their rows"
$SS variants -q $G $HSA -t 1 -O v "$T/many.vcf" 2>"$T/err" | grep -v '^##seedscan_variantsCommand=' >"$T/t1.vcf"
$SS variants -q $G $HSA -t 3 -O v "$T/many.vcf" 2>"$T/err" | grep -v '^##seedscan_variantsCommand=' >"$T/t3.vcf"
same "-t 3 -O v: VCF = -t 1" "$T/t1.vcf" "$T/t3.vcf"
$SS variants $G $HSA -t 1 --ref-mismatch warn "$T/manybad.vcf" >"$T/w1.tsv" 2>"$T/w1.err"
$SS variants $G $HSA -t 3 --ref-mismatch warn "$T/manybad.vcf" >"$T/w3.tsv" 2>"$T/w3.err"
same "-t 3 --ref-mismatch warn: TSV = -t 1" "$T/w1.tsv" "$T/w3.tsv"
same "-t 3 --ref-mismatch warn: warnings and report = -t 1" "$T/w1.err" "$T/w3.err"
grep -c "REF 'G' differs from the genome" "$T/w3.err" | grep -qx 2 && ok "-t 3: both warnings" || bad "-t 3: both warnings"
line=$(($(grep -c '^#' $V) + 6401))
for t in 1 3; do
    expect_fail "-t $t: the first bad record is named" "manybad.vcf:$line: record 'rsM1' at 21:25585733: REF 'G' differs" \
        $SS variants $G $HSA -t $t -o "$T/never_t.tsv" "$T/manybad.vcf"
done
[ ! -e "$T/never_t.tsv" ] && ok "-t 3: no partial output" || bad "-t 3: no partial output"
expect_fail "-t 0 is refused" "--threads" $SS variants $G -t 0 $V

echo "# -O v|z|b into a FIFO or through a symbolic link (never replaced by a renamed temporary)"
$SS variants -q $G -O v $V >"$T/direct.vcf" 2>"$T/err"
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from_fifo.vcf" & cpid=$!
$SS variants -q $G -O v -o "$T/fifo" $V 2>"$T/err"; st=$?
(sleep 5; kill $cpid 2>/dev/null) & kpid=$! # a FIFO replaced by a file would leave cat waiting
wait $cpid; kill $kpid 2>/dev/null
grep -v '^##seedscan_variantsCommand=' "$T/direct.vcf" >"$T/a"; mv "$T/a" "$T/direct.vcf"
grep -v '^##seedscan_variantsCommand=' "$T/from_fifo.vcf" >"$T/a"; mv "$T/a" "$T/from_fifo.vcf"
[ $st -eq 0 ] && [ -p "$T/fifo" ] && ok "-o FIFO: written in place, still a FIFO" || bad "-o FIFO: written in place, still a FIFO"
same "-o FIFO: the VCF came through it" "$T/direct.vcf" "$T/from_fifo.vcf"
: >"$T/target.bcf"; ln -s target.bcf "$T/link.bcf"
$SS variants -q $G -O b -o "$T/link.bcf" $V 2>"$T/err"
[ -L "$T/link.bcf" ] && [ -s "$T/target.bcf" ] && ok "-o through a link: the link stays, its target gets the BCF" ||
    bad "-o through a link: the link stays, its target gets the BCF"
[ -z "$(ls "$T" | grep '\.tmp')" ] && ok "no temporary left beside the output" || bad "no temporary left beside the output"
$SS variants --help >"$T/h1" 2>"$T/err"; $SS help variants >"$T/h2" 2>>"$T/err"
same "seedscan help variants = seedscan variants --help" "$T/h1" "$T/h2"
grep -q "ribosome shadow) \[14\]" "$T/h1" && ok "help shows live defaults" || bad "help shows live defaults"
cli_finish
