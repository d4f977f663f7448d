// MPI's functions in a build without MPI: each says how to get it.
#include "linreg/errors.hpp"
#include "linreg/mpi_world.hpp"

namespace linreg {

bool mpi_available() noexcept { return false; }

std::string mpi_version() { return ""; }

std::shared_ptr<const Communicator> mpi_world() {
  throw FeatureUnavailable(
      "this process was started by an MPI launcher, and this linreg was built without MPI: "
      "install Open MPI (scripts/setup --with-mpi, Debian packages libopenmpi-dev and "
      "openmpi-bin) and rebuild (scripts/build, or cmake -DLINREG_WITH_MPI=ON)");
}

}  // namespace linreg
