# Reference values for tests/stats/test_r_lm.cpp: R's lm() on three of R's own datasets.
#
# Run from the repository root:  Rscript tests/data/r_lm/make_r_lm.R
#
# Writes, beside this script, longley.csv, mtcars.csv and iris.csv (write.csv, no row names:
# mtcars' car names are dropped) and r_lm.json. The fits are made on the CSV files as read back
# with read.csv, not on the datasets in memory, so that R and linreg see the same doubles
# (write.csv writes at most 15 significant digits; these datasets have fewer).
#
# Models: longley Employed ~ ., mtcars mpg ~ ., iris Sepal.Length ~ . . A text column (iris'
# Species) becomes a factor whose levels are sorted in byte order, so that contr.treatment's
# reference level is the first of them, as in linreg's one-hot encoding (src/data/encoder.cpp: levels
# sorted, levels[0] is the reference, the others are terms named "column=level"). R names such a
# term paste0(column, level); r_lm.json gives both names.
#
# r_lm.json: per dataset the file, the target, sigma and r.squared of summary(lm), and per term
# (intercept first) R's name, linreg's name, the coefficient and its standard error, all numbers
# printed with sprintf("%.17g"), which reads back as the same double.

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else file.path("tests", "data", "r_lm")

num <- function(x) sprintf("%.17g", x)
json_string <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')

datasets <- list(
  list(name = "longley", data = datasets::longley, target = "Employed"),
  list(name = "mtcars", data = datasets::mtcars, target = "mpg"),
  list(name = "iris", data = datasets::iris, target = "Sepal.Length")
)

entries <- character(0)
for (d in datasets) {
  file <- paste0(d$name, ".csv")
  path <- file.path(here, file)
  write.csv(d$data, path, row.names = FALSE)
  frame <- read.csv(path, check.names = FALSE)
  # The file holds the data to the last bit (no value has more than 15 significant digits).
  for (column in names(frame)) {
    if (is.numeric(frame[[column]])) stopifnot(identical(as.double(frame[[column]]), as.double(d$data[[column]])))
  }
  # linreg's names: the intercept, numeric columns as they are, "column=level" for a factor level.
  linreg_names <- c("(Intercept)" = "(intercept)")
  for (column in setdiff(names(frame), d$target)) {
    if (is.character(frame[[column]])) {
      levels <- sort(unique(frame[[column]]), method = "radix")  # byte order, as linreg sorts
      frame[[column]] <- factor(frame[[column]], levels = levels)
      for (level in levels[-1]) linreg_names[paste0(column, level)] <- paste0(column, "=", level)
    } else {
      linreg_names[column] <- column
    }
  }
  fit <- lm(as.formula(paste0("`", d$target, "` ~ .")), data = frame)
  s <- summary(fit)
  table <- coef(s)
  stopifnot(!any(is.na(coef(fit))), identical(rownames(table), names(coef(fit))),
            setequal(rownames(table), names(linreg_names)))
  terms <- character(0)
  for (r_name in rownames(table)) {
    terms <- c(terms, sprintf(
      '      {"r_name": %s, "linreg_name": %s, "coef": %s, "se": %s}', json_string(r_name),
      json_string(linreg_names[[r_name]]), num(table[r_name, "Estimate"]), num(table[r_name, "Std. Error"])))
  }
  entries <- c(entries, paste0(
    "    ", json_string(d$name), ": {\n",
    '      "file": ', json_string(file), ",\n",
    '      "target": ', json_string(d$target), ",\n",
    '      "n": ', nrow(frame), ",\n",
    '      "sigma": ', num(s$sigma), ",\n",
    '      "r_squared": ', num(s$r.squared), ",\n",
    '      "terms": [\n', paste0("  ", terms, collapse = ",\n"), "\n      ]\n",
    "    }"))
}

json <- paste0("{\n",
               '  "r_version": ', json_string(R.version.string), ",\n",
               '  "datasets": {\n', paste(entries, collapse = ",\n"), "\n  }\n",
               "}\n")
cat(json, file = file.path(here, "r_lm.json"))
