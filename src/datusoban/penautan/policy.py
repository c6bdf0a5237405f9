"""Match thresholds and never-link rules, read from TOML (shipped: data/thresholds.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from datusoban.penautan.errors import LinkInputError


@dataclass(frozen=True)
class NeverLink:
    """A pattern of levels that two records of one family show: never a link."""

    reason: str
    levels: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Thresholds:
    """Link at `match_probability` and above; review from `review_probability`."""

    match_probability: float = 0.9
    review_probability: float = 0.5
    never_link: tuple[NeverLink, ...] = field(default_factory=tuple)


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Thresholds from `path`, or the shipped file; LinkInputError when invalid."""
    origin = str(path) if path else "data/thresholds.toml"
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("datusoban.penautan").joinpath("data/thresholds.toml").read_text()
        )
        body = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LinkInputError(f"{origin}: ambang tidak dapat dibaca ({exc})") from None
    match = body.get("match_probability", Thresholds.match_probability)
    review = body.get("review_probability", Thresholds.review_probability)
    if not (0 < review <= match < 1):
        raise LinkInputError(
            f"{origin}: harus 0 < review_probability <= match_probability < 1, "
            f"tertulis {review} dan {match}"
        )
    rules = tuple(_never_link(rule, origin) for rule in body.get("never_link", []))
    return Thresholds(
        match_probability=float(match), review_probability=float(review), never_link=rules
    )


def _never_link(rule: dict[str, Any], origin: str) -> NeverLink:
    # Imported here: the model's structure is built with Splink, which the
    # plain threshold numbers do not need.
    from datusoban.penautan.model import structure

    known = structure()
    reason = rule.get("reason")
    if not isinstance(reason, str) or not reason:
        raise LinkInputError(f"{origin}: setiap [[never_link]] perlu alasan (reason)")
    levels: dict[str, frozenset[str]] = {}
    for name, labels in rule.items():
        if name == "reason":
            continue
        if name not in known:
            raise LinkInputError(
                f"{origin}: never_link {reason!r}: perbandingan {name!r} tidak ada"
            )
        unknown = [lb for lb in labels if lb not in known[name]]
        if unknown:
            raise LinkInputError(
                f"{origin}: never_link {reason!r}: {name} tidak punya tingkat {unknown}"
            )
        levels[name] = frozenset(labels)
    return NeverLink(reason=reason, levels=levels)
