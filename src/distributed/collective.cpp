#include "distributed/collective.hpp"

#include <algorithm>
#include <cstring>
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

std::string to_bytes(const std::vector<std::int64_t>& values) {
  std::string out(values.size() * sizeof(std::int64_t), '\0');
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::vector<std::int64_t> from_bytes(const std::string& bytes) {
  std::vector<std::int64_t> out(bytes.size() / sizeof(std::int64_t));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(std::int64_t));
  return out;
}

}  // namespace linreg::detail
