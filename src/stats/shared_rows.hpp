#pragma once
// The rows a statistics table is computed over, when a process holds only its share of them
// (private to the library): the distributed fit's table (linreg/distributed.hpp) runs the same
// code as infer() on each process's rows, with every sum over rows completed over the processes
// (core/reductions.hpp). With one process (SingleProcess) each completion is the value itself, so
// infer()'s results keep their bits.
#include "linreg/communicator.hpp"
#include "linreg/dataset.hpp"
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/types.hpp"

namespace linreg::detail {

struct SharedRows {
  const Communicator& comm;
  Index n = 0;            // every process's rows together
  bool weighted = false;  // the same on every process, whether or not it holds rows
};

// infer()'s table and its diagnostics over every process's rows (this process's: `data`,
// column-major, no rows of weight 0), with the classical covariance or HC0–HC3. Collective.
// UsageError for gradient descent's fit (its table compares with an exact solve of all the rows)
// and for the cluster and HAC covariances (their terms cross processes).
InferenceTable infer_shared(const SharedRows& shared, const DatasetView& data,
                            const FitSummary& summary, const FitOptions& options,
                            const CovarianceOptions& covariance = {});

}  // namespace linreg::detail
