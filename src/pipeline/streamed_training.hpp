#pragma once
// Training from a table too large to hold: blocks of rows go from the reader into a
// StreamingExactFit or a StreamingPenalizedFit and are dropped; memory stays at a few chunks of
// text plus O(d²) (per cross-validation fold for the penalized fit).
#include <optional>

#include "linreg/training.hpp"

namespace linreg::detail {

// Empty when a feature column turned out to hold text (categorical encoding needs all its levels
// first) and the source can be read again: the caller reads it whole. From a source that cannot
// be read twice that is a DataError instead, since the rows read are gone.
std::optional<TrainingResult> train_streamed(TableSource& source, const CsvOptions& options,
                                             const TrainingSpec& spec);
// trace_path()'s path, streamed the same way.
std::optional<PathResult> path_streamed(TableSource& source, const CsvOptions& options,
                                        const TrainingSpec& spec);

}  // namespace linreg::detail
