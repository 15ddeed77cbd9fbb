#!/usr/bin/python3
"""scikit-learn's classification metrics of three realistic exports in test/fixtures/realistic/, as
the files are written (read back with exact doubles), for the CLI's confusion, per-class, top-k,
ROC AUC and average-precision fields.

Run with the system Python (Debian: python3-sklearn python3-pandas):
    /usr/bin/python3 scripts/reference/classificationExports.py
It writes test/fixtures/realistic/classification.json. The exports themselves come from
realistic.py; this script only reads them.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy.special import softmax
from sklearn.metrics import (average_precision_score, confusion_matrix, precision_recall_fscore_support,
                             roc_auc_score, top_k_accuracy_score)

EPS = float(np.finfo(np.float64).eps)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIR = os.path.join(ROOT, "test", "fixtures", "realistic")


def metrics(y, scores, proba, classes, ks=()):
    """y: class indices; scores: what ROC AUC ranks (1-D P(positive) or class rows); proba: class rows or 1-D."""
    K = len(classes)
    labels = list(range(K))
    if np.ndim(proba) == 1:
        pred = (proba > 0.5).astype(int)
        auc = roc_auc_score(y, scores)
        ap = average_precision_score(y, scores)
        p_true = np.where(y == 1, proba, 1 - proba)
    else:
        pred = np.argmax(proba, axis=1)
        auc = roc_auc_score(y, scores, multi_class="ovr", average="macro", labels=labels)
        ap = float(np.mean([average_precision_score((y == k).astype(int), scores[:, k]) for k in labels]))
        p_true = proba[np.arange(len(y)), y]
    loss = -np.log(np.clip(p_true, EPS, 1 - EPS))
    precision, recall, f1, support = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    out = {
        "rocAuc": float(auc),
        "averagePrecision": float(ap),
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
        "perClass": [{"class": classes[k], "support": int(support[k]), "meanLoss": float(loss[y == k].mean()),
                      "precision": float(precision[k]), "recall": float(recall[k]), "f1": float(f1[k])} for k in labels],
    }
    if ks:
        out["topKAccuracy"] = {str(k): float(top_k_accuracy_score(y, proba, k=k, labels=labels)) for k in ks}
    return out


def temperature(z, y):
    """The T > 0 minimising mean −log softmax(z / T)_y: the root of the derivative in β = 1/T
    (scipy's brentq to 1e-15), with the mean cross-entropy at T = 1 and at T (nats)."""
    from scipy.optimize import brentq
    from scipy.special import log_softmax
    rows = np.arange(len(y))
    def loss(beta):
        return float(-log_softmax(beta * z, axis=1)[rows, y].mean())
    def slope(beta):
        p = softmax(beta * z, axis=1)
        return float(((p * z).sum(axis=1) - z[rows, y]).mean())
    hi = 1.0
    while slope(hi) < 0:
        hi *= 4
    beta = brentq(slope, 1e-9, hi, xtol=1e-15, rtol=1e-15, maxiter=500)
    return {"t": 1 / beta, "before": loss(1.0), "after": loss(beta)}


def calibration(y, proba, n_bins, strategy, z):
    """calibration_curve's bins (binary: P(positive) vs the share of positives; class rows: the top
    label's probability vs its accuracy), ECE / MCE over the non-empty bins, the binary Brier
    decomposition on the same bins, and temperature scaling of the scores z."""
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss
    if proba.ndim == 1:
        conf, hit = proba, (y == 1).astype(int)
    else:
        conf, hit = proba.max(axis=1), (np.argmax(proba, axis=1) == y).astype(int)
    acc, mean_conf = calibration_curve(hit, conf, n_bins=n_bins, strategy=strategy)
    if strategy == "quantile":
        edges = np.percentile(conf, np.linspace(0, 100, n_bins + 1))
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], conf)
    counts = np.bincount(ids, minlength=n_bins)
    n = len(conf)
    gaps = np.abs(acc - mean_conf)
    nonzero = counts[counts > 0]
    out = {"bins": n_bins, "strategy": strategy, "edges": floats(edges), "counts": counts.tolist(),
           "confidence": floats(mean_conf), "accuracy": floats(acc),
           "ece": float(np.sum(nonzero / n * gaps)), "mce": float(gaps.max()),
           "temperature": temperature(z, y)}
    if proba.ndim == 1:
        base = hit.mean()
        out["brier"] = {"score": float(brier_score_loss(hit, proba)),
                        "reliability": float(np.sum(nonzero / n * (mean_conf - acc) ** 2)),
                        "resolution": float(np.sum(nonzero / n * (acc - base) ** 2)),
                        "uncertainty": float(base * (1 - base))}
    return out


def label_issues(y, P):
    """cleanlab's find_label_issues(filter_by='confident_learning') written out in numpy as
    cleanlab/count.py computes it (cleanlab is not packaged for Debian): per-class thresholds
    (mean p_k over the rows labelled k), confident classes p >= t - 1e-6, the guessed true class
    (the one confident class; with several, the row's argmax), issues where it differs from y,
    sorted by self-confidence p(y) (cleanlab's rank_by='self_confidence')."""
    K = P.shape[1]
    thresholds = np.array([P[y == k, k].mean() for k in range(K)])
    confident = P >= thresholds - 1e-6
    count = confident.sum(axis=1)
    guess = np.where(count > 1, P.argmax(axis=1), confident.argmax(axis=1))
    rows = np.flatnonzero((count > 0) & (guess != y))
    self_confidence = P[rows, y[rows]]
    order = np.lexsort((rows, self_confidence))
    return {"thresholds": floats(thresholds),
            "issues": [{"row": int(rows[i]) + 1, "given": int(y[rows[i]]), "suggested": int(guess[rows[i]]),
                        "selfConfidence": float(self_confidence[i])} for i in order]}


def weighting(y, z, w, names):
    """Weighted losses of iris' logistic logits z and naive Bayes probabilities, PyTorch's formulas
    written out in numpy, scikit-learn's with sample_weight."""
    from scipy.special import log_softmax
    from sklearn.metrics import log_loss
    rows = np.arange(len(y))
    nll = -log_softmax(z, axis=1)
    class_weight = np.array([1.0, 2.0, 0.5])
    A = 0.1
    K = z.shape[1]
    P = softmax(z, axis=1)
    onehot = np.eye(K)[y]
    return {
        "classWeight": dict(zip(names, class_weight.tolist())),
        # CrossEntropyLoss(weight=w, reduction='mean'): sum_i w_{y_i} l_i / sum_i w_{y_i}
        "classWeighted": float((class_weight[y] * nll[rows, y]).sum() / class_weight[y].sum()),
        # CrossEntropyLoss(label_smoothing=A): target (1 - A) onehot + A / K
        "labelSmoothing": A,
        "smoothed": float(((1 - A) * nll[rows, y] + (A / K) * nll.sum(axis=1)).mean()),
        # log_loss(sample_weight=w); the textbook multi-class Brier and the error rate weighted the same way
        "sampleWeighted": float(log_loss(y, P, sample_weight=w, labels=list(range(K)), eps=EPS)),
        "sampleWeightedBrier": float((w * ((onehot - P) ** 2).sum(axis=1)).sum() / w.sum()),
        "sampleWeightedError": float((w * (P.argmax(axis=1) != y)).sum() / w.sum()),
        "weightTotal": float(w.sum()),
    }


def pos_weighted(y, p, W):
    """BCEWithLogitsLoss(pos_weight=W) on probabilities, averaged over rows: -[W y log c + (1 - y) log(1 - c)], c clipped."""
    c = np.clip(p, EPS, 1 - EPS)
    return float(-(W * y * np.log(c) + (1 - y) * np.log(1 - c)).mean())


def ignored(y, z, ignore_index, class_weight):
    """F.cross_entropy(z, y, ignore_index=-100) and with weight=w written out in numpy: rows labelled
    ignore_index leave every sum (the weighted mean's denominator too); the error rate over the rest."""
    from scipy.special import log_softmax
    keep = y != ignore_index
    yk, zk = y[keep], z[keep]
    nll = -log_softmax(zk, axis=1)[np.arange(len(yk)), yk]
    w = np.asarray(class_weight)[yk]
    return {"ignoreIndex": ignore_index, "ignoredRows": int((~keep).sum()), "scoredRows": int(keep.sum()),
            "mean": float(nll.mean()), "errorRate": float((zk.argmax(axis=1) != yk).mean()),
            "classWeight": [float(v) for v in class_weight], "classWeighted": float((w * nll).sum() / w.sum())}


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float)]


def logs(p):
    return np.log(np.clip(p, EPS, 1 - EPS))


def main():
    expected = {}
    iris = pd.read_csv(os.path.join(DIR, "iris-two-models.csv"), float_precision="round_trip")
    species = ["setosa", "versicolor", "virginica"]
    y = iris["species"].map({s: k for k, s in enumerate(species)}).to_numpy()
    p = iris[[f"nb_proba_{s}" for s in species]].to_numpy()
    z = iris[[f"lr_logit_{s}" for s in species]].to_numpy()
    expected["iris-two-models.csv"] = {"label": "species", "classes": species, "models": [
        {"prob": [f"nb_proba_{s}" for s in species], **metrics(y, p, p, species, ks=(2,)),
         "calibration": calibration(y, p, 5, "quantile", logs(p)), "labelIssues": label_issues(y, p)},
        {"logit": [f"lr_logit_{s}" for s in species], **metrics(y, softmax(z, axis=1), softmax(z, axis=1), species, ks=(2,)),
         "calibration": calibration(y, softmax(z, axis=1), 10, "uniform", z)},
    ]}
    # The same rows with a sample-weight column, written as pandas writes it.
    w = np.random.default_rng(16).integers(1, 6, len(y)).astype(float) / 2
    weighted = iris[["species", *[f"lr_logit_{s}" for s in species]]].copy()
    weighted["weight"] = w
    weighted.to_csv(os.path.join(DIR, "iris-weighted.csv"), index=False)
    expected["iris-weighted.csv"] = {"label": "species", "classes": species, "logit": [f"lr_logit_{s}" for s in species],
                                     "weighting": weighting(y, z, w, species)}
    with open(os.path.join(DIR, "digits-names-classes.jsonl")) as f:
        rows = [json.loads(line) for line in f]
    names = rows[0]["classes"]
    y = np.array([names.index(r["label"]) for r in rows])
    P = np.array([r["probs"] for r in rows], dtype=float)
    expected["digits-names-classes.jsonl"] = {"label": "label", "classes": names, "models": [
        {"prob": ["probs"], **metrics(y, P, P, names, ks=(2, 3)), "calibration": calibration(y, P, 15, "uniform", logs(P)),
         "labelIssues": label_issues(y, P)}]}
    cancer = pd.read_csv(os.path.join(DIR, "breast-cancer-proba.csv"), float_precision="round_trip")
    y = (cancer["diagnosis"] == "benign").astype(int).to_numpy()
    proba = cancer["proba"].to_numpy()
    expected["breast-cancer-proba.csv"] = {"label": "diagnosis", "posLabel": "benign", "classes": ["malignant", "benign"],
                                           "models": [{"prob": ["proba"], **metrics(y, proba, proba, ["malignant", "benign"]),
                                                       "calibration": calibration(y, proba, 10, "quantile",
                                                                                  np.stack([logs(1 - proba), logs(proba)], axis=1)),
                                                       "labelIssues": label_issues(y, np.stack([1 - proba, proba], axis=1)),
                                                       "posWeight": 3.0, "posWeighted": pos_weighted(y, proba, 3.0)}]}
    # A tagger's eval dump as PyTorch code writes it: json.dumps per line, the logits of 10 classes,
    # and label -100 (ignore_index) on the rows that are padding, from a model fitted on the other
    # half of load_digits (so its errors are real).
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    X, t = load_digits(return_X_y=True)
    fitted = LogisticRegression(max_iter=5000).fit(X[:1000] / 16, t[:1000])
    z = fitted.decision_function(X[1000:1400] / 16)
    y = t[1000:1400].copy()
    rng = np.random.default_rng(17)
    y[rng.random(len(y)) < 0.15] = -100
    # Six annotation slips among the scored rows (label-issues must name them by the file's rows).
    slips = rng.choice(np.flatnonzero(y != -100), 6, replace=False)
    y[slips] = (y[slips] + 3) % 10
    with open(os.path.join(DIR, "digits-ignore-index.jsonl"), "w") as f:
        for i in range(len(y)):
            f.write(json.dumps({"token": 1000 + i, "label": int(y[i]), "logits": [float(v) for v in z[i]]}) + "\n")
    expected["digits-ignore-index.jsonl"] = {"label": "label", "logit": ["logits"],
                                             **ignored(y, z, -100, [1.0, 2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0]),
                                             "slips": sorted(int(i) + 1 for i in slips)}
    path = os.path.join(DIR, "classification.json")
    with open(path, "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main()
