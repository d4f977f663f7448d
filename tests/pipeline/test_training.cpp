// The library pipeline without the program: train() from a table source, streamed and in memory
// alike; the missing-value rule; a saved model predicting from raw rows.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "linreg/errors.hpp"
#include "linreg/prediction.hpp"
#include "linreg/settings.hpp"
#include "linreg/training.hpp"

namespace linreg {
namespace {

// A table held as CSV text, read whole or in small blocks.
class TextSource : public TableSource {
 public:
  TextSource(std::string text, bool rereadable = true)
      : text_(std::move(text)), rereadable_(rereadable) {}
  CsvTable read(const CsvOptions& options) override {
    ++reads;
    std::istringstream in(text_);
    return read_csv(in, name(), options);
  }
  void read_blocks(const CsvOptions& options, const CsvBlockTask& task) override {
    ++block_reads;
    std::istringstream in(text_);
    CsvOptions small = options;
    small.chunk_bytes = 64;  // several blocks even for a small table
    read_csv_blocks(in, name(), small, task);
  }
  [[nodiscard]] bool rereadable() const override { return rereadable_; }
  [[nodiscard]] std::string name() const override { return "table.csv"; }
  int reads = 0;
  int block_reads = 0;

 private:
  std::string text_;
  bool rereadable_;
};

// y = 2 + 3·a − b, exactly, with a few rows to spare.
std::string linear_csv(bool with_missing = false) {
  std::string text = "a,b,y\n";
  for (int i = 0; i < 40; ++i) {
    const double a = i * 0.5, b = (i * 7) % 11;
    const bool blank = with_missing && i % 10 == 3;
    text += (blank ? std::string() : std::to_string(a)) + "," + std::to_string(b) + "," +
            std::to_string(2.0 + 3.0 * a - b) + "\n";
  }
  return text;
}

TrainingSpec spec_for(const std::string& target) {
  TrainingSpec spec;
  spec.target = target;
  return spec;
}

// Data that the model fits exactly, every value exact in binary: the exact solver's error is about
// κ·ε with κ < 100 for these two columns; 1e-12 leaves a margin of ~50 (ε = 2.2e-16).
constexpr double kExactTolerance = 1e-12;

TEST(Training, StreamsTheExactFitAndAgreesWithTheInMemoryFit) {
  TextSource streamed_source(linear_csv());
  const TrainingResult streamed = train(streamed_source, {}, spec_for("y"));
  EXPECT_TRUE(streamed.data.streamed);
  EXPECT_EQ(streamed_source.block_reads, 1);
  EXPECT_EQ(streamed_source.reads, 0);

  TextSource memory_source(linear_csv());
  TrainingSpec in_memory = spec_for("y");
  in_memory.streaming = Streaming::never;
  const TrainingResult whole = train(memory_source, {}, in_memory);
  EXPECT_FALSE(whole.data.streamed);
  EXPECT_EQ(memory_source.reads, 1);
  ASSERT_EQ(whole.data.train.n_rows(), 40);
  for (const TrainingResult* r : {&streamed, &whole}) {
    EXPECT_NEAR(r->summary.model.intercept(), 2.0, kExactTolerance);
    EXPECT_NEAR(r->summary.model.weights()[0], 3.0, kExactTolerance);
    EXPECT_NEAR(r->summary.model.weights()[1], -1.0, kExactTolerance);
    EXPECT_EQ(r->data.rows_read, 40);
  }
}

TEST(Training, ATextColumnSendsAStreamedFitBackToTheWholeTable) {
  std::string text = "a,c,y\n";
  for (int i = 0; i < 30; ++i)
    text += std::to_string(i) + "," + (i % 2 ? "x" : "z") + "," + std::to_string(i * 2 + (i % 2)) +
            "\n";
  TextSource source(text);
  const TrainingResult r = train(source, {}, spec_for("y"));
  EXPECT_FALSE(r.data.streamed);
  EXPECT_EQ(source.block_reads, 1);
  EXPECT_EQ(source.reads, 1);
  EXPECT_EQ(r.data.train.feature_names, (std::vector<std::string>{"a", "c=z"}));
  // From a source that cannot be read twice it is an error that says what to do.
  TextSource once(text, false);
  EXPECT_THROW((void)train(once, {}, spec_for("y")), DataError);
}

TEST(Training, TheMissingValuePolicyPicksTheSameRowsStreamedAndInMemory) {
  TextSource refused(linear_csv(true));
  EXPECT_THROW((void)train(refused, {}, spec_for("y")), DataError);

  TrainingSpec drop = spec_for("y");
  drop.missing = MissingPolicy::drop;
  TextSource streamed_source(linear_csv(true));
  const TrainingResult streamed = train(streamed_source, {}, drop);
  drop.streaming = Streaming::never;
  TextSource memory_source(linear_csv(true));
  const TrainingResult whole = train(memory_source, {}, drop);
  ASSERT_TRUE(streamed.data.streamed);
  EXPECT_EQ(whole.data.train.n_rows(), 36);  // rows 3, 13, 23, 33 have no 'a'
  EXPECT_EQ(whole.data.warnings, streamed.data.warnings);
  ASSERT_EQ(whole.data.warnings.size(), 1u);
  EXPECT_EQ(whole.data.warnings[0].code, WarningCode::rows_left_out);
  EXPECT_NE(whole.data.warnings[0].text.find("4 rows left out"), std::string::npos)
      << whole.data.warnings[0].text;
  EXPECT_NEAR(streamed.summary.model.weights()[0], whole.summary.model.weights()[0],
              kExactTolerance);

  // Under mean filling only rows without a target are left out: here none.
  TrainingSpec mean = spec_for("y");
  mean.missing = MissingPolicy::mean;
  TextSource mean_source(linear_csv(true));
  const TrainingResult filled = train(mean_source, {}, mean);
  EXPECT_FALSE(filled.data.streamed);
  EXPECT_EQ(filled.data.train.n_rows(), 40);
}

TEST(Training, TheSplitIsSeededAndTheTestMetricsComeWithIt) {
  TrainingSpec spec = spec_for("y");
  spec.test_size = 0.25;
  spec.seed = 7;
  TextSource a(linear_csv()), b(linear_csv());
  const TrainingResult first = train(a, {}, spec), second = train(b, {}, spec);
  EXPECT_FALSE(first.data.streamed);
  EXPECT_EQ(first.data.test_rows.size(), 10u);
  EXPECT_EQ(first.data.train_rows.size(), 30u);
  EXPECT_EQ(first.data.test_rows, second.data.test_rows);
  ASSERT_TRUE(first.test.has_value());
  ASSERT_TRUE(first.test_predictions.has_value());
  EXPECT_LT(first.test->mse, 1e-20);  // exact data: the test rows are predicted exactly too
}

TEST(Training, ASpecIsCheckedBeforeAnyRowIsRead) {
  TextSource source(linear_csv());
  TrainingSpec dropped = spec_for("y");
  dropped.drop = {"y"};
  EXPECT_THROW((void)train(source, {}, dropped), UsageError);
  TrainingSpec share = spec_for("y");
  share.test_size = 1.0;
  EXPECT_THROW((void)train(source, {}, share), UsageError);
  TrainingSpec power = spec_for("y");
  power.powers = {{"y", 2}};
  EXPECT_THROW((void)train(source, {}, power), UsageError);
  EXPECT_THROW((void)train(source, {}, spec_for("")), UsageError);
  EXPECT_EQ(source.reads + source.block_reads, 0);
}

// Library messages name settings neutrally (linreg/settings.hpp), never one front end's flags.
TEST(Training, MessagesNameSettingsNotFlags) {
  const auto message = [](const TrainingSpec& spec) {
    TextSource source(linear_csv());
    try {
      (void)train(source, {}, spec);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  TrainingSpec share = spec_for("y");
  share.test_size = 0.999;  // 40 rows: all 40 would be test rows
  const std::string split = message(share);
  EXPECT_EQ(split, "table.csv: " + mention(Setting::test_size, "0.999") +
                       " leaves 40 test and 0 training rows of 40: both need at least one");
  TrainingSpec power = spec_for("y");
  power.powers = {{"y", 2}};
  const std::string target = message(power);
  EXPECT_EQ(target, "`powers`: 'y' is the target, not a feature");
  TrainingSpec missing = spec_for("y");
  TextSource blanks(linear_csv(true));
  try {
    (void)train(blanks, {}, missing);
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("`missing=drop` (leave those rows out), `missing=mean` (fill with the "
                        "training mean), or "
                        "`drop` the column"),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find("--"), std::string::npos) << what;
  }
  for (const std::string& m : {split, target}) EXPECT_EQ(m.find("--"), std::string::npos) << m;
}

TEST(Prediction, ASavedModelPredictsRawRowsByItsMissingValuePolicy) {
  TrainingSpec spec = spec_for("y");
  spec.missing = MissingPolicy::drop;
  TextSource source(linear_csv());
  const TrainingResult trained = train(source, {}, spec);
  const SavedModel model =
      model_from_json(model_to_json(saved_model(trained, spec, {})), "model.json");

  std::istringstream in("b,a,extra\n1,2,x\n4,,y\n0,0.5,z\n");
  const CsvTable rows = read_csv(in, "new.csv", prediction_reading(model, {}));
  const Predictions p = predict_table(model, rows);
  ASSERT_EQ(p.values.size(), 3);
  EXPECT_NEAR(p.values[0], 2.0 + 3.0 * 2 - 1, 1e-12);
  EXPECT_TRUE(std::isnan(p.values[1]));
  EXPECT_NEAR(p.values[2], 2.0 + 1.5 - 0, 1e-12);
  EXPECT_EQ(p.missing_rows, (std::vector<Index>{1}));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].code, WarningCode::no_prediction);
}

}  // namespace
}  // namespace linreg
