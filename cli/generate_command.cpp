#include "commands.hpp"
#include "io_util.hpp"
#include "linreg/simple_csv.hpp"
#include "linreg/synthetic.hpp"

namespace linreg::cli {

void run_generate_house(const GenerateHouseArgs& args, const Streams& io) {
  const Dataset houses = make_houses(args.rows, args.seed);
  Matrix table(houses.n_rows(), houses.n_features() + 1);
  table << houses.X, houses.y;
  std::vector<std::string> names = houses.feature_names;
  names.push_back(houses.target_name);
  write_output(args.out, io, [&](std::ostream& out) { write_csv(out, names, table); });
}

}  // namespace linreg::cli
