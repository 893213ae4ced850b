"""Reading the labelled corpus (``training/corpus/*.tsv``, format in ``LABELLING.md``)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
COLUMNS = ("text", "lang", "verdict", "family", "category", "activity", "kind", "source")
FAMILY_ACTIVITY = {"advertising": "advertising", "customer_service": "customer_service", "other": "other",
                   "own_business": "other"}  # fmt: skip
ACTIVITIES = ("dialogue", "moderation", "content", "listening", "strategy", "reporting", "advertising",
              "customer_service", "other")  # fmt: skip


@dataclass(frozen=True)
class Line:
    text: str
    lang: str
    verdict: str
    family: str
    category: str
    activity: str
    kind: str
    source: str
    file: str


def corpus_files(folder: Path = CORPUS) -> list[Path]:
    return sorted(folder.glob("*.tsv"))


def read_lines(path: Path, categories: dict[str, tuple[str, str]] | None = None) -> list[Line]:
    """Every line of one TSV file, checked against the labelling rules: ``categories`` maps a
    category id to its (side, family) as in content/boundaries.toml."""
    lines = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if tuple(header) != COLUMNS:
            raise ValueError(f"{path}: header must be {COLUMNS}, got {header}")
        for number, row in enumerate(reader, start=2):
            if len(row) != len(COLUMNS):
                raise ValueError(f"{path}:{number}: {len(row)} fields")
            line = Line(*row, file=path.stem)
            problem = _problem(line, categories)
            if problem:
                raise ValueError(f"{path}:{number}: {problem}: {row}")
            lines.append(line)
    return lines


def _problem(line: Line, categories: dict[str, tuple[str, str]] | None) -> str | None:
    if not line.text.strip():
        return "empty text"
    if line.lang not in ("fr", "en", "mix"):
        return "lang"
    if line.verdict not in ("inside", "outside"):
        return "verdict"
    if line.activity not in ACTIVITIES:
        return "activity"
    if categories is not None:
        if line.category not in categories:
            return "unknown category"
        side, family = categories[line.category]
        if (side, family) != (line.verdict, line.family):
            return f"category {line.category} is {side}/{family}"
    if line.verdict == "outside" and FAMILY_ACTIVITY.get(line.family) != line.activity:
        return "an outside line's activity is its family's"
    if line.verdict == "inside" and line.activity in ("advertising", "customer_service"):
        return "an inside line cannot be advertising or customer service"
    return None


def read_corpus(folder: Path = CORPUS, categories: dict[str, tuple[str, str]] | None = None) -> list[Line]:
    """The whole corpus, in file order; duplicates (same folded text) are refused."""
    lines: list[Line] = []
    seen: dict[str, str] = {}
    for path in corpus_files(folder):
        for line in read_lines(path, categories):
            key = " ".join(line.text.casefold().split())
            if key in seen:
                raise ValueError(f"{path}: duplicate of a line of {seen[key]}: {line.text!r}")
            seen[key] = path.name
            lines.append(line)
    return lines


def corpus_hash(folder: Path = CORPUS) -> str:
    """SHA-256 over the corpus files (names and bytes): the shipped model records it, and a
    test fails when the model and the corpus drift apart."""
    digest = hashlib.sha256()
    for path in corpus_files(folder):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
