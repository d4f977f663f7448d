// Whether an MPI launcher started this process, from the variables it sets (no MPI call).
#include <cstdlib>

#include "linreg/mpi_world.hpp"

namespace linreg {

bool started_by_mpi_launcher() {
  // Open MPI's mpirun; PMIx (Open MPI ≥ 4, Slurm's srun --mpi=pmix); PMI-1/2 (srun --mpi=pmi2,
  // MPICH's hydra).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

}  // namespace linreg
