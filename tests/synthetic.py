"""Small synthetic classification data shared by the chapter tests."""

from __future__ import annotations

import numpy as np


def separable_classes(seed=0, n_train=300, n_test=100, d=20, classes=3, spread=3.0):
    """Separable data: class means ``spread``·N(0, 1) apart in d dimensions, unit noise.
    Returns x_train (n_train, d) float32, y_train (n_train,), x_test (n_test, d), y_test."""
    rng = np.random.default_rng(seed)
    means = spread * rng.normal(size=(classes, d))
    y_tr = rng.integers(0, classes, n_train)
    y_te = rng.integers(0, classes, n_test)
    x_tr = (means[y_tr] + rng.normal(size=(n_train, d))).astype(np.float32)
    x_te = (means[y_te] + rng.normal(size=(n_test, d))).astype(np.float32)
    return x_tr, y_tr, x_te, y_te
