# The peer of the wide case: R's lm() on every column but TARGET, as a user runs it
# (read.csv, then lm(TARGET ~ ., data = d)). Run under /usr/bin/time -v by bench/run for the wall
# time and peak RSS end to end; prints JSON with the time of read.csv and of lm() alone, measured
# inside R (system.time), and the number of coefficients that are not NA (the rank).
#
# Usage: Rscript bench/wide_lm.R FILE TARGET
args <- commandArgs(trailingOnly = TRUE)
read_s <- system.time(d <- read.csv(args[1]))[["elapsed"]]
formula <- as.formula(paste(args[2], "~ ."))
fit_s <- system.time(m <- lm(formula, data = d))[["elapsed"]]
cat(sprintf('{"read_s": %.6f, "fit_s": %.6f, "rank": %d}\n', read_s, fit_s, sum(!is.na(coef(m)))))
