#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <optional>

#include "core/reductions.hpp"
#include "distributed/collective.hpp"
#include "distributed/column_stats.hpp"
#include "distributed/distributed_descent.hpp"
#include "distributed/shard_reading.hpp"
#include "linreg/distributed.hpp"
#include "linreg/errors.hpp"
#include "linreg/random.hpp"
#include "linreg/settings.hpp"
#include "linreg/streaming_fit.hpp"
#include "pipeline/column_checks.hpp"
#include "pipeline/missing_rows.hpp"
#include "stats/shared_rows.hpp"

namespace linreg {
namespace {

using detail::collectively;
using detail::ColumnStats;

// UsageError for what is not distributed yet.
void refuse_undistributed(const TrainingSpec& spec) {
  const auto refuse = [](const std::string& what) {
    throw UsageError(fmt::format(
        "{} is not distributed yet: a fit of several processes (mpirun) or several files takes "
        "the exact solver (with its statistics table: classical or HC0–HC3) or unweighted "
        "float64 gradient descent, without charts, robust covariances or a fold column",
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
  if (spec.keep_design && fit.solver != SolverKind::exact)
    refuse("the statistics table of gradient descent");
}

void refuse_undistributed(const CovarianceOptions& covariance) {
  if (covariance.type == CovarianceType::cluster || covariance.type == CovarianceType::hac) {
    throw UsageError(fmt::format(
        "the {} covariance is not distributed yet: its terms cross the processes' rows (a fit "
        "of several processes or several files takes nonrobust and hc0 to hc3)",
        to_string(covariance.type)));
  }
}

// Which rows of a block take part, and how: the missing-value rule's, those of positive weight,
// and the split's.
struct RowRoles {
  std::vector<Index> training, test;
  Index kept = 0;          // after the missing-value rule
  Index zero_weights = 0;  // of those, left out for a weight of 0
};

// The test split: a row is a test row with probability test_size, by a draw keyed by the seed
// and the record's place in the files (its file and line), so that the same rows are test rows
// whatever the number of processes.
bool is_test_row(const TrainingSpec& spec, std::size_t file, std::size_t line) {
  KeyedRng draw(spec.seed, (static_cast<std::uint64_t>(file) << 40) ^ line);
  return draw.uniform() < spec.test_size;
}

RowRoles row_roles(const CsvTable& block, const detail::MissingRowRule& rule,
                   const TrainingSpec& spec, std::size_t file, MissingTally& tally) {
  RowRoles roles;
  std::vector<Index> rows = detail::kept_rows(detail::rows_left_out(block, rule, tally));
  roles.kept = static_cast<Index>(rows.size());
  if (!spec.weight_column.empty()) {
    rows = detail::positive_weight_rows(block, spec.weight_column, rows, -1, false);
    roles.zero_weights = roles.kept - static_cast<Index>(rows.size());
  }
  for (const Index r : rows) {
    const bool test =
        spec.test_size > 0.0 && is_test_row(spec, file, block.lines[static_cast<std::size_t>(r)]);
    (test ? roles.test : roles.training).push_back(r);
  }
  return roles;
}

// What the second reading keeps: the exact solver's state (its blocks folded in) or the rows
// (gradient descent), and the test rows, encoded.
struct SecondReading {
  std::optional<StreamingExactFit> fit;
  bool keep = false;  // the training rows are kept too (for the statistics table)
  std::vector<Matrix> x_low;
  std::vector<Vector> w;
  std::vector<Matrix> x;
  std::vector<Vector> y;
  std::vector<Matrix> x_test;
  std::vector<Vector> y_test, w_test;
  std::int64_t filled = 0;
  std::vector<std::int64_t> unseen;  // per categorical input
};

// A block's share of the second reading: its training rows prepared for the fit or kept, its
// test rows encoded.
struct BlockShare {
  std::optional<StreamingExactFit::Block> prepared;
  Matrix x, x_low;
  Vector y, w;
  Matrix x_test;
  Vector y_test, w_test;
  std::int64_t filled = 0;
  std::vector<std::int64_t> unseen;

  void add_to(SecondReading& out) {
    if (prepared) out.fit->add(std::move(*prepared));
    if (!prepared || out.keep) {
      out.x.push_back(std::move(x));
      out.y.push_back(std::move(y));
    }
    if (out.keep) {
      out.x_low.push_back(std::move(x_low));
      out.w.push_back(std::move(w));
    }
    if (x_test.rows() > 0) {
      out.x_test.push_back(std::move(x_test));
      out.y_test.push_back(std::move(y_test));
      out.w_test.push_back(std::move(w_test));
    }
    out.filled += filled;
    if (out.unseen.size() < unseen.size()) out.unseen.resize(unseen.size(), 0);
    for (std::size_t k = 0; k < unseen.size(); ++k) out.unseen[k] += unseen[k];
  }
};

// The block's share from its training and test rows' designs (X_low: their powers' low parts).
// `low`: the design has powers, whose low parts X_low holds.
BlockShare share_of(const CsvTable& block, const RowRoles& roles, const TrainingSpec& spec,
                    Matrix X, bool low, const Matrix& X_low, Matrix X_test,
                    const std::optional<StreamingExactFit>& fit, bool keep) {
  BlockShare share;
  share.y = detail::target_values(block.column(spec.target), roles.training);
  Vector w;
  if (!spec.weight_column.empty())
    w = detail::weights_of(block, spec.weight_column, roles.training);
  if (fit) {
    share.prepared = low            ? fit->prepare(X, share.y, w, X_low)
                     : w.size() > 0 ? fit->prepare(X, share.y, w)
                                    : fit->prepare(X, share.y);
  }
  if (!fit || keep) share.x = std::move(X);
  if (keep) {
    share.x_low = X_low;
    share.w = std::move(w);
  }
  if (!roles.test.empty()) {
    share.x_test = std::move(X_test);
    share.y_test = detail::target_values(block.column(spec.target), roles.test);
    if (!spec.weight_column.empty())
      share.w_test = detail::weights_of(block, spec.weight_column, roles.test);
  }
  return share;
}

// The features' values at `rows` of a block whose feature columns are all numeric, as they are
// (the encoder of numeric columns without powers or filled values is the identity); false when
// a column is text or a value is missing.
bool numeric_design(const CsvTable& block, const std::vector<std::string>& features,
                    const std::vector<Index>& rows, Matrix& X) {
  X.resize(static_cast<Index>(rows.size()), static_cast<Index>(features.size()));
  for (std::size_t j = 0; j < features.size(); ++j) {
    const CsvColumn& c = block.column(features[j]);
    if (c.kind != ColumnKind::numeric) return false;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double v = c.numbers[static_cast<std::size_t>(rows[i])];
      if (std::isnan(v)) return false;
      X(static_cast<Index>(i), static_cast<Index>(j)) = v;
    }
  }
  return true;
}

// The first reading: every column's statistics and the row counts, of this process's pieces.
struct FirstReading {
  std::vector<ColumnStats> columns;
  std::vector<std::int64_t> tally;  // MissingTally::to_counts()
  // rows, kept, zero weights, training, test
  std::vector<std::int64_t> counts = std::vector<std::int64_t>(5, 0);
};

// `speculative`: where blocks whose features are all numeric and present go, as the second
// reading would take them (the encoder of such columns is the identity): when every block of
// every process is such, and nothing is filled or encoded, the second reading is not needed.
// Set to false at the first block that is not.
FirstReading first_reading(const detail::ShardPlan& plan, const CsvOptions& reading,
                           const std::vector<std::string>& columns,
                           const std::vector<std::string>& features,
                           const detail::MissingRowRule& rule, const TrainingSpec& spec,
                           SecondReading* speculative, std::atomic<bool>& speculating) {
  FirstReading out;
  out.columns.resize(columns.size());
  MissingTally tally(rule.counted);
  for (const detail::ShardPiece& piece : plan.pieces) {
    detail::read_piece(piece, reading, [&](CsvTable&& parsed) -> std::function<void(Index)> {
      auto block_tally = std::make_shared<MissingTally>(rule.counted);
      const RowRoles roles = row_roles(parsed, rule, spec, piece.file, *block_tally);
      auto stats = std::make_shared<std::vector<ColumnStats>>(columns.size());
      for (std::size_t j = 0; j < columns.size(); ++j)
        detail::add_column(parsed.columns[j], roles.training, spec.missing == MissingPolicy::mean,
                           (*stats)[j]);
      if (piece.file > 0) {
        // Messages name the table by its first file: a line of another would point at the wrong
        // file, so the cell is named by its value alone.
        for (ColumnStats& c : *stats) {
          for (CellLocation* cell : {&c.first_missing, &c.first_text})
            cell->line = cell->column = 0;
        }
        std::vector<std::int64_t> counts = block_tally->to_counts();
        for (std::size_t k = 2; k < counts.size(); k += 2) counts[k] = 0;
        *block_tally = MissingTally::from_counts(rule.counted, counts);
      }
      const std::vector<std::int64_t> counts = {parsed.rows, roles.kept, roles.zero_weights,
                                                static_cast<std::int64_t>(roles.training.size()),
                                                static_cast<std::int64_t>(roles.test.size())};
      std::shared_ptr<BlockShare> share;
      if (speculative != nullptr && speculating.load()) {
        Matrix X, X_test;
        // (A target that holds text is refused after the first reading, by the whole table's
        // check: the block is not folded.)
        if (parsed.column(spec.target).kind == ColumnKind::numeric &&
            numeric_design(parsed, features, roles.training, X) &&
            numeric_design(parsed, features, roles.test, X_test)) {
          share = std::make_shared<BlockShare>(share_of(parsed, roles, spec, std::move(X), false,
                                                        Matrix(), std::move(X_test),
                                                        speculative->fit, false));
        } else {
          speculating = false;
        }
      }
      return [&out, &tally, stats, block_tally, counts, share, speculative](Index) {
        for (std::size_t j = 0; j < stats->size(); ++j) out.columns[j].merge((*stats)[j]);
        tally.merge(*block_tally);
        for (std::size_t k = 0; k < counts.size(); ++k) out.counts[k] += counts[k];
        if (share) share->add_to(*speculative);
      };
    });
  }
  out.tally = tally.to_counts();
  return out;
}

// The processes' first readings merged in rank order (the same on every process).
FirstReading merged(const Communicator& comm, const FirstReading& mine,
                    const std::vector<std::string>& tally_columns) {
  std::string bytes;
  for (const ColumnStats& c : mine.columns) detail::write_stats(c, bytes);
  FirstReading all;
  all.columns.resize(mine.columns.size());
  for (const std::string& part : comm.all_gather(bytes)) {
    std::size_t at = 0;
    for (ColumnStats& c : all.columns) c.merge(detail::read_stats(part, at));
  }
  MissingTally tally(tally_columns);
  for (const std::string& part : comm.all_gather(detail::to_bytes(mine.tally)))
    tally.merge(MissingTally::from_counts(tally_columns, detail::from_bytes(part)));
  all.tally = tally.to_counts();
  all.counts = mine.counts;
  comm.sum(all.counts);
  return all;
}

Matrix stacked(const std::vector<Matrix>& parts, Index cols) {
  Index rows = 0;
  for (const Matrix& m : parts) rows += m.rows();
  Matrix out(rows, cols);
  Index at = 0;
  for (const Matrix& m : parts) {
    out.middleRows(at, m.rows()) = m;
    at += m.rows();
  }
  return out;
}
Vector stacked(const std::vector<Vector>& parts) {
  Index rows = 0;
  for (const Vector& v : parts) rows += v.size();
  Vector out(rows);
  Index at = 0;
  for (const Vector& v : parts) {
    out.segment(at, v.size()) = v;
    at += v.size();
  }
  return out;
}

// The second reading: each block's training rows encoded and folded in (the exact solver) or
// kept (gradient descent), its test rows encoded and kept.
void second_reading(const detail::ShardPlan& plan, const CsvOptions& reading,
                    const detail::MissingRowRule& rule, const TrainingSpec& spec,
                    const Encoder& encoder, SecondReading& out) {
  const bool low = encoder.has_powers();
  const std::vector<std::string> categorical = encoder.categorical_names();
  out.unseen.assign(categorical.size(), 0);
  for (const detail::ShardPiece& piece : plan.pieces) {
    detail::read_piece(piece, reading, [&](CsvTable&& block) -> std::function<void(Index)> {
      MissingTally ignored(rule.counted);
      const RowRoles roles = row_roles(block, rule, spec, piece.file, ignored);
      EncodeReport report, test_report;
      Matrix X_low;
      Matrix X = encoder.transform(block, roles.training, &report, low ? &X_low : nullptr);
      Matrix X_test;
      if (!roles.test.empty()) X_test = encoder.transform(block, roles.test, &test_report);
      auto share = std::make_shared<BlockShare>(share_of(
          block, roles, spec, std::move(X), low, X_low, std::move(X_test), out.fit, out.keep));
      share->filled = report.filled;
      share->unseen.assign(categorical.size(), 0);
      for (std::size_t k = 0; k < test_report.unseen_columns.size(); ++k) {
        const auto at =
            std::find(categorical.begin(), categorical.end(), test_report.unseen_columns[k]);
        share->unseen[static_cast<std::size_t>(at - categorical.begin())] =
            test_report.unseen_counts[k];
      }
      return [&out, share](Index) { share->add_to(out); };
    });
  }
}

// The exact fit's states merged in rank order up the tree (a user-defined reduction); every
// process solves from the same merged state.
StreamedFit solve_merged(const Communicator& comm, StreamingExactFit& fit,
                         const std::vector<std::string>& names, const TrainingSpec& spec, bool low,
                         const std::string& source) {
  std::vector<double> state = fit.to_words();
  comm.combine_in_order(state, [&](const double* earlier, double* later, std::size_t count) {
    StreamingExactFit a = StreamingExactFit::from_words(names, spec.target, spec.fit, low, earlier);
    a.merge(StreamingExactFit::from_words(names, spec.target, spec.fit, low, later));
    const std::vector<double> words = a.to_words();
    std::copy(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(count), later);
  });
  const StreamingExactFit all =
      StreamingExactFit::from_words(names, spec.target, spec.fit, low, state.data());
  StreamedFit solved;
  collectively(comm, [&] { solved = naming_source(source, [&] { return all.finish(); }); });
  return solved;
}

}  // namespace

TrainingResult train_distributed(const Communicator& comm, const std::vector<std::string>& files,
                                 const CsvOptions& given, const TrainingSpec& spec,
                                 const CovarianceOptions& covariance) {
  spec.validate();
  refuse_undistributed(spec);
  refuse_undistributed(covariance);
  CsvOptions reading = spec.reading_options(given);
  reading.record_lines = true;  // the split is keyed by each row's line
  std::vector<std::string> columns;
  const detail::ShardPlan plan = detail::plan_shard(comm, files, reading);
  const std::string& source = plan.source;
  collectively(comm, [&] {
    const CsvTable header = detail::read_header_only(plan, reading);
    (void)header.column(spec.target);  // DataError listing the columns when there is none
    if (!spec.weight_column.empty()) (void)header.column(spec.weight_column);
    columns = header.column_names();
  });
  std::vector<std::string> features;
  for (const auto& name : columns) {
    if (name != spec.target && name != spec.weight_column) features.push_back(name);
  }
  const detail::MissingRowRule rule =
      detail::missing_row_rule(features, spec.target, spec.missing, spec.weight_column);

  // The first reading; again with the columns that turn out to hold text read as text, where a
  // block read one of them as numbers (their levels are then known as the reader names them).
  // Speculatively, the first reading also does the second's work for blocks of numbers only.
  SecondReading second;
  if (spec.fit.solver == SolverKind::exact) second.fit.emplace(features, spec.target, spec.fit);
  // (Not for the statistics table, which needs the rows the second reading keeps.)
  std::atomic<bool> speculating = spec.powers.empty() && !spec.keep_design;
  FirstReading first;
  collectively(comm, [&] {
    first = first_reading(plan, reading, columns, features, rule, spec, &second, speculating);
  });
  FirstReading all = merged(comm, first, rule.counted);
  std::vector<std::int64_t> declined = {speculating ? 0 : 1};
  comm.sum(declined);
  std::vector<std::string> text_columns = reading.text_columns;
  bool again = false;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (!all.columns[j].text) continue;
    if (std::find(text_columns.begin(), text_columns.end(), columns[j]) == text_columns.end())
      text_columns.push_back(columns[j]);
    again = again || all.columns[j].numeric_values;
  }
  reading.text_columns = text_columns;
  if (again) {
    const FirstReading inferred = std::move(all);
    collectively(comm, [&] {
      first = first_reading(plan, reading, columns, features, rule, spec, nullptr, speculating);
    });
    all = merged(comm, first, rule.counted);
    for (std::size_t j = 0; j < columns.size(); ++j)  // where the text was first found
      all.columns[j].first_text = inferred.columns[j].first_text;
  }

  // The whole table's columns, for the checks a one-process reading makes.
  CsvTable whole;
  whole.source = source;
  whole.rows = all.counts[0];
  for (std::size_t j = 0; j < columns.size(); ++j)
    whole.columns.push_back(detail::summary_column(columns[j], all.columns[j]));
  whole.index_columns();
  TrainingResult out;
  PreparedData& p = out.data;
  p.source = source;
  p.fit_intercept = spec.fit.fit_intercept;
  p.rows_read = whole.rows;
  if (whole.rows == 0)
    throw DataError(located_message(source, 0, 0, "no data rows after the header"));
  detail::check_target_numeric(whole, spec.target);
  detail::check_target_has_values(
      source, spec.target, static_cast<Index>(whole.column(spec.target).missing), whole.rows);
  const std::vector<std::string> categorical =
      detail::categorical_columns(whole, features, spec.categorical, spec.categorical_columns);
  const std::string missing_text = MissingTally::from_counts(rule.counted, all.tally).describe();
  if (!missing_text.empty() && spec.missing == MissingPolicy::error)
    throw DataError(located_message(source, 0, 0, detail::missing_values_error(missing_text)));
  const Index kept = all.counts[1];
  if (whole.rows > kept)
    p.warnings.push_back(detail::rows_left_out_warning(whole.rows - kept, spec, missing_text));
  if (kept == 0)
    throw DataError(located_message(source, 0, 0, "no rows left after leaving out missing values"));
  if (!spec.weight_column.empty()) {
    p.weight_column = spec.weight_column;
    p.zero_weight_rows = all.counts[2];
    if (kept == all.counts[2]) detail::refuse_all_zero_weights(source, spec.weight_column);
  }
  if (spec.test_size > 0.0 && (all.counts[3] == 0 || all.counts[4] == 0))
    detail::refuse_split(source, spec, all.counts[4], all.counts[3]);

  std::vector<InputColumn> inputs;
  for (const auto& name : features) {
    const bool is_categorical =
        std::find(categorical.begin(), categorical.end(), name) != categorical.end();
    const auto j =
        static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
    inputs.push_back(detail::input_column(name, is_categorical, all.columns[j], source));
  }
  try {
    p.encoder = Encoder(std::move(inputs), spec.missing);
  } catch (const DataError& e) {  // a name shared by two terms: say in which file
    throw DataError(located_message(source, 0, 0, e.what()));
  }
  detail::add_powers(whole, spec, p.encoder);
  const std::vector<std::string> names = p.encoder.feature_names();
  const bool low = p.encoder.has_powers();

  // The second reading, unless the first did its work: every block of numbers only, no column
  // encoded, no value filled.
  const bool done = declined[0] == 0 && categorical.empty() && !low && names == features;
  if (!done) {
    second = SecondReading();
    second.keep = spec.keep_design;
    if (spec.fit.solver == SolverKind::exact) second.fit.emplace(names, spec.target, spec.fit, low);
    collectively(comm, [&] { second_reading(plan, reading, rule, spec, p.encoder, second); });
  }
  second.unseen.resize(p.encoder.categorical_names().size(), 0);
  std::vector<std::int64_t> filled = {second.filled};
  comm.sum(filled);
  if (filled[0] > 0) p.warnings.push_back(detail::values_filled_warning(filled[0]));
  comm.sum(second.unseen);
  const std::vector<std::string> categorical_inputs = p.encoder.categorical_names();
  for (std::size_t k = 0; k < second.unseen.size(); ++k) {
    if (second.unseen[k] > 0)
      p.warnings.push_back(detail::unseen_level_warning(second.unseen[k], categorical_inputs[k]));
  }

  Vector design_means;
  if (second.fit) {
    StreamedFit solved = solve_merged(comm, *second.fit, names, spec, low, source);
    out.summary = std::move(solved.summary);
    out.train = solved.training;  // from the sums, as a streamed fit's: no MAE
    design_means = std::move(solved.feature_means);
    if (second.keep) {
      // The table over every process's rows: infer()'s code on each process's, its sums completed
      // over the processes.
      Dataset rows;
      rows.X = stacked(second.x, static_cast<Index>(names.size()));
      rows.y = stacked(second.y);
      if (low) rows.X_low = stacked(second.x_low, static_cast<Index>(names.size()));
      if (!spec.weight_column.empty()) rows.weights = stacked(second.w);
      rows.feature_names = names;
      rows.target_name = spec.target;
      const detail::SharedRows shared{comm, detail::shared_count(comm, rows.n_rows()),
                                      !spec.weight_column.empty()};
      out.statistics = naming_source(source, [&] {
        return detail::infer_shared(shared, rows.view(), out.summary, spec.fit, covariance);
      });
      out.train.mae =
          detail::evaluate_shared(comm, rows.y, out.summary.model.predict(rows.X), rows.weights)
              .mae;
    }
  } else {
    const Matrix X = stacked(second.x, static_cast<Index>(names.size()));
    const Vector y = stacked(second.y);
    second.x.clear();
    out.summary = naming_source(source, [&] {
      return detail::descend_shared(comm, X, y, names, spec.target, 0, spec.fit);
    });
    out.train = detail::evaluate_shared(comm, y, out.summary.model.predict(X), Vector());
    design_means = out.summary.feature_means;
  }
  // The numeric inputs' means, which only MissingPolicy::mean needed before the fit: the fit's
  // (as a one-process streamed fit's encoder has them).
  if (spec.missing != MissingPolicy::mean) {
    std::vector<InputColumn> with_means = p.encoder.inputs();
    Index at = 0;
    for (InputColumn& c : with_means) {
      if (!c.categorical) c.mean = design_means[at];
      at += c.categorical ? static_cast<Index>(c.levels.size()) - 1 : c.degree;
    }
    p.encoder = Encoder(std::move(with_means), spec.missing);
  }
  if (spec.test_size > 0.0) {
    const Matrix X_test = stacked(second.x_test, static_cast<Index>(names.size()));
    out.test = detail::evaluate_shared(comm, stacked(second.y_test),
                                       out.summary.model.predict(X_test), stacked(second.w_test));
  }
  p.train.X = Matrix(0, static_cast<Index>(names.size()));
  p.train.feature_names = names;
  p.train.one_hot = p.encoder.one_hot_blocks();
  p.train.target_name = spec.target;
  p.streamed = true;
  p.distributed = true;
  p.processes = comm.size();
  return out;
}

}  // namespace linreg
