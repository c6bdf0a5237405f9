"""Which pairs are compared at all: the union of a few cheap equality rules.

Each rule catches what the others miss: the NIK when names are mangled, the
given name with the birth date when the NIK is missing or mistyped, the NIK's
region-and-date head for a typo in the serial, its sorted digits for two
digits swapped anywhere, either half of it for one digit mistyped anywhere (where
few share that half: other kinds of id, small files), the birth date alone where
few share it, the whole name in the kab/kota
when the date is a placeholder or mistyped (not for names so common there
that they would flood the comparisons: features.BLOCK_GROUP_CAP), the desa
with the birth date or the given name, the mother with the birth year when
the person's own name changed (capped the same way), and the birth date with
the kab/kota or the name's initial when every name token carries a typo.
No NIK and no region (registers that carry neither, foreign test sets) must
not leave the exact birth date as the only way in: the name with the birth
year, the given or last name with the year and month or with the day and
month, the name's sound with the year, and the name's sound or the last name alone
where few share it, each capped, let a true pair with one mistake in the date (or in
the date and the name) be compared. Sized so that compared pairs stay a
small multiple of the records (`datusoban link-eval` reports both figures).

Rules are tuples of columns that must be equal (and not null), so the same
rules give Splink's SQL and, in evaluation, a Polars count of the pairs.
"""

from __future__ import annotations

from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from datusoban.penautan.comparisons import DIALECT

Rule = tuple[str, ...]

RULES: tuple[Rule, ...] = (
    ("nik",),
    ("nama_given", "tgl"),
    ("nik_head",),
    ("nik_digits",),
    ("nik_front",),
    ("nik_back",),
    ("tgl_rare",),
    ("nama_in_kab",),
    ("tgl", "desa"),
    ("ibu_in_year",),
    ("nama_given", "desa", "jk"),
    ("tgl", "kab"),
    ("tgl", "nama_initial"),
    ("nama_in_year",),
    ("sound_in_year",),
    ("sound_rare",),
    ("given_in_month",),
    ("given_on_day",),
    ("last_in_month",),
    ("last_on_day",),
    ("last_rare",),
    ("given_in_kab",),
    ("last_in_kab",),
)


def rule_sql(rule: Rule) -> str:
    """`l.a = r.a AND l.b = r.b` (SQL equality is never true for nulls)."""
    return " AND ".join(f"l.{column} = r.{column}" for column in rule)


def blocking_rules(rules: tuple[Rule, ...] = RULES) -> list[BlockingRuleCreator]:
    """The rules as Splink creators, translated to the engine's dialect when it runs."""
    return [CustomRule(rule_sql(rule), sql_dialect=DIALECT) for rule in rules]
