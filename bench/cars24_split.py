#!/usr/bin/env python3
"""Splits the Cars24 CSV into train and test files (a seeded 80/20 shuffle), so that linreg and
scikit-learn fit and score on the same rows.

Usage: cars24_split.py FILE TRAIN_OUT TEST_OUT SEED
"""
import sys

import numpy as np
import pandas as pd

path, train_out, test_out, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
frame = pd.read_csv(path)
order = np.random.default_rng(seed).permutation(len(frame))
n_test = round(0.2 * len(frame))
frame.iloc[order[n_test:]].to_csv(train_out, index=False)
frame.iloc[order[:n_test]].to_csv(test_out, index=False)
