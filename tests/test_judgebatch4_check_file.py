"""``cm-coach check - < FILE``: a file's lines are classified a batch at a time, and read
exactly as the pipe's, one verdict as each line comes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from cm_coach.core import boundaries
from cm_coach.core.boundaries import Judge, load_categories

LINES = [
    "répondre aux commentaires Instagram",
    "",
    "gérer le budget des campagnes Facebook Ads",
    "zxqv plorf",
    "- factures impayées (suite)",
    "répondre aux commentaires Instagram",
    "Modérer le forum — Studio Nova",
]


def _checked(cli, monkeypatch, stdin) -> list[dict]:
    monkeypatch.setattr("sys.stdin", stdin)
    result = cli("check", "--json", "veille concurrentielle", "-")
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.raw_out.splitlines()]


def test_a_file_is_read_in_batches_with_the_pipes_answers(cli, monkeypatch, tmp_path: Path):
    source = tmp_path / "tasks.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    piped = _checked(cli, monkeypatch, io.StringIO(source.read_text(encoding="utf-8")))
    batches: list[int] = []
    chunk = Judge._classify_chunk

    def counted(self, texts, lang):
        batches.append(len(texts))
        return chunk(self, texts, lang)

    monkeypatch.setattr(Judge, "_classify_chunk", counted)
    with source.open(encoding="utf-8") as stdin:
        from_file = _checked(cli, monkeypatch, stdin)
    assert from_file == piped
    assert [row["text"] for row in from_file] == ["veille concurrentielle", *(line for line in LINES if line)]
    assert batches == [7]  # the argument and the file's six lines, together


def test_batches_give_classify_many_batch_by_batch(monkeypatch):
    monkeypatch.setattr(boundaries, "BATCH_LINES", 2)
    judge = Judge(load_categories(None))
    texts = [line for line in LINES if line]
    given = judge.classify_batches(iter(texts))
    first = next(given)  # the first batch's, before the rest is read
    assert first == Judge(load_categories(None)).classify(texts[0])
    assert [first, *given] == Judge(load_categories(None)).classify_many(texts)
