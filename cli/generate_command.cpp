#include "commands.hpp"
#include "io_util.hpp"
#include "linreg/csv.hpp"
#include "linreg/synthetic.hpp"

namespace linreg::cli {

namespace {

void write_dataset(const Dataset& data, const std::string& file, const Streams& io) {
  Matrix table(data.n_rows(), data.n_features() + 1);
  table << data.X, data.y;
  std::vector<std::string> names = data.feature_names;
  names.push_back(data.target_name);
  write_output(file, io, "CSV file", [&](std::ostream& out) { write_csv(out, names, table); });
}

}  // namespace

void run_generate_house(const GenerateHouseArgs& args, const Streams& io) {
  write_dataset(make_houses(args.rows, args.seed), args.out, io);
}

void run_generate_linear(const GenerateLinearArgs& args, const Streams& io) {
  write_dataset(make_linear(args.rows, args.cols, args.seed, args.noise), args.out, io);
}

}  // namespace linreg::cli
