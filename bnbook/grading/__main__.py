"""``python -m bnbook.grading`` — see :mod:`bnbook.grading.cli`."""

import sys

from .cli import main

sys.exit(main())
