#!/usr/bin/python3
"""Reference values for the numeric core, computed with scikit-learn / SciPy / NumPy.

Run with the system Python (Debian: python3-sklearn python3-scipy):
    /usr/bin/python3 scripts/reference/generate.py
It writes test/fixtures/reference/{basics,fits,fitExtras}.json, or only the files named as
arguments (`generate.py fitExtras`); the unit tests read those files and never call Python. Inputs
are generated from fixed seeds and stored in the fixtures next to the expected values, so the tests
need nothing else. The files are reproducible to the last bit only on the same kind of machine:
NumPy 1.24's exp/log take AVX-512 code paths where the CPU has them, so elsewhere (e.g. an AVX2-only
CPU) a rerun moves last bits (basics ≤ 1e-15 relative, fits ≤ 6e-14 on small coefficients).

Conventions mirrored here: natural logs (nats); clipping eps passed explicitly (scikit-learn 1.2's
log_loss defaults to eps=1e-15, current releases to float64 machine epsilon 2.220446049250313e-16,
which is the product's default); the "true optimum" of a fit is found by a float64 Newton iteration
on standardised features run until the gradient stops shrinking, independent of the TypeScript code.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy.spatial.distance import jensenshannon
from scipy.special import log_softmax, logsumexp, rel_entr, softmax, xlogy
from scipy.stats import entropy, norm
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss

EPS = float(np.finfo(np.float64).eps)  # 2.220446049250313e-16
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "reference")


def floats(a):
    """Lists of Python floats; ±inf / nan as strings so the JSON stays standard."""
    a = np.asarray(a, dtype=float)
    def conv(v):
        if np.isnan(v):
            return "NaN"
        if np.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return float(v)
    if a.ndim == 0:
        return conv(a)
    return [floats(x) for x in a] if a.ndim > 1 else [conv(v) for v in a]


def versions():
    return {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}


# ---------------------------------------------------------------------------------------------
# Losses, entropies, divergences
# ---------------------------------------------------------------------------------------------

def binary_case(name, y, p, eps=EPS):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    # As scikit-learn's log_loss for a 1-D y_pred: p is clipped first, then 1 − p is formed.
    c = np.clip(p, eps, 1 - eps)
    rows = -np.log(np.where(y == 1, c, 1 - c))
    return {
        "name": name, "y": floats(y), "p": floats(p), "eps": eps,
        "rows": floats(rows),
        # The product never renormalises: scikit-learn 1.2 divides [1 − c, c] by its sum, which is
        # 1 up to one rounding, so the means agree to the last bits.
        "mean": float(np.mean(rows)),
        "sum": float(np.sum(rows)),
        "meanSklearn": float(log_loss(y, p, eps=eps, labels=[0, 1])),
        "sumSklearn": float(log_loss(y, p, eps=eps, labels=[0, 1], normalize=False)),
        "clipped": int(np.sum(c != p)),
        "brier": float(brier_score_loss(y, p)),
        "errorRate": float(np.mean((p > 0.5).astype(float) != y)),
    }


def multiclass_case(name, y, P, eps=EPS):
    y = np.asarray(y, dtype=int)
    P = np.asarray(P, dtype=float)
    k = P.shape[1]
    onehot = np.eye(k)[y]
    q = np.clip(P[np.arange(len(y)), y], eps, 1 - eps)
    return {
        "name": name, "y": [int(v) for v in y], "P": floats(P), "eps": eps,
        "rows": floats(-np.log(q)),
        # scikit-learn renormalises after clipping; with exact rows and no clipping the two agree.
        "meanSklearn": float(log_loss(y, P, eps=eps, labels=list(range(k)))),
        "mean": float(np.mean(-np.log(q))),
        "brierRows": floats(np.sum((onehot - P) ** 2, axis=1)),
        "brier": float(np.mean(np.sum((onehot - P) ** 2, axis=1))),
        "errorRate": float(np.mean(np.argmax(P, axis=1) != y)),
    }


def logits_case(name, y, S):
    y = np.asarray(y, dtype=int)
    S = np.asarray(S, dtype=float)
    rows = -log_softmax(S, axis=1)[np.arange(len(y)), y]
    return {"name": name, "y": [int(v) for v in y], "S": floats(S), "rows": floats(rows), "mean": float(np.mean(rows)),
            "softmax": floats(softmax(S, axis=1)), "logsumexp": floats(logsumexp(S, axis=1))}


def exact_negative_log_softmax(row, k):
    """−log softmax(row)_k with 60 significant digits (mpmath), rounded once to a double."""
    import mpmath
    mpmath.mp.dps = 60
    values = [mpmath.mpf(float(v)) for v in row]
    m = max(values)
    total = mpmath.fsum(mpmath.exp(v - m) for v in values)
    return float((m - values[k]) + mpmath.log(total))


def logit_precision():
    """Rows where log-sum-exp minus the true logit cancels: (S, S, −S) at every magnitude, and
    confident rows whose loss is tiny (references exact to the last bit, not SciPy 1.10's
    log_softmax, which takes log of 1 + rest and loses the tiny losses' relative precision)."""
    rng = np.random.default_rng(20261202)
    magnitudes = [20.0, 1e3, 1e6, 1e12, 1e15, 1e16, 1e100, 1e200, 1e300]
    cases = [{"S": [s, s, -s], "k": k, "loss": exact_negative_log_softmax([s, s, -s], k)} for s in magnitudes for k in (0, 1, 2)]
    confident = []
    for _ in range(200):
        row = rng.normal(0, 2, 5)
        k = int(rng.integers(0, 5))
        row[k] += rng.uniform(14, 40)
        confident.append({"S": floats(row), "k": k, "loss": exact_negative_log_softmax(row, k),
                          "scipy": float(-log_softmax(row)[k])})
    return {"symmetric": cases, "confident": confident}


def basics():
    rng = np.random.default_rng(20261121)
    out = {"versions": versions(), "eps": EPS}

    out["labelEntropy"] = []
    for labels in ([0, 1, 1, 1], [0, 1, 0, 1], [1, 1, 1, 1], ["cow", "cat", "cow", "horse", "cat", "cow"],
                   [int(v) for v in rng.integers(0, 7, 500)]):
        values, counts = np.unique(np.asarray(labels), return_counts=True)
        out["labelEntropy"].append({
            "labels": labels, "classes": [v.item() for v in values], "counts": [int(c) for c in counts],
            "entropyNats": float(entropy(counts)), "entropyBits": float(entropy(counts, base=2)),
        })

    weights = rng.random(50) * 3
    weights[[3, 17]] = 0
    out["distributionEntropy"] = [
        {"weights": [0.9, 0.1], "entropyNats": float(entropy([0.9, 0.1])), "entropyBits": float(entropy([0.9, 0.1], base=2))},
        {"weights": floats(weights), "entropyNats": float(entropy(weights)), "total": float(np.sum(weights))},
    ]

    P = rng.dirichlet(np.ones(5), 40)
    P[0] = [1, 0, 0, 0, 0]
    out["rowEntropies"] = {"P": floats(P), "rows": floats(entropy(P, axis=1))}

    p = rng.random(300)
    p[:4] = [0.0, 1.0, 1e-300, 1 - 1e-17]
    yb = (rng.random(300) < p).astype(int)
    yb[:4] = [1, 0, 1, 0]  # rows whose true-class probability is 0 or below eps: clipped
    out["binary"] = [
        binary_case("four rows", [1, 0, 0, 1], [0.8, 0.3, 0.4, 0.7]),
        binary_case("random with p = 0 and 1", yb, p),
        binary_case("random, eps 1e-7", yb, p, eps=1e-7),
        # 1 − (1 − 1e-15) is 9.992e-16 in doubles: clipping p before forming 1 − p (scikit-learn's
        # order) costs 34.539576 here, clipping 1 − p would cost −ln 1e-15 = 34.538776.
        binary_case("p = 1 with y = 0 and p = 0 with y = 1, eps 1e-15", [0, 1, 1], [1.0, 0.0, 0.5], eps=1e-15),
    ]

    three_a = [[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]]
    three_b = [[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]]
    Pm = rng.dirichlet(np.ones(4) * 0.7, 200)
    ym = np.array([rng.choice(4, p=row) for row in Pm])
    out["multiclass"] = [
        multiclass_case("three-class model A", [2, 1, 0], three_a),
        multiclass_case("three-class model B", [2, 1, 0], three_b),
        multiclass_case("cat/dog/horse", [1], [[0.2, 0.7, 0.1]]),
        multiclass_case("two-column binary, model 1", [1], [[0.4, 0.6]]),
        multiclass_case("two-column binary, model 2", [1], [[0.2, 0.8]]),
        multiclass_case("random 4 classes", ym, Pm),
    ]

    S = rng.normal(0, 3, (100, 6))
    S[0] = [1000, -1000, 0, 0, 0, 0]
    S[1] = [-1000, 1000, 0, 0, 0, 0]
    yl = rng.integers(0, 6, 100)
    yl[:2] = [1, 1]
    out["logits"] = [logits_case("cat/dog/horse scores", [1], [[5, 4, 2]]), logits_case("random with ±1000", yl, S)]

    s = np.concatenate([rng.normal(0, 4, 200), [-1000, 1000, -1000, 1000, 0]])
    ys = np.concatenate([(rng.random(200) < 0.5).astype(int), [1, 0, 0, 1, 1]])
    out["binaryLogits"] = {"y": [int(v) for v in ys], "s": floats(s),
                           "rows": floats(np.logaddexp(0, -np.where(ys == 1, s, -s)))}

    T = rng.dirichlet(np.ones(4), 60)
    Q = rng.dirichlet(np.ones(4), 60)
    out["soft"] = {"T": floats(T), "P": floats(Q), "rows": floats(-np.sum(xlogy(T, Q), axis=1)),
                   "brierRows": floats(np.sum((T - Q) ** 2, axis=1))}

    def divergence_case(name, p, q):
        p = np.asarray(p, dtype=float)
        q = np.asarray(q, dtype=float)
        pn, qn = p / p.sum(), q / q.sum()
        return {"name": name, "p": floats(p), "q": floats(q),
                "klPQ": floats(entropy(p, q)), "klQP": floats(entropy(q, p)),
                "js": float(jensenshannon(p, q) ** 2), "entropyP": float(entropy(p)), "entropyQ": float(entropy(q)),
                "crossEntropyPQ": floats(-np.sum(xlogy(pn, qn))),
                "relEntrPQ": floats(rel_entr(pn, qn))}

    a = rng.random(30)
    b = rng.random(30)
    b[5] = 0
    out["divergence"] = [
        divergence_case("P = {.75, .25}, Q = {.5, .5}", [0.75, 0.25], [0.5, 0.5]),
        divergence_case("unnormalised weights", a * 7, rng.random(30) * 2),
        divergence_case("Q has a zero where P > 0", a, b),
    ]
    P1 = rng.dirichlet(np.ones(3), 25)
    P2 = rng.dirichlet(np.ones(3), 25)
    out["rowDivergence"] = {"P": floats(P1), "Q": floats(P2),
                            "klPQ": floats(entropy(P1, P2, axis=1)), "klQP": floats(entropy(P2, P1, axis=1)),
                            "js": floats(np.array([jensenshannon(x, y) ** 2 for x, y in zip(P1, P2)]))}

    out["logitPrecision"] = logit_precision()
    out["hugeWeights"] = {"p": [1e308, 1e308], "q": [1e308, 1e308], "r": [1e308, 3e307],
                          "entropy": float(entropy([1.0, 1.0])), "klPR": float(entropy([1.0, 1.0], [1.0, 0.3])),
                          "klRP": float(entropy([1.0, 0.3], [1.0, 1.0]))}
    out["softmax"] = {"values": [5, 4, 2], "softmax": floats(softmax([5, 4, 2])), "logSoftmax": floats(log_softmax([5, 4, 2])),
                      "logsumexp": float(logsumexp([5, 4, 2]))}
    return out


# ---------------------------------------------------------------------------------------------
# Fits
# ---------------------------------------------------------------------------------------------

def newton_optimum(X, y, K, C, penalty, sample_weight=None):
    """True optimum of C·Σ wᵢ lossᵢ + ½‖W‖² (intercepts unpenalised) by float64 Newton on standardised
    features; K = 1 binary (y ∈ {0,1}), K ≥ 2 multinomial (y class indices), rows centred.

    sample_weight: optional per-row weights wᵢ ≥ 0 (scikit-learn's fit(X, y, sample_weight=w)); they
    multiply each row's loss, gradient and Hessian terms. None means every wᵢ = 1 (and runs exactly
    the unweighted arithmetic, so the older fixtures do not move).
    Constant columns (sd = 0) cannot be standardised: they are dropped and get coefficient 0, which is
    the optimum under l2 (the intercept absorbs a constant) and the minimum-norm choice without a
    penalty. The returned multinomial coefficients and intercepts sum to 0 over the classes."""
    n, d = X.shape
    sd_all = X.std(0)
    if np.any(sd_all == 0):
        keep = sd_all > 0
        coef_kept, intercept = newton_optimum(X[:, keep], y, K, C, penalty, sample_weight)
        coef = np.zeros((coef_kept.shape[0], d))
        coef[:, keep] = coef_kept
        return coef, intercept
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    mu, sd = X.mean(0), X.std(0)
    Z = np.hstack([(X - mu) / sd, np.ones((n, 1))])
    lam = np.append(1.0 / sd ** 2, 0.0) * (1.0 if penalty == "l2" else 0.0)
    Kr = K
    theta = np.zeros((Kr, d + 1))
    Y = (y.reshape(-1, 1).astype(float) if K == 1 else np.eye(K)[y])

    def grad_hess(theta):
        E = Z @ theta.T
        if K == 1:
            P = 1 / (1 + np.exp(-E))
            R = P - Y
            if sw is not None:
                R = R * sw[:, None]
            g = C * (R.T @ Z) + lam * theta
            w = (P * (1 - P)).ravel()
            if sw is not None:
                w = w * sw
            H = C * (Z.T * w) @ Z + np.diag(lam)
            return g.ravel(), H
        P = softmax(E, axis=1)
        R = P - Y
        if sw is not None:
            R = R * sw[:, None]
        g = C * (R.T @ Z) + lam * theta
        size = K * (d + 1)
        H = np.zeros((size, size))
        for k in range(K):
            for l in range(K):
                w = P[:, k] * ((k == l) - P[:, l])
                if sw is not None:
                    w = w * sw
                H[k * (d + 1):(k + 1) * (d + 1), l * (d + 1):(l + 1) * (d + 1)] = C * (Z.T * w) @ Z
        H += np.diag(np.tile(lam, K))
        return g.ravel(), H

    best = None
    for _ in range(100):
        g, H = grad_hess(theta)
        gmax = np.max(np.abs(g))
        if best is not None and gmax >= best[0] and gmax < 1e-12 * C * n:
            break
        if best is None or gmax < best[0]:
            best = (gmax, theta.copy())
        step = np.linalg.lstsq(H, -g, rcond=1e-14)[0].reshape(theta.shape)
        theta = theta + step
        if K > 1:
            theta -= theta.mean(0)
    theta = best[1]
    coef = theta[:, :d] / sd
    intercept = theta[:, d] - coef @ mu
    return coef, intercept


def raw_objective(X, y, K, C, penalty, coef, intercept, sample_weight=None):
    """C·Σ wᵢ lossᵢ + ½‖W‖² and the max |gradient| over coefficients and intercepts, in raw units;
    rows = the unweighted per-row losses (sample_weight None: every wᵢ = 1, the unweighted arithmetic)."""
    E = X @ coef.T + intercept
    if K == 1:
        e = E.ravel()
        m = np.where(y == 1, e, -e)
        rows = np.logaddexp(0, -m)
        P = 1 / (1 + np.exp(-e))
        R = (P - y)[:, None]
        proba = P[:, None]
    else:
        L = log_softmax(E, axis=1)
        rows = -L[np.arange(len(y)), y]
        proba = np.exp(L)
        R = proba - np.eye(K)[y]
    if sample_weight is not None:
        sw = np.asarray(sample_weight, dtype=float)
        R = R * sw[:, None]
        data = np.sum(sw * rows)
    else:
        data = rows.sum()
    reg = 0.5 * np.sum(coef ** 2) if penalty == "l2" else 0.0
    gcoef = C * (R.T @ X) + (coef if penalty == "l2" else 0)
    gint = C * R.sum(0)
    return {"objective": float(C * data + reg), "gradMaxAbs": float(max(np.abs(gcoef).max(), np.abs(gint).max())),
            "rows": rows, "proba": proba}


def fit_case(name, X, y, K, C=1.0, penalty="l2", sklearn_tols=(1e-12,), include_proba=True):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    coef, intercept = newton_optimum(X, y, K, C, penalty)
    ref = raw_objective(X, y, K, C, penalty, coef, intercept)
    case = {"name": name, "X": floats(X), "y": [int(v) for v in y], "classCount": 2 if K == 1 else K,
            "C": C, "penalty": penalty,
            "optimum": {"coef": floats(coef), "intercept": floats(intercept), "objective": ref["objective"],
                        "gradMaxAbs": ref["gradMaxAbs"], "meanLogLoss": float(ref["rows"].mean())},
            "sklearn": []}
    if include_proba:
        case["optimum"]["rows"] = floats(ref["rows"])
        case["optimum"]["proba"] = floats(ref["proba"])
    for tol, max_iter in sklearn_tols if isinstance(sklearn_tols[0], tuple) else [(t, 100000) for t in sklearn_tols]:
        kwargs = {"multi_class": "multinomial"} if K > 1 else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = LogisticRegression(C=C, penalty=None if penalty == "none" else "l2", tol=tol, max_iter=max_iter, **kwargs).fit(X, y)
        sk_coef = model.coef_
        sk_int = model.intercept_
        sk = raw_objective(X, y, K, C, penalty, sk_coef, sk_int)
        case["sklearn"].append({"tol": tol, "maxIter": max_iter, "nIter": int(np.max(model.n_iter_)),
                                "coef": floats(sk_coef), "intercept": floats(sk_int),
                                "objective": sk["objective"], "gradMaxAbs": sk["gradMaxAbs"],
                                "meanLogLoss": float(sk["rows"].mean())})
    return case


def fits():
    rng = np.random.default_rng(7)
    x10 = np.array([-2.2, -1.4, -0.8, 0.2, 0.4, 0.8, 1.2, 2.2, 2.9, 4.6]).reshape(-1, 1)
    y10 = np.array([0, 0, 1, 0, 1, 1, 1, 1, 1, 1])
    out = {"versions": versions(), "cases": []}
    out["cases"].append(fit_case("ten points, C = 1", x10, y10, 1, sklearn_tols=(1e-12, 1e-4)))
    out["cases"].append(fit_case("ten points, C = 0.1", x10, y10, 1, C=0.1))
    out["cases"].append(fit_case("ten points, penalty none", x10, y10, 1, penalty="none"))

    # Raw-magnitude features (income-like and age-like columns): scikit-learn's lbfgs at its default
    # tol = 1e-4, max_iter = 100 stops far from the optimum without complaint.
    n = 400
    income = rng.normal(50000, 15000, n)
    age = rng.normal(40, 12, n)
    score = rng.normal(600, 80, n)
    eta = 0.00004 * (income - 50000) - 0.05 * (age - 40) + 0.01 * (score - 600)
    yr = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    Xr = np.column_stack([income, age, score])
    out["cases"].append(fit_case("raw-magnitude features", Xr, yr, 1, sklearn_tols=((1e-4, 100), (1e-12, 100000))))

    iris = load_iris()
    out["cases"].append(fit_case("iris, multinomial, C = 1", iris.data, iris.target, 3))
    out["cases"].append(fit_case("iris, multinomial, C = 0.05", iris.data, iris.target, 3, C=0.05))

    # Ten classes, six features: 70 parameters, beyond Newton's threshold, so L-BFGS runs.
    n = 600
    X10 = rng.normal(0, 1, (n, 6)) * rng.uniform(0.5, 4, 6) + rng.uniform(-3, 3, 6)
    W = rng.normal(0, 0.6, (10, 6))
    P = softmax(X10 @ W.T, axis=1)
    y10c = np.array([rng.choice(10, p=row) for row in P])
    out["cases"].append(fit_case("ten classes, six features", X10, y10c, 10, include_proba=False))

    # Binary with 80 features: 81 parameters, L-BFGS.
    n = 300
    X80 = rng.normal(0, 1, (n, 80))
    y80 = (rng.random(n) < 1 / (1 + np.exp(-(X80[:, :5].sum(1) * 0.5)))).astype(int)
    out["cases"].append(fit_case("binary, 80 features", X80, y80, 1, include_proba=False))
    return out


# ---------------------------------------------------------------------------------------------
# Fit extras (fitExtras.json): a real data set with constant columns, sample and class weights,
# and coefficient standard errors
# ---------------------------------------------------------------------------------------------

def sklearn_fit(X, y, K, C, penalty, sample_weight=None, **kwargs):
    """scikit-learn's fit (lbfgs unless kwargs say otherwise), multinomial for K > 1, with its
    ConvergenceWarnings silenced (nIter says whether it used its whole budget)."""
    if K > 1:
        kwargs.setdefault("multi_class", "multinomial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return LogisticRegression(C=C, penalty=None if penalty == "none" else "l2", **kwargs).fit(X, y, sample_weight=sample_weight)


def check_not_above(ref, sk, what):
    """The Newton reference must be at least as good as scikit-learn (to 1e-9 relative)."""
    if ref > sk + 1e-9 * abs(sk):
        raise AssertionError(f"{what}: reference objective {ref!r} above scikit-learn's {sk!r}")


def weighted_case(name, X, y, K, C, penalty, sample_weight, extra=None, sklearn_kwargs=None):
    """One weighted fit: objective C·Σ wᵢ lossᵢ + ½‖W‖² (scikit-learn's fit(X, y, sample_weight=w),
    or class_weight, which scikit-learn turns into wᵢ = classWeights[yᵢ] and multiplies into
    sample_weight). meanLogLoss is the weighted mean Σ wᵢ lossᵢ / Σ wᵢ; rows are unweighted losses.
    sklearn: lbfgs at tol = 1e-12 (max_iter 100000), its objective measured with the same weights."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    sw = np.asarray(sample_weight, dtype=float)
    coef, intercept = newton_optimum(X, y, K, C, penalty, sample_weight=sw)
    ref = raw_objective(X, y, K, C, penalty, coef, intercept, sample_weight=sw)
    case = {"name": name, "X": floats(X), "y": [int(v) for v in y], "classCount": 2 if K == 1 else K,
            "C": C, "penalty": penalty}
    case.update(extra or {})
    case["sampleWeight"] = floats(sw)
    case["optimum"] = {"coef": floats(coef), "intercept": floats(intercept), "objective": ref["objective"],
                       "gradMaxAbs": ref["gradMaxAbs"], "meanLogLoss": float(np.sum(sw * ref["rows"]) / np.sum(sw)),
                       "rows": floats(ref["rows"]), "proba": floats(ref["proba"])}
    if sklearn_kwargs is None:
        sklearn_kwargs = {"sample_weight": sw}
    model = sklearn_fit(X, y, K, C, penalty, tol=1e-12, max_iter=100000, **sklearn_kwargs)
    sk = raw_objective(X, y, K, C, penalty, model.coef_, model.intercept_, sample_weight=sw)
    case["sklearn"] = {"solver": "lbfgs", "tol": 1e-12, "maxIter": 100000, "nIter": int(np.max(model.n_iter_)),
                       "coef": floats(model.coef_), "intercept": floats(model.intercept_),
                       "objective": sk["objective"], "gradMaxAbs": sk["gradMaxAbs"]}
    check_not_above(ref["objective"], sk["objective"], name)
    return case


def digits_section():
    """scikit-learn's load_digits (1797 × 64 pixel counts 0–16, 10 classes; pixels 0, 32, 39 are 0 in
    every image): a real data set with constant columns, 640 + 10 parameters. Newton drops the
    constant columns before standardising (sd = 0) and gives them coefficient 0. The check is
    independent twice over: gradMaxAbs is the raw-unit gradient of C·Σ loss + ½‖W‖² at the
    reference (≈ 1e-16·C·n), and scikit-learn's newton-cg at tol = 1e-8 lands at an objective no
    lower than the reference's."""
    from sklearn.datasets import load_digits
    digits = load_digits()
    X = digits.data
    y = digits.target.astype(int)
    K = 10
    out = {"X": [[int(v) for v in row] for row in X], "y": [int(v) for v in y], "classCount": K,
           "constantColumns": [int(j) for j in np.where(X.std(0) == 0)[0]], "cases": []}
    for C in (1.0, 0.01):
        coef, intercept = newton_optimum(X, y, K, C, "l2")
        ref = raw_objective(X, y, K, C, "l2", coef, intercept)
        model = sklearn_fit(X, y, K, C, "l2", solver="newton-cg", tol=1e-8, max_iter=10000)
        sk = raw_objective(X, y, K, C, "l2", model.coef_, model.intercept_)
        check_not_above(ref["objective"], sk["objective"], f"digits C = {C}")
        out["cases"].append({
            "name": f"digits, multinomial, C = {C:g}", "C": C, "penalty": "l2",
            "optimum": {"coef": floats(coef), "intercept": floats(intercept), "objective": ref["objective"],
                        "gradMaxAbs": ref["gradMaxAbs"], "meanLogLoss": float(ref["rows"].mean()),
                        "proba": floats(ref["proba"])},
            "sklearn": {"solver": "newton-cg", "tol": 1e-8, "maxIter": 10000, "nIter": int(np.max(model.n_iter_)),
                        "objective": sk["objective"], "gradMaxAbs": sk["gradMaxAbs"]},
        })
    return out


def weighted_section():
    """Sample weights, scikit-learn's semantics: fit(X, y, sample_weight=w) minimises
    C·Σ wᵢ lossᵢ + ½‖W‖². (a) binary with integer weights 0–3 (weight 0 drops a row, weight 2
    counts it twice); (b) three classes, multinomial, with non-integer positive weights."""
    rng = np.random.default_rng(20261203)
    n = 200
    Xb = rng.normal(0, 1, (n, 3)) * [1.0, 2.5, 0.4] + [0.5, -1.0, 3.0]
    eta = 0.9 * Xb[:, 0] - 0.35 * Xb[:, 1] + 1.2 * (Xb[:, 2] - 3.0) - 0.3
    yb = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    wb = rng.integers(0, 4, n).astype(float)
    n = 240
    Xm = rng.normal(0, 1, (n, 3)) * [1.5, 1.0, 0.7] + [0.0, 2.0, -1.0]
    Wm = np.array([[0.8, -0.4, 0.3], [-0.5, 0.9, -0.2], [0.1, -0.3, 1.0]])
    Pm = softmax(Xm @ Wm.T + [0.2, -0.1, 0.0], axis=1)
    ym = np.array([rng.choice(3, p=row) for row in Pm])
    wm = rng.uniform(0.1, 3.0, n)
    return [
        weighted_case("binary, integer weights 0–3, C = 1", Xb, yb, 1, 1.0, "l2", wb),
        weighted_case("three classes, non-integer weights, C = 0.5", Xm, ym, 3, 0.5, "l2", wm),
    ]


def class_weight_section():
    """Class weights: scikit-learn multiplies sample_weight by classWeights[yᵢ], so the objective is
    C·Σ classWeights[yᵢ]·lossᵢ + ½‖W‖². 'balanced' is n / (K·n_k) from
    sklearn.utils.class_weight.compute_class_weight; the explicit case passes {0: 1, 1: 5}. The
    reference is Newton with those per-row weights; sklearn is LogisticRegression(class_weight=…)
    itself (not sample_weight), so the stored sklearn objective also checks the weight semantics."""
    from sklearn.utils.class_weight import compute_class_weight
    rng = np.random.default_rng(20261204)
    counts = [60, 25, 15]
    means = np.array([[0.0, 0.0], [1.2, 0.6], [0.4, 1.5]])
    Xc = np.vstack([rng.normal(0, 1, (c, 2)) + means[k] for k, c in enumerate(counts)])
    yc = np.concatenate([np.full(c, k) for k, c in enumerate(counts)])
    order = rng.permutation(len(yc))
    Xc, yc = Xc[order], yc[order]
    balanced = compute_class_weight("balanced", classes=np.unique(yc), y=yc)
    n = 160
    Xb = rng.normal(0, 1, (n, 2)) * [1.0, 3.0]
    yb = (rng.random(n) < 1 / (1 + np.exp(-(0.7 * Xb[:, 0] + 0.2 * Xb[:, 1] - 2.0)))).astype(int)
    explicit = np.array([1.0, 5.0])
    cases = [
        weighted_case("three classes 60/25/15, class_weight 'balanced', C = 1", Xc, yc, 3, 1.0, "l2", balanced[yc],
                      extra={"classWeight": "balanced", "balancedWeights": floats(balanced), "classWeights": floats(balanced),
                             "classCounts": [int(c) for c in np.bincount(yc)]},
                      sklearn_kwargs={"class_weight": "balanced"}),
        weighted_case("binary, class_weight {0: 1, 1: 5}, C = 1", Xb, yb, 1, 1.0, "l2", explicit[yb],
                      extra={"classWeight": {"0": 1.0, "1": 5.0}, "classWeights": floats(explicit),
                             "classCounts": [int(c) for c in np.bincount(yb)]},
                      sklearn_kwargs={"class_weight": {0: 1.0, 1: 5.0}}),
    ]
    for case in cases:
        ref, sk = case["optimum"]["objective"], case["sklearn"]["objective"]
        if abs(ref - sk) > 1e-8 * abs(ref):
            raise AssertionError(f"{case['name']}: scikit-learn {sk!r} vs reference {ref!r}")
    return cases


Z975 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)


def loss_hessian(X, y, K, coef, intercept):
    """Hessian of Σ lossᵢ (unweighted, C = 1, no penalty) in raw units at (coef, intercept), over
    the parameters laid out per class row k as [w_k1 … w_kd, b_k] (binary: K = 1, one row), i.e.
    Xaᵀ diag(p(1 − p)) Xa or the blocks Xaᵀ diag(p_k(δ_kl − p_l)) Xa with Xa = [X, 1]."""
    n, d = X.shape
    Xa = np.hstack([X, np.ones((n, 1))])
    E = X @ coef.T + intercept
    if K == 1:
        p = 1 / (1 + np.exp(-E.ravel()))
        return (Xa.T * (p * (1 - p))) @ Xa
    P = softmax(E, axis=1)
    H = np.zeros((K * (d + 1), K * (d + 1)))
    for k in range(K):
        for l in range(K):
            H[k * (d + 1):(k + 1) * (d + 1), l * (d + 1):(l + 1) * (d + 1)] = (Xa.T * (P[:, k] * ((k == l) - P[:, l]))) @ Xa
    return H


def loss_gradient(X, y, K, theta):
    """Gradient of Σ lossᵢ over the same layout (for the finite-difference check of loss_hessian)."""
    d = X.shape[1]
    rows = theta.reshape(max(K, 1), d + 1)
    E = X @ rows[:, :d].T + rows[:, d]
    if K == 1:
        R = (1 / (1 + np.exp(-E.ravel())) - y)[:, None]
    else:
        R = softmax(E, axis=1) - np.eye(K)[y]
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    return (R.T @ Xa).ravel()


def se_case(name, X, y, K, C, penalty):
    """Coefficient uncertainty at the optimum from the inverse Hessian, raw units.
    Binary: Cov = inv(H + D/C) with H = Xaᵀ diag(p(1 − p)) Xa, Xa = [X, 1] (intercept last) and
    D = diag(1, …, 1, 0) for l2 (the intercept unpenalised), D = 0 for penalty none (the usual MLE
    covariance, what statsmodels' Logit(...).fit().bse reports). With l2 this is the
    "Hessian-based approximation" C·inv(∇² objective) = inv(∇²[Σ lossᵢ + ½‖w‖²/C]).
    Multinomial (centred parametrisation, rows summing to 0 over classes as scikit-learn's):
    Cov = P·pinv(H + I_K⊗D/C)·P with H the Hessian of Σ lossᵢ over all K·(d + 1) parameters (layout
    per class row [w_k1 … w_kd, b_k]) and P = (I_K − 11ᵀ/K) ⊗ I_{d+1}, the projector removing a common
    shift of all class rows (the directions along which the softmax, and so H, is flat; with l2 only
    the intercept shift stays flat). pinv cuts eigenvalues below 1e-10 of the largest.
    se = sqrt(diag(Cov)); z = estimate / se; p = 2·norm.sf(|z|); ci95 = estimate ∓ 1.959963984540054·se,
    stored as [lower, upper] per parameter."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    n, d = X.shape
    coef, intercept = newton_optimum(X, y, K, C, penalty)
    ref = raw_objective(X, y, K, C, penalty, coef, intercept)
    Kr = max(K, 1)
    theta = np.hstack([coef, intercept[:, None]]).ravel()
    H = loss_hessian(X, y, K, coef, intercept)
    pen = np.tile(np.append(np.ones(d), 0.0), Kr) / C if penalty == "l2" else np.zeros(Kr * (d + 1))
    Hp = H + np.diag(pen)
    checks = {"method": "numpy formula"}
    if K == 1:
        cov = np.linalg.inv(Hp)
        if penalty == "none":
            try:  # statsmodels is optional (absent from the Debian system Python this was written on)
                import statsmodels.api as sm
                bse = sm.Logit(y, np.hstack([X, np.ones((n, 1))])).fit(disp=0, tol=1e-12, maxiter=200).bse
                checks["method"] = "numpy formula, cross-checked with statsmodels Logit(...).fit().bse"
                checks["statsmodelsBseMaxAbsDiff"] = float(np.max(np.abs(np.asarray(bse) - np.sqrt(np.diag(cov)))))
            except ImportError:
                checks["method"] = "numpy formula (statsmodels not installed)"
    else:
        Pk = np.kron(np.eye(K) - np.ones((K, K)) / K, np.eye(d + 1))
        cov = Pk @ np.linalg.pinv(Hp, rcond=1e-10, hermitian=True) @ Pk
        # The same covariance by an explicit basis Q of the centred subspace: Q·inv(QᵀHQ)·Qᵀ.
        U = np.linalg.svd(np.eye(K) - np.ones((K, K)) / K)[0][:, :K - 1]
        Q = np.kron(U, np.eye(d + 1))
        cov_q = Q @ np.linalg.inv(Q.T @ Hp @ Q) @ Q.T
        checks["centredBasisSeMaxRelDiff"] = float(np.max(np.abs(np.sqrt(np.diag(cov_q)) / np.sqrt(np.diag(cov)) - 1)))
    # loss_hessian against central differences of the analytic gradient.
    h = 1e-6 * (1 + np.abs(theta))
    fd = np.column_stack([(loss_gradient(X, y, K, theta + h[j] * e) - loss_gradient(X, y, K, theta - h[j] * e)) / (2 * h[j])
                          for j, e in enumerate(np.eye(len(theta)))])
    checks["hessianFiniteDifferenceMaxRelDiff"] = float(np.max(np.abs(fd - H)) / np.max(np.abs(H)))
    se = np.sqrt(np.diag(cov)).reshape(Kr, d + 1)
    est = theta.reshape(Kr, d + 1)
    z = est / se
    pval = 2 * norm.sf(np.abs(z))
    lo, hi = est - Z975 * se, est + Z975 * se

    def split(a):
        return {"coef": floats(a[:, :d]), "intercept": floats(a[:, d])}

    ci = np.stack([lo, hi], axis=-1)
    case = {"name": name, "X": floats(X), "y": [int(v) for v in y], "classCount": 2 if K == 1 else K,
            "C": C, "penalty": penalty,
            "optimum": {"coef": floats(coef), "intercept": floats(intercept), "objective": ref["objective"],
                        "gradMaxAbs": ref["gradMaxAbs"], "meanLogLoss": float(ref["rows"].mean())},
            "covariance": floats(cov),
            "standardErrors": split(se), "z": split(z), "p": split(pval),
            "ci95": {"coef": floats(ci[:, :d]), "intercept": floats(ci[:, d])},
            "checks": checks}
    return case, se


def standard_errors_section():
    """Standard errors, z, two-sided normal p-values and 95% Wald intervals from the inverse
    Hessian at the optimum (se_case has the formulas): (a) binary MLE, (b) the same data with l2,
    C = 1, (c) three overlapping classes, multinomial MLE, (d) the same with l2, C = 1. Check for
    (c)'s formula: the multinomial code on (a)'s data with K = 2 must give half of (a)'s standard
    errors (centred rows w₁ = −w₀ = β/2)."""
    rng = np.random.default_rng(20261205)
    n = 150
    Xa = rng.normal(0, 1, (n, 3)) * [1.0, 2.0, 0.5] + [0.0, 1.0, -0.5]
    eta = 0.8 * Xa[:, 0] - 0.4 * Xa[:, 1] + 0.6 * Xa[:, 2] + 0.3
    ya = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    n = 300
    centres = np.array([[0.0, 0.0], [1.0, 0.4], [0.3, 1.1]])
    ym = rng.integers(0, 3, n)
    Xm = rng.normal(0, 1, (n, 2)) * [1.2, 0.9] + centres[ym]
    a, se_a = se_case("binary MLE, 150 × 3", Xa, ya, 1, 1.0, "none")
    b, _ = se_case("binary, l2, C = 1, 150 × 3", Xa, ya, 1, 1.0, "l2")
    c, _ = se_case("three classes MLE, 300 × 2", Xm, ym, 3, 1.0, "none")
    dd, _ = se_case("three classes, l2, C = 1, 300 × 2", Xm, ym, 3, 1.0, "l2")
    _, se_two = se_case("binary data as two-class multinomial", Xa, ya, 2, 1.0, "none")
    c["checks"]["twoClassHalfOfBinarySeMaxRelDiff"] = float(np.max(np.abs(2 * se_two[1] / se_a[0] - 1)))
    return [a, b, c, dd]


def fit_extras():
    return {"versions": versions(), "digits": digits_section(), "weighted": weighted_section(),
            "classWeight": class_weight_section(), "standardErrors": standard_errors_section()}


# ---------------------------------------------------------------------------------------------
# Classification metrics (issue 15): ranking, confusion, per-class, top-k
# ---------------------------------------------------------------------------------------------

def classification_case(name, y, P, ks=()):
    """scikit-learn's metrics of predictions P (one column = P(positive), else class rows) against
    labels y: ROC AUC and average precision (binary; multi-class one-vs-rest, macro), the confusion
    matrix of the argmax (first index on ties; binary p > 0.5), precision / recall / F1 with
    zero_division=0, top-k accuracy, and each class's mean log loss (numpy)."""
    from sklearn.metrics import (average_precision_score, confusion_matrix,
                                 precision_recall_fscore_support, roc_auc_score, top_k_accuracy_score)
    P = np.asarray(P, dtype=float)
    y = np.asarray(y)
    if P.ndim == 1:
        K = 2
        pred = (P > 0.5).astype(int)
        auc = roc_auc_score(y, P)
        ap = average_precision_score(y, P)
        p_true = np.where(y == 1, P, 1 - P)
    else:
        K = P.shape[1]
        pred = np.argmax(P, axis=1)
        auc = roc_auc_score(y, P, multi_class="ovr", average="macro", labels=list(range(K)))
        ap = float(np.mean([average_precision_score((y == k).astype(int), P[:, k]) for k in range(K)]))
        p_true = P[np.arange(len(y)), y]
    loss = -np.log(np.clip(p_true, EPS, 1 - EPS))
    precision, recall, f1, support = precision_recall_fscore_support(y, pred, labels=list(range(K)), zero_division=0)
    out = {"name": name, "y": [int(v) for v in y], "p": floats(P), "rocAuc": float(auc), "averagePrecision": float(ap),
           "confusion": confusion_matrix(y, pred, labels=list(range(K))).tolist(),
           "precision": floats(precision), "recall": floats(recall), "f1": floats(f1), "support": [int(v) for v in support],
           "classMeanLoss": floats([loss[y == k].mean() if np.any(y == k) else np.nan for k in range(K)])}
    if ks:
        out["topK"] = {str(k): float(top_k_accuracy_score(y, P, k=k, labels=list(range(K)))) for k in ks}
    return out


def classification():
    rng = np.random.default_rng(15)
    cases = []
    # Binary, scores rounded to two decimals: many ties, which ROC AUC counts as half.
    n = 500
    y = (rng.random(n) < 0.3).astype(int)
    p = np.round(np.clip(0.3 + 0.35 * (y - 0.3) + rng.normal(0, 0.2, n), 0, 1), 2)
    cases.append(classification_case("binary-ties", y, p))
    # Four classes written with three decimals (ties), class 3 never the argmax (zero_division).
    n, K = 600, 4
    y = rng.integers(0, K, n)
    logits = rng.normal(0, 1, (n, K)) + 1.5 * np.eye(K)[y]
    logits[:, 3] -= 6
    P = softmax(logits, axis=1)
    P = np.round(P, 3)
    P[:, 0] = np.round(1 - P[:, 1:].sum(axis=1), 3)
    cases.append(classification_case("four-classes", y, P, ks=(1, 2, 3)))
    return {"versions": versions(), "cases": cases}


OUTPUTS = {"basics": basics, "fits": fits, "fitExtras": fit_extras, "classification": classification}


def main(names=None):
    """Writes every output, or only those named on the command line (e.g. `generate.py fitExtras`):
    float64 libm / SIMD paths differ between machines (NumPy 1.24 dispatches exp/log to AVX-512 code
    where the CPU has it), so a rerun elsewhere can move the last bits of files one did not mean to
    touch."""
    os.makedirs(OUT, exist_ok=True)
    for name in names or OUTPUTS:
        data = OUTPUTS[name]()
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump(data, f, separators=(",", ":"))
            f.write("\n")
        print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
