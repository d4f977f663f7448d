#pragma once
// The library's messages in Python's words: each setting mention (linreg/settings.hpp) becomes
// the keyword argument that sets it, e.g. `solver=exact` -> solver="exact", `scaling=none` ->
// scale=False, `max_iterations` -> max_iter.
#include <string>
#include <string_view>

namespace linreg::python {

[[nodiscard]] std::string render_for_python(std::string_view text);

}  // namespace linreg::python
