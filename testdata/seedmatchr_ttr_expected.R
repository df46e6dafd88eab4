# Expected `seedscan expr` statistics for the SeedMatchR Ttr siRNA fixture, from R alone:
# sites by exact string search (guide UUAUAGAGCAAGAACACUGUUUU, no shadow mask), then
# ks.test, wilcox.test, p.adjust("BH") as seedscan reports them (--direction down).
# Run from testdata/: Rscript seedmatchr_ttr_expected.R > seedmatchr_ttr_expected.tsv
tab <- read.delim(gzfile("seedmatchr_ttr_deseq2.tsv.gz"))
con <- gzfile("seedmatchr_ttr_utrs.fa.gz"); fa <- readLines(con); close(con)
hdr <- grep("^>", fa)
ids <- sub("^>(\\S+).*", "\\1", fa[hdr])
ends <- c(hdr[-1] - 1, length(fa))
seqs <- toupper(mapply(function(a, b) paste(fa[a:b], collapse = ""), hdr + 1, ends))
hits <- function(re, s) { m <- gregexpr(re, s, perl = TRUE)[[1]]; sum(m > 0) }
# rc(nt2-8) = CTCTATA; 8mer = CTCTATAA; 7mer-A1 = TCTATAA; 6mer = TCTATA (longest type only)
cnt <- t(sapply(seqs, function(s) c(
  `8mer` = hits("(?=CTCTATAA)", s),
  `7mer-m8` = hits("(?=CTCTATA(?!A))", s),
  `7mer-A1` = hits("(?<!C)(?=TCTATAA)", s),
  `6mer` = hits("(?<!C)(?=TCTATA(?!A))", s))))
rownames(cnt) <- ids
cnt <- cnt[match(tab$gene_id, ids), ]
fc <- tab$log2FoldChange
tot <- rowSums(cnt)
types <- colnames(cnt)
best <- apply(cnt, 1, function(r) if (any(r > 0)) types[which(r > 0)[1]] else "none")
no <- fc[tot == 0]
rows <- list()
add <- function(cls, type, sel) {
  x <- fc[sel]
  if (length(x) == 0) return()
  ks <- suppressWarnings(ks.test(x, no, alternative = "greater"))
  mw <- suppressWarnings(wilcox.test(x, no, alternative = "less"))
  rows[[length(rows) + 1]] <<- data.frame(class = cls, type = type, n = length(x), mean = mean(x),
    median = median(x), n_nosite = length(no), ks_D = unname(ks$statistic), ks_p = ks$p.value,
    mw_p = mw$p.value)
}
for (t in types) add("only", t, tot == 1 & cnt[, t] == 1)
for (t in types) add("best", t, best == t)
for (t in types) add("any", t, cnt[, t] > 0)
add("nsites", "1", tot == 1); add("nsites", "2", tot == 2); add("nsites", "3+", tot >= 3)
r <- do.call(rbind, rows)
q <- p.adjust(as.vector(rbind(r$ks_p, r$mw_p)), "BH")
r$ks_q <- q[c(TRUE, FALSE)]
r$mw_q <- q[c(FALSE, TRUE)]
r[] <- lapply(r, function(v) if (is.numeric(v)) signif(v, 6) else v)
write.table(r, stdout(), sep = "\t", quote = FALSE, row.names = FALSE)
