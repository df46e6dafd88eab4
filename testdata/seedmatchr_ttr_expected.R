# The R commands behind seedmatchr_ttr_expected.tsv now live in expr_expected.R, which also
# writes fly_mir1_expected.tsv. Run from testdata/: Rscript seedmatchr_ttr_expected.R
source("expr_expected.R")
