#pragma once
// Matrix and vector types shared by the whole library.
//
// Designs are column-major (Eigen's default): the gradient kernel vectorizes across rows and the
// QR solvers work on columns. Functions take Eigen::Ref so a Map over foreign memory works too.
#include <Eigen/Core>

namespace linreg {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;
using MatrixRef = Eigen::Ref<const Matrix>;
// float32 copies for the float32 gradient-descent kernel (--dtype f32).
using MatrixF = Eigen::MatrixXf;
using VectorF = Eigen::VectorXf;
using VectorRef = Eigen::Ref<const Vector>;
using Index = Eigen::Index;

}  // namespace linreg
