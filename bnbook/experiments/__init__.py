"""Longer experiments of the book, each with a small default for a live run in a chapter and a
command-line flag for the full run, whose result is saved under ``results/``.

* :mod:`bnbook.experiments.ioffe2015` — Ioffe & Szegedy (2015), §4.1, Fig. 1 on MNIST
  (``python -m bnbook.experiments.ioffe2015 --steps 50000``).
"""

EXPERIMENTS = ("ioffe2015",)
