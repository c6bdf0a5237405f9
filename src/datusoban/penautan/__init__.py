"""Linkage: which records, within and across sources, are the same person.

A Fellegi-Sunter model (Splink) tuned for Indonesian data: names normalised
by `datusoban.identity` and compared as tokens, NIK compared with typo
tolerance and checked against what it encodes, birth dates with the 01-07 and
31-12 placeholders treated as weak evidence, the mother's name and the region
hierarchy. The trained model is a JSON file (`data/model.json`), the match
thresholds and never-link rules are policy in `data/thresholds.toml`.

The standalone path (`datusoban link`) needs no Django and no database: an
import-linter contract keeps the modules it uses free of them.

Public API: `link_records(frame) -> LinkResult` (clusters and scored pairs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datusoban.penautan.linking import LinkResult, link_records

__all__ = ["LinkResult", "link_records"]


def __getattr__(name: str) -> Any:
    # Lazy: `datusoban migrate` must not pay for importing Splink and DuckDB.
    if name in __all__:
        from datusoban.penautan import linking

        return getattr(linking, name)
    raise AttributeError(name)
