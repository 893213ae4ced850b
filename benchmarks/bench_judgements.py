"""How right the judgements are, on labelled lines the model was not trained on.

    python benchmarks/bench_judgements.py                    # every labelled set below
    python benchmarks/bench_judgements.py --file my.tsv      # any file in training/LABELLING.md's format

Sets:
* ``blind``: benchmarks/data/blind-2026-12-01.tsv — 400 lines written by someone who never saw
  the model or the corpus, measured once when the model was finished (the honest figure);
* ``round1``: tests/data/tasks_labelled.tsv and tasks_holdout2.tsv — the first round's sets
  (verdict and family only; one promotional post was "advertising" then, "content" now).

Figures (the issue's targets in brackets): outside-F1 [≥ 0.95], false alarms on inside lines
[≤ 3 %], unsure [≤ 5 %], family accuracy [≥ 0.96], activity of inside lines [≥ 0.90], time with
people (dialogue + moderation) precision and recall [≥ 0.90]; per family and per activity
precision/recall, and both confusion matrices. Everything goes through the run-time judge
(cm_coach.core.boundaries), with no correction and no user phrase.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Judgements on labelled lines nobody tuned on"
SETS = {
    "blind": [ROOT / "benchmarks" / "data" / "blind-2026-12-01.tsv"],
    "round1": [
        ROOT / "tests" / "data" / "tasks_labelled.tsv",
        ROOT / "tests" / "data" / "tasks_holdout2.tsv",
    ],
}
FAMILIES = ("community", "advertising", "customer_service", "other", "own_business")
ACTIVITIES = (
    "dialogue",
    "moderation",
    "content",
    "listening",
    "strategy",
    "reporting",
    "advertising",
    "customer_service",
    "other",
)
PEOPLE = {"dialogue", "moderation"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def measure(rows: list[dict[str, str]]) -> dict:
    """The figures for labelled rows (``verdict``, ``family``; ``activity`` when labelled)."""
    from cm_coach.core.boundaries import Judge, load_categories

    judge = Judge(load_categories(None))
    family_pairs: list[tuple[str, str]] = []
    activity_pairs: list[tuple[str, str]] = []
    tp = fp = fn = alarms = inside = unsure = 0
    errors: list[str] = []
    for row in rows:
        verdict = judge.classify(
            row["text"], row.get("lang", "fr") if row.get("lang") in ("fr", "en") else "fr"
        )
        said_family = verdict.family or "community"
        gold_out = row["verdict"] == "outside"
        said_out = verdict.verdict == "outside"
        unsure += verdict.verdict == "unsure"
        tp += gold_out and said_out
        fn += gold_out and not said_out
        fp += said_out and not gold_out
        if not gold_out:
            inside += 1
            alarms += said_out
        family_pairs.append((row["family"], said_family))
        if row.get("activity"):
            activity_pairs.append((row["activity"], verdict.activity or "other"))
        if said_family != row["family"] or (row.get("activity") and verdict.activity != row["activity"]):
            errors.append(
                f"{row['family']}/{row.get('activity', '-')} → {said_family}/{verdict.activity}"
                f"{' (unsure)' if verdict.verdict == 'unsure' else ''}: {row['text']}"
            )
    figures: dict = {
        "lines": len(rows),
        "outside_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 3),
        "false_alarms": round(alarms / max(1, inside), 4),
        "unsure": round(unsure / max(1, len(rows)), 4),
        "family": round(sum(g == s for g, s in family_pairs) / max(1, len(family_pairs)), 3),
        "family_confusion": _confusion(family_pairs),
        "per_family": _precision_recall(family_pairs, FAMILIES),
        "errors": errors,
    }
    if activity_pairs:
        inside_pairs = [
            (gold, said)
            for (gold, said), row in zip(activity_pairs, rows, strict=False)
            if row["verdict"] == "inside"
        ]
        gold_people = [gold in PEOPLE for gold, _ in activity_pairs]
        said_people = [said in PEOPLE for _, said in activity_pairs]
        both = sum(g and s for g, s in zip(gold_people, said_people, strict=True))
        figures.update(
            activity_inside=round(sum(g == s for g, s in inside_pairs) / max(1, len(inside_pairs)), 3),
            people_precision=round(both / max(1, sum(said_people)), 3),
            people_recall=round(both / max(1, sum(gold_people)), 3),
            activity_confusion=_confusion(activity_pairs),
            per_activity=_precision_recall(activity_pairs, ACTIVITIES),
        )
    return figures


def _confusion(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """labelled → said → count (plain dicts: the figures are also saved as JSON)."""
    table: dict[str, dict[str, int]] = {}
    for gold, said in pairs:
        table.setdefault(gold, {})
        table[gold][said] = table[gold].get(said, 0) + 1
    return table


def _precision_recall(
    pairs: list[tuple[str, str]], labels: tuple[str, ...]
) -> dict[str, tuple[float, float, int]]:
    result = {}
    for label in labels:
        said = sum(1 for _, s in pairs if s == label)
        gold = sum(1 for g, _ in pairs if g == label)
        right = sum(1 for g, s in pairs if g == s == label)
        if gold or said:
            result[label] = (round(right / max(1, said), 3), round(right / max(1, gold), 3), gold)
    return result


def run() -> dict:
    """Figures for every set present (``python -m benchmarks`` prints them)."""
    found = {}
    for name, paths in SETS.items():
        rows = [row for path in paths if path.exists() for row in read(path)]
        if rows:
            figures = measure(rows)
            found[name] = {key: value for key, value in figures.items() if key != "errors"}
    return found


def print_run(found: dict) -> None:
    """How ``python -m benchmarks`` prints :func:`run`'s figures."""
    for name, figures in found.items():
        if isinstance(figures, dict) and "lines" in figures:
            show(name, figures)


def show(name: str, figures: dict) -> None:
    line = (
        f"{name}: {figures['lines']} lines  outside-F1 {figures['outside_f1']:.3f} [≥0.95]  false alarms "
        f"{figures['false_alarms']:.1%} [≤3%]  unsure {figures['unsure']:.1%} [≤5%]  family {figures['family']:.3f} [≥0.96]"
    )
    if "activity_inside" in figures:
        line += (
            f"  activity {figures['activity_inside']:.3f} [≥0.90]  people P {figures['people_precision']:.3f}"
            f" R {figures['people_recall']:.3f} [≥0.90]"
        )
    print(line)
    for title, key, labels in (("family", "per_family", FAMILIES), ("activity", "per_activity", ACTIVITIES)):
        if key not in figures:
            continue
        print(
            f"  per {title}: "
            + "  ".join(f"{k} P {p:.2f} R {r:.2f} (n={n})" for k, (p, r, n) in figures[key].items())
        )
        confusion = figures[f"{title}_confusion"]
        present = [
            label for label in labels if label in confusion or any(label in row for row in confusion.values())
        ]
        print(f"  {title} confusion (rows: labelled, columns: said)")
        print("    " + " " * 17 + "".join(f"{label[:8]:>9}" for label in present))
        for gold in present:
            print(
                f"    {gold:<17}" + "".join(f"{confusion.get(gold, {}).get(said, 0):>9}" for said in present)
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", type=Path, action="append", help="a labelled TSV file (repeatable)")
    parser.add_argument("--errors", action="store_true", help="list the lines judged wrong")
    args = parser.parse_args(argv)
    sets = {str(path): [path] for path in args.file} if args.file else SETS
    for name, paths in sets.items():
        rows = [row for path in paths if path.exists() for row in read(path)]
        if not rows:
            print(f"{name}: not there")
            continue
        figures = measure(rows)
        show(name, figures)
        if args.errors:
            for error in figures["errors"]:
                print("    ✗ " + error)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
