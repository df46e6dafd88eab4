# Combine the nine fly S2 log2FC tables into one, keeping genes that have a 3'UTR.
# Run from testdata/ with src = the agarwal2018_fly_s2 folder of TargetScanTools data:
#   Rscript -e 'src <- "path/to/agarwal2018_fly_s2"; source("fly_s2_fixtures.R")'
d <- file.path(src, "diff")
sets <- c(miR1="miR1", miR4="miR4", miR92a="miR92a", miR124="miR124", miR263a="miR263a",
          miR994="miR994", miR277="miR277_medianThresh", miR34="miR34_Day20_medianThresh",
          miR14="miR14_medianThresh")
utr <- sub("^>(\\S+).*", "\\1", grep("^>", readLines(file.path(src, "dm6_s2_90pct_3utrs.fa")), value = TRUE))
tab <- data.frame(id = sort(utr), stringsAsFactors = FALSE)
for (s in names(sets)) {
  x <- read.delim(file.path(d, paste0(sets[[s]], ".diff")), header = FALSE, colClasses = c("character", "character"))[, 1:2]
  tab[[s]] <- x[match(tab$id, x[[1]]), 2]
}
tab <- tab[rowSums(!is.na(tab[, -1])) > 0, ]
write.table(tab, gzfile("fly_s2_log2fc.tsv.gz"), sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
# The 3'UTRs of these genes that sylamer_fly_miR1_utrs.fa.gz lacks (one sequence line each);
# both files together hold every 3'UTR a gene of the table has.
fa <- readLines(file.path(src, "dm6_s2_90pct_3utrs.fa"))
hdr <- grep("^>", fa)
ids <- sub("^>(\\S+).*", "\\1", fa[hdr])
have <- sub("^>(\\S+).*", "\\1", grep("^>", readLines("sylamer_fly_miR1_utrs.fa.gz"), value = TRUE))
keep <- which(ids %in% tab$id & !ids %in% have)
out <- gzfile("fly_s2_more_utrs.fa.gz", "w")
writeLines(as.vector(rbind(paste0(">", ids[keep]), fa[hdr[keep] + 1])), out)
close(out)
