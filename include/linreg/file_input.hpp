#pragma once
// Opening a file to read, with the reason when it cannot be.
#include <filesystem>
#include <fstream>

namespace linreg {

// The file, opened in binary mode. IoError "cannot open FILE: <the system's reason>" (or "it is a
// directory").
[[nodiscard]] std::ifstream open_for_reading(const std::filesystem::path& file);

}  // namespace linreg
