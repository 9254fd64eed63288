#!/usr/bin/env python3
"""Writes test/fixtures/oracle/frameworks.json: losses computed by the frameworks themselves.

Real libraries where Debian ships them (apt-get install python3-torch python3-sklearn python3-xgboost:
torch 1.13, scikit-learn 1.2.1, xgboost 1.7.4); for the presets whose library does not install here,
the formula transcribed from its source at the cited version, in numpy with the library's dtype.
Run with Debian's python3: `/usr/bin/python3 scripts/generate-oracle.py`. The unit tests read the
JSON (test/unit/core/oracle.test.ts); no Python runs at test time.
"""
import json
import math
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "fixtures", "oracle", "frameworks.json")
METRICS_OUT = os.path.join(ROOT, "test", "fixtures", "oracle", "metrics.json")
STREAM_METRICS_OUT = os.path.join(ROOT, "test", "fixtures", "oracle", "streamMetrics.json")
rng = np.random.default_rng(20261207)
cases = []


def add(name, semantics, options, y_true, y_pred, expected, library, weight=None, tolerance=None):
    dtype = options.get("dtype", "float64")
    case = {
        "name": name,
        "library": library,
        "options": {"semantics": semantics, "fromLogits": options.get("fromLogits", "auto"), "labelSmoothing": 0, "dtype": dtype},
        "input": {"yTrue": to_list(y_true), "yPred": to_list(y_pred)},
        "expected": to_list(expected),
        # Relative: a few float32 ulps (the libraries' own log and summation order), or double rounding.
        "tolerance": tolerance if tolerance is not None else (4 * 2.0 ** -24 if dtype == "float32" else 1e-12),
    }
    for key in ("reduction", "posWeight", "classes"):
        if key in options:
            case["options"][key] = options[key]
    if weight is not None:
        case["input"]["sampleWeight"] = to_list(weight)
    cases.append(case)


def to_list(a):
    a = np.asarray(a)
    return [float(x) if isinstance(x, (float, np.floating)) else to_list(x) if np.ndim(x) else float(x) for x in a] if a.ndim else float(a)


def probabilities(n, edges=True):
    p = rng.uniform(0, 1, n)
    if edges:
        p[: min(n, 6)] = [0.0, 1.0, 1e-12, 1 - 1e-12, 1e-30, 0.5][: min(n, 6)]
    return p


def labels(n):
    y = rng.integers(0, 2, n).astype(np.float64)
    y[:2] = [1, 0]
    return y


# --- PyTorch 1.13 (python3-torch) ---------------------------------------------------------------
def torch_cases():
    import torch
    import torch.nn.functional as F

    lib = f"torch {torch.__version__}"
    for dtype in ("float64", "float32"):
        td = getattr(torch, dtype)
        for k, n in enumerate((7, 40)):
            y = labels(n)
            p = probabilities(n)
            w = rng.uniform(0, 3, n)
            for reduction in ("mean", "sum", "none"):
                out = F.binary_cross_entropy(torch.tensor(p, dtype=td), torch.tensor(y, dtype=td), reduction=reduction)
                add(f"torch BCELoss {dtype} {reduction} n={n}", "torch", {"dtype": dtype, "fromLogits": False, "reduction": reduction}, y, p, out.double().numpy(), lib)
            out = F.binary_cross_entropy(torch.tensor(p, dtype=td), torch.tensor(y, dtype=td), weight=torch.tensor(w, dtype=td))
            add(f"torch BCELoss {dtype} weighted n={n}", "torch", {"dtype": dtype, "fromLogits": False}, y, p, out.double().numpy(), lib, weight=w)
            x = rng.normal(0, 6, n)
            x[:4] = [0.0, 40.0, -40.0, -4.681205258369432]
            for pw in (None, [2.0], [0.25]):
                kw = {} if pw is None else {"pos_weight": torch.tensor(pw, dtype=td)}
                for reduction in ("mean", "none"):
                    out = F.binary_cross_entropy_with_logits(torch.tensor(x, dtype=td), torch.tensor(y, dtype=td), reduction=reduction, **kw)
                    opts = {"dtype": dtype, "fromLogits": True, "reduction": reduction}
                    if pw is not None:
                        opts["posWeight"] = pw
                    add(f"torch BCEWithLogitsLoss {dtype} {reduction} pos_weight={pw} n={n}", "torch", opts, y, x, out.double().numpy(), lib)
        # Multi-label: (n, 3), pos_weight per label, sample weights broadcast over the labels.
        y2 = rng.integers(0, 2, (6, 3)).astype(np.float64)
        x2 = rng.normal(0, 3, (6, 3))
        w2 = rng.uniform(0, 2, 6)
        out = F.binary_cross_entropy_with_logits(
            torch.tensor(x2, dtype=td), torch.tensor(y2, dtype=td), weight=torch.tensor(w2, dtype=td).reshape(-1, 1), pos_weight=torch.tensor([1.5, 0.5, 3.0], dtype=td)
        )
        add(f"torch BCEWithLogitsLoss {dtype} multi-label weighted pos_weight", "torch", {"dtype": dtype, "fromLogits": True, "posWeight": [1.5, 0.5, 3.0]}, y2, x2, out.double().numpy(), lib, weight=w2)
    # The issue's element: float32, pos_weight 2, weight 3.5, reduction none.
    x = torch.tensor([-4.681205258369432], dtype=torch.float32)
    out = F.binary_cross_entropy_with_logits(x, torch.tensor([0.0]), weight=torch.tensor([3.5]), pos_weight=torch.tensor([2.0]), reduction="none")
    add("torch BCEWithLogitsLoss float32 pos_weight 2, weight 3.5 (issue 12)", "torch", {"dtype": "float32", "fromLogits": True, "posWeight": [2.0], "reduction": "none"}, [0.0], [-4.681205258369432], out.double().numpy(), lib, weight=[3.5], tolerance=2 ** -24)


# --- scikit-learn 1.2.1 (python3-sklearn) and the log_loss of 1.1 and 1.5 from their source --------
def log_loss_11(y, p, sample_weight=None, normalize=True, eps=1e-15):
    """sklearn 1.1 sklearn/metrics/_classification.py log_loss: clip, then [1 - p, p], then renormalise."""
    p = np.clip(p, eps, 1 - eps)
    if p.ndim == 1:
        p = p[:, np.newaxis]
    if p.shape[1] == 1:
        p = np.append(1 - p, p, axis=1)
    t = np.column_stack([1 - y, y])
    p = p / p.sum(axis=1)[:, np.newaxis]
    loss = -(t * np.log(p)).sum(axis=1)
    return np.average(loss, weights=sample_weight) if normalize else (np.dot(loss, sample_weight) if sample_weight is not None else loss.sum())


def log_loss_15(y, p, sample_weight=None, normalize=True):
    """sklearn 1.5 log_loss: [1 - p, p], clip at np.finfo(dtype).eps, no renormalisation, -xlogy."""
    if p.ndim == 1:
        p = p[:, np.newaxis]
    if p.shape[1] == 1:
        p = np.append(1 - p, p, axis=1)
    eps = np.finfo(p.dtype).eps
    p = np.clip(p, eps, 1 - eps)
    t = np.column_stack([1 - y, y]).astype(p.dtype)
    loss = -(t * np.log(p)).sum(axis=1)
    return np.average(loss, weights=sample_weight) if normalize else (np.dot(loss, sample_weight) if sample_weight is not None else loss.sum())


def sklearn_cases():
    import sklearn
    from sklearn.metrics import log_loss

    lib = f"scikit-learn {sklearn.__version__}"
    for n in (9, 50):
        y = labels(n)
        p = probabilities(n)
        w = rng.uniform(0, 3, n)
        for dtype in ("float64", "float32"):
            pd = p.astype(dtype)
            add(f"sklearn log_loss {dtype} n={n}", "sklearn", {"dtype": dtype}, y, pd, log_loss(y, pd), lib)
            add(f"sklearn log_loss {dtype} weighted n={n}", "sklearn", {"dtype": dtype}, y, pd, log_loss(y, pd, sample_weight=w), lib, weight=w)
            add(f"sklearn log_loss {dtype} normalize=False n={n}", "sklearn", {"dtype": dtype, "reduction": "sum"}, y, pd, log_loss(y, pd, normalize=False), lib)
            two = np.column_stack([1 - pd, pd]).astype(dtype)
            two[1] = [0.3, 0.9]  # rows that do not sum to 1 are renormalised
            add(f"sklearn log_loss {dtype} two columns n={n}", "sklearn", {"dtype": dtype}, y, two, log_loss(y, two), lib)
        add(f"sklearn 1.1 log_loss (source) n={n}", "sklearn-1.1", {}, y, p, log_loss_11(y, p), "scikit-learn 1.1 formula (sklearn/metrics/_classification.py)")
        add(f"sklearn 1.1 log_loss (source) weighted n={n}", "sklearn-1.1", {}, y, p, log_loss_11(y, p, w), "scikit-learn 1.1 formula (sklearn/metrics/_classification.py)", weight=w)
        add(f"sklearn 1.5 log_loss (source) n={n}", "sklearn-1.5", {}, y, p, log_loss_15(y, p), "scikit-learn 1.5 formula (sklearn/metrics/_classification.py)")
        add(f"sklearn 1.5 log_loss (source) weighted n={n}", "sklearn-1.5", {}, y, p, log_loss_15(y, p, w), "scikit-learn 1.5 formula (sklearn/metrics/_classification.py)", weight=w)
    # One class with the labels argument (issue 12): log_loss(y, p, labels=[0, 1]).
    y1 = np.ones(5)
    p1 = np.array([0.9, 0.8, 0.6, 1.0, 1e-20])
    add("sklearn log_loss one class, labels=[0, 1]", "sklearn", {"classes": [0, 1]}, y1, p1, log_loss(y1, p1, labels=[0, 1]), lib)
    add("sklearn log_loss string classes, labels=['ham', 'spam']", "sklearn", {"classes": ["ham", "spam"]}, [1, 1], [0.3, 0.9], log_loss(["spam", "spam"], [0.3, 0.9], labels=["ham", "spam"]), lib)
    cases[-1]["input"]["yTrue"] = ["spam", "spam"]  # class names as written
    # Negative sample weights (issue 12): scikit-learn computes them.
    y = np.array([1, 0, 1, 0.0])
    p = np.array([0.8, 0.3, 0.4, 0.1])
    w = np.array([1, -1, 2, -0.5])
    add("sklearn log_loss negative weights", "sklearn", {}, y, p, log_loss(y, p, sample_weight=w), lib, weight=w)


# --- XGBoost 1.7.4 (python3-xgboost): the logloss eval metric on given margins ----------------------
def xgboost_cases():
    import xgboost as xgb

    lib = f"xgboost {xgb.__version__}"
    for n in (8, 60):
        y = labels(n)
        p = probabilities(n)
        p[:2] = [1e-20, 1 - 1e-9]
        margin = np.log(p) - np.log1p(-p)
        margin[2:4] = [60.0, -60.0]
        w = rng.uniform(0, 3, n)
        for weighted in (False, True):
            dm = xgb.DMatrix(np.zeros((n, 1)), label=y, base_margin=margin, **({"weight": w} if weighted else {}))
            bst = xgb.train({"objective": "binary:logistic", "eval_metric": "logloss"}, dm, num_boost_round=0)
            value = float(bst.eval(dm).split(":")[1])
            # The margins are stored as float32: the tool reads the same float32 margins.
            m32 = margin.astype(np.float32).astype(np.float64)
            add(f"xgboost logloss margins n={n} weighted={weighted}", "xgboost", {"fromLogits": True}, y, m32, value, lib, weight=w if weighted else None, tolerance=2 ** -24)
            # The probabilities the model outputs, given back as probabilities: the same number.
            preds = bst.predict(dm).astype(np.float64)
            add(f"xgboost logloss probabilities n={n} weighted={weighted}", "xgboost", {"fromLogits": False}, y, preds, value, lib, weight=w if weighted else None, tolerance=2 ** -24)


# --- From source, where the library does not install here ------------------------------------------
def lightgbm_loss(y, p, w=None):
    """LightGBM src/metric/binary_metric.hpp BinaryLoglossMetric, kEpsilon = 1e-15f (include/LightGBM/meta.h)."""
    eps = float(np.float32(1e-15))
    out = []
    for yi, pi in zip(y, p):
        if yi <= 0:
            out.append(-math.log(1 - pi) if 1 - pi > eps else -math.log(eps))
        else:
            out.append(-math.log(pi) if pi > eps else -math.log(eps))
    # weights_ are label_t (float): stored as float32, the products and sums in double.
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float32).astype(np.float64)
    return float(np.dot(out, w) / np.sum(w))


def spark_loss(y, p, w=None, eps=1e-15):
    """Spark mllib MulticlassMetrics.logLoss: p = probability(label); < eps → -log eps; > 1 - eps → -log1p(-eps)."""
    out = []
    for yi, pi in zip(y, p):
        q = pi if yi == 1 else 1 - pi
        out.append(-math.log(eps) if q < eps else -math.log1p(-eps) if q > 1 - eps else -math.log(q))
    w = np.ones(len(y)) if w is None else w
    return float(np.dot(out, w) / np.sum(w))


def softplus32(t):
    t = t.astype(np.float32)
    return (np.maximum(t, np.float32(0)) + np.log1p(np.exp(-np.abs(t)))).astype(np.float32)


def formula_cases():
    for n in (10, 45):
        y = labels(n)
        p = probabilities(n)
        w = rng.uniform(0, 3, n)
        add(f"lightgbm binary_logloss (source) n={n}", "lightgbm", {"fromLogits": False}, y, p, lightgbm_loss(y, p), "LightGBM 4.x formula (src/metric/binary_metric.hpp)")
        add(f"lightgbm binary_logloss (source) weighted n={n}", "lightgbm", {"fromLogits": False}, y, p, lightgbm_loss(y, p, w), "LightGBM 4.x formula (src/metric/binary_metric.hpp)", weight=w)
        add(f"spark logLoss (source) n={n}", "spark", {"fromLogits": False}, y, p, spark_loss(y, p), "Spark 3.x formula (MulticlassMetrics.scala)")
        add(f"spark logLoss (source) weighted n={n}", "spark", {"fromLogits": False}, y, p, spark_loss(y, p, w), "Spark 3.x formula (MulticlassMetrics.scala)", weight=w)
        x = rng.normal(0, 5, n)
        x[:3] = [0.0, 50.0, -50.0]
        for dtype in ("float32", "float64"):
            ft = np.float32 if dtype == "float32" else np.float64
            xs = x.astype(ft)
            ys = y.astype(ft)
            # optax/losses/_classification.py: -y·log_sigmoid(x) - (1 - y)·log_sigmoid(-x); log_sigmoid(t) = -softplus(-t)
            sp = softplus32 if dtype == "float32" else (lambda t: np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t))))
            el = (ys * sp(-xs) + (ft(1) - ys) * sp(xs)).astype(ft)
            add(f"optax sigmoid_binary_cross_entropy (source) {dtype} n={n}", "optax", {"dtype": dtype, "fromLogits": True}, y, x, float(np.mean(el, dtype=np.float64)), "optax 0.2 formula (optax/losses/_classification.py)")
            # tensorflow/python/ops/nn_impl.py: max(x, 0) - x·z + log1p(exp(-|x|)), then reduce_mean
            el = (np.maximum(xs, ft(0)) - xs * ys + np.log1p(np.exp(-np.abs(xs)))).astype(ft)
            add(f"tf.nn.sigmoid_cross_entropy_with_logits (source) {dtype} n={n}", "tf-nn", {"dtype": dtype, "fromLogits": True}, y, x, float(np.mean(el, dtype=np.float64)), "TensorFlow 2.x formula (tensorflow/python/ops/nn_impl.py)")


# --- Metrics beside the loss (issue 16), scikit-learn 1.2.1 ------------------------------------------
def metrics_cases():
    import sklearn
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import average_precision_score, brier_score_loss, confusion_matrix, log_loss, precision_recall_curve, precision_recall_fscore_support, roc_auc_score

    out = []
    for k in range(36):
        n = int(rng.integers(5, 300))
        y = rng.integers(0, 2, n).astype(np.float64)
        if k % 9 == 8:
            y[:] = 1.0  # one class: ranking metrics undefined
        else:
            y[:2] = [0, 1]
        p = rng.uniform(0, 1, n)
        if k % 3 == 1:
            p = np.round(p, 1)  # many ties
        if k % 4 == 2:
            p = np.clip(p + 0.4 * (y - 0.5), 0, 1)  # a better classifier
        w = rng.uniform(0.1, 3, n) if k % 2 else None
        yhat = (p >= 0.5).astype(np.float64)
        prec, rec, f1, _ = precision_recall_fscore_support(y, yhat, average="binary", sample_weight=w, zero_division=0)
        cm = confusion_matrix(y, yhat, sample_weight=w, labels=[0, 1])
        base = np.average(y, weights=w)
        case = {
            "name": f"metrics {k}: n={n}{', ties' if k % 3 == 1 else ''}{', weighted' if w is not None else ''}{', one class' if k % 9 == 8 else ''}",
            "y": to_list(y),
            "p": to_list(p),
            "brier": float(brier_score_loss(y, p, sample_weight=w)),
            "baselineLoss": float(log_loss(y, np.full(n, base), sample_weight=w, labels=[0, 1])) if 0 < base < 1 else 0.0,
            "atHalf": {"precision": float(prec), "recall": float(rec), "f1": float(f1), "accuracy": float((cm[0, 0] + cm[1, 1]) / cm.sum()), "tn": float(cm[0, 0]), "fp": float(cm[0, 1]), "fn": float(cm[1, 0]), "tp": float(cm[1, 1])},
        }
        if w is not None:
            case["w"] = to_list(w)
        if 0 < base < 1:
            case["rocAuc"] = float(roc_auc_score(y, p, sample_weight=w))
            case["averagePrecision"] = float(average_precision_score(y, p, sample_weight=w))
            pr, rc, _ = precision_recall_curve(y, p, sample_weight=w)
            with np.errstate(invalid="ignore", divide="ignore"):
                f = np.where(pr + rc > 0, 2 * pr * rc / (pr + rc), 0)
            case["bestF1"] = float(np.max(f))
        if w is None:
            for strategy in ("uniform", "quantile"):
                t, q = calibration_curve(y, p, n_bins=10, strategy=strategy)
                case["calibration_" + strategy] = {"fractionPositive": to_list(t), "meanPredicted": to_list(q)}
        out.append(case)
    with open(METRICS_OUT, "w") as f:
        json.dump({"generator": "scripts/generate-oracle.py", "library": f"scikit-learn {sklearn.__version__}", "cases": out}, f, indent=1)
        f.write("\n")
    print(f"{len(out)} metric cases → {os.path.relpath(METRICS_OUT, ROOT)}")


def label_metrics(y, p, w, loss_sum):
    """One label's metrics as scikit-learn 1.2 gives them; loss_sum is the framework's Σ w·ℓ (for the skill)."""
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import average_precision_score, brier_score_loss, confusion_matrix, log_loss, precision_recall_curve, precision_recall_fscore_support, roc_auc_score

    n = len(y)
    yhat = (p >= 0.5).astype(np.float64)
    prec, rec, f1, _ = precision_recall_fscore_support(y, yhat, average="binary", sample_weight=w, zero_division=0)
    cm = confusion_matrix(y, yhat, sample_weight=w, labels=[0, 1])
    base = np.average(y, weights=w)
    baseline = float(log_loss(y, np.full(n, base), sample_weight=w, labels=[0, 1])) if 0 < base < 1 else 0.0
    m = {
        "brier": float(brier_score_loss(y, p, sample_weight=w)),
        "baselineLoss": baseline,
        "atHalf": {"precision": float(prec), "recall": float(rec), "f1": float(f1), "accuracy": float((cm[0, 0] + cm[1, 1]) / cm.sum()), "tn": float(cm[0, 0]), "fp": float(cm[0, 1]), "fn": float(cm[1, 0]), "tp": float(cm[1, 1])},
    }
    if baseline > 0:
        m["skill"] = 1 - (loss_sum / (np.sum(w) if w is not None else n)) / baseline
        m["rocAuc"] = float(roc_auc_score(y, p, sample_weight=w))
        m["averagePrecision"] = float(average_precision_score(y, p, sample_weight=w))
        pr, rc, _ = precision_recall_curve(y, p, sample_weight=w)
        with np.errstate(invalid="ignore", divide="ignore"):
            f = np.where(pr + rc > 0, 2 * pr * rc / (pr + rc), 0)
        m["bestF1"] = float(np.max(f))
    if w is None:
        for strategy in ("uniform", "quantile"):
            t, q = calibration_curve(y, p, n_bins=10, strategy=strategy)
            # The calibration errors from the same bins (calibration_curve's binning, sklearn/calibration.py).
            if strategy == "quantile":
                edges = np.percentile(p, np.linspace(0, 1, 11) * 100)
            else:
                edges = np.linspace(0.0, 1.0, 11)
            counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=10)
            counts = counts[counts != 0]
            gaps = np.abs(t - q)
            m["calibration_" + strategy] = {"fractionPositive": to_list(t), "meanPredicted": to_list(q), "expectedError": float(np.sum(counts / n * gaps)), "maximumError": float(np.max(gaps))}
    return m


def stream_metrics_cases():
    """Data files (CSV text) and each label's metrics: what a streamed file's metrics must equal."""
    import sklearn
    import torch

    out = []
    plans = [
        ("one label", 1, 2000, "plain", False),
        ("one label, weighted", 1, 2000, "plain", True),
        ("ties (two decimals)", 1, 3000, "ties", False),
        ("ties (one decimal), weighted", 1, 2500, "coarse", True),
        ("one class", 1, 500, "one-class", False),
        ("logits", 1, 1500, "logits", False),
        ("three labels", 3, 1500, "plain", False),
        ("three labels, weighted, ties", 3, 1200, "ties", True),
    ]
    for name, L, n, kind, weighted in plans:
        p = rng.uniform(0, 1, (n, L))
        y = (rng.uniform(0, 1, (n, L)) < p).astype(np.float64)
        if kind == "ties":
            p = np.round(p, 2)
        if kind == "coarse":
            p = np.round(p, 1)
        if kind == "one-class":
            y[:] = 0.0
        w = np.round(rng.uniform(0.1, 3, n), 3) if weighted else None
        logits = kind == "logits"
        t = rng.normal(0, 3, (n, L)) if logits else None
        if logits:
            p = 1 / (1 + np.exp(-t))
            y = (rng.uniform(0, 1, (n, L)) < p).astype(np.float64)
        # The CSV: repr() of each float, read back to the same double.
        head = [f"y_true_{j}" for j in range(L)] + [f"y_pred_{j}" for j in range(L)] if L > 1 else ["y_true", "y_pred"]
        if weighted:
            head.append("weight")
        rows = [",".join(head)]
        pred = t if logits else p
        for i in range(n):
            cells = [repr(float(v)) if v not in (0.0, 1.0) else str(int(v)) for v in y[i]] + [repr(float(v)) for v in pred[i]]
            if weighted:
                cells.append(repr(float(w[i])))
            rows.append(",".join(cells))
        # sklearn's log loss (1.2, eps "auto") for one label; torch's BCELoss / BCEWithLogitsLoss per label for several.
        semantics = "sklearn" if L == 1 and not logits and kind != "one-class" else "torch"
        labels_out = []
        for j in range(L):
            yj, pj = y[:, j], p[:, j]
            if semantics == "sklearn":
                from sklearn.metrics import log_loss
                loss_sum = float(log_loss(yj, pj, sample_weight=w, labels=[0, 1], normalize=False))
            else:
                wt = torch.tensor(w) if w is not None else None
                if logits:
                    loss_sum = float(torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(t[:, j]), torch.tensor(yj), weight=wt, reduction="sum"))
                else:
                    loss_sum = float(torch.nn.functional.binary_cross_entropy(torch.tensor(pj), torch.tensor(yj), weight=wt, reduction="sum"))
            labels_out.append(label_metrics(yj, pj, w, loss_sum))
        out.append({"name": f"streamed {name}: n={n}", "semantics": semantics, "csv": "\n".join(rows) + "\n", "labels": labels_out})
    with open(STREAM_METRICS_OUT, "w") as f:
        json.dump({"generator": "scripts/generate-oracle.py", "library": f"scikit-learn {sklearn.__version__}, torch {torch.__version__}", "cases": out}, f, indent=1)
        f.write("\n")
    print(f"{len(out)} streamed metric cases → {os.path.relpath(STREAM_METRICS_OUT, ROOT)}")


def main():
    torch_cases()
    sklearn_cases()
    xgboost_cases()
    formula_cases()
    metrics_cases()
    stream_metrics_cases()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/generate-oracle.py", "python": sys.version.split()[0], "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases → {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
