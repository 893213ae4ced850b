"""Train the judgement model from the corpus, or measure it by cross-validation.

    pip install -e ".[train]"
    python -m training.train            # writes content/model/judgements.model
    python -m training.train --cv       # 5-fold and leave-one-source-out figures, nothing written

Deterministic: the same corpus gives the same bytes (liblinear with a fixed seed, features
in sorted order). The model records the corpus's SHA-256; a test fails when they drift apart.
Figures are measured through the run-time code (cm_coach.core.model), on a model written
for each fold, so they are the figures of what ships.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from cm_coach.core import model as runtime
from cm_coach.core.features import line_features
from training.corpus_io import ACTIVITIES, Line, corpus_hash, read_corpus

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "content" / "boundaries.toml"
OUTPUT = ROOT / "content" / "model" / "judgements.model"
FAMILIES = ("community", "advertising", "customer_service", "other", "own_business")
C = 1.0  # liblinear's regularisation (chosen by cross-validation, see training/README.md)
TEMPERATURE = 0.3  # the family scores' softmax temperature
UNSURE_BELOW = 0.55  # a family probability under this is "unsure" (about 4 % of lines in k-fold)
MIN_COUNT = 2  # a feature must appear in two lines of the corpus
PRUNE = 1e-4  # features whose weights are all smaller than this are dropped


def categories() -> dict[str, tuple[str, str]]:
    """Category id → (side, family), from the catalogue the app uses."""
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    return {item["id"]: (item["side"], item["family"]) for item in data["category"]}


def features(text: str) -> dict[str, float]:
    """The run-time features, whole words and pairs weighted as the run-time model does."""
    return {
        key: value * (runtime.WORD_WEIGHT if key[0] in "wb" else 1.0)
        for key, value in line_features(text).items()
    }


def vocabulary(rows: Sequence[dict[str, float]]) -> list[str]:
    counts = collections.Counter(key for row in rows for key in row)
    return sorted(key for key, count in counts.items() if count >= MIN_COUNT)


def matrix(rows: Sequence[dict[str, float]], index: dict[str, int]) -> csr_matrix:
    data: list[float] = []
    columns: list[int] = []
    pointers = [0]
    for row in rows:
        for key in sorted(row):
            column = index.get(key)
            if column is not None:
                columns.append(column)
                data.append(row[key])
        pointers.append(len(columns))
    return csr_matrix((data, columns, pointers), shape=(len(rows), len(index)))


def fit(lines: Sequence[Line], catalogue: dict[str, tuple[str, str]], digest: str = "") -> bytes:
    """Train the three models on ``lines`` and return the model file's bytes (``digest``:
    the SHA-256 of the corpus they come from)."""
    rows = [features(line.text) for line in lines]
    names = vocabulary(rows)
    X = matrix(rows, {name: i for i, name in enumerate(names)})
    category_ids = sorted(catalogue)
    targets = {
        "family": (FAMILIES, [line.family for line in lines]),
        "category": (tuple(category_ids), [line.category for line in lines]),
        "activity": (ACTIVITIES, [line.activity for line in lines]),
    }
    weights: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    for classes, labels in targets.values():
        y = np.array([classes.index(label) for label in labels])
        svm = LinearSVC(C=C, random_state=0, max_iter=20_000).fit(X, y)
        coef = np.zeros((len(classes), len(names)))
        bias = np.full(len(classes), -10.0)  # a class absent from the data is never chosen
        for row, label in enumerate(svm.classes_):
            coef[label] = svm.coef_[row]
            bias[label] = svm.intercept_[row]
        weights.append(coef)
        biases.append(bias)
    W = np.vstack(weights).T  # one row of all outputs per feature
    keep = np.abs(W).max(axis=1) > PRUNE
    W = W[keep]
    kept = [name for name, flag in zip(names, keep, strict=True) if flag]
    scale = float(np.abs(W).max()) / 32767 or 1.0
    quantised = np.round(W / scale).astype("<i2")
    header = {
        "format": runtime.FORMAT_VERSION,
        "families": list(FAMILIES),
        "categories": category_ids,
        "category_family": {cid: catalogue[cid][1] for cid in category_ids},
        "activities": list(ACTIVITIES),
        "bias": [round(float(b), 6) for b in np.concatenate(biases)],
        "scale": scale,
        "temperature": TEMPERATURE,
        "unsure_below": UNSURE_BELOW,
        "features": len(kept),
        "names_bytes": 0,
        "index_slots": 0,
        "corpus_sha256": digest,
        "lines": len(lines),
    }
    names_blob = "\n".join(kept).encode("utf-8")
    header["names_bytes"] = len(names_blob)
    index = runtime.feature_index(kept)
    header["index_slots"] = (len(index) - 4 * (len(kept) + 1)) // 4
    return _pack(header, names_blob, quantised.tobytes(), index)


def _pack(header: dict, names_blob: bytes, weights_blob: bytes, index: bytes) -> bytes:
    encoded = json.dumps(header, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return runtime.MAGIC + len(encoded).to_bytes(4, "little") + encoded + names_blob + weights_blob + index


# --- measuring ------------------------------------------------------------------------------


Prediction = tuple[str, str, str, bool]  # family, category, activity, unsure


def predict_with(blob: bytes, texts: Sequence[str]) -> list[Prediction]:
    """Run the run-time code on a model given as bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fold.model"
        path.write_bytes(blob)
        model = runtime.read_model(path)
    result = []
    for text in texts:
        decision = runtime.decide(model, text)
        result.append((decision.family, decision.category, decision.activity, decision.unsure))
    return result


def figures(lines: Sequence[Line], predictions: Sequence[Prediction]) -> dict[str, float]:
    """The issue's figures: outside-F1, false alarms on inside lines, unsure share, family
    accuracy, activity accuracy on inside lines, and time-with-people precision/recall."""
    tp = fp = fn = alarms = inside = unsure = family_ok = activity_ok = 0
    people_tp = people_fp = people_fn = 0
    people = {"dialogue", "moderation"}
    for line, (family, _category, activity, is_unsure) in zip(lines, predictions, strict=True):
        gold_out = line.verdict == "outside"
        said_out = family != "community" and not is_unsure
        unsure += is_unsure
        tp += gold_out and said_out
        fn += gold_out and not said_out
        fp += said_out and not gold_out
        family_ok += family == line.family
        if not gold_out:
            inside += 1
            alarms += said_out
            activity_ok += activity == line.activity
        gold_people = line.activity in people
        said_people = activity in people and family == "community"
        people_tp += gold_people and said_people
        people_fp += said_people and not gold_people
        people_fn += gold_people and not said_people
    n = len(lines)
    return {
        "lines": n,
        "outside_f1": 2 * tp / max(1, 2 * tp + fp + fn),
        "false_alarms": alarms / max(1, inside),
        "unsure": unsure / max(1, n),
        "family": family_ok / max(1, n),
        "activity_inside": activity_ok / max(1, inside),
        "people_precision": people_tp / max(1, people_tp + people_fp),
        "people_recall": people_tp / max(1, people_tp + people_fn),
    }


def cross_validate(
    lines: Sequence[Line],
    catalogue: dict[str, tuple[str, str]],
    splits: Sequence[tuple[list[int], list[int]]],
) -> dict[int, Prediction]:
    """Train on each split's first part, predict its second: line index → prediction."""
    predictions: dict[int, Prediction] = {}
    for train_index, test_index in splits:
        blob = fit([lines[i] for i in train_index], catalogue)
        texts = [lines[i].text for i in test_index]
        predictions.update(zip(test_index, predict_with(blob, texts), strict=True))
    return predictions


def show(name: str, values: dict[str, float]) -> None:
    print(
        f"{name:<34} n={values['lines']:>5}  outside-F1 {values['outside_f1']:.3f}  false alarms "
        f"{values['false_alarms']:.1%}  unsure {values['unsure']:.1%}  family {values['family']:.3f}  "
        f"activity {values['activity_inside']:.3f}  people P {values['people_precision']:.3f} "
        f"R {values['people_recall']:.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cv", action="store_true", help="measure by cross-validation; write nothing")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    catalogue = categories()
    lines = read_corpus(categories=catalogue)
    if args.cv:
        labels = [line.family + "/" + line.category for line in lines]
        folds = StratifiedKFold(args.folds, shuffle=True, random_state=0)
        splits = [(list(a), list(b)) for a, b in folds.split(np.zeros(len(lines)), labels)]
        predicted = cross_validate(lines, catalogue, splits)
        show(f"{args.folds}-fold cross-validation", figures(lines, [predicted[i] for i in range(len(lines))]))
        for source in sorted({line.file for line in lines}):
            held = [i for i, line in enumerate(lines) if line.file == source]
            rest = [i for i, line in enumerate(lines) if line.file != source]
            predicted = cross_validate(lines, catalogue, [(rest, held)])
            show(f"trained without {source}", figures([lines[i] for i in held], [predicted[i] for i in held]))
        return 0
    blob = fit(lines, catalogue, corpus_hash())
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(blob)
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(blob) / 1024:.0f} KiB from {len(lines)} lines ({corpus_hash()[:12]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
