# The R peer of the summary case: read.csv with the text columns as factors (make and model on
# Cars24, which lm() one-hot encodes with the first level as reference), lm(TARGET ~ ., data = d),
# summary() and its printed table (discarded). Run under timeout and /usr/bin/time -v by bench/run
# for the wall time and peak RSS end to end; prints JSON with the time of each step, measured inside
# R (system.time), and the number of coefficients that are not NA (the rank).
#
# Usage: Rscript bench/summary_lm.R FILE TARGET
args <- commandArgs(trailingOnly = TRUE)
read_s <- system.time(d <- read.csv(args[1], stringsAsFactors = TRUE))[["elapsed"]]
formula <- as.formula(paste(args[2], "~ ."))
fit_s <- system.time(m <- lm(formula, data = d))[["elapsed"]]
summary_s <- system.time(table <- capture.output(print(s <- summary(m))))[["elapsed"]]
cat(sprintf('{"read_s": %.6f, "fit_s": %.6f, "summary_s": %.6f, "coefficients": %d, "rank": %d, "r2": %.10g}\n',
            read_s, fit_s, summary_s, length(coef(m)), sum(!is.na(coef(m))), s$r.squared))
