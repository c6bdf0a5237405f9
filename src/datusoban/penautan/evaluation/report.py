"""One evaluation run: every method on every data set, as a table and as JSON.

A method that raises does not stop the run: its row says "gagal: <reason>"
and the other methods and data sets are still measured.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from datusoban.penautan.evaluation import methods
from datusoban.penautan.evaluation.datasets import EvalData
from datusoban.penautan.evaluation.metrics import blocking, score
from datusoban.penautan.evaluation.splink_tutorial import has_identifier, splink_tutorial
from datusoban.penautan.model import PersonModel

EXACT = "exact"
SPLINK = "Splink (tutorial)"
# The same tutorial without the identifier our records cannot carry (FEBRL's
# soc_sec_id): Splink on the information our model gets.
SPLINK_NO_ID = "Splink (tutorial, no SSN)"
SHIPPED = "Datu Soban (shipped)"
RETRAINED = "Datu Soban (link-train)"
# Our model given what Splink's tutorial gets: FEBRL's soc_sec_id in the
# identifier column, where a number that is no NIK counts as another kind of id.
RETRAINED_ID = "Datu Soban (link-train, SSN)"
METHODS = (EXACT, SPLINK, SPLINK_NO_ID, SHIPPED, RETRAINED, RETRAINED_ID)
# Methods that exist only where the data set has an identifier besides NIK.
_WITH_ID_ONLY = (SPLINK_NO_ID, RETRAINED_ID)


def _run(name: str, data: EvalData, model: PersonModel | None) -> methods.Outcome:
    if name == EXACT:
        return methods.exact(data)
    if name == SPLINK:
        return splink_tutorial(data)
    if name == SPLINK_NO_ID:
        return splink_tutorial(data, with_id=False)
    if name == SHIPPED:
        return methods.ours_shipped(data, model)
    return methods.ours_retrained(data, with_id=name == RETRAINED_ID)


def evaluate(
    datasets: list[EvalData],
    model: PersonModel | None = None,
    progress: Callable[[str], None] = lambda _: None,
    chosen: tuple[str, ...] = METHODS,
) -> list[dict[str, object]]:
    """Rows of figures: one per (data set, method)."""
    rows: list[dict[str, object]] = []
    for data in datasets:
        for name in chosen:
            if name in _WITH_ID_ONLY and not has_identifier(data):
                continue
            progress(f"{data.name}: {name}")
            row: dict[str, object] = {
                "dataset": data.name,
                "records": data.records.height,
                "method": name,
                "dropped_columns": list(data.dropped),
            }
            started = time.perf_counter()
            try:
                outcome = _run(name, data, model)
            # One failing method (e.g. training that raises) must not end the run.
            except Exception as exc:
                row["error"] = f"gagal: {type(exc).__name__}: {_first_line(exc)}"
                row["seconds"] = round(time.perf_counter() - started, 1)
                rows.append(row)
                continue
            row["seconds"] = round(time.perf_counter() - started, 1)
            figures = blocking(outcome.blocking_frame, outcome.rules, data.truth, outcome.across)
            scores = score(outcome.labels, data.truth, blocking_figures=figures)
            row.update(scores.as_dict())
            row["missed_by_blocking"] = 1 - figures[0]
            rows.append(row)
    return rows


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "(tanpa pesan)"


def table(rows: list[dict[str, object]]) -> str:
    """A plain-text table (also valid Markdown) of the figures."""
    head = (
        "| data set | records | method | precision | recall | F1 | B³ F1 "
        "| true pairs never compared | pairs/record | s |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        # English figures on purpose: the table's decimals are points (0.9876), so a
        # thousands dot would read as one; the README quotes it as it is.
        start = f"| {r['dataset']} | {r['records']:,} | {r['method']} "
        if "error" in r:
            lines.append(start + f"| {r['error']} |" + " |" * 6 + f" {r['seconds']} |")
            continue
        lines.append(
            start + f"| {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} "
            f"| {r['bcubed_f1']:.4f} | {r['missed_by_blocking']:.4f} "
            f"| {r['pairs_per_record']:.2f} | {r['seconds']} |"
        )
    return "\n".join(lines)
