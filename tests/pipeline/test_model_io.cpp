#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/model_io.hpp"
#include "linreg/synthetic.hpp"

namespace linreg {
namespace {

SavedModel trained_model() {
  const Dataset d = make_houses(200, 5);
  FitOptions o;
  o.solver = SolverKind::gradient_descent;  // a model with a scaler, which the file must carry
  const FitSummary s = fit(d, o);
  std::vector<InputColumn> inputs;
  for (Index j = 0; j < d.n_features(); ++j) {
    InputColumn c;
    c.name = d.feature_names[static_cast<std::size_t>(j)];
    c.mean = d.X.col(j).mean();
    inputs.push_back(c);
  }
  return make_saved_model(d, Encoder(inputs, MissingPolicy::error), o, s,
                          evaluate_regression(d.y, s.model.predict(d.X)));
}

std::string expect_data_error(const std::string& text) {
  try {
    model_from_json(text, "m.json");
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected DataError for " << text;
  return {};
}

TEST(ModelIo, RoundTripIsExact) {
  const SavedModel m = trained_model();
  const SavedModel back = model_from_json(model_to_json(m), "m.json");
  EXPECT_EQ(back.feature_names, m.feature_names);
  EXPECT_EQ(back.target_name, "price");
  // Shortest round-trip number formatting: bit-identical doubles.
  EXPECT_EQ(back.model.weights(), m.model.weights());
  EXPECT_EQ(back.model.intercept(), m.model.intercept());
  ASSERT_TRUE(back.scaler.has_value());
  EXPECT_EQ(back.scaler->mean(), m.scaler->mean());
  EXPECT_EQ(back.scaler->std_dev(), m.scaler->std_dev());
  EXPECT_EQ(back.train.r2, m.train.r2);
  EXPECT_FALSE(back.learning_rate.has_value());
}

TEST(ModelIo, LayoutHasVersionAndSeparateBlocks) {
  const auto doc = nlohmann::json::parse(model_to_json(trained_model()));
  EXPECT_EQ(doc.at("format_version"), kModelFormatVersion);
  for (const char* key : {"config", "preprocessing", "weights", "training"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc["config"]["learning_rate"], "auto");
}

TEST(ModelIo, RejectsUnknownVersion) {
  auto doc = nlohmann::json::parse(model_to_json(trained_model()));
  doc["format_version"] = 99;
  const std::string message = expect_data_error(doc.dump());
  EXPECT_NE(message.find("format_version 99"), std::string::npos) << message;
  EXPECT_NE(message.find("m.json"), std::string::npos) << message;
}

TEST(ModelIo, ChecksEveryKey) {
  const auto good = nlohmann::json::parse(model_to_json(trained_model()));
  auto missing = good;
  missing["weights"].erase("intercept");
  EXPECT_NE(expect_data_error(missing.dump()).find("weights.intercept"), std::string::npos);
  auto wrong_type = good;
  wrong_type["config"]["features"] = "size";
  EXPECT_NE(expect_data_error(wrong_type.dump()).find("config.features"), std::string::npos);
  auto short_weights = good;
  short_weights["weights"]["coefficients"].erase(0);
  EXPECT_NE(expect_data_error(short_weights.dump()).find("weights.coefficients"),
            std::string::npos);
  auto bad_rate = good;
  bad_rate["config"]["learning_rate"] = "fast";
  EXPECT_NE(expect_data_error(bad_rate.dump()).find("learning_rate"), std::string::npos);
  // Names are checked against their tables, not taken as any string.
  for (const auto& [block, key] :
       {std::pair{"config", "solver"}, {"config", "scaling"}, {"training", "stop_reason"}}) {
    auto unknown = good;
    unknown[block][key] = "quantum";
    const std::string message = expect_data_error(unknown.dump());
    EXPECT_NE(message.find(std::string(block) + "." + key + "' must be one of"), std::string::npos)
        << message;
  }
  EXPECT_NE(expect_data_error("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(expect_data_error("[1,2]").find("object"), std::string::npos);
}

TEST(ModelIo, SaveIsAtomicAndLoadReadsIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("linreg_model_io_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "model.json";
  {
    std::ofstream old(path);
    old << "old contents";
  }
  const SavedModel m = trained_model();
  save_model(m, path);
  EXPECT_EQ(load_model(path).model.weights(), m.model.weights());
  // No temporary left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
  EXPECT_THROW(save_model(m, dir / "missing-folder" / "m.json"), IoError);
  EXPECT_THROW(load_model(dir / "nope.json"), IoError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace linreg

namespace linreg {
namespace {

// A model file never holds null weights: a NaN weight is refused before anything is written.
TEST(ModelFile, NeverHoldsAWeightThatIsNotANumber) {
  SavedModel m;
  m.target_name = "y";
  m.feature_names = {"x"};
  m.model = LinearModel(Vector::Constant(1, std::nan("")), 1.0);
  EXPECT_THROW((void)model_to_json(m), std::logic_error);
  m.model = LinearModel(Vector::Constant(1, 2.0), std::numeric_limits<double>::infinity());
  EXPECT_THROW((void)model_to_json(m), std::logic_error);
}

}  // namespace
}  // namespace linreg
