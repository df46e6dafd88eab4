# stats_samples.R: writes stats_samples.tsv and prints the R values that tests/expr/test_stats.c expects.
# Run from testdata/ with Debian's r-base-core 4.2.2:  Rscript stats_samples.R
set.seed(20261122)
uniq <- function(v) { stopifnot(!anyDuplicated(v)); v }
sets <- list(
    small = list(x = uniq(round(rnorm(12, 0.8), 3)), y = uniq(round(rnorm(15), 3))),
    ties  = list(x = round(rnorm(10, 0.5), 1), y = round(rnorm(14), 1)),
    large = list(x = round(rnorm(120, -0.25), 3), y = round(rnorm(400), 3)),
    shift = list(x = round(rnorm(23, -0.55, 0.6), 4), y = round(rnorm(2000, 0, 0.5), 4)),
    mid   = list(x = uniq(round(rnorm(60, 0.3), 5)), y = uniq(round(rnorm(70), 5))))
rows <- do.call(rbind, lapply(names(sets), function(s)
    rbind(data.frame(set = s, group = "x", value = sets[[s]]$x),
          data.frame(set = s, group = "y", value = sets[[s]]$y))))
write.table(rows, "stats_samples.tsv", sep = "\t", quote = FALSE, row.names = FALSE)

d <- read.delim("stats_samples.tsv")
g <- function(s, grp) d$value[d$set == s & d$group == grp]
out <- function(...) cat(sprintf("%-44s %.12g\n", paste0(...), c(...)[length(c(...))]))
for (s in setdiff(names(sets), "mid")) for (alt in c("two.sided", "less", "greater")) {
    k <- suppressWarnings(ks.test(g(s, "x"), g(s, "y"), alternative = alt))
    w <- suppressWarnings(wilcox.test(g(s, "x"), g(s, "y"), alternative = alt))
    wn <- wilcox.test(g(s, "x"), g(s, "y"), alternative = alt, exact = FALSE, correct = TRUE)
    cat(sprintf("ks     %-6s %-9s D=%.12g p=%.12g exact=%s\n", s, alt, k$statistic, k$p.value, k$exact))
    cat(sprintf("wilcox %-6s %-9s W=%.12g p=%.12g\n", s, alt, w$statistic, w$p.value))
    cat(sprintf("wnorm  %-6s %-9s W=%.12g p=%.12g\n", s, alt, wn$statistic, wn$p.value))
}
# exact KS forced on the large set is not R's default; asymptotic forced on the small one is
k <- ks.test(g("small", "x"), g("small", "y"), exact = FALSE)
cat(sprintf("ks small asymptotic two.sided D=%.12g p=%.12g\n", k$statistic, k$p.value))
k <- ks.test(g("small", "x"), g("small", "y"), exact = FALSE, alternative = "less")
cat(sprintf("ks small asymptotic less D=%.12g p=%.12g\n", k$statistic, k$p.value))

# exact p-values forced beyond R's defaults
k <- ks.test(g("large", "x"), g("large", "y"), exact = TRUE)
cat(sprintf("ks large exact two.sided D=%.12g p=%.12g\n", k$statistic, k$p.value))
k <- ks.test(g("large", "x"), g("large", "y"), exact = TRUE, alternative = "greater")
cat(sprintf("ks large exact greater D=%.12g p=%.12g\n", k$statistic, k$p.value))
stopifnot(!anyDuplicated(c(g("mid", "x"), g("mid", "y"))))
for (alt in c("two.sided", "greater")) {
    w <- wilcox.test(g("mid", "x"), g("mid", "y"), exact = TRUE, alternative = alt)
    cat(sprintf("wilcox mid exact %s W=%.12g p=%.12g\n", alt, w$statistic, w$p.value))
}

p <- c(0.01, 0.04, 0.03, 0.005, 0.2, NA, 0.04, 0.9, 1e-5, 0.5)
cat("BH", sprintf("%.12g", p.adjust(p, "BH")), "\n")

# hypergeometric tails (Sylamer's fly miR-1 counts and a few extremes), log10
lu <- function(k, w, b, n) phyper(k - 1, w, b, n, lower.tail = FALSE, log.p = TRUE) / log(10)
ll <- function(k, w, b, n) phyper(k, w, b, n, log.p = TRUE) / log(10)
cat(sprintf("upper %.12g\n", c(lu(29, 61, 798277 - 61, 64125), lu(40, 77, 798277 - 77, 64125),
    lu(5, 61, 798277 - 61, 64125), lu(3000, 9000, 791000, 240000), lu(1, 5, 20, 10))))
cat(sprintf("lower %.12g\n", c(ll(1, 61, 798277 - 61, 500000), ll(2100, 9000, 791000, 240000),
    ll(40, 61, 798277 - 61, 721718), ll(0, 5, 20, 10), ll(30, 61, 798277 - 61, 64125))))

y  <- c(-0.52, 0.13, -1.10, 0.44, 0.05, -0.31, 0.92, -0.08, 0.27, -0.66, 0.18, -0.02)
x1 <- log(c(812, 240, 3021, 455, 1200, 980, 150, 2210, 640, 1733, 377, 890))
x2 <- c(0.41, 0.38, 0.35, 0.47, 0.40, 0.33, 0.52, 0.37, 0.44, 0.36, 0.49, 0.39)
f <- lm(y ~ x1 + x2)
cat("lm coef", sprintf("%.12g", coef(f)), "\n")
cat("lm resid", sprintf("%.12g", residuals(f)[c(1, 5, 12)]), "\n")
cat("mean", sprintf("%.12g", mean(y)), "median", sprintf("%.12g", median(y)),
    "median11", sprintf("%.12g", median(y[-12])), "\n")
