#include "linreg/model_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "linreg/errors.hpp"
#include "linreg/file_output.hpp"

namespace linreg {
namespace {

using json = nlohmann::ordered_json;

json to_array(const Vector& v) {
  json a = json::array();
  for (Index i = 0; i < v.size(); ++i) a.push_back(v[i]);
  return a;
}

// Reads one key, checking that it exists and has the expected type; `path` names it in errors.
class Reader {
 public:
  Reader(const json& object, std::string path, const std::string& source)
      : object_(object), path_(std::move(path)), source_(source) {
    if (!object_.is_object() && path_.empty()) {
      throw DataError(located_message(source_, 0, 0,
                                      "a model file is a JSON object, not a bare value or array"));
    }
    if (!object_.is_object()) fail(path_, "an object");
  }

  [[nodiscard]] const json& raw(const std::string& key) const {
    const auto it = object_.find(key);
    if (it == object_.end()) {
      throw DataError(
          located_message(source_, 0, 0, fmt::format("model file has no key '{}'", where(key))));
    }
    return *it;
  }
  [[nodiscard]] const json& get(const std::string& key, json::value_t type,
                                const char* type_name) const {
    const json& value = raw(key);
    const bool ok = type == json::value_t::number_float ? value.is_number() : value.type() == type;
    if (!ok) fail(where(key), type_name);
    return value;
  }
  [[nodiscard]] bool has(const std::string& key) const { return object_.contains(key); }
  [[nodiscard]] std::string string(const std::string& key) const {
    return get(key, json::value_t::string, "a string").get<std::string>();
  }
  // A string that names a value of a name table; DataError listing the names otherwise.
  template <class Enum, std::size_t N>
  [[nodiscard]] Enum named(const std::string& key, const NameTable<Enum, N>& table) const {
    if (const std::optional<Enum> value = find_in(table, string(key))) return *value;
    std::vector<std::string> quoted;
    for (const auto& n : names_in(table)) quoted.push_back('"' + n + '"');
    fail(where(key), "one of " + list_of_choices(quoted));
  }
  [[nodiscard]] double number(const std::string& key) const {
    return get(key, json::value_t::number_float, "a number").get<double>();
  }
  // A number, or null for one that was not computed (NaN).
  [[nodiscard]] double number_or_nan(const std::string& key) const {
    if (raw(key).is_null()) return std::numeric_limits<double>::quiet_NaN();
    return get(key, json::value_t::number_float, "a number or null").get<double>();
  }
  [[nodiscard]] long integer(const std::string& key) const {
    const json& v = get(key, json::value_t::number_float, "an integer");
    if (!v.is_number_integer()) fail(where(key), "an integer");
    return v.get<long>();
  }
  [[nodiscard]] Reader object(const std::string& key) const {
    return Reader(get(key, json::value_t::object, "an object"), where(key), source_);
  }
  [[nodiscard]] Vector numbers(const std::string& key) const {
    const json& a = get(key, json::value_t::array, "an array of numbers");
    Vector v(static_cast<Index>(a.size()));
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_number()) fail(where(key), "an array of numbers");
      v[static_cast<Index>(i)] = a[i].get<double>();
    }
    return v;
  }
  [[nodiscard]] std::vector<std::string> strings(const std::string& key) const {
    const json& a = get(key, json::value_t::array, "an array of strings");
    std::vector<std::string> out;
    for (const auto& e : a) {
      if (!e.is_string()) fail(where(key), "an array of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const {
    throw DataError(located_message(source_, 0, 0,
                                    fmt::format("model file key '{}' must be {}", key, expected)));
  }
  [[nodiscard]] std::string where(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }

 private:
  const json& object_;
  std::string path_;
  const std::string& source_;
};

void check_length(const Vector& v, std::size_t expected, const std::string& key,
                  const std::string& source) {
  if (static_cast<std::size_t>(v.size()) != expected) {
    throw DataError(
        located_message(source, 0, 0,
                        fmt::format("model file key '{}' has {} values but there are {} features",
                                    key, v.size(), expected)));
  }
}

// A JSON syntax error as "source:line:column: not valid JSON: what went wrong", without the
// parser library's exception name and number.
DataError json_syntax_error(const json::parse_error& e, const std::string& text,
                            const std::string& source) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return DataError(located_message(source, 0, 0, "the model file is empty"));
  }
  const std::size_t at =
      std::min(e.byte == 0 ? 0 : e.byte - 1, text.size());  // e.byte counts from 1
  const auto before = text.begin() + static_cast<std::ptrdiff_t>(at);
  const auto line = 1 + static_cast<std::size_t>(std::count(text.begin(), before, '\n'));
  const std::size_t newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  const std::size_t column = newline == std::string::npos ? at + 1 : at - newline;
  const std::string what = e.what();
  const auto dash = what.find(" - ");
  const auto colon = what.find(": ");
  const std::string reason = dash != std::string::npos    ? what.substr(dash + 3)
                             : colon != std::string::npos ? what.substr(colon + 2)
                                                          : "syntax error";
  return DataError(
      located_message(source, line, column, fmt::format("not valid JSON: {}", printable(reason))));
}

}  // namespace

SavedModel make_saved_model(const DatasetView& data, const Encoder& encoder,
                            const FitOptions& options, const FitSummary& summary,
                            const RegressionMetrics& train) {
  SavedModel m;
  m.encoder = encoder;
  m.target_name = data.target_name;
  m.feature_names.assign(data.feature_names.begin(), data.feature_names.end());
  m.solver = summary.solver;
  // The penalized solver reports its model in original units only, without a scaler.
  m.scaling = summary.penalized ? options.scaling
              : summary.scaler  ? Scaling::standard
                                : Scaling::none;
  m.fit_intercept = options.fit_intercept;
  m.learning_rate = options.gradient_descent.learning_rate;
  m.max_iterations = options.gradient_descent.max_iterations;
  m.tolerance = options.gradient_descent.tolerance;
  m.scaler = summary.scaler;
  m.model = summary.model;
  m.stop_reason = summary.stop_reason;
  m.iterations = summary.iterations();
  m.refinement_steps = summary.direct ? summary.direct->refinement_steps : 0;
  if (const std::optional<PenalizedReport>& p = summary.penalized) {
    m.penalty = SavedPenalty{p->penalty,
                             p->l1_ratio,
                             p->lambda(),
                             p->choice,
                             p->path.cv ? p->path.cv->folds : 0,
                             static_cast<long>(p->nonzero())};
    m.tolerance = options.penalized.tolerance;
    m.max_iterations = options.penalized.max_sweeps;
  }
  m.train = train;
  return m;
}

std::string model_to_json(const SavedModel& m) {
  // A model with a weight that is not a number would be written as null and predict nothing:
  // every path that fits refuses such data before this (a broken contract if it happens).
  if (!m.model.weights().allFinite() || !std::isfinite(m.model.intercept())) {
    throw InternalError("a model with a weight that is not a finite number cannot be saved");
  }
  json config;
  config["target"] = m.target_name;
  config["features"] = m.feature_names;
  config["solver"] = to_string(m.solver);
  config["scaling"] = to_string(m.scaling);
  config["fit_intercept"] = m.fit_intercept;
  config["learning_rate"] = m.learning_rate ? json(*m.learning_rate) : json("auto");
  config["max_iterations"] = m.max_iterations;
  config["tolerance"] = m.tolerance;
  config["missing"] = to_string(m.encoder.missing());
  config["test_size"] = m.test_size;
  config["seed"] = m.seed;
  config["na_values"] = m.na_values;
  if (m.penalty) {
    config["penalty"] = {{"type", to_string(m.penalty->penalty)},
                         {"l1_ratio", m.penalty->l1_ratio},
                         {"lambda", m.penalty->lambda},
                         {"lambda_choice", name_in(kLambdaChoiceNames, m.penalty->choice)},
                         {"folds", m.penalty->folds},
                         {"nonzero", m.penalty->nonzero}};
  }

  json preprocessing = json::object();
  json inputs = json::array();
  for (const auto& input : m.encoder.inputs()) {
    if (input.categorical) {
      inputs.push_back({{"name", input.name},
                        {"type", "categorical"},
                        {"levels", input.levels},
                        {"mode", input.mode}});
    } else {
      inputs.push_back({{"name", input.name},
                        {"type", "numeric"},
                        {"mean", input.mean},
                        {"degree", input.degree}});
    }
  }
  preprocessing["inputs"] = std::move(inputs);
  if (m.scaler) {
    preprocessing["scaler"] = {{"type", "standard"},
                               {"mean", to_array(m.scaler->mean())},
                               {"std_dev", to_array(m.scaler->std_dev())}};
  }

  json doc;
  doc["format_version"] = kModelFormatVersion;
  doc["linreg_version"] = LINREG_VERSION;
  doc["config"] = std::move(config);
  doc["preprocessing"] = std::move(preprocessing);
  doc["weights"] = {{"intercept", m.model.intercept()},
                    {"coefficients", to_array(m.model.weights())}};
  if (m.covariance) {
    const CoefficientCovariance& v = *m.covariance;
    json rows = json::array();
    for (Index r = 0; r < v.matrix.rows(); ++r)
      rows.push_back(to_array(v.matrix.row(r).transpose()));
    doc["inference"] = {{"covariance_type", to_string(v.type)},
                        {"sigma2", v.sigma2},
                        {"df", v.df},
                        {"covariance", std::move(rows)}};
  }
  doc["training"] = {
      {"stop_reason", to_string(m.stop_reason)},
      {"iterations", m.iterations},
      {"refinement_steps", m.refinement_steps},
      {"n", m.train.n},
      {"r2", m.train.r2},
      {"mse", m.train.mse},
      {"rmse", m.train.rmse},
      {"mae", std::isfinite(m.train.mae) ? json(m.train.mae) : json(nullptr)}};  // null: streamed
  return doc.dump(2) + "\n";
}

SavedModel model_from_json(const std::string& text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw json_syntax_error(e, text, source);
  } catch (const json::exception& e) {  // e.g. a number beyond the range of double: 1e999
    const std::string what = e.what();
    const auto bracket = what.find("] ");
    throw DataError(located_message(
        source, 0, 0,
        fmt::format("not valid JSON: {}",
                    printable(bracket == std::string::npos ? what : what.substr(bracket + 2)))));
  }
  const Reader top(doc, "", source);
  const long version = top.integer("format_version");
  if (version != kModelFormatVersion) {
    throw DataError(located_message(
        source, 0, 0,
        fmt::format("model format_version {} is not supported: this linreg ({}) reads version {}",
                    version, LINREG_VERSION, kModelFormatVersion)));
  }
  SavedModel m;
  const Reader config = top.object("config");
  m.target_name = config.string("target");
  m.feature_names = config.strings("features");
  m.solver = config.named("solver", kSolverNames);
  m.scaling = config.named("scaling", kScalingNames);
  m.fit_intercept =
      config.get("fit_intercept", json::value_t::boolean, "true or false").get<bool>();
  if (config.raw("learning_rate").is_string()) {
    if (config.string("learning_rate") != "auto")
      config.fail("config.learning_rate", "a number or \"auto\"");
  } else {
    m.learning_rate = config.number("learning_rate");
  }
  m.max_iterations = config.integer("max_iterations");
  m.tolerance = config.number("tolerance");
  m.test_size = config.number("test_size");
  if (!config.get("seed", json::value_t::number_float, "a whole number >= 0")
           .is_number_unsigned()) {
    config.fail("config.seed", "a whole number >= 0");
  }
  m.seed = config.raw("seed").get<std::uint64_t>();
  if (config.has("na_values")) m.na_values = config.strings("na_values");
  if (config.has("penalty")) {
    const Reader penalty = config.object("penalty");
    SavedPenalty& p = m.penalty.emplace();
    p.penalty = penalty.named("type", kPenaltyNames);
    p.l1_ratio = penalty.number("l1_ratio");
    p.lambda = penalty.number("lambda");
    p.choice = penalty.named("lambda_choice", kLambdaChoiceNames);
    p.folds = penalty.integer("folds");
    p.nonzero = penalty.integer("nonzero");
  }
  if ((m.solver == SolverKind::penalized) != m.penalty.has_value())
    config.fail("config.penalty", "present exactly when the solver is \"penalized\"");
  MissingPolicy missing = MissingPolicy::error;
  try {
    missing = parse_missing_policy(config.string("missing"));
  } catch (const std::invalid_argument&) {
    config.fail("config.missing", "one of \"error\", \"drop\", \"mean\"");
  }

  const std::size_t d = m.feature_names.size();
  const Reader preprocessing = top.object("preprocessing");
  {
    const json& inputs = preprocessing.get("inputs", json::value_t::array, "an array of objects");
    std::vector<InputColumn> columns;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      const Reader input(inputs[k], fmt::format("preprocessing.inputs[{}]", k), source);
      InputColumn column;
      column.name = input.string("name");
      const std::string type = input.string("type");
      if (type == "numeric") {
        column.mean = input.number("mean");
        const long degree = input.integer("degree");
        if (degree < 1 || degree > 30) input.fail(input.where("degree"), "an integer from 1 to 30");
        column.degree = static_cast<int>(degree);
      } else if (type == "categorical") {
        column.categorical = true;
        column.levels = input.strings("levels");
        column.mode = input.string("mode");
        if (column.levels.empty() || std::find(column.levels.begin(), column.levels.end(),
                                               column.mode) == column.levels.end()) {
          input.fail(input.where("levels"), "a non-empty array holding the mode");
        }
      } else {
        input.fail(input.where("type"), "\"numeric\" or \"categorical\"");
      }
      columns.push_back(std::move(column));
    }
    try {
      m.encoder = Encoder(std::move(columns), missing);
    } catch (const DataError& e) {  // two terms with one name
      throw DataError(located_message(source, 0, 0, fmt::format("model file: {}", e.what())));
    }
    if (m.encoder.feature_names() != m.feature_names) {
      throw DataError(located_message(
          source, 0, 0, "model file: preprocessing.inputs do not produce config.features"));
    }
  }
  if (preprocessing.has("scaler")) {
    const Reader scaler = preprocessing.object("scaler");
    if (scaler.string("type") != "standard")
      scaler.fail("preprocessing.scaler.type", "\"standard\"");
    Vector mean = scaler.numbers("mean");
    Vector sd = scaler.numbers("std_dev");
    check_length(mean, d, "preprocessing.scaler.mean", source);
    check_length(sd, d, "preprocessing.scaler.std_dev", source);
    try {
      m.scaler = StandardScaler(std::move(mean), std::move(sd));
    } catch (const std::invalid_argument&) {
      scaler.fail("preprocessing.scaler", "finite means and standard deviations >= 0");
    }
  }
  const Reader weights = top.object("weights");
  Vector coefficients = weights.numbers("coefficients");
  check_length(coefficients, d, "weights.coefficients", source);
  m.model = LinearModel(std::move(coefficients), weights.number("intercept"));

  if (top.has("inference")) {
    const Reader inference = top.object("inference");
    CoefficientCovariance& v = m.covariance.emplace();
    v.type = inference.named("covariance_type", kCovarianceTypeNames);
    v.sigma2 = inference.number("sigma2");
    v.df = inference.integer("df");
    v.intercept = m.fit_intercept;
    const auto k = static_cast<Index>(d) + (m.fit_intercept ? 1 : 0);
    const json& rows = inference.get("covariance", json::value_t::array, "an array of rows");
    if (static_cast<Index>(rows.size()) != k)
      inference.fail("inference.covariance", fmt::format("{} rows (the coefficients)", k));
    v.matrix.resize(k, k);
    for (Index r = 0; r < k; ++r) {
      const json& row = rows[static_cast<std::size_t>(r)];
      if (!row.is_array() || static_cast<Index>(row.size()) != k)
        inference.fail("inference.covariance", fmt::format("{} rows of {} numbers", k, k));
      for (Index c = 0; c < k; ++c) {
        const json& value = row[static_cast<std::size_t>(c)];
        if (!value.is_number()) inference.fail("inference.covariance", "rows of numbers");
        v.matrix(r, c) = value.get<double>();
      }
    }
    if (!(v.sigma2 >= 0.0) || v.df < 1) inference.fail("inference", "sigma2 >= 0 and df >= 1");
  }
  const Reader training = top.object("training");
  m.stop_reason = training.named("stop_reason", kStopReasonNames);
  m.iterations = training.integer("iterations");
  // Files written before linreg counted refinement steps apart have none (their `iterations`
  // held an exact fit's steps).
  m.refinement_steps = training.has("refinement_steps") ? training.integer("refinement_steps") : 0;
  m.train.n = training.integer("n");
  m.train.r2 = training.number("r2");
  m.train.mse = training.number("mse");
  m.train.rmse = training.number("rmse");
  m.train.mae = training.number_or_nan("mae");
  return m;
}

void save_model(const SavedModel& saved, const std::filesystem::path& path) {
  write_file_atomically(path, model_to_json(saved), "model file");
}

SavedModel load_model(const std::filesystem::path& path) {
  if (std::error_code ec; std::filesystem::is_directory(path, ec)) {
    throw IoError(fmt::format("cannot open model file {}: it is a directory", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError(
        fmt::format("cannot open model file {}: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return model_from_json(text.str(), path.string());
}

}  // namespace linreg
