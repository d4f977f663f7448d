#pragma once
// MPI's world communicator for the distributed pipeline: in the library linreg_mpi, which the
// program links (with Open MPI when built with LINREG_WITH_MPI, else stubs that say how to get
// it). liblinreg itself never links MPI.
#include <memory>
#include <string>

#include "linreg/communicator.hpp"

namespace linreg {

// Whether this process was started by an MPI launcher (mpirun, mpiexec, or Slurm's srun with
// PMI or PMIx): the environment they set, read without loading MPI.
[[nodiscard]] bool started_by_mpi_launcher();

// Whether this build has MPI.
[[nodiscard]] bool mpi_available() noexcept;
// The MPI library's own version line ("Open MPI v4.1.4, …"), or "" without MPI.
[[nodiscard]] std::string mpi_version();

// Joins MPI's world communicator: MPI_Init on the first call, MPI_Finalize when the last handle
// is gone. FeatureUnavailable, saying how to build with MPI, in a build without it.
[[nodiscard]] std::shared_ptr<const Communicator> mpi_world();

}  // namespace linreg
