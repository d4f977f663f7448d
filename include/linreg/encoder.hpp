#pragma once
// From a CSV table to a design matrix: which input columns become which features, one-hot
// encoding of categorical columns, and missing values. Learned on training rows, saved in the
// model file, applied the same way at predict time.
#include <cstdint>
#include <string>
#include <vector>

#include "linreg/csv.hpp"
#include "linreg/dataset.hpp"
#include "linreg/names.hpp"
#include "linreg/types.hpp"

namespace linreg {

enum class MissingPolicy {
  error,  // any missing value in a used column is an error listing the columns
  drop,   // rows with a missing value in a used column are left out (at predict: no prediction)
  mean,   // numeric features: the training mean; categorical: the most frequent training level;
          // rows whose target is missing are left out of training
};
inline constexpr NameTable<MissingPolicy, 3> kMissingPolicyNames{{{MissingPolicy::error, "error"},
                                                                  {MissingPolicy::drop, "drop"},
                                                                  {MissingPolicy::mean, "mean"}}};
[[nodiscard]] std::string to_string(MissingPolicy policy);
[[nodiscard]] MissingPolicy parse_missing_policy(const std::string& name);

struct InputColumn {
  std::string name;
  bool categorical = false;
  double mean = 0.0;                // numeric: training mean (the fill value under `mean`)
  int degree = 1;                   // numeric: features x, x², …, x^degree (--poly COL:DEG)
  std::vector<std::string> levels;  // categorical: training levels, sorted; levels[0] is the
                                    // reference (no column of its own, so the design keeps full
                                    // rank with an intercept)
  std::string mode;                 // categorical: most frequent training level
};

// What transform() saw besides the values.
struct EncodeReport {
  std::vector<std::string> unseen_columns;  // per categorical column with unseen levels…
  std::vector<Index> unseen_counts;         // …how many rows had one (mapped to the reference)
  Index filled = 0;                         // values filled under MissingPolicy::mean
};

class Encoder {
 public:
  Encoder() = default;
  Encoder(std::vector<InputColumn> inputs, MissingPolicy missing);

  // Learns means, levels and modes from `rows` of the table (the training rows). `inputs` are
  // the feature columns in order; those in `categorical` are one-hot encoded, the others must
  // be numeric columns of the table.
  static Encoder fit(const CsvTable& table, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& categorical, const std::vector<Index>& rows,
                     MissingPolicy missing);

  // Adds the powers x², …, x^degree of a numeric input as features named "x^k".
  void set_degree(const std::string& input, int degree);

  // Feature names of the design: a numeric column's name (then "name^2", … for powers), or
  // "column=level" for each non-reference level of a categorical column.
  [[nodiscard]] std::vector<std::string> feature_names() const;
  [[nodiscard]] Index n_features() const;

  // The design for `rows` of the table (rows × n_features). Missing values are filled under
  // MissingPolicy::mean; under the other policies the caller leaves such rows out first
  // (rows_with_missing), else this throws DataError. Unseen levels map to the reference level.
  // Powers are computed in double-double: `low`, when given, receives the low-order parts
  // (Dataset::X_low), zero for every other feature.
  [[nodiscard]] Matrix transform(const CsvTable& table, const std::vector<Index>& rows,
                                 EncodeReport* report = nullptr, Matrix* low = nullptr) const;
  [[nodiscard]] bool has_powers() const;
  // Where each categorical input's indicator columns are in the design (Dataset::one_hot).
  [[nodiscard]] std::vector<OneHotColumns> one_hot_blocks() const;

  [[nodiscard]] const std::vector<InputColumn>& inputs() const { return inputs_; }
  [[nodiscard]] MissingPolicy missing() const { return missing_; }
  [[nodiscard]] std::vector<std::string> input_names() const;
  [[nodiscard]] std::vector<std::string> categorical_names() const;
  [[nodiscard]] std::vector<std::string> numeric_names() const;

 private:
  // DataError when two terms would share a name (a level 'b' of column 'c' beside a column named
  // 'c=b', a column 'x^2' beside the power 2 of 'x') or a term is named '(intercept)': results
  // keyed by name (JSON, the model file) would silently keep only one of them.
  void check_feature_names() const;

  std::vector<InputColumn> inputs_;
  MissingPolicy missing_ = MissingPolicy::error;
};

// True for each row with a missing value in any of `columns`.
std::vector<bool> rows_with_missing(const CsvTable& table, const std::vector<std::string>& columns);

// "total_bedrooms (207), …; 207 rows affected" for the columns with missing values, or "".
std::string describe_missing(const CsvTable& table, const std::vector<std::string>& columns);

// The same count over a table read in blocks (read_csv_blocks), block by block.
class MissingTally {
 public:
  explicit MissingTally(std::vector<std::string> columns);
  // Counts the block's missing values in the columns; returns, per row, whether it has one.
  std::vector<bool> add(const CsvTable& block);
  // Adds the counts of a tally of later rows (same columns).
  void merge(const MissingTally& later);
  [[nodiscard]] std::string describe() const;  // as describe_missing; "" when none
  [[nodiscard]] Index rows_affected() const { return affected_; }
  // The counts as integers (rows affected, then per column its count and first line), to send
  // to another process, and back.
  [[nodiscard]] std::vector<std::int64_t> to_counts() const;
  static MissingTally from_counts(std::vector<std::string> columns,
                                  const std::vector<std::int64_t>& counts);

 private:
  std::vector<std::string> columns_;
  std::vector<std::size_t> counts_;
  std::vector<std::size_t> first_line_;
  Index affected_ = 0;
};

}  // namespace linreg
