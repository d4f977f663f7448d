#include <gtest/gtest.h>

#include <sstream>

#include "linreg/encoder.hpp"
#include "linreg/errors.hpp"

namespace linreg {
namespace {

CsvTable table_of(const std::string& text, const std::vector<std::string>& text_columns = {}) {
  std::istringstream in(text);
  CsvOptions o;
  o.text_columns = text_columns;
  return read_csv(in, "t.csv", o);
}

TEST(Encoder, OneHotWithSortedReferenceLevel) {
  const CsvTable t = table_of("c,x\nb,1\na,2\nc,3\nb,4\n");
  const Encoder e = Encoder::fit(t, {"c", "x"}, {"c"}, {0, 1, 2, 3}, MissingPolicy::error);
  EXPECT_EQ(e.feature_names(), (std::vector<std::string>{"c=b", "c=c", "x"}));
  const Matrix X = e.transform(t, {0, 1, 2, 3});
  Matrix expected(4, 3);
  expected << 1, 0, 1,  //
      0, 0, 2,          // a: the reference, all zeros
      0, 1, 3,          //
      1, 0, 4;
  EXPECT_EQ(X, expected);
  EXPECT_EQ(e.inputs()[0].mode, "b");
}

TEST(Encoder, LevelsComeFromTrainingRowsOnly) {
  const CsvTable t = table_of("c,x\na,1\nb,2\nz,3\n");
  const Encoder e = Encoder::fit(t, {"c"}, {"c"}, {0, 1}, MissingPolicy::error);
  EXPECT_EQ(e.feature_names(), std::vector<std::string>{"c=b"});
  EncodeReport report;
  const Matrix X = e.transform(t, {2}, &report);
  EXPECT_EQ(X(0, 0), 0.0);  // unseen 'z' → reference
  ASSERT_EQ(report.unseen_columns, std::vector<std::string>{"c"});
  EXPECT_EQ(report.unseen_counts, std::vector<Index>{1});
}

TEST(Encoder, MeanPolicyFillsWithTrainingMeanAndMode) {
  const CsvTable t = table_of("c,x\na,1\n,3\na,\nb,8\n");
  const Encoder e = Encoder::fit(t, {"c", "x"}, {"c"}, {0, 1, 3}, MissingPolicy::mean);
  EXPECT_DOUBLE_EQ(e.inputs()[1].mean, 4.0);  // training rows only: (1 + 3 + 8)/3
  EXPECT_EQ(e.inputs()[0].mode, "a");         // a and b tie: the first level wins
  ASSERT_EQ(e.n_features(), 2);
  EncodeReport report;
  const Matrix X = e.transform(t, {1, 2}, &report);
  EXPECT_EQ(X(0, 0), 0.0);  // missing c → mode 'a' → the reference level
  EXPECT_EQ(X(0, 1), 3.0);
  EXPECT_EQ(X(1, 1), 4.0);  // missing x → the training mean
  EXPECT_EQ(report.filled, 2);
  const Encoder strict = Encoder::fit(t, {"x"}, {}, {0, 1}, MissingPolicy::error);
  EXPECT_THROW(static_cast<void>(strict.transform(t, {2})), DataError);
}

TEST(Encoder, DescribesMissingValues) {
  const CsvTable t = table_of("a,b,c\n1,,3\n,NA,3\n1,2,3\n");
  EXPECT_EQ(describe_missing(t, {"a", "b", "c"}),
            "missing values in 2 columns: a (1, first at line 3), b (2, first at line 2); 2 rows "
            "affected");
  EXPECT_EQ(describe_missing(t, {"c"}), "");
  const auto rows = rows_with_missing(t, {"a", "b"});
  EXPECT_EQ(rows, (std::vector<bool>{true, true, false}));
}

}  // namespace
}  // namespace linreg
