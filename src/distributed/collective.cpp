#include "distributed/collective.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "linreg/errors.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

void collectively(const Communicator& comm, const std::function<void()>& step) {
  if (comm.size() == 1) {  // nobody waits: the error as it is
    step();
    return;
  }
  std::string failure;  // kind letter, then the message
  try {
    step();
  } catch (const FeatureUnavailable& e) {
    failure = std::string("F") + e.what();
  } catch (const UsageError& e) {
    failure = std::string("U") + e.what();
  } catch (const DataError& e) {
    failure = std::string("D") + e.what();
  } catch (const IoError& e) {
    failure = std::string("I") + e.what();
  } catch (const std::exception& e) {
    failure = std::string("N") + e.what();
  }
  // Nothing when all is well: the exchange costs a latency, not bandwidth.
  for (const std::string& f : comm.all_gather(failure)) {
    if (!f.empty()) {
      failure = f;
      break;
    }
  }
  if (failure.empty()) return;
  const std::string message = failure.substr(1);
  switch (failure[0]) {
    case 'F':
      throw FeatureUnavailable(message);
    case 'U':
      throw UsageError(message);
    case 'D':
      throw DataError(message);
    case 'I':
      throw IoError(message);
    default:
      throw InternalError(message);
  }
}

void add_pairs(const double* earlier, double* later, std::size_t count) {
  for (std::size_t k = 0; k + 1 < count; k += 2) {
    const DoubleDouble s =
        DoubleDouble(earlier[k], earlier[k + 1]) + DoubleDouble(later[k], later[k + 1]);
    later[k] = s.hi;
    later[k + 1] = s.lo;
  }
}

void add_plain(const double* earlier, double* later, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) later[k] = earlier[k] + later[k];
}

void take_max(const double* earlier, double* later, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) later[k] = std::max(earlier[k], later[k]);
}

}  // namespace linreg::detail
