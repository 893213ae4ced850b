"""Benchmarks that print figures: ``python -m benchmarks`` (see ``benchmarks/__main__.py``).

Convention for the extra benchmark modules written beside this file
(``bench_classify.py``, ``bench_tui.py``...): each exposes ``run() -> dict`` of figures,
``{name: number or text}``, plus an optional ``TITLE`` string; the runner calls every one
that is present and puts its dict in the table and in ``results/latest.json``.
``run`` receives no argument, or ``db_path`` (the 10-year demo journal) when its
signature asks for it.
"""
