# glmnet's lasso path on the data bench_lasso_path wrote, on its grid: both of glmnet's
# algorithms (type.gaussian "naive" and "covariance"), each the median of REPEATS runs (a run
# is the mean of five fits: R's clock ticks in milliseconds), at
# glmnet's default thresh (1e-7). Prints one JSON line per algorithm: {"type", "median_s",
# "intercept", "coefficients"} (at the last lambda).
#   Rscript bench/lasso_glmnet.R DIR ROWS COLS REPEATS
suppressPackageStartupMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3]); repeats <- as.integer(args[4])
X <- matrix(readBin(file.path(dir, "X.f64"), "double", n * p), nrow = n, ncol = p)
y <- readBin(file.path(dir, "y.f64"), "double", n)
lambda <- as.numeric(readLines(file.path(dir, "lambdas.txt")))
for (type in c("naive", "covariance")) {
  times <- numeric(repeats)
  for (r in seq_len(repeats)) {
    start <- proc.time()[["elapsed"]]
    for (k in 1:5) {
      fit <- glmnet(X, y, family = "gaussian", alpha = 1, lambda = lambda, type.gaussian = type)
    }
    times[r] <- (proc.time()[["elapsed"]] - start) / 5
  }
  last <- length(lambda)
  beta <- as.numeric(fit$beta[, last])
  cat(sprintf('{"type": "%s", "median_s": %.6g, "intercept": %.17g, "coefficients": [%s]}\n', type,
              median(times), fit$a0[last], paste(sprintf("%.17g", beta), collapse = ", ")))
}
