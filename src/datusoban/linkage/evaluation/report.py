"""One evaluation run: every method on every data set, as a table and as JSON."""

from __future__ import annotations

import time
from collections.abc import Callable

from datusoban.linkage.evaluation import methods
from datusoban.linkage.evaluation.datasets import EvalData
from datusoban.linkage.evaluation.metrics import blocking, score
from datusoban.linkage.model import PersonModel

METHODS = ("exact NIK", "Splink default", "Datu Soban")


def evaluate(
    datasets: list[EvalData],
    model: PersonModel | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[dict[str, object]]:
    """Rows of figures: one per (data set, method)."""
    rows: list[dict[str, object]] = []
    for data in datasets:
        for name in METHODS:
            progress(f"{data.name}: {name}")
            started = time.perf_counter()
            if name == "exact NIK":
                outcome = methods.exact_nik(data.records)
            elif name == "Splink default":
                outcome = methods.splink_default(data.records)
            else:
                outcome = methods.ours(data.records, model, train_on_input=data.train_ours)
            seconds = time.perf_counter() - started
            figures = blocking(outcome.blocking_frame, outcome.rules, data.truth)
            scores = score(outcome.labels, data.truth, blocking_figures=figures)
            rows.append(
                {
                    "dataset": data.name,
                    "records": data.records.height,
                    "method": name,
                    "seconds": round(seconds, 1),
                    **scores.as_dict(),
                }
            )
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """A plain-text table (also valid Markdown) of the figures."""
    head = (
        "| data set | records | method | precision | recall | F1 | B³ F1 "
        "| blocking recall | pairs/record | s |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        lines.append(
            f"| {r['dataset']} | {r['records']:,} | {r['method']} | {r['precision']:.4f} "
            f"| {r['recall']:.4f} | {r['f1']:.4f} | {r['bcubed_f1']:.4f} "
            f"| {r['blocking_recall']:.4f} | {r['pairs_per_record']:.2f} | {r['seconds']} |"
        )
    return "\n".join(lines)
