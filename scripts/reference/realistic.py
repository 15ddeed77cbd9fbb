#!/usr/bin/python3
"""A corpus of realistic prediction exports, written the way real tools write them.

Run with the system Python (Debian: python3-sklearn python3-pandas):
    /usr/bin/python3 scripts/reference/realistic.py
It writes test/fixtures/realistic/*.{csv,jsonl,json} plus expected.json: for every file, the columns
a reader should find, the classes in the model's column order and scikit-learn's numbers (log_loss
in nats with eps = float64 machine epsilon, brier, accuracy) over the rows that should be scored.
Models are real fits on scikit-learn's bundled datasets (cross_val_predict), so the probabilities
have the shapes real exports have; files are written with pandas' to_csv / json.dumps per line.
It also writes two small samples for samples/ (the UI suite and the demo open that folder): the
first rows of the digits and fraud exports, and prints their figures for README's Samples table.
"""
import json
import os

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import log_loss
from scipy.special import log_softmax, softmax

EPS = float(np.finfo(np.float64).eps)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "realistic")
SAMPLES = os.path.join(ROOT, "samples")
SAMPLE_ROWS = 150
DIGIT_NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EXPECTED = {}


def scores(y_index, proba, rows=None):
    """log loss (nats), Brier (multi-class textbook form or binary), accuracy, as the product reports."""
    proba = np.asarray(proba, dtype=float)
    y_index = np.asarray(y_index)
    if rows is not None:
        proba, y_index = proba[rows], y_index[rows]
    if proba.ndim == 1:
        p = np.clip(proba, EPS, 1 - EPS)
        loss = -(y_index * np.log(p) + (1 - y_index) * np.log1p(-p))
        return {
            "n": int(len(y_index)),
            "mean": float(loss.mean()),
            "logLoss": float(log_loss(y_index, proba, labels=[0, 1], eps=EPS)),
            "brier": float(np.mean((y_index - proba) ** 2)),
            "errorRate": float(np.mean((proba > 0.5).astype(int) != y_index)),
        }
    k = proba.shape[1]
    p = np.clip(proba[np.arange(len(y_index)), y_index], EPS, 1 - EPS)
    onehot = np.eye(k)[y_index]
    return {
        "n": int(len(y_index)),
        "mean": float(-np.log(p).mean()),
        "brier": float(np.mean(np.sum((onehot - proba) ** 2, axis=1))),
        "errorRate": float(np.mean(np.argmax(proba, axis=1) != y_index)),
    }


def write_jsonl(name, records):
    with open(os.path.join(OUT, name), "w") as f:
        for record in records:
            f.write(json.dumps(record) + "\n")


def digits():
    """Digits softmax, trained on 0..9, exported with the label *names*: probs in model order."""
    X, y = load_digits(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.05))
    proba = cross_val_predict(model, X, y, cv=5, method="predict_proba")
    proba = np.round(proba, 6)  # what a typical export keeps
    names = [DIGIT_NAMES[v] for v in y]
    write_jsonl("digits-names.jsonl", [{"id": int(i), "label": names[i], "probs": [float(v) for v in proba[i]]} for i in range(len(y))])
    write_jsonl(
        "digits-names-classes.jsonl",
        [{"id": int(i), "label": names[i], "probs": [float(v) for v in proba[i]], "classes": DIGIT_NAMES} for i in range(len(y))],
    )
    with open(os.path.join(SAMPLES, "digits-names-sample.jsonl"), "w") as f:
        for i in range(SAMPLE_ROWS):
            f.write(json.dumps({"id": int(i), "label": names[i], "probs": [float(v) for v in proba[i]]}) + "\n")
    sorted_names = sorted(DIGIT_NAMES)
    wrong = np.array([sorted_names.index(n) for n in names])
    print("samples/digits-names-sample.jsonl:", scores(y[:SAMPLE_ROWS], proba[:SAMPLE_ROWS]), "sorted order:", scores(wrong[:SAMPLE_ROWS], proba[:SAMPLE_ROWS]))
    EXPECTED["digits-names.jsonl"] = {
        "label": "label",
        "model": {"columns": ["probs"], "kind": "probabilities"},
        "classes": DIGIT_NAMES,
        "classOrder": "inferred",
        "uncertain": True,
        "scores": scores(y, proba),
        "sortedOrderScores": scores(wrong, proba),
    }
    EXPECTED["digits-names-classes.jsonl"] = {
        "label": "label",
        "model": {"columns": ["probs"], "kind": "probabilities"},
        "classes": DIGIT_NAMES,
        "classOrder": "field",
        "uncertain": False,
        "scores": scores(y, proba),
    }


def fraud():
    """An id column beside is_fraud and a score: the label is is_fraud, never the id."""
    rng = np.random.default_rng(7)
    X, y = load_breast_cancer(return_X_y=True)
    n = 3000
    rows = rng.integers(0, len(y), n)
    y = 1 - y[rows]  # malignant as the rare-ish "fraud" class
    X = X[rows] * rng.normal(1, 0.05, size=X[rows].shape)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    score = cross_val_predict(model, X[:, :6], y, cv=5, method="predict_proba")[:, 1]
    df = pd.DataFrame(
        {
            "transaction_id": [f"tx_{rng.integers(16**8):08x}" for _ in range(n)],
            "amount": np.round(X[:, 0] * 17.3, 2),
            "hour": rng.integers(0, 24, n),
            "n_prev_txn": rng.poisson(4, n),
            "is_fraud": y,
            "score": score,
        }
    )
    df.to_csv(os.path.join(OUT, "fraud.csv"), index=False)
    df.head(SAMPLE_ROWS).to_csv(os.path.join(SAMPLES, "fraud-sample.csv"), index=False)
    print("samples/fraud-sample.csv:", scores(y[:SAMPLE_ROWS], score[:SAMPLE_ROWS]))
    EXPECTED["fraud.csv"] = {
        "label": "is_fraud",
        "model": {"columns": ["score"], "kind": "probabilities"},
        "classes": ["0", "1"],
        "classOrder": "numeric",
        "uncertain": False,
        "scores": scores(y, score),
    }


def sentiment_rounded():
    """50,000 rows, three classes, written with float_format='%.6f': rows sum to 1 ± 1.5e-6."""
    rng = np.random.default_rng(11)
    n = 50_000
    classes = ["negative", "neutral", "positive"]
    y = rng.choice(3, size=n, p=[0.3, 0.2, 0.5])
    logits = rng.normal(0, 1.0, size=(n, 3)) + 2.2 * np.eye(3)[y]
    proba = softmax(logits, axis=1)
    df = pd.DataFrame(
        {
            "review_id": np.arange(100_000, 100_000 + n),
            "label": [classes[v] for v in y],
            "prob_negative": proba[:, 0],
            "prob_neutral": proba[:, 1],
            "prob_positive": proba[:, 2],
        }
    )
    path = os.path.join(OUT, "sentiment-6dp.csv")
    df.to_csv(path, index=False, float_format="%.6f")
    written = pd.read_csv(path)
    p = written[["prob_negative", "prob_neutral", "prob_positive"]].to_numpy()
    sums = p.sum(axis=1)
    EXPECTED["sentiment-6dp.csv"] = {
        "label": "label",
        "model": {"columns": ["prob_negative", "prob_neutral", "prob_positive"], "kind": "probabilities"},
        "classes": classes,
        "classOrder": "names",
        "uncertain": False,
        "rowsOffByRounding": int(np.sum(np.abs(sums - 1) > 1e-6)),
        "maxRowSumError": float(np.max(np.abs(sums - 1))),
        "scores": scores(y, p),
    }


def sentiment_typo():
    """A smaller export whose probabilities are prob_0..2 (model order) and one label mistyped."""
    rng = np.random.default_rng(5)
    X, y = load_wine(return_X_y=True)
    classes = ["negative", "neutral", "positive"]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, C=0.02))
    proba = cross_val_predict(model, X, y, cv=5, method="predict_proba")
    labels = [classes[v] for v in y]
    typo_row = int(np.flatnonzero(y == 0)[7])
    labels[typo_row] = "Negative"
    df = pd.DataFrame({"text_id": [f"r{i:04d}" for i in range(len(y))], "label": labels})
    for k in range(3):
        df[f"prob_{k}"] = proba[:, k]
    df.to_csv(os.path.join(OUT, "sentiment-typo.csv"), index=False)
    keep = np.array([i != typo_row for i in range(len(y))])
    EXPECTED["sentiment-typo.csv"] = {
        "label": "label",
        "model": {"columns": ["prob_0", "prob_1", "prob_2"], "kind": "probabilities"},
        "classes": classes,
        "classOrder": "sorted",
        "uncertain": False,
        "badLabel": {"row": typo_row, "line": typo_row + 2, "value": "Negative"},
        "scores": scores(y, proba, keep),
    }


def hugging_face():
    """Hugging Face style: text, integer-free string label, logits, and id2label per record."""
    rng = np.random.default_rng(3)
    X, y = load_iris(return_X_y=True)
    names = ["negative", "neutral", "positive"]
    # A model whose id2label order is not sorted order: index 0 = positive, 1 = negative, 2 = neutral.
    id2label = {"0": "positive", "1": "negative", "2": "neutral"}
    order = [2, 0, 1]  # model index of each iris class: class c is written at model index order[c]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, C=0.05))
    decision = cross_val_predict(model, X, y, cv=5, method="decision_function")
    logits = np.zeros_like(decision)
    for c in range(3):
        logits[:, order[c]] = decision[:, c]
    label_names = [id2label[str(order[c])] for c in y]
    words = ["great", "fine", "awful", "ok", "loved", "meh", "broken", "superb"]
    records = []
    for i in range(len(y)):
        text = " ".join(rng.choice(words, size=5))
        records.append({"idx": i, "text": text, "label": label_names[i], "logits": [round(float(v), 5) for v in logits[i]], "id2label": id2label})
    write_jsonl("hf-sentiment.jsonl", records)
    written = np.array([r["logits"] for r in records])
    y_model = np.array([order[c] for c in y])
    EXPECTED["hf-sentiment.jsonl"] = {
        "label": "label",
        "model": {"columns": ["logits"], "kind": "logits"},
        "classes": [id2label[str(k)] for k in range(3)],
        "classOrder": "field",
        "uncertain": False,
        "scores": {**scores(y_model, softmax(written, axis=1)), "mean": float(-log_softmax(written, axis=1)[np.arange(len(y)), y_model].mean())},
    }


def breast_cancer_names():
    """Binary, string labels, one probability column P(benign) named 'proba': which class is it?"""
    X, y = load_breast_cancer(return_X_y=True)  # 0 = malignant, 1 = benign
    names = np.array(["malignant", "benign"])[y]
    model = make_pipeline(StandardScaler(), GaussianNB())
    proba = cross_val_predict(model, X, y, cv=5, method="predict_proba")[:, 1]
    df = pd.DataFrame({"patient": [f"P{i:05d}" for i in range(len(y))], "diagnosis": names, "proba": proba})
    df.to_csv(os.path.join(OUT, "breast-cancer-proba.csv"), index=False)
    EXPECTED["breast-cancer-proba.csv"] = {
        "label": "diagnosis",
        "model": {"columns": ["proba"], "kind": "probabilities"},
        "classes": ["malignant", "benign"],
        "positiveLabel": "benign",
        "classOrder": "inferred",
        "uncertain": True,
        "scores": scores(y, proba),
    }


def iris_models():
    """Two models in one file: probabilities of one, logits of another (kinds per group)."""
    X, y = load_iris(return_X_y=True)
    species = np.array(["setosa", "versicolor", "virginica"])
    lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    nb = GaussianNB()
    p = cross_val_predict(nb, X, y, cv=5, method="predict_proba")
    z = cross_val_predict(lr, X, y, cv=5, method="decision_function")
    df = pd.DataFrame(X, columns=["sepal_length", "sepal_width", "petal_length", "petal_width"])
    df["species"] = species[y]
    for k, name in enumerate(species):
        df[f"nb_proba_{name}"] = p[:, k]
    for k, name in enumerate(species):
        df[f"lr_logit_{name}"] = z[:, k]
    df.to_csv(os.path.join(OUT, "iris-two-models.csv"), index=False)
    EXPECTED["iris-two-models.csv"] = {
        "label": "species",
        "models": [
            {"columns": [f"nb_proba_{s}" for s in species], "kind": "probabilities", "scores": scores(y, p)},
            {
                "columns": [f"lr_logit_{s}" for s in species],
                "kind": "logits",
                "scores": {**scores(y, softmax(z, axis=1)), "mean": float(-log_softmax(z, axis=1)[np.arange(len(y)), y].mean())},
            },
        ],
        "classes": list(species),
        "classOrder": "names",
        "uncertain": False,
        "features": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
    }


def pandas_json():
    """pandas' DataFrame.to_json() default layout (orient='columns'): each column an object keyed by the index."""
    X, y = load_wine(return_X_y=True)
    names = np.array(["barolo", "chianti", "zinfandel"])
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, C=0.1))
    proba = cross_val_predict(model, X, y, cv=5, method="predict_proba")
    df = pd.DataFrame({"cultivar": names[y]})
    for k, name in enumerate(names):
        df[f"proba_{name}"] = proba[:, k]
    path = os.path.join(OUT, "wine-pandas-columns.json")
    df.to_json(path)  # double_precision=10: the scores are of the numbers as written
    with open(path) as f:
        written = json.load(f)  # exact doubles (pd.read_json's default parser is not)
    proba = np.array([[written[f"proba_{n}"][str(i)] for n in names] for i in range(len(y))])
    EXPECTED["wine-pandas-columns.json"] = {
        "label": "cultivar",
        "model": {"columns": [f"proba_{n}" for n in names], "kind": "probabilities"},
        "classes": list(names),
        "classOrder": "names",
        "uncertain": False,
        "scores": scores(y, proba),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    digits()
    fraud()
    sentiment_rounded()
    sentiment_typo()
    hugging_face()
    breast_cancer_names()
    iris_models()
    pandas_json()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", ", ".join(sorted(EXPECTED)))


if __name__ == "__main__":
    main()
