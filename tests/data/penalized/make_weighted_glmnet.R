# Reference values for tests/penalized/test_weighted_penalized.cpp: glmnet's weighted lasso and
# elastic net (Gaussian family, glmnet's standardization, which is weighted) on
# tests/data/weighted.csv (tests/data/make_weighted_statsmodels.py writes it): the coefficients
# at six given λ, and cv.glmnet's cvm and cvsd with fold ids 1 + (7·i mod 5) over the rows of
# positive weight (i from 0), weights included. glmnet's objective is
# (1/2)·Σwᵢrᵢ²/Σwᵢ + λ·((1 − α)/2·‖β‖² + α·‖β‖₁), linreg's with its l1_ratio = α, except that
# glmnet solves it for y/s_y at λ/s_y (s_y: y's weighted population SD, stored as y_scale), which
# for α < 1 is linreg's problem at λ·(α + (1 − α)/s_y) with l1_ratio α/(α + (1 − α)/s_y) (the
# test converts); for the lasso the two coincide. (cv.glmnet's folds each use their own s_y, so
# only the lasso's cvm and cvsd are compared.)
#
# Run from the repository root with Debian's r-base-core and r-cran-glmnet:
#   Rscript tests/data/penalized/make_weighted_glmnet.R
# Writes weighted_glmnet.json beside this script; numbers printed with %.17g.
suppressMessages(library(glmnet))

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else
  file.path("tests", "data", "penalized")
frame <- read.csv(file.path(here, "..", "weighted.csv"))
frame <- frame[frame$w > 0, ]
# linreg's design: x1, x2, x3, then region's levels after the first in sorted order.
x <- cbind(x1 = frame$x1, x2 = frame$x2, x3 = frame$x3,
           "region=north" = as.numeric(frame$region == "north"),
           "region=south" = as.numeric(frame$region == "south"),
           "region=west" = as.numeric(frame$region == "west"))
y <- frame$y
w <- frame$w
lambdas <- c(1, 0.3, 0.1, 0.03, 0.01, 0.001)
share <- w / sum(w)
y_scale <- sqrt(sum(share * (y - sum(share * y))^2))
foldid <- 1 + (7 * (seq_along(y) - 1)) %% 5

num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ", "), "]")
cases <- c()
for (alpha in c(1, 0.5)) {
  fit <- glmnet(x, y, weights = w, alpha = alpha, lambda = lambdas, thresh = 1e-20,
                maxit = 10^7)
  coefs <- as.matrix(coef(fit))
  cv <- cv.glmnet(x, y, weights = w, alpha = alpha, lambda = lambdas, foldid = foldid,
                  thresh = 1e-20, maxit = 10^7)
  columns <- paste(sapply(seq_along(lambdas), function(k) num(coefs[, k])), collapse = ", ")
  cases <- c(cases, sprintf(
    '"%s": {"alpha": %s, "lambdas": %s, "coefficients": [%s], "cvm": %s, "cvsd": %s}',
    if (alpha == 1) "lasso" else "elastic_net", sprintf("%.17g", alpha), num(lambdas), columns,
    num(cv$cvm), num(cv$cvsd)))
}
json <- sprintf(paste0('{"glmnet_version": "%s", "y_scale": %s, "terms": ["(intercept)", %s],\n',
                       '"cases": {\n%s\n}}\n'),
                as.character(packageVersion("glmnet")), sprintf("%.17g", y_scale),
                paste0('"', colnames(x), '"', collapse = ", "), paste(cases, collapse = ",\n"))
writeLines(json, file.path(here, "weighted_glmnet.json"), sep = "")
