"""Python side of `npm run bench`: pandas.read_csv + sklearn.metrics.log_loss and
sklearn LogisticRegression (lbfgs, newton-cholesky, newton-cg), timed inside Python (interpreter
start and imports excluded). Wall time (perf_counter) and CPU time of the process (process_time, all
threads) are both reported. Also writes the digits data set for the bench's data step.

Usage (one JSON object on stdout):
  bench.py versions
  bench.py digits OUT_FILE
  bench.py parse_ce FILE RUNS
  bench.py fit FILE RUNS TOL MAX_ITER [BUDGET_SECONDS [C [SOLVER]]]
Repetition stops early once BUDGET_SECONDS have been spent (the first run always counts).
C defaults to 1, SOLVER to lbfgs.
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
        "blas": blas(),
    }


def blas():
    """The BLAS numpy actually loaded (threadpoolctl), which on Debian is whatever
    update-alternatives selects for libblas.so.3, not what numpy.show_config() says it was built with."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    import numpy  # noqa: F401  (loads the BLAS so threadpoolctl can see it)
    found = [
        f"{i.get('internal_api')} {i.get('version')} ({i.get('threading_layer', 'n/a')}, {i.get('num_threads')} threads, {i.get('filepath')})"
        for i in threadpool_info()
        if i.get("user_api") == "blas"
    ]
    return "; ".join(found) if found else "none seen by threadpoolctl (reference BLAS?)"


def digits(path):
    """sklearn's load_digits (1797 x 64 pixel counts 0..16, 10 classes) as the bench's fit CSV:
    header label,x1..x64, then the label and the features of each row."""
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    columns = ["label"] + [f"x{j + 1}" for j in range(x.shape[1])]
    lines = [",".join(columns)]
    for label, row in zip(y, x):
        lines.append(",".join([str(int(label))] + [repr(float(v)).removesuffix(".0") for v in row]))
    text = "\n".join(lines) + "\n"
    with open(path, "w", encoding="ascii", newline="") as out:
        out.write(text)
    return {"rows": int(x.shape[0]), "bytes": len(text), "columns": columns, "classes": int(len(set(y.tolist())))}


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


def fit(path, runs, tol, max_iter, budget=float("inf"), c=1.0, solver="lbfgs"):
    import numpy as np
    import pandas as pd
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    frame = pd.read_csv(path)
    y = frame["label"].to_numpy()
    x = frame.drop(columns=["label"]).to_numpy(dtype=np.float64)
    # In scikit-learn 1.2 newton-cholesky has no multinomial mode: with more than two classes
    # multi_class='auto' silently fits one-vs-rest, a different objective. lbfgs and newton-cg
    # are multinomial there by default.
    if solver == "newton-cholesky" and len(np.unique(y)) > 2:
        raise SystemExit("newton-cholesky is binary only in this bench (scikit-learn would fit one-vs-rest)")
    times = []
    cpu_times = []
    model = None
    warned = False
    for run in range(runs):
        if run > 0 and sum(times) > budget:
            break
        model = LogisticRegression(C=c, solver=solver, tol=tol, max_iter=max_iter)
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
        "solver": solver,
        "C": c,
        "classes": [int(k) for k in model.classes_],
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
    elif command == "digits":
        result = digits(argv[2])
    elif command == "fit":
        budget = float(argv[6]) if len(argv) > 6 else float("inf")
        c = float(argv[7]) if len(argv) > 7 else 1.0
        solver = argv[8] if len(argv) > 8 else "lbfgs"
        result = fit(argv[2], int(argv[3]), float(argv[4]), int(argv[5]), budget, c, solver)
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
