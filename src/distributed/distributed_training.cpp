#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "distributed/collective.hpp"
#include "distributed/distributed_descent.hpp"
#include "distributed/shard_reading.hpp"
#include "linreg/distributed.hpp"
#include "linreg/errors.hpp"
#include "linreg/random.hpp"
#include "linreg/settings.hpp"
#include "linreg/streaming_fit.hpp"
#include "numerics/double_double.hpp"
#include "pipeline/column_checks.hpp"
#include "pipeline/missing_rows.hpp"

namespace linreg {
namespace {

using detail::add_pairs;
using detail::collectively;
using detail::take_max;

// Strings as one message: each one's length, then its bytes.
std::string pack(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    const std::uint64_t n = v.size();
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += v;
  }
  return out;
}
std::vector<std::string> unpack(const std::string& bytes) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at + sizeof(std::uint64_t) <= bytes.size();) {
    std::uint64_t n = 0;
    std::memcpy(&n, bytes.data() + at, sizeof n);
    at += sizeof n;
    out.push_back(bytes.substr(at, n));
    at += n;
  }
  return out;
}

// The one table the processes' shards make: each shard's columns typed as a one-process reading
// of all the files types them (text where any process saw text), its codes into the levels of
// every process merged and sorted; and a table without rows that holds the whole table's
// columns (levels, counts, first cells) for the checks that look at columns, not rows.
CsvTable align_columns(const Communicator& comm, CsvTable& local, Index total_rows) {
  const std::size_t columns = local.columns.size();
  std::vector<std::int64_t> text(columns, 0);
  for (std::size_t j = 0; j < columns; ++j) text[j] = local.columns[j].kind == ColumnKind::text;
  comm.sum(text);
  std::vector<std::string> levels_here;
  std::vector<std::string> cells_here;
  for (std::size_t j = 0; j < columns; ++j) {
    CsvColumn& c = local.columns[j];
    if (text[j] > 0) make_text_column(c);
    levels_here.push_back(pack(c.levels));
    for (const CellLocation* cell : {&c.first_missing, &c.first_text}) {
      cells_here.push_back(fmt::format("{}", cell->line));
      cells_here.push_back(fmt::format("{}", cell->column));
      cells_here.push_back(cell->value);
    }
  }
  const std::vector<std::string> levels_all = comm.all_gather(pack(levels_here));
  const std::vector<std::string> cells_all = comm.all_gather(pack(cells_here));
  std::vector<std::int64_t> counts;
  for (const CsvColumn& c : local.columns) {
    counts.insert(
        counts.end(),
        {static_cast<std::int64_t>(c.missing), static_cast<std::int64_t>(c.text_values),
         static_cast<std::int64_t>(c.comma_numbers), static_cast<std::int64_t>(c.text_numbers)});
  }
  comm.sum(counts);
  std::vector<std::vector<std::string>> levels_of, cells_of;
  for (const auto& l : levels_all) levels_of.push_back(unpack(l));
  for (const auto& c : cells_all) cells_of.push_back(unpack(c));

  CsvTable whole;
  whole.source = local.source;
  whole.delimiter = local.delimiter;
  whole.rows = total_rows;
  for (std::size_t j = 0; j < columns; ++j) {
    CsvColumn& c = local.columns[j];
    CsvColumn w;
    w.name = c.name;
    w.kind = c.kind;
    w.missing = static_cast<std::size_t>(counts[4 * j]);
    w.text_values = static_cast<std::size_t>(counts[4 * j + 1]);
    w.comma_numbers = static_cast<std::size_t>(counts[4 * j + 2]);
    w.text_numbers = static_cast<std::size_t>(counts[4 * j + 3]);
    // The first cells: the earliest process's that has one.
    for (int which = 0; which < 2; ++which) {
      CellLocation& cell = which == 0 ? w.first_missing : w.first_text;
      for (const auto& cells : cells_of) {
        const std::size_t at = 6 * j + 3 * static_cast<std::size_t>(which);
        const std::size_t line = std::stoull(cells[at]);
        if (line == 0) continue;
        cell = {line, static_cast<std::size_t>(std::stoull(cells[at + 1])), cells[at + 2]};
        break;
      }
    }
    if (c.kind == ColumnKind::text) {
      std::vector<std::string> all;
      for (const auto& per_rank : levels_of) {
        std::vector<std::string> theirs = unpack(per_rank[j]);
        std::vector<std::string> merged;
        std::set_union(all.begin(), all.end(), theirs.begin(), theirs.end(),
                       std::back_inserter(merged));
        all = std::move(merged);
      }
      std::vector<std::int32_t> to(c.levels.size());
      for (std::size_t k = 0; k < c.levels.size(); ++k)
        to[k] = static_cast<std::int32_t>(std::lower_bound(all.begin(), all.end(), c.levels[k]) -
                                          all.begin());
      for (auto& code : c.codes) {
        if (code >= 0) code = to[static_cast<std::size_t>(code)];
      }
      c.levels = all;
      w.levels = std::move(all);
    }
    whole.columns.push_back(std::move(w));
  }
  local.index_columns();
  whole.index_columns();
  return whole;
}

// Encoder::fit over every process's training rows: the levels seen and their counts (the most
// frequent the mode), and each numeric column's mean in the units of its largest magnitude's
// power of two, summed in double-double up the tree.
Encoder fit_encoder(const Communicator& comm, const CsvTable& local, const CsvTable& whole,
                    const std::vector<std::string>& inputs,
                    const std::vector<std::string>& categorical, const std::vector<Index>& rows,
                    MissingPolicy missing) {
  const auto is_categorical = [&](const std::string& name) {
    return std::find(categorical.begin(), categorical.end(), name) != categorical.end();
  };
  std::vector<std::int64_t> counts;  // per categorical input its levels', per numeric its values
  std::vector<double> largest;       // per numeric input
  collectively(comm, [&] {
    for (const auto& name : inputs) {
      const CsvColumn& c = local.column(name);
      if (is_categorical(name)) {
        std::vector<std::int64_t> seen(c.levels.size(), 0);
        for (const Index r : rows) {
          const auto code = c.codes[static_cast<std::size_t>(r)];
          if (code >= 0) ++seen[static_cast<std::size_t>(code)];
        }
        counts.insert(counts.end(), seen.begin(), seen.end());
        continue;
      }
      if (c.kind != ColumnKind::numeric)
        throw std::invalid_argument("encoder: column '" + name + "' is not numeric");
      double big = 0.0;
      std::int64_t n = 0;
      for (const Index r : rows) {
        const double v = c.numbers[static_cast<std::size_t>(r)];
        if (!std::isnan(v)) big = std::max(big, std::abs(v)), ++n;
      }
      counts.push_back(n);
      largest.push_back(big);
    }
  });
  comm.sum(counts);
  comm.combine_in_order(largest, take_max);
  std::vector<double> sums;
  {
    std::size_t numeric = 0;
    for (const auto& name : inputs) {
      if (is_categorical(name)) continue;
      const double big = largest[numeric++];
      const int e = big > 0.0 ? std::ilogb(big) : 0;
      DoubleDouble sum;
      const CsvColumn& c = local.column(name);
      for (const Index r : rows) {
        const double v = c.numbers[static_cast<std::size_t>(r)];
        if (!std::isnan(v)) sum += std::ldexp(v, -e);
      }
      sums.insert(sums.end(), {sum.hi, sum.lo});
    }
  }
  comm.combine_in_order(sums, add_pairs);
  std::vector<InputColumn> specs;
  std::size_t at = 0, numeric = 0;
  for (const auto& name : inputs) {
    InputColumn spec;
    spec.name = name;
    spec.categorical = is_categorical(name);
    const CsvColumn& c = whole.column(name);
    const auto none = [&] {
      return DataError(located_message(
          whole.source, 0, 0, fmt::format("column '{}' has no values in the training rows", name)));
    };
    if (spec.categorical) {
      std::size_t best = 0;
      bool any = false;
      for (std::size_t k = 0; k < c.levels.size(); ++k) {
        const std::int64_t n = counts[at + k];
        if (n == 0) continue;  // a level only outside the training rows is unseen
        spec.levels.push_back(c.levels[k]);
        if (!any || n > counts[at + best]) best = k;
        any = true;
      }
      at += c.levels.size();
      if (!any) throw none();
      spec.mode = c.levels[best];
    } else {
      const std::int64_t n = counts[at++];
      if (n == 0) throw none();
      const double big = largest[numeric];
      const int e = big > 0.0 ? std::ilogb(big) : 0;
      const DoubleDouble sum(sums[2 * numeric], sums[2 * numeric + 1]);
      spec.mean = std::ldexp((sum / static_cast<double>(n)).value(), e);
      ++numeric;
    }
    specs.push_back(std::move(spec));
  }
  try {
    return Encoder(std::move(specs), missing);
  } catch (const DataError& e) {  // a name shared by two terms: say in which file
    throw DataError(located_message(whole.source, 0, 0, e.what()));
  }
}

// UsageError for what is not distributed yet.
void refuse_undistributed(const TrainingSpec& spec) {
  const auto refuse = [](const std::string& what) {
    throw UsageError(fmt::format(
        "{} is not distributed yet: a fit of several processes (mpirun) or several files takes "
        "the exact solver, or unweighted float64 gradient descent, without the statistics' "
        "table, charts or a fold column",
        what));
  };
  const FitOptions& fit = spec.fit;
  if (fit.solver != SolverKind::exact && fit.solver != SolverKind::gradient_descent)
    refuse(fmt::format("the {} solver", to_string(fit.solver)));
  if (fit.solver == SolverKind::gradient_descent) {
    if (!spec.weight_column.empty()) refuse("weighted gradient descent");
    if (fit.gradient_descent.precision != Precision::f64) refuse("float32 gradient descent");
    if (fit.gradient_descent.gradient != GradientSource::manual) refuse("autograd gradients");
  }
  if (!spec.fold_column.empty()) refuse("a fold column");
  if (!spec.cluster_column.empty()) refuse("the cluster covariance");
  if (spec.keep_design)
    refuse("what needs the training rows (--summary, --plots, --report, --influence)");
}

constexpr Index kFoldBlockRows = 8192;  // rows prepared at a time from a shard

// The exact fit: each process folds its rows into the streamed state; the states are merged in
// rank order up the tree, and every process solves from the same merged state.
// `low`: the design has powers, whose low parts X_low holds (on every process, rows or none).
FitSummary fit_exact(const Communicator& comm, const Matrix& X, const Matrix& X_low, bool low,
                     const Vector& y, const Vector& weights, const std::vector<std::string>& names,
                     const TrainingSpec& spec, const std::string& source) {
  StreamingExactFit fit(names, spec.target, spec.fit, low);
  collectively(comm, [&] {
    const Vector none;
    for (Index start = 0; start < X.rows(); start += kFoldBlockRows) {
      const Index m = std::min(kFoldBlockRows, X.rows() - start);
      const VectorRef w =
          weights.size() > 0 ? VectorRef(weights.segment(start, m)) : VectorRef(none);
      if (low) {
        fit.add(fit.prepare(X.middleRows(start, m), y.segment(start, m), w,
                            X_low.middleRows(start, m)));
      } else if (weights.size() > 0) {
        fit.add(fit.prepare(X.middleRows(start, m), y.segment(start, m), w));
      } else {
        fit.add(X.middleRows(start, m), y.segment(start, m));
      }
    }
  });
  std::vector<double> state = fit.to_words();
  comm.combine_in_order(state, [&](const double* earlier, double* later, std::size_t count) {
    StreamingExactFit a = StreamingExactFit::from_words(names, spec.target, spec.fit, low, earlier);
    a.merge(StreamingExactFit::from_words(names, spec.target, spec.fit, low, later));
    const std::vector<double> merged = a.to_words();
    std::copy(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(count), later);
  });
  const StreamingExactFit all =
      StreamingExactFit::from_words(names, spec.target, spec.fit, low, state.data());
  StreamedFit solved;
  collectively(comm, [&] { solved = naming_source(source, [&] { return all.finish(); }); });
  return std::move(solved.summary);
}

}  // namespace

TrainingResult train_distributed(const Communicator& comm, const std::vector<std::string>& files,
                                 const CsvOptions& reading, const TrainingSpec& spec) {
  spec.validate();
  refuse_undistributed(spec);
  detail::Shard shard = detail::read_shard(comm, files, spec.reading_options(reading));
  CsvTable& local = shard.table;
  const std::string& source = shard.source;
  const CsvTable whole = align_columns(comm, local, shard.total_rows);

  TrainingResult out;
  PreparedData& p = out.data;
  p.source = source;
  p.fit_intercept = spec.fit.fit_intercept;
  p.rows_read = shard.total_rows;
  std::vector<std::string> features, categorical;
  detail::MissingRowRule rule;
  std::vector<std::int64_t> tally_here;
  std::vector<Index> rows;
  collectively(comm, [&] {
    if (whole.rows == 0)
      throw DataError(located_message(source, 0, 0, "no data rows after the header"));
    detail::check_target_numeric(whole, spec.target);
    detail::check_target_has_values(
        source, spec.target, static_cast<Index>(whole.column(spec.target).missing), whole.rows);
    for (const auto& c : whole.columns) {
      if (c.name != spec.target && c.name != spec.weight_column) features.push_back(c.name);
    }
    categorical =
        detail::categorical_columns(whole, features, spec.categorical, spec.categorical_columns);
    rule = detail::missing_row_rule(features, spec.target, spec.missing, spec.weight_column);
    MissingTally tally(rule.counted);
    rows = detail::kept_rows(detail::rows_left_out(local, rule, tally));
    tally_here = tally.to_counts();
  });
  // The counts in the files' order (each line named is the first in the files).
  std::string missing_text;
  {
    std::vector<std::int64_t> all_counts;
    const std::string mine(reinterpret_cast<const char*>(tally_here.data()),
                           tally_here.size() * sizeof(std::int64_t));
    MissingTally tally(rule.counted);
    for (const std::string& part : comm.all_gather(mine)) {
      std::vector<std::int64_t> counts(part.size() / sizeof(std::int64_t));
      std::memcpy(counts.data(), part.data(), part.size());
      tally.merge(MissingTally::from_counts(rule.counted, counts));
    }
    missing_text = tally.describe();
  }
  std::vector<std::int64_t> kept = {static_cast<std::int64_t>(rows.size()), 0};
  collectively(comm, [&] {
    if (spec.weight_column.empty()) return;
    const auto before = static_cast<std::int64_t>(rows.size());
    rows = detail::positive_weight_rows(local, spec.weight_column, rows, shard.first_row, false);
    kept[1] = before - static_cast<std::int64_t>(rows.size());
  });
  comm.sum(kept);
  if (!missing_text.empty() && spec.missing == MissingPolicy::error)
    throw DataError(located_message(source, 0, 0, detail::missing_values_error(missing_text)));
  const Index left_out = whole.rows - static_cast<Index>(kept[0]);
  if (left_out > 0)
    p.warnings.push_back(detail::rows_left_out_warning(left_out, spec, missing_text));
  if (kept[0] == 0)
    throw DataError(located_message(source, 0, 0, "no rows left after leaving out missing values"));
  if (!spec.weight_column.empty()) {
    p.weight_column = spec.weight_column;
    p.zero_weight_rows = static_cast<Index>(kept[1]);
    if (kept[0] == kept[1]) detail::refuse_all_zero_weights(source, spec.weight_column);
  }
  // The split: each row kept is a test row with probability test_size, by a draw keyed by the
  // seed and its index among the files' data rows, so the same rows whatever the processes.
  std::vector<Index> test_rows;
  if (spec.test_size > 0.0) {
    std::vector<Index> train_rows;
    for (const Index r : rows) {
      KeyedRng draw(spec.seed, static_cast<std::uint64_t>(shard.first_row + r));
      (draw.uniform() < spec.test_size ? test_rows : train_rows).push_back(r);
    }
    rows = std::move(train_rows);
    std::vector<std::int64_t> split = {static_cast<std::int64_t>(test_rows.size()),
                                       static_cast<std::int64_t>(rows.size())};
    comm.sum(split);
    if (split[0] == 0 || split[1] == 0) detail::refuse_split(source, spec, split[0], split[1]);
  }

  p.encoder = fit_encoder(comm, local, whole, features, categorical, rows, spec.missing);
  collectively(comm, [&] { detail::add_powers(whole, spec, p.encoder); });
  Matrix X, X_low;
  Vector y(static_cast<Index>(rows.size())), weights;
  const bool low = p.encoder.has_powers();
  std::vector<std::int64_t> filled = {0};
  collectively(comm, [&] {
    EncodeReport report;
    X = p.encoder.transform(local, rows, &report, low ? &X_low : nullptr);
    filled[0] = report.filled;
    y = detail::target_values(local.column(spec.target), rows);
    if (!spec.weight_column.empty()) weights = detail::weights_of(local, spec.weight_column, rows);
  });
  comm.sum(filled);
  if (filled[0] > 0) p.warnings.push_back(detail::values_filled_warning(filled[0]));
  Matrix X_test;
  Vector y_test, test_weights;
  if (spec.test_size > 0.0) {
    const std::vector<std::string> categorical_inputs = p.encoder.categorical_names();
    std::vector<std::int64_t> unseen(categorical_inputs.size(), 0);
    collectively(comm, [&] {
      EncodeReport report;
      X_test = p.encoder.transform(local, test_rows, &report);
      for (std::size_t k = 0; k < report.unseen_columns.size(); ++k) {
        const auto at = std::find(categorical_inputs.begin(), categorical_inputs.end(),
                                  report.unseen_columns[k]);
        unseen[static_cast<std::size_t>(at - categorical_inputs.begin())] = report.unseen_counts[k];
      }
      y_test = detail::target_values(local.column(spec.target), test_rows);
      if (!spec.weight_column.empty())
        test_weights = detail::weights_of(local, spec.weight_column, test_rows);
    });
    comm.sum(unseen);
    for (std::size_t k = 0; k < unseen.size(); ++k) {
      if (unseen[k] > 0)
        p.warnings.push_back(detail::unseen_level_warning(unseen[k], categorical_inputs[k]));
    }
  }
  local = CsvTable();  // the shard's text is no longer needed

  const std::vector<std::string> names = p.encoder.feature_names();
  if (spec.fit.solver == SolverKind::gradient_descent) {
    out.summary = naming_source(source, [&] {
      return detail::descend_shared(comm, X, y, names, spec.target, shard.first_row, spec.fit);
    });
  } else {
    out.summary = fit_exact(comm, X, X_low, low, y, weights, names, spec, source);
  }
  out.train = detail::evaluate_shared(comm, y, out.summary.model.predict(X), weights);
  if (spec.test_size > 0.0)
    out.test =
        detail::evaluate_shared(comm, y_test, out.summary.model.predict(X_test), test_weights);
  p.train.X = Matrix(0, static_cast<Index>(names.size()));
  p.train.feature_names = names;
  p.train.one_hot = p.encoder.one_hot_blocks();
  p.train.target_name = spec.target;
  p.streamed = true;
  return out;
}

}  // namespace linreg
