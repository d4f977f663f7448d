#include "app.hpp"

#include <algorithm>
#include <exception>
#include <ostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "linreg/errors.hpp"
#include "linreg/torch_backend.hpp"

namespace linreg::cli {
namespace {

std::string version_text() {
  const std::string torch = torch_available() ? "yes (LibTorch " + torch_version() + ")" : std::string("no");
  return std::string("linreg ") + LINREG_VERSION + "\nfeatures: torch " + torch;
}

// "linreg fit --help" when the arguments name a subcommand, "linreg --help" otherwise.
std::string help_pointer(const std::vector<std::string>& args) {
  std::string command = "linreg";
  for (const auto& a : args) {
    if (a == "demo" || a == "fit" || a == "predict" || a == "generate" || a == "house" || a == "linear") {
      command += " " + a;
      if (a != "generate") break;
    } else if (!a.empty() && a[0] != '-' && command != "linreg") {
      break;
    }
  }
  return command + " --help";
}

}  // namespace

int run(const std::vector<std::string>& args, const Streams& io) {
  CLI::App app{"linreg: linear regression by gradient descent and exact least squares", "linreg"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.footer("Run 'linreg COMMAND --help' for a command's options.");

  DemoArgs demo;
  auto* demo_cmd = app.add_subcommand("demo", "Walk through the tutorial on synthetic houses");
  demo_cmd->add_option("--seed", demo.seed, "Random seed for the houses")->capture_default_str();
  demo_cmd->add_option("--rng", demo.rng,
                       "ours (seeded, the same everywhere) or torch: the article's houses from PyTorch's "
                       "generator, with float32 arithmetic like the article (needs LibTorch)")
      ->check(CLI::IsMember({"ours", "torch"}))
      ->capture_default_str();
  demo_cmd->add_option("--grad", demo.grad,
                       "manual (the formulas) or autograd (LibTorch's loss.backward())")
      ->check(CLI::IsMember({"manual", "autograd"}))
      ->capture_default_str();
  demo_cmd->add_option("--plots", demo.plots_dir,
                       "Write the charts (PNG and SVG) to this folder: loss curve, raw vs scaled loss, "
                       "predicted vs actual, residuals");

  GenerateHouseArgs house;
  auto* generate_cmd = app.add_subcommand("generate", "Write synthetic data as CSV");
  generate_cmd->require_subcommand(1);
  auto* house_cmd = generate_cmd->add_subcommand(
      "house", "The tutorial's houses: size,age,distance_to_city,price");
  house_cmd->add_option("--rows", house.rows, "Number of rows")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  house_cmd->add_option("--seed", house.seed, "Random seed")->capture_default_str();
  house_cmd->add_option("--out", house.out, "Output CSV file (default: stdout)");

  GenerateLinearArgs linear;
  auto* linear_cmd = generate_cmd->add_subcommand(
      "linear", "x1..xD ~ N(0,1), y = 1 + Σ w_j·x_j + noise, w_j = (−1)^(j−1)·j/2 (j from 1)");
  linear_cmd->add_option("--rows", linear.rows, "Number of rows")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  linear_cmd->add_option("--cols", linear.cols, "Number of features")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  linear_cmd->add_option("--seed", linear.seed, "Random seed")->capture_default_str();
  linear_cmd->add_option("--noise", linear.noise, "Standard deviation of the noise")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  linear_cmd->add_option("--out", linear.out, "Output CSV file (default: stdout)");

  FitArgs fit;
  auto* fit_cmd = app.add_subcommand("fit", "Fit a linear model to a CSV file");
  fit_cmd->add_option("FILE", fit.file, "CSV file with a header row ('-' reads stdin)")->required();
  fit_cmd->add_option("--target", fit.target, "Column to predict")->required();
  fit_cmd->add_option("--drop", fit.drop, "Columns to leave out, comma-separated")->delimiter(',');
  fit_cmd->add_option("--solver", fit.solver,
                      "gd (gradient descent), exact (QR + refinement), cholesky (normal equations: "
                      "fast, less accurate) or svd (minimum norm)")
      ->check(CLI::IsMember({"gd", "exact", "cholesky", "svd"}))
      ->capture_default_str();
  fit_cmd->add_option("--lr", fit.learning_rate, "Learning rate: a number > 0, or auto (1/L)")
      ->capture_default_str();
  fit_cmd->add_option("--iters", fit.iterations, "Maximum gradient-descent iterations")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  fit_cmd->add_option("--tol", fit.tolerance,
                      "Stop when the relative loss change or gradient norm falls below this")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  fit_cmd->add_option("--scale", fit.scale, "Feature scaling for gd: standard or none")
      ->check(CLI::IsMember({"standard", "none"}))
      ->capture_default_str();
  fit_cmd->add_option("--grad", fit.grad,
                      "Gradients for gd: manual (the fused formulas) or autograd (LibTorch's "
                      "loss.backward(), as the tutorial; needs a build with LibTorch)")
      ->check(CLI::IsMember({"manual", "autograd"}))
      ->capture_default_str();
  fit_cmd->add_option("--dtype", fit.dtype,
                      "Arithmetic of gradient descent: f64, or f32 (float32 copy of the data: half the bytes per "
                      "pass; parameters stay float64)")
      ->check(CLI::IsMember({"f64", "f32"}))
      ->capture_default_str();
  fit_cmd->add_flag("--no-intercept", fit.no_intercept, "Fit y = X·w without an intercept");
  fit_cmd->add_option("--poly", fit.poly,
                      "COL:DEG adds COL^2 … COL^DEG as features (computed in double-double); repeatable");
  fit_cmd->add_option("--categorical", fit.categorical,
                      "auto (text columns one-hot encoded), none (text columns are an error), or "
                      "COL,... (these too, even if numeric)")
      ->capture_default_str();
  fit_cmd->add_option("--missing", fit.missing,
                      "Missing values: error, drop (leave the rows out) or mean (fill with the "
                      "training mean; most frequent level for categorical columns)")
      ->check(CLI::IsMember({"error", "drop", "mean"}))
      ->capture_default_str();
  fit_cmd->add_option("--test-size", fit.test_size, "Fraction of rows held out for testing (seeded shuffle)")
      ->check(CLI::Range(0.0, 0.99))
      ->capture_default_str();
  fit_cmd->add_option("--seed", fit.seed, "Seed of the train/test shuffle")->capture_default_str();
  fit_cmd->add_option("--delimiter", fit.delimiter, "Field delimiter (default: detected among , ; tab |); 'tab' for a tab");
  fit_cmd->add_option("--na-values", fit.na_values,
                      "More tokens read as missing values, comma-separated (e.g. -999,?), beside the "
                      "empty field, NA, N/A, nan, NaN, NAN, null and NULL");
  fit_cmd->add_option("--decimal", fit.decimal,
                      "Decimal separator of numbers: . or , (then fields are separated by ';' or another delimiter)")
      ->check(CLI::IsMember({".", ","}))
      ->capture_default_str();
  fit_cmd->add_option("--encoding", fit.encoding,
                      "Text encoding of the file: utf8 (checked) or latin1 (ISO 8859-1, transcoded)")
      ->check(CLI::IsMember({"utf8", "latin1"}))
      ->capture_default_str();
  fit_cmd->add_option("--model", fit.model_out, "Save the model to this JSON file");
  fit_cmd->add_option("--plots", fit.plots_dir,
                      "Write the charts (PNG and SVG) to this folder: loss curve (gd), predicted vs "
                      "actual and residuals (on the test set when there is one)");
  fit_cmd->add_option("--report", fit.report_file,
                      "Write a self-contained HTML report: data, coefficients, statistics, metrics, "
                      "warnings and charts");
  fit_cmd->add_flag("--quiet", fit.quiet, "No progress bar (it is shown only on a terminal anyway)");
  fit_cmd->add_flag("--in-memory", fit.in_memory,
                    "Keep the rows in memory: --solver exact otherwise streams a file it can (no test split, "
                    "charts, report, --poly, --summary, --missing mean or text columns) and leaves out MAE");
  fit_cmd->add_flag("--json", fit.json, "Print one JSON object instead of the table");
  fit_cmd->add_flag("--summary", fit.summary,
                    "Print the statistics table (std err, t, P>|t|, 95% CI, R², F, AIC, BIC, ...); "
                    "with --json: an inference object per term");

  PredictArgs predict;
  auto* predict_cmd = app.add_subcommand("predict", "Predict with a saved model");
  predict_cmd->add_option("--model", predict.model, "Model JSON file from 'linreg fit --model'")
      ->required();
  predict_cmd->add_option("FILE", predict.file, "CSV file with the model's feature columns ('-' reads stdin)")
      ->required();
  predict_cmd->add_option("--out", predict.out, "Output CSV file (default: stdout)");
  predict_cmd->add_flag("--quiet", predict.quiet, "No progress bar (it is shown only on a terminal anyway)");

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
    io.err << "linreg: " << e.what() << " (see '" << help_pointer(args) << "')\n";
    return kExitUsage;
  }

  try {
    if (demo_cmd->parsed()) run_demo(demo, io);
    else if (house_cmd->parsed()) run_generate_house(house, io);
    else if (linear_cmd->parsed()) run_generate_linear(linear, io);
    else if (fit_cmd->parsed()) run_fit(fit, io);
    else if (predict_cmd->parsed()) run_predict(predict, io);
    io.out.flush();
    return kExitOk;
  } catch (const UsageError& e) {
    io.err << "linreg: " << e.what() << " (see '" << help_pointer(args) << "')\n";
    return kExitUsage;
  } catch (const std::invalid_argument& e) {
    io.err << "linreg: " << e.what() << " (see '" << help_pointer(args) << "')\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    io.err << "linreg: " << e.what() << "\n";
    return kExitDataError;
  } catch (...) {
    io.err << "linreg: unexpected error\n";
    return kExitDataError;
  }
}

}  // namespace linreg::cli
