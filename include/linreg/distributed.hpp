#pragma once
// Training on a cluster: the pipeline of linreg/training.hpp with its rows shared among the
// processes of a Communicator (MPI's, linreg/mpi_world.hpp), each reading its share of the files
// (distributed/shard_reading.hpp) and folding it into the exact solver's state; the states are
// combined in the rows' order up a fixed tree (TSQR for the R factor, double-double sums for the
// Gram matrix), so the result is the same bits from run to run for a given number of processes,
// and the one-process fit's to rounding.
//
// What is distributed so far: the exact solver (weights and powers too) and, with
// TrainingSpec::keep_design, its statistics table (TrainingResult::statistics: infer()'s code on
// each process's rows, kept for it, its sums completed over the processes; the classical
// covariance, or HC0–HC3); unweighted float64 gradient descent (each process keeps its rows; one
// reduction of d + 2 numbers per pass); numeric and categorical columns (levels gathered from
// every process and merged, sorted, before encoding), missing values (drop, mean with means
// reduced first, error), and the test split. Anything else is a UsageError naming it.
//
// Each process reads its share a block at a time, twice: first the columns' counts, levels and
// (for MissingPolicy::mean) sums, then each block encoded and folded into the exact solver's
// state (or kept, for gradient descent); memory stays at a few blocks of text plus O(d²). When
// every block holds numbers only, the first reading does the second's work and the file is read
// once; when a column reads as numbers in some blocks and as text in others, the first reading is
// repeated with the column read as text.
//
// The split differs from train()'s: each row kept is a test row with probability test_size, by a
// draw keyed by the seed and the record's place in the files (its file's index and its line:
// KeyedRng), so the same rows for any number of processes, and a share near test_size rather
// than exactly it; train() on one file shuffles the rows and takes exactly round(test_size·n).
// The test rows are kept, encoded, until the fit is made.
//
// The exact fit's training metrics come from its sums, as a streamed fit's do: no MAE.
#include <string>
#include <vector>

#include "linreg/communicator.hpp"
#include "linreg/covariance.hpp"
#include "linreg/csv.hpp"
#include "linreg/training.hpp"

namespace linreg {

// Reads `files` (one table: the same header in each) shared among the processes and trains as
// train() does. Every process returns the same result; its data has no rows (data.streamed).
// Collective; errors as train()'s, the same on every process (the earliest in the files' order).
// `covariance`: the statistics table's (with spec.keep_design): nonrobust or HC0–HC3.
TrainingResult train_distributed(const Communicator& comm, const std::vector<std::string>& files,
                                 const CsvOptions& reading, const TrainingSpec& spec,
                                 const CovarianceOptions& covariance = {});

}  // namespace linreg
