#pragma once
// The whole public API in one include. tests/test_umbrella.cpp includes only this header, and
// linreg_header_check compiles it (and each header below) on its own.

// Types, errors, warnings, names, random numbers and number formatting shared by every layer.
#include "linreg/errors.hpp"
#include "linreg/names.hpp"
#include "linreg/number_format.hpp"
#include "linreg/random.hpp"
#include "linreg/settings.hpp"
#include "linreg/types.hpp"
#include "linreg/warning.hpp"

// Data: the CSV reader, datasets, the encoder, derived features, scaling, synthetic houses, files.
#include "linreg/csv.hpp"
#include "linreg/dataset.hpp"
#include "linreg/encoder.hpp"
#include "linreg/features.hpp"
#include "linreg/file_input.hpp"
#include "linreg/file_output.hpp"
#include "linreg/scaler.hpp"
#include "linreg/synthetic.hpp"

// Models and their options, results and metrics.
#include "linreg/fit_options.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/linear_model.hpp"
#include "linreg/metrics.hpp"

// Gradient descent: objectives, the optimizer, the curvature behind the automatic learning rate.
#include "linreg/gradient_descent.hpp"
#include "linreg/lipschitz.hpp"
#include "linreg/mse_objective.hpp"
#include "linreg/objective.hpp"
#include "linreg/one_hot_objective.hpp"

// The direct solvers: exact (QR), Cholesky, SVD, the streamed exact fit, the solver interface.
#include "linreg/cholesky_solver.hpp"
#include "linreg/exact_solver.hpp"
#include "linreg/solver.hpp"
#include "linreg/streaming_fit.hpp"
#include "linreg/svd_solver.hpp"

// Penalized models: ridge, the lasso and the elastic net, in memory and streamed.
#include "linreg/penalized.hpp"
#include "linreg/penalized_solver.hpp"
#include "linreg/penalty_options.hpp"
#include "linreg/streaming_penalized.hpp"

// Statistics: the inference table, with the classical or a robust covariance.
#include "linreg/covariance.hpp"
#include "linreg/inference.hpp"
#include "linreg/influence.hpp"

// The pipeline: fit(), training from a table, predictions from a saved model, model files.
#include "linreg/csv_file_source.hpp"
#include "linreg/fit.hpp"
#include "linreg/model_io.hpp"
#include "linreg/prediction.hpp"
#include "linreg/training.hpp"

// Distributed training: the pipeline with its rows shared among processes (a Communicator), and
// MPI's world communicator (its functions are in the library linreg_mpi, which the program links).
#include "linreg/communicator.hpp"
#include "linreg/distributed.hpp"
#include "linreg/mpi_world.hpp"

// Reports: axis ticks, charts, cairo plots, the HTML report.
#include "linreg/axis_ticks.hpp"
#include "linreg/chart.hpp"
#include "linreg/html_report.hpp"
#include "linreg/plot.hpp"

// The optional LibTorch backend: declared in every build (no torch header); without LibTorch its
// functions throw FeatureUnavailable.
#include "linreg/torch_backend.hpp"
