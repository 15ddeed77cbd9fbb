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


def main():
    expected = {}
    iris = pd.read_csv(os.path.join(DIR, "iris-two-models.csv"), float_precision="round_trip")
    species = ["setosa", "versicolor", "virginica"]
    y = iris["species"].map({s: k for k, s in enumerate(species)}).to_numpy()
    p = iris[[f"nb_proba_{s}" for s in species]].to_numpy()
    z = iris[[f"lr_logit_{s}" for s in species]].to_numpy()
    expected["iris-two-models.csv"] = {"label": "species", "classes": species, "models": [
        {"prob": [f"nb_proba_{s}" for s in species], **metrics(y, p, p, species, ks=(2,))},
        {"logit": [f"lr_logit_{s}" for s in species], **metrics(y, softmax(z, axis=1), softmax(z, axis=1), species, ks=(2,))},
    ]}
    with open(os.path.join(DIR, "digits-names-classes.jsonl")) as f:
        rows = [json.loads(line) for line in f]
    names = rows[0]["classes"]
    y = np.array([names.index(r["label"]) for r in rows])
    P = np.array([r["probs"] for r in rows], dtype=float)
    expected["digits-names-classes.jsonl"] = {"label": "label", "classes": names, "models": [{"prob": ["probs"], **metrics(y, P, P, names, ks=(2, 3))}]}
    cancer = pd.read_csv(os.path.join(DIR, "breast-cancer-proba.csv"), float_precision="round_trip")
    y = (cancer["diagnosis"] == "benign").astype(int).to_numpy()
    proba = cancer["proba"].to_numpy()
    expected["breast-cancer-proba.csv"] = {"label": "diagnosis", "posLabel": "benign", "classes": ["malignant", "benign"],
                                           "models": [{"prob": ["proba"], **metrics(y, proba, proba, ["malignant", "benign"])}]}
    path = os.path.join(DIR, "classification.json")
    with open(path, "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main()
