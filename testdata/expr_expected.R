# Expected `seedscan expr` statistics computed by R alone (R 4.2.2): sites by exact string
# search (no shadow mask), then ks.test, wilcox.test and p.adjust("BH") as seedscan reports
# them for --direction down. Run from testdata/:
#   Rscript expr_expected.R   (writes seedmatchr_ttr_expected.tsv and fly_mir1_expected.tsv)

read_fasta <- function(path) {
  con <- gzfile(path); fa <- readLines(con); close(con)
  hdr <- grep("^>", fa)
  ends <- c(hdr[-1] - 1, length(fa))
  s <- toupper(mapply(function(a, b) paste(fa[a:b], collapse = ""), hdr + 1, ends))
  names(s) <- sub("^>(\\S+).*", "\\1", fa[hdr])
  s
}

# Site counts per type, each physical site once as its longest type.
site_counts <- function(seqs, guide) {
  rc <- chartr("ACGU", "UGCA", rev(strsplit(substr(toupper(guide), 2, 8), "")[[1]]))
  rc <- gsub("U", "T", paste(rc, collapse = ""))   # reverse complement of nt 2-8
  r6 <- substr(rc, 2, 7); r1 <- substr(rc, 1, 1)
  hits <- function(re, s) { m <- gregexpr(re, s, perl = TRUE)[[1]]; sum(m > 0) }
  t(sapply(seqs, function(s) c(
    `8mer` = hits(sprintf("(?=%sA)", rc), s),
    `7mer-m8` = hits(sprintf("(?=%s(?!A))", rc), s),
    `7mer-A1` = hits(sprintf("(?<!%s)(?=%sA)", r1, r6), s),
    `6mer` = hits(sprintf("(?<!%s)(?=%s(?!A))", r1, r6), s))))
}

expected <- function(fc, cnt) {
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
  r
}

write_tsv <- function(r, path) write.table(r, path, sep = "\t", quote = FALSE, row.names = FALSE)

# SeedMatchR Ttr siRNA: DESeq2 table and its 179 UTRs
tab <- read.delim(gzfile("seedmatchr_ttr_deseq2.tsv.gz"))
seqs <- read_fasta("seedmatchr_ttr_utrs.fa.gz")
cnt <- site_counts(seqs, "UUAUAGAGCAAGAACACUGUUUU")[tab$gene_id, ]
write_tsv(expected(tab$log2FoldChange, cnt), "seedmatchr_ttr_expected.tsv")

# fly S2 miR-1 transfection: genes with a value and a 3'UTR
fly <- read.delim(gzfile("fly_s2_log2fc.tsv.gz"))
seqs <- c(read_fasta("sylamer_fly_miR1_utrs.fa.gz"), read_fasta("fly_s2_more_utrs.fa.gz"))
fly <- fly[!is.na(fly$miR1) & fly$id %in% names(seqs), ]
cnt <- site_counts(seqs[fly$id], "UGGAAUGUAAAGAAGUAUGGAG")
write_tsv(expected(fly$miR1, cnt), "fly_mir1_expected.tsv")
