"""validate(): every rule over a whole imported table, set-based, and one status per row.

``validate_slices`` yields the same result slice by slice, so that storing one
slice can overlap checking the next; rules that compare rows with each other
(exact duplicates, a reused record_id) still see the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from datusoban.impor.profiles import CANONICAL
from datusoban.impor.rules import (
    charsets,
    dates,
    duplicates,
    formulas,
    kk,
    limits,
    nik,
    person,
    ppks,
    regions,
    shared_nik,
)
from datusoban.impor.rules.codes import RULES, SEVERITIES, STATUSES, Rule
from datusoban.impor.rules.context import RuleContext

ROW = "_row"
OUTPUTS = (
    nik.NORM,
    kk.NORM,
    person.SEX,
    dates.NORM,
    dates.ESTIMATED,
    regions.NORM,
    ppks.NORM,
    "errors",
    "warnings",
    duplicates.DUPLICATE_OF,
    "status",
)
DIAGNOSTIC = (nik.BIRTH, nik.SEX, kk.ISSUED)  # computed, not returned


def _extra_fields(frame: pl.DataFrame, context: RuleContext) -> list[str]:
    return [f for f in context.extra_fields if f in frame.columns and f not in CANONICAL]


def _canonical_text(frame: pl.DataFrame, extra: list[str]) -> pl.DataFrame:
    """The canonical columns as Utf8 (a column the source lacks is all null), the
    profile's `extra` fields, the row number and, when the mapping found formula
    cells, which fields hold one."""
    return frame.select(
        *(
            (pl.col(c).cast(pl.Utf8) if c in frame.columns else pl.lit(None, pl.Utf8)).alias(c)
            for c in CANONICAL
        ),
        *(pl.col(c).cast(pl.Utf8) for c in extra),
        *((pl.col(formulas.FORMULAS),) if formulas.FORMULAS in frame.columns else ()),
    ).with_columns(frame[ROW].cast(pl.Int64))


def _code_lists(flags: pl.DataFrame, rules: list[Rule]) -> pl.Series:
    """Per row, the sorted codes of `rules` whose flag is set.

    The flags are packed into one integer per row; the lists are built once
    per distinct combination (a few hundred at most) and gathered back.
    """
    codes = sorted(r.code for r in rules)
    if len(codes) > 63:
        raise ValueError("more than 63 rules of one severity: widen the bit mask")
    mask = flags.select(
        pl.sum_horizontal(
            pl.lit(0, pl.UInt64),
            *(pl.col(c).cast(pl.UInt64) * pl.lit(1 << i, pl.UInt64) for i, c in enumerate(codes)),
        )
    ).to_series()
    distinct = mask.unique().sort()
    lists = pl.Series(
        [[c for i, c in enumerate(codes) if m >> i & 1] for m in distinct.to_list()],
        dtype=pl.List(pl.Utf8),
    )
    return lists.gather(distinct.search_sorted(mask))


def _check(text: pl.DataFrame, context: RuleContext) -> pl.DataFrame:
    """Norm columns and one boolean column per row-local rule code, a row per input row."""
    people = person.check(text)
    born = dates.check(text["tanggal_lahir"], context.as_of)
    parts = [
        people,
        born,
        nik.check(text["nik"], context, born[dates.NORM], people[person.SEX]),
        kk.check(text["no_kk"], context),
        regions.check(text["kode_wilayah"], context),
        ppks.check(text["ppks"], born[dates.NORM], people[person.SEX], context.as_of),
        formulas.check(text, list(CANONICAL)),
        limits.check(text, _extra_fields(text, context)),
    ]
    return pl.concat(parts, how="horizontal")


def _statuses(checked: pl.DataFrame) -> pl.DataFrame:
    flags = set(checked.columns) - {*OUTPUTS, *DIAGNOSTIC}
    if flags != set(RULES):
        raise RuntimeError(
            f"rules.toml and the checks disagree: only in rules.toml "
            f"{sorted(set(RULES) - flags)}, only in the checks {sorted(flags - set(RULES))}"
        )
    by_severity = {s: [r for r in RULES.values() if r.severity == s] for s in SEVERITIES}
    diterima, peringatan, karantina, duplikat = STATUSES
    return checked.with_columns(
        errors=_code_lists(checked, by_severity["error"]),
        warnings=_code_lists(checked, by_severity["warning"]),
    ).select(
        *(c for c in OUTPUTS if c != "status"),
        status=pl.when(pl.col(duplicates.DUPLICATE_OF).is_not_null())
        .then(pl.lit(duplikat))
        .when(pl.col("errors").list.len() > 0)
        .then(pl.lit(karantina))
        .when(pl.col("warnings").list.len() > 0)
        .then(pl.lit(peringatan))
        .otherwise(pl.lit(diterima)),
    )


def validate_slices(frame: pl.DataFrame, context: RuleContext, size: int) -> Iterator[pl.DataFrame]:
    """What :func:`validate` returns, as consecutive slices of at most ``size`` rows."""
    if ROW not in frame.columns or frame[ROW].null_count():
        raise ValueError(f"validate: the frame needs a {ROW!r} column of row numbers, no nulls")
    clashes = sorted(set(frame.columns) & set(OUTPUTS))
    if clashes:
        raise ValueError(f"validate: the frame already has output columns {clashes}")
    text = _canonical_text(frame, _extra_fields(frame, context))
    # These compare rows: they need them all. They are made in a thread of their
    # own while the first slice's rows are checked: nothing can be stored before
    # that slice is ready, and Polars alone did not keep both cores busy meanwhile.
    charsets.whitespace()  # both threads need it: made once, before they start
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate") as aside:
        comparing = aside.submit(
            lambda: pl.concat(
                [duplicates.check(text, list(CANONICAL)), shared_nik.check(text)],
                how="horizontal",
            )
        )
        first = _check(text.slice(0, size), context)
        across = comparing.result()
    for offset in range(0, max(frame.height, 1), size):
        part = text.slice(offset, size)
        rows = first if offset == 0 else _check(part, context)
        checked = pl.concat([rows, across.slice(offset, size)], how="horizontal")
        yield pl.concat([frame.slice(offset, size), _statuses(checked)], how="horizontal")


def validate(frame: pl.DataFrame, context: RuleContext) -> pl.DataFrame:
    """`frame` plus nik_norm, no_kk_norm, jenis_kelamin_norm, tanggal_lahir_norm,
    tanggal_lahir_perkiraan, kode_wilayah_norm, ppks_norm, errors, warnings,
    duplicate_of and status (one of STATUSES) for every row.

    `frame` holds the canonical columns as text (a missing one counts as all
    empty) and `_row`, the row number the operator sees; other columns pass
    through untouched.
    """
    return pl.concat(validate_slices(frame, context, max(frame.height, 1)))
