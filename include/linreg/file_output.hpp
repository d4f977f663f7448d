#pragma once
// Writing a whole file so that readers never see half of it: a temporary file beside it, then
// a rename. The one place the library creates files (models, charts, reports).
#include <filesystem>
#include <string>
#include <string_view>

namespace linreg {

// Throws DataError "cannot write <what> <path>: <reason>" (e.g. a missing or read-only folder).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, const std::string& what);

}  // namespace linreg
