#!/usr/bin/env python3
# make_corpus.py: write the fuzz targets' seed corpora (tests/fuzz/corpus/) from testdata/, refs/
# and the findings' inputs. Run from the top folder; deterministic. Findings' inputs that must
# stay are written by name (F1_..., F3_...): regression inputs, replayed by make check.
import gzip, os, sys

TS = "testdata/targetscan"
OUT = "tests/fuzz/corpus"
FF = b"\xff"


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path, limit=None):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rb") as f:
        return f.read() if limit is None else f.read(limit)


def lines(path, pred=lambda l: True, n=None):
    out = [l for l in read(path).splitlines(True) if pred(l)]
    return b"".join(out[:n] if n else out)


# FASTA reader: byte 0 = options (bit 0 gzip, bits 1-3 batch, bits 4-7 piece length)
utr = read("refs/panel_target_utrs.fa", 3000)
utr = utr[: utr.rfind(b"\n") + 1]
put("fasta", "panel_utrs", b"\x00" + utr)
put("fasta", "panel_utrs_gzip", b"\x13" + utr)
put("fasta", "crlf_blank", b"\x22" + b"\r\n>a x\r\nACGU\r\n\r\n>b\r\nAC GT\r\nNNNN\r\n")
put("fasta", "empty_records", b"\x00>a\n>b\nATAAGCTA\n>c\n")
put("fasta", "F4_one_line_record", b"\xf0>chr\n" + b"ACGTTAGCTTAT" * 120 + b"\n>b\n" + b"A" * 100)
put("fasta", "nul_in_seq", b"\x00>a\nAC\x00GT\n")

# miRNA sets: byte 0 = species filter (bits 0-2), bit 3 builds the index
put("mirset", "mirbase_fasta", b"\x08" + lines("refs/hsa_mature.v22.fa", n=40))
put("mirset", "mirbase_fasta_hsa", b"\x01" + lines("refs/hsa_mature.v22.fa", n=40))
put("mirset", "family_file", b"\x0a" + read("testdata/mirs_family.txt"))
put("mirset", "mir_family_info", b"\x02" + read("testdata/mir_family_info_head.txt"))
put("mirset", "ts_family_info", b"\x00" + read(TS + "/miR_Family_info_sample.txt"))

# TargetScan family files: byte 0 = species filter
put("tsfam", "family_file", b"\x01" + read("testdata/mirs_family.txt"))
put("tsfam", "ts_family_info", b"\x00" + read(TS + "/miR_Family_info_sample.txt"))
put("tsfam", "mir_family_info", b"\x02" + read("testdata/mir_family_info_head.txt"))

# expression tables: byte 0 = options, byte 1 = column names
put("exprtab", "deseq2", b"\x00\x00" + lines("testdata/seedmatchr_ttr_deseq2.tsv.gz", n=30))
put("exprtab", "fly_log2fc", b"\x00\x00" + lines("testdata/fly_s2_log2fc.tsv.gz", n=30))
put("exprtab", "ranked", b"\x01\x00" + b"NM_1\nNM_2.3\nNM_3\n")
put("exprtab", "matrix", b"\x04\xd0" + b"id\ts1\ts2\ts3\ng1\t1\t2\t3\ng2\t4\t5\tNA\n")
put("exprtab", "csv_quoted", b"\x00\x00" + b'"","log2FoldChange","padj"\n"NM_1",1.5,0.01\n"NM_2",-2,NA\n')
put("exprtab", "F1_blank_first_line", b"\x00\x00" + b"   \nNM_1 1.5\nNM_2 -0.3\n")
put("exprtab", "F1_nul_first_line", b"\x00\x00" + b"\x00\nNM_1 1.5\nNM_2 -0.3\n")
put("exprtab", "F2_one_column_header", b"\x00\x00" + b"gene_name\nNM_1\nNM_2\n")
put("exprtab", "F17_keep_version_join", b"\x0b\x0b\x0b\x0b\x0b\x0b\x0b\nN.1537293602861508051\t-0,a9-2,NA\n")
put("exprtab", "pipe_in_id", b'\x0b\x0b\x0b\x0b\x0b\x0b\x0b.00001583291567a\x12\xc7|i8dlome-2,2861\xcb\xcf\xc7\xd351\t-\x01,a\x961\t-0NA\n,a9-2,NA\n')  # campaign 2: an ID holding '|' (names are split there)
put("exprtab", "version_twice", b'\x01\x00;NM_2.NM_4;NM.4.3\nNM_3\n')  # campaign 2: "NM.4.3" kept as "NM.4"
put("exprtab", "F2b_one_column_header_wide_rows", b"\x00\x00" + b"gene_name\nNM_1 1.5 x\nNM_2 -1 y\n")

# Newick trees
put("fai", "genome_slice", read("testdata/genome/ENST00000301246.fa.fai"))
put("fai", "three_records", b"chr1\t130\t8\t60\t61\nchr2\t60\t147\t60\t61\nchrM\t7\t215\t4\t6\n")
put("fai", "F20_nul_byte", b"chr1\t130\t8\t60\t61\nchr2\t60\x00\t147\t60\t61\n")
put("fai", "fastq", b"r1\t4\t4\t4\t5\t14\n")
put("newick", "tree_generic", read("refs/targetscan/PCT_parameters/Tree.generic.txt"))
put("newick", "small", b"(a:1,(b:2,c:3)x:4);")
put("newick", "F6_deep", b"(" * 100000 + b"9606:1" + b")" * 100000 + b";\n")

# panel table: byte 0 = filters
put("panel", "resistance_head", b"\x09" + lines("refs/resistance_panel.tsv", n=12))
put("panel", "resistance_dup", b"\x00" + lines("refs/resistance_panel.tsv", n=4)
    + lines("refs/resistance_panel.tsv", n=4)[-200:])

# TargetScan alignments
put("tsaln", "utr_zn197", lines(TS + "/UTR_Sequences_sample.txt", lambda l: l.startswith(b"ZNF197")))
put("tsaln", "orf_head", lines(TS + "/ORF_Sequences_sample.txt", n=3))
put("tsaln", "F14_nul", b"G1\t9606\tACGUACGUAAAA\x00\nACGU\nG2\t9606\tACGUACGU\n")

# BL/PCT inputs: sites 0xFF family file 0xFF bins
sites = lines(TS + "/targetscan_70_output.txt", n=25)
put("tsbl", "sample", sites + FF + read(TS + "/miR_Family_info_sample.txt") + FF
    + read(TS + "/UTRs_median_BLs_bins.txt"))
bl = lines(TS + "/targetscan_70_output.BL_PCT.txt", n=3).splitlines(True)
f = bl[1].split(b"\t")
f[5], f[6] = b"2000000000", b"2000000005"
put("tsbl", "F5_bigsite", bl[0] + b"\t".join(f) + bl[2] + FF + read(TS + "/miR_Family_info_sample.txt"))

# RNAplfold _lunp files
put("lunp", "cdc2l6_head", lines(TS + "/RNAplfold/CDC2L6.9606_lunp", n=30))
put("lunp", "F3_pos_2_62", b"#\n #i$\n4611686018427387904\t" + b"\t".join(b"%d" % i for i in range(1, 16)) + b"\n")
put("lunp", "F3_pos_max", b"#\n #i$\n9223372036854775807\t" + b"\t".join(b"%d" % i for i in range(1, 16)) + b"\n")
put("lunp", "F3_pos_3e8", b"#\n #i$\n300000000\t" + b"\t".join(b"%d" % i for i in range(1, 16)) + b"\n")

# context++ parameter files: agarwal 0xFF TA_SPS
put("cppparams", "shipped_head", read("refs/targetscan/Agarwal_2015_parameters.txt") + FF
    + lines("refs/targetscan/TA_SPS_by_seed_region.txt", n=40))

# decimal texts for ssc_dec (against strtod): the TA/SPS table's, and each side of the fast path's limits
for name, text in (("ta_sps_value", b"-0.590"), ("ta_value", b"4.371"), ("fraction_22", b"0.0000000000000000000001"),
                   ("fraction_23", b"0.00000000000000000000001"), ("digits_15", b"123456789012.345"),
                   ("digits_16", b"123456789012345.6"), ("hex", b"0x1A"), ("exponent", b"1e-5"), ("point_only", b".")):
    put("dec", name, text)

# context++ inputs: options, then utrs mirnas sites orf-lengths orf-8mers airs
def gene(path, g):
    return lines(path, lambda l: l.startswith(g + b"\t"))

hdr = lines(TS + "/targetscan_70_output.BL_PCT.txt", n=1)
for g, name in ((b"ZNF197", "znf197"), (b"LIN28B", "lin28b")):
    fams = set(l.split(b"\t")[1] for l in gene(TS + "/targetscan_70_output.BL_PCT.txt", g).splitlines())
    mirs = lines(TS + "/miR_for_context_scores.sample.txt", lambda l: l.split(b"\t")[0] in fams)
    parts = [gene(TS + "/UTR_Sequences_sample.txt", g), mirs,
             hdr + gene(TS + "/targetscan_70_output.BL_PCT.txt", g),
             gene(TS + "/ORF_Sequences_sample.lengths.txt", g),
             gene(TS + "/ORF_8mer_counts_sample.txt", g), gene(TS + "/All_cell_lines.AIRs.txt", g)]
    put("context", name, b"\x00" + FF.join(parts))
    if g == b"ZNF197":
        dup = parts[0] + parts[0].splitlines(True)[-1]
        put("context", "F9_utr_twice", b"\x00" + FF.join([dup] + parts[1:]))
        big = parts[2].replace(b"\t", b"\t", 0)
        rows = parts[2].splitlines(True)
        f = rows[1].split(b"\t")
        f[5], f[6] = b"2000000000", b"2000000005"
        put("context", "F5_site_past_utr", b"\x00" + FF.join(parts[:2] + [rows[0] + b"\t".join(f)] + parts[3:]))
        air = parts[5] + b"ZNF197\t1\t-9223372036854775807\t50\n"
        put("context", "F11_air_end", b"\x00" + FF.join(parts[:5] + [air]))
        air = parts[5] + b"ZNF197\t1\t9000000000000000000\t50\n"
        put("context", "F11_air_cast", b"\x00" + FF.join(parts[:5] + [air]))

# context++ summary tables
put("ctxsum", "context_head", lines(TS + "/Targets.BL_PCT.context_scores.txt", n=40))
put("ctxsum", "F10_empty", b"")
put("ctxsum", "F10_header_only", lines(TS + "/Targets.BL_PCT.context_scores.txt", n=1))

# merge: byte 0 = shards - 1, shards separated by 0xFF
prov = b"#seedscan-shard\t%d/2\t0.1.0\tseedscan scan --shard %d/2 x.fa\n"
body = b"target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\n"
put("merge", "two_shards", b"\x01" + prov % (1, 1) + body + b"a\tmiR-1\tmiR-1\t8mer\t1\t8\tACAUUCCA\n" + FF
    + prov % (2, 2) + body + b"b\tmiR-1\tmiR-1\t8mer\t3\t10\tACAUUCCA\n")
put("merge", "missing_shard", b"\x00" + prov % (2, 2) + body)

# ViennaRNA parameter files (the other seeds of corpus/thermo_params are committed as files)
put("thermo_params", "F19_x_from_zero", read("testdata/thermo/x_from_zero.par"))
