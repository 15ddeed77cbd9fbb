#!/usr/bin/python3
"""NumPy .npy / .npz fixtures for the columnar NumPy reader, written the way real tools write them.

Run with the system Python (Debian: python3-numpy python3-sklearn):
    /usr/bin/python3 scripts/reference/numpyFormats.py
It writes test/fixtures/numpy/*.{npy,npz} with np.save / np.savez / np.savez_compressed, and
expected.json: per file the fields the reader should list (name, kind, width, typeName), the row
count, and per field the first and last rows, math.fsum of every value (correctly rounded, so a
test can compare with tolerance 0) and a weighted fsum (value × its 1-based row-major position)
that a transposed or shifted read changes; text fields list every value. Non-finite numbers are
the strings "NaN", "Infinity", "-Infinity" so the JSON stays standard; the sums leave out the
non-finite values (and the weighted one the products that overflow). The tests never call Python.
"""
import json
import math
import os
import warnings

import numpy as np
from sklearn.datasets import load_digits, load_iris
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "numpy")
EXPECTED = {}


def number(v):
    """A value as the reader delivers it: a double, non-finite as a string."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def bytes_text(b):
    """|S text as the reader decodes it: UTF-8 where the bytes are valid UTF-8, else Latin-1."""
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def type_name(dtype, ndim):
    """typeName as the reader spells it: the descr string, with ' (2-D)' for a 2-D array."""
    return dtype.str + (" (2-D)" if ndim == 2 else "")


def numeric_field(name, values, type_text):
    """Expected figures of a number or vector field; values as the reader's doubles (rows × width)."""
    v = np.asarray(values).astype(np.float64)
    two_d = v.ndim == 2
    flat = v.reshape(-1)
    finite = [float(x) for x in flat if math.isfinite(x)]
    weighted = [w for w in (float(x) * float(i + 1) for i, x in enumerate(flat)) if math.isfinite(w)]
    rows = v.shape[0]
    row = (lambda i: [number(x) for x in v[i]]) if two_d else (lambda i: number(v[i]))
    return {
        "name": name,
        "kind": "vector" if two_d else "number",
        "width": int(v.shape[1]) if two_d else 1,
        "typeName": type_text,
        "first": [row(i) for i in range(min(rows, 3))],
        "last": row(rows - 1) if rows > 0 else None,
        "sum": math.fsum(finite),
        "weightedSum": math.fsum(weighted),
        "nonFinite": int(flat.size - len(finite)),
    }


def text_field(name, values, type_text, kind="text"):
    """Expected values of a text field: every value (None for a null)."""
    return {"name": name, "kind": kind, "width": 1, "typeName": type_text, "values": list(values)}


def array_field(name, a):
    """The field of a plain 1-D or 2-D array."""
    if a.dtype.kind == "U":
        return text_field(name, [str(x) for x in a], type_name(a.dtype, a.ndim))
    if a.dtype.kind == "S":
        return text_field(name, [bytes_text(x) for x in a], type_name(a.dtype, a.ndim))
    if a.dtype.kind in "Mm":
        return text_field(name, [None if np.isnat(x) else str(x) for x in a], type_name(a.dtype, a.ndim), "other")
    return numeric_field(name, a, type_name(a.dtype, a.ndim))


def record(file, fields, rows):
    EXPECTED[file] = {"rowCount": rows, "fields": fields}


def refusal(file, message):
    EXPECTED[file] = {"problem": message}


def savez(file, compressed=False, **arrays):
    (np.savez_compressed if compressed else np.savez)(os.path.join(OUT, file), **arrays)


def digits():
    """A softmax model on the first 300 digits, fit on the rest: labels, logits, float32 probabilities."""
    X, y = load_digits(return_X_y=True)
    model = LogisticRegression(max_iter=5000).fit(X[300:] / 16, y[300:])
    X_eval, y_eval = X[:300] / 16, y[:300]
    logits = model.decision_function(X_eval)
    proba = model.predict_proba(X_eval).astype(np.float32)
    ids = np.array([f"img_{i:04d}" for i in range(300)])
    arrays = {"y": y_eval.astype(np.int64), "logits": logits, "proba": proba, "ids": ids}
    fields = [array_field(k, v) for k, v in arrays.items()]
    savez("digits_eval.npz", **arrays)
    record("digits_eval.npz", fields, 300)
    savez("digits_eval_compressed.npz", compressed=True, **arrays)
    record("digits_eval_compressed.npz", fields, 300)
    # The same rows as pandas writes them (float64 as repr, float32 as its own shortest repr): the
    # CLI's numbers on the .npz and on this CSV are compared (test/unit/cli/binaryFormats.test.ts).
    import pandas as pd

    table = {"ids": ids, "y": y_eval}
    table.update({f"logit_{k}": logits[:, k] for k in range(logits.shape[1])})
    table.update({f"proba_{k}": proba[:, k] for k in range(proba.shape[1])})
    pd.DataFrame(table).to_csv(os.path.join(OUT, "digits_eval.csv"), index=False)
    np.save(os.path.join(OUT, "logits.npy"), logits)
    record("logits.npy", [array_field("logits", logits)], 300)
    f = np.asfortranarray(logits[:20].astype(np.float32))
    assert f.flags.f_contiguous and not f.flags.c_contiguous
    np.save(os.path.join(OUT, "logits_fortran.npy"), f)
    record("logits_fortran.npy", [array_field("logits_fortran", f)], 20)
    images = X[:20].reshape(20, 8, 8).astype(np.uint8)
    savez("images.npz", y=y[:20], images=images)
    refusal("images.npz", "The array 'images' in this .npz has 3 dimensions (20 × 8 × 8)")
    savez("mismatched.npz", y=y_eval, logits=logits[:299])
    refusal("mismatched.npz", "The arrays in this .npz have different lengths: y has 300 rows, logits 299")


def iris():
    """Iris class names as <U and |S text, int32 labels, a bool column, probabilities."""
    data = load_iris()
    proba = LogisticRegression(max_iter=1000).fit(data.data, data.target).predict_proba(data.data)
    species = data.target_names[data.target]  # <U10
    arrays = {
        "species": species,
        "species_bytes": species.astype("S"),
        "y": data.target.astype(np.int32),
        "is_setosa": data.target == 0,
        "proba": proba,
    }
    savez("iris.npz", **arrays)
    record("iris.npz", [array_field(k, v) for k, v in arrays.items()], 150)
    np.save(os.path.join(OUT, "labels.npy"), species)
    record("labels.npy", [array_field("labels", species)], 150)
    # A record array: one field per record field, the subarray field a vector.
    rec = np.zeros(150, dtype=[("y", "<i8"), ("p", "<f8", (3,)), ("species", "<U10"), ("ok", "?")])
    rec["y"], rec["p"], rec["species"] = data.target, proba, species
    rec["ok"] = proba.argmax(axis=1) == data.target
    np.save(os.path.join(OUT, "records.npy"), rec)
    record(
        "records.npy",
        [
            numeric_field("y", rec["y"], "<i8"),
            numeric_field("p", rec["p"], "<f8 (3,)"),
            text_field("species", [str(s) for s in rec["species"]], "<U10"),
            numeric_field("ok", rec["ok"], "|b1"),
        ],
        150,
    )


def dtypes():
    """One column per dtype, extremes included, little- and big-endian."""
    rows = 7
    i64 = np.array([0, 1, -1, 2**53 + 1, -(2**63), 2**63 - 1, 123456789012], dtype=np.int64)
    u64 = np.array([0, 1, 2**32, 2**53 + 1, 2**64 - 1, 2**63, 42], dtype=np.uint64)
    f8 = np.array([0.1, -0.0, np.nan, np.inf, -np.inf, 5e-324, 1.7976931348623157e308])
    f4 = np.array([0.1, -0.0, np.nan, np.inf, 1e-45, 3.4028234663852886e38, -2.5], dtype=np.float32)
    f2 = np.array([0.1, -0.0, np.nan, -np.inf, 6e-8, 65504, 1.5], dtype=np.float16)
    columns = {
        "f8": f8,
        "f4": f4,
        "f2": f2,
        "i8": i64,
        "i4": np.array([0, 1, -1, 2**31 - 1, -(2**31), 7, -7], dtype=np.int32),
        "i2": np.array([0, 1, -1, 2**15 - 1, -(2**15), 7, -7], dtype=np.int16),
        "i1": np.array([0, 1, -1, 127, -128, 7, -7], dtype=np.int8),
        "u8": u64,
        "u4": np.array([0, 1, 2**32 - 1, 2**31, 7, 8, 9], dtype=np.uint32),
        "u2": np.array([0, 1, 2**16 - 1, 2**15, 7, 8, 9], dtype=np.uint16),
        "u1": np.array([0, 1, 255, 128, 7, 8, 9], dtype=np.uint8),
        "b1": np.array([True, False, True, True, False, False, True]),
        "text": np.array(["", "a", "chat é", "😀 emoji", "naïve", "z" * 12, "tab\there"]),
        "bytes": np.array([b"", b"a", b"caf\xe9", "naïve".encode(), b"0042", b"-1", b"ok"]),
    }
    for v in columns.values():
        assert len(v) == rows
    savez("dtypes.npz", **columns)
    fields = [array_field(k, v) for k, v in columns.items()]
    fields[next(i for i, f in enumerate(fields) if f["name"] == "i8")]["exact"] = [str(int(x)) for x in i64]
    fields[next(i for i, f in enumerate(fields) if f["name"] == "u8")]["exact"] = [str(int(x)) for x in u64]
    record("dtypes.npz", fields, rows)
    big = {k: v.astype(v.dtype.newbyteorder(">")) for k, v in columns.items()}
    for k, v in big.items():
        assert v.tobytes() != columns[k].tobytes() or v.dtype.itemsize == 1 or v.dtype.kind == "S", k
        assert np.array_equal(v, columns[k], equal_nan=v.dtype.kind == "f"), k
    savez("dtypes_big.npz", **big)
    record("dtypes_big.npz", [array_field(k, v) for k, v in big.items()], rows)


def orders():
    """The same matrix C- and Fortran-ordered, and a big-endian Fortran int matrix."""
    m = np.arange(15, dtype=np.float64).reshape(5, 3) * 1.5 - 4
    f = np.asfortranarray(m)
    fbig = np.asfortranarray((m * 2).astype(">i4"))
    assert f.flags.f_contiguous and fbig.flags.f_contiguous
    savez("orders.npz", c=m, f=f, fbig=fbig)
    record("orders.npz", [array_field("c", m), array_field("f", f), array_field("fbig", fbig)], 5)


def records_npz():
    """An aligned record array (padding bytes, a nested record) beside a plain column in an .npz."""
    dt = np.dtype([("y", "<i2"), ("score", "<f4"), ("meta", [("id", "<u4"), ("flag", "?")])], align=True)
    assert any(name == "" for name, *_ in dt.descr), dt.descr  # padding is in the descr
    preds = np.zeros(10, dtype=dt)
    preds["y"] = np.arange(10) % 3
    preds["score"] = np.linspace(0, 1, 10)
    preds["meta"]["id"] = np.arange(10) + 4000000000
    preds["meta"]["flag"] = np.arange(10) % 2 == 0
    w = np.linspace(0.5, 2, 10)
    savez("records.npz", preds=preds, w=w)
    record(
        "records.npz",
        [
            numeric_field("preds.y", preds["y"], "<i2"),
            numeric_field("preds.score", preds["score"], "<f4"),
            numeric_field("preds.meta.id", preds["meta"]["id"], "<u4"),
            numeric_field("preds.meta.flag", preds["meta"]["flag"], "|b1"),
            array_field("w", w),
        ],
        10,
    )


def versions():
    """Header versions 2.0 (written on request) and 3.0 (field names outside Latin-1)."""
    a = np.array([1.25, -2.5, 3.0], dtype=">f8")
    with open(os.path.join(OUT, "version2.npy"), "wb") as f:
        np.lib.format.write_array(f, a, version=(2, 0))
    record("version2.npy", [array_field("version2", a)], 3)
    rec = np.array([(0.5, "oui"), (1.5, "non")], dtype=[("ŷ", "<f8"), ("clé", "<U3")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Stored array in format 3.0": the point
        np.save(os.path.join(OUT, "version3.npy"), rec)
    with open(os.path.join(OUT, "version3.npy"), "rb") as f:
        assert f.read(8)[6:8] == b"\x03\x00"
    record("version3.npy", [numeric_field("ŷ", rec["ŷ"], "<f8"), text_field("clé", ["oui", "non"], "<U3")], 2)


def times():
    """datetime64 and timedelta64 columns (NaT a null), delivered as numpy's own text."""
    when = np.array(["2021-03-04T05:06:07.123456789", "NaT", "1969-12-31T23:59:59.999999999"], dtype="datetime64[ns]")
    day = np.array(["2024-02-29", "1900-01-01", "NaT"], dtype="datetime64[D]")
    delta = np.array([1500, -3, np.timedelta64("NaT")], dtype="timedelta64[ms]")
    month = np.array([-1, 0, 1234567], dtype="datetime64[M]")
    week = np.array([-1, 0, 2000], dtype="datetime64[W]")
    tick = np.array([-7, 3, 10**9], dtype="datetime64[10s]")
    year = np.array([-3000, 0, 35], dtype="datetime64[Y]")
    micro = np.array(["2000-02-29T12:00:00.5", "1600-03-01", "2262-04-11T23:47:16.854775"], dtype="datetime64[us]")
    span = np.array([1, -2, 3], dtype="timedelta64[10s]")
    arrays = {"when": when, "day": day, "delta": delta, "month": month, "week": week, "tick": tick, "year": year, "micro": micro, "span": span}
    savez("times.npz", **arrays)
    record("times.npz", [array_field(k, v) for k, v in arrays.items()], 3)


def edge_cases():
    """Scalars skipped, only scalars refused, pickled objects refused, empty arrays read."""
    y = np.array([0, 1, 1, 0])
    savez("scalars.npz", y=y, temperature=np.float64(1.5), note=np.array("hi"))
    record("scalars.npz", [array_field("y", y)], 4)
    savez("only_scalars.npz", temperature=np.float64(1.5))
    refusal("only_scalars.npz", "This .npz holds no arrays with rows")
    savez("objects.npz", y=y[:3], meta=np.array(["a", 1, None], dtype=object))
    refusal("objects.npz", "The array 'meta' in this .npz holds Python objects (pickled)")
    empty_y = np.zeros(0, dtype=np.int64)
    empty_logits = np.zeros((0, 3))
    savez("empty.npz", y=empty_y, logits=empty_logits)
    EXPECTED["empty.npz"] = {
        "rowCount": 0,
        "fields": [
            {"name": "y", "kind": "number", "width": 1, "typeName": "<i8"},
            {"name": "logits", "kind": "vector", "width": 3, "typeName": "<f8 (2-D)"},
        ],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    digits()
    iris()
    dtypes()
    orders()
    records_npz()
    versions()
    times()
    edge_cases()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"wrote {len(EXPECTED)} fixtures and expected.json to {OUT} ({total:,} bytes)")


if __name__ == "__main__":
    main()
