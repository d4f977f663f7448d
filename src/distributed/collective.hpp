#pragma once
// Errors in a distributed fit (private to the library): a process that fails must not leave the
// others waiting in an exchange, so the work between exchanges runs through collectively(), and
// every process then throws the same error, the lowest rank's (the earliest in the files' order).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "linreg/communicator.hpp"

namespace linreg::detail {

// Runs `step` (work of this process alone: no exchange inside) on every process; if it threw on
// any, every process throws the lowest failing rank's error, of its type (UsageError, DataError,
// IoError, FeatureUnavailable, InternalError; std::invalid_argument and other exceptions as
// InternalError) with its message.
void collectively(const Communicator& comm, const std::function<void()>& step);

// Integers as the bytes all_gather sends, and back.
std::string to_bytes(const std::vector<std::int64_t>& values);
std::vector<std::int64_t> from_bytes(const std::string& bytes);

}  // namespace linreg::detail
