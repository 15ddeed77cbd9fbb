"""Python side of `npm run bench`: pandas.read_csv + sklearn.metrics.log_loss and
sklearn LogisticRegression(lbfgs), timed inside Python (interpreter start and imports excluded).
Wall time (perf_counter) and CPU time of the process (process_time, all threads) are both reported.

Usage (one JSON object on stdout):
  bench.py versions
  bench.py parse_ce FILE RUNS
  bench.py fit FILE RUNS TOL MAX_ITER [BUDGET_SECONDS]
Repetition stops early once BUDGET_SECONDS have been spent (the first run always counts).
"""
import json
import sys
import time
import warnings


def versions():
    import numpy
    import pandas
    import scipy
    import sklearn
    return {
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "pandas": pandas.__version__,
        "sklearn": sklearn.__version__,
    }


def parse_ce(path, runs):
    import pandas as pd
    from sklearn.metrics import log_loss

    read_s, loss_s, total_s, total_cpu_s = [], [], [], []
    value = None
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        frame = pd.read_csv(path)
        t1 = time.perf_counter()
        labels = frame["label"].to_numpy()
        prob_columns = [c for c in frame.columns if c != "label"]
        probs = frame[prob_columns].to_numpy()
        value = log_loss(labels, probs, labels=list(range(len(prob_columns))))
        t2 = time.perf_counter()
        total_cpu_s.append(time.process_time() - c0)
        read_s.append(t1 - t0)
        loss_s.append(t2 - t1)
        total_s.append(t2 - t0)
        del frame, labels, probs
    return {"read_s": read_s, "log_loss_s": loss_s, "total_s": total_s, "total_cpu_s": total_cpu_s, "mean_log_loss": value}


def fit(path, runs, tol, max_iter, budget=float("inf")):
    import numpy as np
    import pandas as pd
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    frame = pd.read_csv(path)
    y = frame["label"].to_numpy()
    x = frame.drop(columns=["label"]).to_numpy(dtype=np.float64)
    times = []
    cpu_times = []
    model = None
    warned = False
    for run in range(runs):
        if run > 0 and sum(times) > budget:
            break
        model = LogisticRegression(C=1.0, solver="lbfgs", tol=tol, max_iter=max_iter)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            c0 = time.process_time()
            t0 = time.perf_counter()
            model.fit(x, y)
            times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
        warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return {
        "fit_s": times,
        "fit_cpu_s": cpu_times,
        "n_iter": int(np.max(model.n_iter_)),
        "convergence_warning": warned,
        "classes": [int(c) for c in model.classes_],
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "train_accuracy": float(model.score(x, y)),
    }


def main(argv):
    command = argv[1]
    if command == "versions":
        result = versions()
    elif command == "parse_ce":
        result = parse_ce(argv[2], int(argv[3]))
    elif command == "fit":
        budget = float(argv[6]) if len(argv) > 6 else float("inf")
        result = fit(argv[2], int(argv[3]), float(argv[4]), int(argv[5]), budget)
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
