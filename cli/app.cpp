#include "app.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <new>
#include <optional>
#include <ostream>
#include <string_view>

#include "commands.hpp"
#include "format.hpp"
#include "io_util.hpp"
#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"
#include "linreg/mpi_world.hpp"
#include "linreg/torch_backend.hpp"
#include "penalty_flags.hpp"
#include "setting_flags.hpp"

namespace linreg::cli {
namespace {

std::string version_text() {
  const std::string torch =
      torch_available() ? "yes (LibTorch " + torch_version() + ")" : std::string("no");
  const std::string mpi = mpi_available() ? fmt::format("yes ({})", mpi_version()) : "no";
  return fmt::format("linreg {}\nfeatures: torch {}, mpi {}", LINREG_VERSION, torch, mpi);
}

// "linreg fit --help" when the arguments name a subcommand, "linreg --help" otherwise.
std::string help_pointer(const std::vector<std::string>& args) {
  std::string command = "linreg";
  for (const auto& a : args) {
    if (a == "demo" || a == "fit" || a == "path" || a == "predict" || a == "generate" ||
        a == "house" || a == "linear") {
      command += " " + a;
      if (a != "generate") break;
    } else if (!a.empty() && a[0] != '-' && command != "linreg") {
      break;
    }
  }
  return command + " --help";
}

// CLI11's messages for people. It parses the arguments reversed (see run()), so it lists
// unexpected ones backwards; "A subcommand is required" also stands for an unknown one.
std::string parse_error_text(const std::string& what, const std::vector<std::string>& args) {
  static const std::vector<std::string> commands = {"demo", "fit", "path", "predict", "generate"};
  static const std::vector<std::string> kinds = {"house", "linear"};
  if (what.find("A subcommand is required") != std::string::npos) {
    const bool generate = !args.empty() && args[0] == "generate";
    const auto& known = generate ? kinds : commands;
    const std::size_t at = generate ? 1 : 0;
    if (args.size() > at && !args[at].empty() && args[at][0] != '-' &&
        std::find(known.begin(), known.end(), args[at]) == known.end()) {
      return fmt::format("unknown {} '{}' (expected {})", generate ? "kind of data" : "command",
                         args[at],
                         generate ? "house or linear" : "demo, fit, path, predict or generate");
    }
    return generate ? "generate needs a kind of data: house or linear"
                    : "a command is needed: demo, fit, path, predict or generate";
  }
  if (const auto at = what.find(": At Most 1 required but received"); at != std::string::npos) {
    return what.substr(0, at) + " is given more than once";
  }
  if (const auto at = what.find(": 1 required");
      at != std::string::npos && what.ends_with(" missing")) {
    return what.substr(0, at) + " needs a value";
  }
  const std::string extras = "The following arguments were not expected: ";
  if (what.rfind(extras, 0) == 0) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : what.substr(extras.size()) + " ") {
      if (c != ' ') {
        word += c;
      } else if (!word.empty()) {
        words.insert(words.begin(), word);
        word.clear();
      }
    }
    std::string listed;
    for (const auto& w : words) listed += (listed.empty() ? "" : " ") + w;
    return "unexpected arguments: " + listed;
  }
  return what;
}

// Option checks with messages for people: CLI11's PositiveNumber and Range print their bounds as
// 309-digit numbers and let nan through. Each returns "" for a good value.
std::string integer_error(const std::string& text, long long min) {
  long long value = 0;
  const char* first = text.data() + (text.size() > 1 && text[0] == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size() && value >= min) return "";
  if (ec == std::errc::result_out_of_range && text[0] != '-')
    return fmt::format("'{}' is too large", text);
  return fmt::format("must be a whole number of at least {}, got '{}'", min, text);
}

CLI::Validator at_least(long long min) {
  return {[min](const std::string& text) { return integer_error(text, min); }, "", ""};
}

// A seed: any whole number from 0 to 2^64 - 1.
CLI::Validator seed_value() {
  return {[](const std::string& text) {
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc() && end == text.data() + text.size()) return std::string();
            return fmt::format("must be a whole number from 0 to 18446744073709551615, got '{}'",
                               text);
          },
          "", ""};
}

CLI::Validator non_negative() {
  return {[](const std::string& text) {
            const auto value = finite_number(text);
            return value && *value >= 0.0
                       ? std::string()
                       : fmt::format("must be a finite number >= 0, got '{}'", text);
          },
          "", ""};
}

// An output's name: never empty (it would silently mean "no output"); `stdout_ok`: '-' is
// standard output, otherwise it would name a file or folder called '-'.
CLI::Validator output_name(bool stdout_ok) {
  return {[stdout_ok](const std::string& text) {
            if (text.empty()) return std::string("needs a name, got ''");
            if (!stdout_ok && text == "-")
              return std::string("needs a file or folder name ('-' is not standard output here)");
            return std::string();
          },
          "", ""};
}

// --test-size: 0 (no test set) or a fraction strictly between 0 and 1.
CLI::Validator test_fraction() {
  return {[](const std::string& text) {
            const auto value = finite_number(text);
            return value && *value >= 0.0 && *value < 1.0
                       ? std::string()
                       : fmt::format(
                             "must be 0 (no test set) or a fraction between 0 and 1, got '{}'",
                             text);
          },
          "", ""};
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return !a.empty() && !b.empty() && a != "-" && b != "-" && std::filesystem::equivalent(a, b, ec);
}

// How a command reads its CSV (fit and predict alike).
void add_reading_options(CLI::App* command, ReadingArgs& reading) {
  command->add_option("--delimiter", reading.delimiter,
                      "Field delimiter (default: detected among , ; tab |); 'tab' for a tab");
  command->add_option(
      "--na-values", reading.na_values,
      "More tokens read as missing values, comma-separated (e.g. -999,?), beside the "
      "empty field, NA, N/A, nan, NaN, NAN, null and NULL");
  command
      ->add_option("--decimal", reading.decimal,
                   "Decimal separator of numbers: . or , (then fields are separated by ';' or "
                   "another delimiter)")
      ->check(CLI::IsMember({".", ","}))
      ->capture_default_str();
  command
      ->add_option("--encoding", reading.encoding,
                   "Text encoding of the file: utf8 (checked) or latin1 (ISO 8859-1, transcoded)")
      ->check(CLI::IsMember({"utf8", "latin1"}))
      ->capture_default_str();
}

// Checks that need more than one option, made before any file is read.
void check_fit_args(const FitArgs& fit) {
  if (fit.json && !fit.model_out.empty() && is_stdout(fit.model_out)) {
    throw UsageError(
        "--model - writes the model to standard output, where --json writes the results: "
        "give --model a file name, or leave out --json");
  }
  for (const auto* out : {&fit.model_out, &fit.report_file, &fit.influence_file}) {
    if (same_file(fit.file, *out)) {
      throw UsageError(fmt::format("'{}' is the data FILE: writing there would destroy it", *out));
    }
  }
  // Outputs against each other: the later one would replace the earlier.
  const auto place = [](const std::string& path) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::path(path) : canonical;
  };
  if (!fit.model_out.empty() && !fit.report_file.empty() && !is_stdout(fit.model_out) &&
      place(fit.model_out) == place(fit.report_file)) {
    throw UsageError(fmt::format("--model and --report both name '{}': give them different files",
                                 fit.model_out));
  }
  for (const auto* out : {&fit.model_out, &fit.report_file}) {
    if (out->empty() || fit.plots_dir.empty() || is_stdout(*out)) continue;
    const std::filesystem::path p = place(*out);
    if (p.parent_path() == place(fit.plots_dir) &&
        (p.extension() == ".png" || p.extension() == ".svg")) {
      throw UsageError(
          fmt::format("'{}' is where --plots writes its charts: give it another name", *out));
    }
  }
}

void check_predict_args(const PredictArgs& predict) {
  if (same_file(predict.file, predict.out) || same_file(predict.model, predict.out)) {
    throw UsageError(fmt::format(
        "--out '{}' is an input of this command: writing there would destroy it", predict.out));
  }
}

}  // namespace

int run(const std::vector<std::string>& args, const Streams& io) {
  CLI::App app{"linreg: linear regression by gradient descent and exact least squares", "linreg"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.footer("Run 'linreg COMMAND --help' for a command's options.");

  DemoArgs demo;
  auto* demo_cmd = app.add_subcommand("demo", "Walk through the tutorial on synthetic houses");
  demo_cmd->add_option("--seed", demo.seed, "Random seed for the houses")
      ->check(seed_value())
      ->capture_default_str();
  demo_cmd
      ->add_option(
          "--rng", demo.rng,
          "ours (seeded, the same everywhere) or torch: the article's houses from PyTorch's "
          "generator, with float32 arithmetic like the article (needs LibTorch)")
      ->check(CLI::IsMember({"ours", "torch"}))
      ->capture_default_str();
  demo_cmd
      ->add_option("--grad", demo.grad,
                   "manual (the formulas) or autograd (LibTorch's loss.backward())")
      ->check(CLI::IsMember({"manual", "autograd"}))
      ->capture_default_str();
  demo_cmd
      ->add_option("--plots", demo.plots_dir,
                   "Write the charts (PNG and SVG) to this folder: loss curve, raw vs scaled loss, "
                   "predicted vs actual, residuals")
      ->check(output_name(false));

  GenerateHouseArgs house;
  auto* generate_cmd = app.add_subcommand("generate", "Write synthetic data as CSV");
  generate_cmd->require_subcommand(1);
  auto* house_cmd = generate_cmd->add_subcommand(
      "house", "The tutorial's houses: size,age,distance_to_city,price");
  house_cmd->add_option("--rows", house.rows, "Number of rows")
      ->check(at_least(0))
      ->capture_default_str();
  house_cmd->add_option("--seed", house.seed, "Random seed")
      ->check(seed_value())
      ->capture_default_str();
  house_cmd->add_option("--out", house.out, "Output CSV file (default and '-': stdout)")
      ->check(output_name(true));

  GenerateLinearArgs linear;
  auto* linear_cmd = generate_cmd->add_subcommand(
      "linear", "x1..xD ~ N(0,1), y = 1 + Σ w_j·x_j + noise, w_j = (−1)^(j−1)·j/2 (j from 1)");
  linear_cmd->add_option("--rows", linear.rows, "Number of rows")
      ->check(at_least(0))
      ->capture_default_str();
  linear_cmd->add_option("--cols", linear.cols, "Number of features")
      ->check(at_least(0))
      ->capture_default_str();
  linear_cmd->add_option("--seed", linear.seed, "Random seed")
      ->check(seed_value())
      ->capture_default_str();
  linear_cmd->add_option("--noise", linear.noise, "Standard deviation of the noise")
      ->check(non_negative())
      ->capture_default_str();
  linear_cmd->add_option("--out", linear.out, "Output CSV file (default and '-': stdout)")
      ->check(output_name(true));

  FitArgs fit;
  auto* fit_cmd = app.add_subcommand("fit", "Fit a linear model to a CSV file");
  fit_cmd
      ->add_option("FILE", fit.files,
                   "CSV file with a header row ('-' reads stdin); several files with the same "
                   "header are read as one table")
      ->required();
  fit_cmd->add_option("--target", fit.target, "Column to predict")->required();
  fit_cmd->add_option("--drop", fit.drop, "Columns to leave out, comma-separated")->delimiter(',');
  fit_cmd
      ->add_option("--solver", fit.solver,
                   "gd (gradient descent), exact (QR + refinement), cholesky (normal equations: "
                   "fast, less accurate), svd (minimum norm) or penalized (what --penalty "
                   "implies)")
      ->check(CLI::IsMember(names_in(kSolverNames)))
      ->capture_default_str();
  fit_cmd->add_option("--lr", fit.learning_rate, "Learning rate: a number > 0, or auto (1/L)")
      ->capture_default_str();
  fit_cmd->add_option("--iters", fit.iterations, "Maximum gradient-descent iterations (at least 1)")
      ->check(at_least(1))
      ->capture_default_str();
  fit_cmd
      ->add_option("--tol", fit.tolerance,
                   "gd: stop when the parameters are certified this close to the optimum, "
                   "relative (>= 0); --penalty: the KKT conditions' tolerance, relative to λ_max")
      ->check(non_negative())
      ->capture_default_str();
  fit_cmd
      ->add_option("--scale", fit.scale,
                   "Feature scaling for gd and --penalty: standard or none (penalized: the raw "
                   "features, scikit-learn's convention)")
      ->check(CLI::IsMember(names_in(kScalingNames)))
      ->capture_default_str();
  fit_cmd
      ->add_option("--grad", fit.grad,
                   "Gradients for gd: manual (the fused formulas) or autograd (LibTorch's "
                   "loss.backward(), as the tutorial; needs a build with LibTorch)")
      ->check(CLI::IsMember({"manual", "autograd"}))
      ->capture_default_str();
  fit_cmd
      ->add_option("--dtype", fit.dtype,
                   "Arithmetic of gradient descent: f64, or f32 (float32 copy of the data: half "
                   "the bytes per "
                   "pass; parameters stay float64)")
      ->check(CLI::IsMember(names_in(kPrecisionNames)))
      ->capture_default_str();
  fit_cmd->add_flag("--no-intercept", fit.no_intercept, "Fit y = X·w without an intercept");
  fit_cmd->add_option(
      "--poly", fit.poly,
      "COL:DEG adds COL^2 … COL^DEG as features (computed in double-double); repeatable");
  fit_cmd
      ->add_option("--categorical", fit.categorical,
                   "auto (text columns one-hot encoded), none (text columns are an error), or "
                   "COL,... (these too, even if numeric)")
      ->capture_default_str();
  fit_cmd
      ->add_option("--missing", fit.missing,
                   "Missing values: error, drop (leave the rows out) or mean (fill with the "
                   "training mean; most frequent level for categorical columns)")
      ->check(CLI::IsMember(names_in(kMissingPolicyNames)))
      ->capture_default_str();
  fit_cmd
      ->add_option(
          "--test-size", fit.test_size,
          "Fraction of rows held out for testing (seeded shuffle): 0 (none) or between 0 and 1")
      ->check(test_fraction())
      ->capture_default_str();
  fit_cmd->add_option("--seed", fit.seed, "Seed of the train/test shuffle")
      ->check(seed_value())
      ->capture_default_str();
  add_reading_options(fit_cmd, fit.reading);
  fit_cmd
      ->add_option(
          "--model", fit.model_out,
          "Save the model to this JSON file ('-': to stdout, and the table goes to stderr; "
          "not with --json)")
      ->check(output_name(true));
  fit_cmd
      ->add_option("--plots", fit.plots_dir,
                   "Write the charts (PNG and SVG) to this folder: loss curve (gd), predicted vs "
                   "actual and residuals (on the test set when there is one), path and cv "
                   "(--penalty with cross-validation)")
      ->check(output_name(false));
  fit_cmd
      ->add_option("--report", fit.report_file,
                   "Write a self-contained HTML report: data, coefficients, statistics, metrics, "
                   "warnings and charts")
      ->check(output_name(false));
  fit_cmd->add_flag("--quiet", fit.quiet,
                    "No progress bar (it is shown only on a terminal anyway)");
  fit_cmd->add_flag(
      "--in-memory", fit.in_memory,
      "Keep the rows in memory: --solver exact and --penalty otherwise stream a file they can (no "
      "test split, charts, report, --poly, --summary, --missing mean or text columns) and leave "
      "out MAE");
  fit_cmd->add_flag("--json", fit.json, "Print one JSON object instead of the table");
  fit_cmd->add_flag("--summary", fit.summary,
                    "Print the statistics table (std err, t, P>|t|, 95% CI, R², F, AIC, BIC, ...); "
                    "with --json: an inference object per term");
  fit_cmd->add_flag("--vif", fit.vif,
                    "Add each term's variance inflation factor to the statistics table (implies "
                    "--summary; with --json: vif per term)");
  fit_cmd
      ->add_option("--influence", fit.influence_file,
                   "Write each data row's leverage, studentized residuals, Cook's distance and "
                   "DFFITS to this CSV file (by line; NA for rows the fit left out)")
      ->check(output_name(false));
  fit_cmd->add_option("--cov", fit.cov,
                      "The statistics table's covariance: nonrobust (default), hc0, hc1, hc2, hc3 "
                      "(heteroscedasticity-robust), cluster:COL (cluster-robust by the column "
                      "COL, which is not a feature) or hac:LAGS (Newey–West over LAGS lags, in "
                      "row order); implies --summary");
  fit_cmd->add_option("--weights", fit.weights,
                      "Weighted least squares: minimize Σ w·r² with w the column COL (not a "
                      "feature; finite and ≥ 0). A row of weight 0 is left out; the metrics and "
                      "the statistics are weighted (statsmodels' WLS)");
  add_penalty_options(fit_cmd, fit.penalty, true);

  PathArgs path;
  auto* path_cmd = app.add_subcommand(
      "path", "The path of a penalized model over λ (glmnet's), cross-validated with --folds");
  path_cmd->add_option("FILE", path.file, "CSV file with a header row ('-' reads stdin)")
      ->required();
  path_cmd->add_option("--target", path.target, "Column to predict")->required();
  path_cmd->add_option("--drop", path.drop, "Columns to leave out, comma-separated")
      ->delimiter(',');
  add_penalty_options(path_cmd, path.penalty, false);
  path_cmd
      ->add_option("--scale", path.scale,
                   "standard (features standardized before the penalty, glmnet's default) or "
                   "none")
      ->check(CLI::IsMember(names_in(kScalingNames)))
      ->capture_default_str();
  path_cmd->add_flag("--no-intercept", path.no_intercept, "Fit y = X·w without an intercept");
  path_cmd
      ->add_option("--tol", path.tolerance,
                   "Tolerance of the KKT conditions, relative to λ_max, in (0, 1)")
      ->capture_default_str();
  path_cmd
      ->add_option("--categorical", path.categorical,
                   "auto (text columns one-hot encoded), none, or COL,...")
      ->capture_default_str();
  path_cmd->add_option("--missing", path.missing, "Missing values: error, drop or mean")
      ->check(CLI::IsMember(names_in(kMissingPolicyNames)))
      ->capture_default_str();
  path_cmd->add_option("--seed", path.seed, "Seed of the folds")
      ->check(seed_value())
      ->capture_default_str();
  add_reading_options(path_cmd, path.reading);
  path_cmd
      ->add_option("--plots", path.plots_dir,
                   "Write the charts (PNG and SVG) to this folder: path (coefficients against "
                   "λ) and, with folds, cv (the error with one-SE bars, both chosen λ marked)")
      ->check(output_name(false));
  path_cmd->add_flag("--quiet", path.quiet, "No progress bar");
  path_cmd->add_flag("--json", path.json, "Print one JSON object instead of the table");
  path_cmd->add_option(
      "--weights", path.weights,
      "Weighted fits: minimize Σ w·r²/Σ w (glmnet's weights) with w the column COL "
      "(not a feature; finite and ≥ 0; a row of weight 0 is left out)");
  path_cmd->add_flag("--in-memory", path.in_memory,
                     "Keep the rows in memory: the path otherwise streams a file it can (no "
                     "--missing mean)");

  PredictArgs predict;
  auto* predict_cmd = app.add_subcommand("predict", "Predict with a saved model");
  predict_cmd
      ->add_option("--model", predict.model,
                   "Model JSON file from 'linreg fit --model' ('-' reads stdin)")
      ->required();
  predict_cmd
      ->add_option("FILE", predict.file,
                   "CSV file with the model's feature columns ('-' reads stdin)")
      ->required();
  predict_cmd->add_option("--out", predict.out, "Output CSV file (default and '-': stdout)")
      ->check(output_name(true));
  predict_cmd
      ->add_option("--interval", predict.interval,
                   "Add se, lower and upper columns: the mean's interval (confidence) or a new "
                   "observation's (prediction); the model must come from a fit with --summary")
      ->check(CLI::IsMember({"confidence", "prediction"}));
  predict_cmd->add_option("--level", predict.level, "The intervals' level (0.95)")
      ->check(CLI::Range(0.0, 1.0));
  add_reading_options(predict_cmd, predict.reading);
  predict_cmd->add_flag("--quiet", predict.quiet,
                        "No progress bar (it is shown only on a terminal anyway)");

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::ParseError& e) {
    io.err << "linreg: " << parse_error_text(e.what(), args) << " (see '" << help_pointer(args)
           << "')\n";
    return kExitUsage;
  }

  try {
    // Under mpirun only `fit` shares the work: another command would run whole on every process
    // (and each would write its files).
    if (started_by_mpi_launcher() && !fit_cmd->parsed()) {
      throw UsageError(
          "only 'linreg fit' runs under mpirun (the processes share its rows); run this command "
          "as one process, without mpirun");
    }
    if (demo_cmd->parsed())
      run_demo(demo, io);
    else if (house_cmd->parsed())
      run_generate_house(house, io);
    else if (linear_cmd->parsed())
      run_generate_linear(linear, io);
    else if (fit_cmd->parsed()) {
      check_penalty_flags(*fit_cmd, fit.penalty);
      fit.file = fit.files.front();
      const bool solver_given = fit_cmd->get_option("--solver")->count() > 0;
      if (fit.vif || fit.cov != "nonrobust") fit.summary = true;
      if (!fit.penalty.penalty.empty()) {
        if (solver_given && fit.solver != "penalized") {
          throw UsageError(
              fmt::format("--penalty fits with the penalized solver, not --solver {}", fit.solver));
        }
        fit.solver = "penalized";
        if (fit.summary) {
          throw UsageError(
              "--summary is ordinary least squares' statistics table: a penalized fit's "
              "coefficients are shrunk on purpose, and its standard errors would not mean what "
              "they say");
        }
      } else if (fit.solver == "penalized") {
        throw UsageError("--solver penalized needs --penalty ridge, lasso or elasticnet");
      }
      // Options of gradient descent given to another solver would be ignored: say so instead.
      if (fit.solver != "gd") {
        for (const char* name : {"--lr", "--iters", "--tol", "--scale", "--grad", "--dtype"}) {
          const bool penalized_too =
              std::string_view(name) == "--tol" || std::string_view(name) == "--scale";
          if (fit.solver == "penalized" && penalized_too) continue;
          if (fit_cmd->get_option(name)->count() > 0) {
            throw UsageError(fmt::format(
                "{} is an option of gradient descent: add --solver gd (the solver is {}{})", name,
                fit.solver,
                !fit.penalty.penalty.empty() ? ", as --penalty asks"
                : solver_given               ? ""
                                             : ", the default"));
          }
        }
      }
      check_fit_args(fit);
      run_fit(fit, io);
    } else if (path_cmd->parsed()) {
      check_penalty_flags(*path_cmd, path.penalty);
      run_path(path, io);
    } else if (predict_cmd->parsed()) {
      check_predict_args(predict);
      run_predict(predict, io);
    }
    flush_stdout(io);
    return kExitOk;
  } catch (const DataError& e) {
    io.err << "linreg: " << render_for_cli(e.what()) << "\n";
    return kExitDataError;
  } catch (const IoError& e) {
    io.err << "linreg: " << render_for_cli(e.what()) << "\n";
    return kExitDataError;
  } catch (const UsageError& e) {  // a setting the library refused (validate(), a name)
    io.err << "linreg: " << render_for_cli(e.what()) << " (see '" << help_pointer(args) << "')\n";
    return kExitUsage;
  } catch (const FeatureUnavailable& e) {  // a setting this build cannot serve (LibTorch)
    io.err << "linreg: " << render_for_cli(e.what()) << " (see '" << help_pointer(args) << "')\n";
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    io.err << "linreg: out of memory\n";
    return kExitDataError;
  } catch (const std::exception& e) {
    // InternalError, a std::invalid_argument or std::logic_error from a broken contract: a bug.
    io.err << "linreg: internal error: " << render_for_cli(e.what())
           << " (a bug in linreg: please report it)\n";
    return kExitInternal;
  } catch (...) {
    io.err << "linreg: internal error: an exception of unknown type (a bug in linreg: please "
              "report it)\n";
    return kExitInternal;
  }
}

}  // namespace linreg::cli
