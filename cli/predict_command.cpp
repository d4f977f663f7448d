#include <fmt/format.h>

#include "commands.hpp"
#include "io_util.hpp"
#include "linreg/errors.hpp"
#include "linreg/model_io.hpp"

namespace linreg::cli {

void run_predict(const PredictArgs& args, const Streams& io) {
  const SavedModel model = load_model(args.model);
  const NumericTable table = read_table(args.file, io);
  for (const auto& name : model.feature_names) {
    const auto& columns = table.column_names;
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
      throw DataError(located_message(
          table.source, 0, 0,
          fmt::format("the model needs column '{}', which this file does not have", name)));
    }
  }
  const Vector predictions = model.predict(table.select(model.feature_names));
  write_output(args.out, io, [&](std::ostream& out) { write_csv(out, {"prediction"}, predictions); });
}

}  // namespace linreg::cli
