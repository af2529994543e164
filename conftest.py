"""Repository-wide pytest set-up, loaded by every pytest run inside the repository (also
``pytest --nbval chapters/…`` alone, which never reads tests/conftest.py).

``tests/nbval_measured.py``: nbval compares cells tagged ``measured`` with a numeric tolerance
(see its docstring and docs/ARCHITECTURE.md); everything else stays nbval-strict.
"""

pytest_plugins = ["tests.nbval_measured"]
