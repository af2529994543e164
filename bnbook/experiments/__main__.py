"""``python -m bnbook.experiments NAME [args]`` is ``python -m bnbook.experiments.NAME [args]``."""

import importlib
import sys

from . import EXPERIMENTS


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] not in EXPERIMENTS:
        print(f"usage: python -m bnbook.experiments {{{','.join(EXPERIMENTS)}}} [args]",
              file=sys.stderr)
        return 2
    return importlib.import_module(f"bnbook.experiments.{argv[0]}").main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
