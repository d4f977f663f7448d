#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "allocator.hpp"
#include "app.hpp"
#include "linreg/mpi_world.hpp"

int main(int argc, char** argv) {
  linreg::configure_allocator();
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  // Started by mpirun: every process runs the command, and rank 0 alone prints (its output and
  // its errors: the processes agree on errors, so each exits with the same status). MPI stays
  // initialized until the world handle goes, after the command.
  std::shared_ptr<const linreg::Communicator> world;
  if (linreg::started_by_mpi_launcher() && linreg::mpi_available()) world = linreg::mpi_world();
  if (world && world->rank() != 0) {
    // Output that goes nowhere, and succeeds.
    struct Discard final : std::streambuf {
      int_type overflow(int_type c) override { return traits_type::not_eof(c); }
    } discard;
    std::ostream silent(&discard);
    std::istringstream nothing;
    linreg::cli::Streams io{nothing, silent, silent, false};
    io.writes_files = false;
    return linreg::cli::run(args, io);
  }
  return linreg::cli::run(args, {std::cin, std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1});
}
