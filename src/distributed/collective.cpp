#include "distributed/collective.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "linreg/errors.hpp"

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

}  // namespace linreg::detail
