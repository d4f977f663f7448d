#pragma once
// The scatter every point chart draws (private to the library): at most kMaxScatterPoints rows,
// a seeded ordered sample of more, translucent in proportion.
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "linreg/chart.hpp"

namespace linreg::detail {

// Row indices to draw: all of them, or a seeded, ordered random sample of kMaxScatterPoints.
std::vector<Index> scatter_rows(Index n);
// The markers' opacity for `shown` points.
double scatter_alpha(std::size_t shown);
// "1,000 points", or "a random 5,000 of 1,000,000 points".
std::string sample_note(Index n, std::size_t shown);
// A chart with one translucent scatter of point(i) for the rows drawn.
Chart scatter_chart(Index n, const std::function<std::pair<double, double>(Index)>& point);

}  // namespace linreg::detail
