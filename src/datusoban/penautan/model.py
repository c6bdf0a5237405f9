"""The trained person model as a file: versioned JSON, validated when loaded.

The structure (comparisons.py, blocking.py) is code; what training learns
(the m and u probability of every level, and the prior that two records
match) is data, kept in `data/model.json` so it can be diffed, reviewed and
retrained (`datusoban link-train`) without touching code. Loading checks that
the file has a probability for every level the code defines, so a model can
never be silently applied to a structure it was not trained for.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from splink import SettingsCreator

from datusoban.penautan.blocking import blocking_rules
from datusoban.penautan.comparisons import person_comparisons
from datusoban.penautan.errors import LinkInputError

FORMAT = "datusoban-person-link-model"
# Smallest m a level may have. Training data (synthetic above all) may never
# show a difference real registers do show (a relation written differently, a
# birth-date typo); an m of 1e-18 would make one such field veto any link.
# 1 in 1,000 caps a level's negative weight near -10.
M_FLOOR = 1e-3
# Levels whose m training data understates. Synthetic sources have no
# birth-date typos; real registers do, so a date one digit off must stay
# partial agreement whatever the training data showed (with the shipped
# model about +4 bits, was -0.3). Applied when a model is loaded or trained:
# P(level | match) is at least this. Floors for another address or region
# were tried and left out: in the synthetic sources namesakes born the same
# day differ only there, and precision on 130,552 records fell from 0.9968
# to 0.9924-0.9952. A model trained on the register itself (link-train, link
# --train) learns how often its people move.
LEVEL_M_FLOORS: dict[tuple[str, str], float] = {
    ("tgl", "one typo or day and month swapped"): 0.02,
}


def floored_m(comparison: str, label: str, m: float) -> float:
    """m raised to the general floor and to the level's own floor, if it has one."""
    return max(m, M_FLOOR, LEVEL_M_FLOORS.get((comparison, label), 0.0))


# Bump when comparisons.py changes a level: older files are then refused.
VERSION = 1


@dataclass(frozen=True)
class Level:
    """What one comparison level is worth: P(level | match) and P(level | non-match)."""

    m: float
    u: float

    @property
    def weight(self) -> float:
        """The match weight, log2(m/u)."""
        return math.log2(self.m / self.u)


@dataclass
class PersonModel:
    """Trained parameters of the person model, per comparison and level label."""

    prior: float  # probability that two random records are the same person
    levels: dict[str, dict[str, Level]]
    version: int = VERSION
    trained_on: str = ""
    notes: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The model file's text (stable key order, so retrains diff cleanly)."""
        body = {
            "format": FORMAT,
            "version": self.version,
            "trained_on": self.trained_on,
            "notes": self.notes,
            "probability_two_random_records_match": self.prior,
            "comparisons": {
                name: {label: {"m": lv.m, "u": lv.u} for label, lv in levels.items()}
                for name, levels in self.levels.items()
            },
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        """Write the model file."""
        path.write_text(self.to_json(), encoding="utf-8")


@cache
def structure() -> dict[str, list[str]]:
    """Comparison name -> labels of its trainable levels (not the null level), from code.

    Cached: the structure is code, it cannot change while the process runs.
    Callers must not mutate the result.
    """
    settings = SettingsCreator(
        link_type="dedupe_only", comparisons=person_comparisons()
    ).create_settings_dict("duckdb")
    return {
        c["output_column_name"]: [
            lv["label_for_charts"] for lv in c["comparison_levels"] if not lv.get("is_null_level")
        ]
        for c in settings["comparisons"]
    }


def from_json(text: str, origin: str = "model") -> PersonModel:
    """Parse and validate a model file's text; LinkInputError says what is wrong."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LinkInputError(f"{origin}: bukan JSON ({exc.msg}, baris {exc.lineno})") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise LinkInputError(f"{origin}: bukan berkas {FORMAT}")
    if body.get("version") != VERSION:
        raise LinkInputError(
            f"{origin}: model versi {body.get('version')}, padahal kode ini perlu versi "
            f"{VERSION}; latih ulang dengan `datusoban link-train`"
        )
    prior = body.get("probability_two_random_records_match")
    if not isinstance(prior, int | float) or not 0 < prior < 1:
        raise LinkInputError(
            f"{origin}: probability_two_random_records_match harus di antara 0 dan 1"
        )
    stored = body.get("comparisons") or {}
    levels: dict[str, dict[str, Level]] = {}
    for name, labels in structure().items():
        for label in labels:
            values = stored.get(name, {}).get(label)
            if not isinstance(values, dict) or not all(
                isinstance(values.get(k), int | float) and 0 < values[k] <= 1 for k in ("m", "u")
            ):
                raise LinkInputError(
                    f"{origin}: tidak ada m dan u yang sah untuk {name} / {label!r}; model tidak "
                    "cocok dengan perbandingan kode ini, latih ulang dengan `datusoban link-train`"
                )
            m = floored_m(name, label, float(values["m"]))
            levels.setdefault(name, {})[label] = Level(m, float(values["u"]))
    return PersonModel(
        prior=float(prior),
        levels=levels,
        version=VERSION,
        trained_on=str(body.get("trained_on", "")),
        notes=dict(body.get("notes") or {}),
    )


def load_model(path: Path | None = None) -> PersonModel:
    """The model in `path`, or the one shipped in the package."""
    if path is None:
        text = resources.files("datusoban.penautan").joinpath("data/model.json").read_text("utf-8")
        return from_json(text, "data/model.json")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LinkInputError(f"{path}: model tidak dapat dibaca ({exc.strerror})") from None
    return from_json(text, str(path))


# Term frequencies are counted in the records being linked; in a small batch
# every name is "frequent" (one in ten), which would erase the evidence of an
# exact name. Below this many records the adjustments are left out.
MIN_RECORDS_FOR_TERM_FREQUENCIES = 10_000


def splink_settings(
    model: PersonModel | None, dialect: str, *, term_frequencies: bool = True
) -> dict[str, Any]:
    """A Splink settings dict for `dialect`, with the model's m and u filled in.

    With model None the levels keep Splink's starting values (for training).
    """
    creator = SettingsCreator(
        link_type="dedupe_only",
        comparisons=person_comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=model.prior if model else 1e-4,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source", "record_id"],
    )
    settings = creator.create_settings_dict(dialect)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not term_frequencies:
                # Dropped rather than weighted 0: Splink would still compute
                # the frequency tables.
                for key in ("tf_adjustment_column", "tf_adjustment_weight", "tf_minimum_u_value"):
                    level.pop(key, None)
    if model is None:
        return settings
    for comparison in settings["comparisons"]:
        trained = model.levels[comparison["output_column_name"]]
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            values = trained[level["label_for_charts"]]
            level["m_probability"], level["u_probability"] = values.m, values.u
    return settings


def from_splink_settings(settings: dict[str, Any], trained_on: str) -> PersonModel:
    """Read the trained parameters out of a Splink settings dict after training."""
    levels: dict[str, dict[str, Level]] = {}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            # A level never seen in training has no probability: it gets the
            # floor (m) or a tiny u, never none.
            m = floored_m(name, level["label_for_charts"], level.get("m_probability") or 0.0)
            u = level.get("u_probability") or 1e-6
            levels.setdefault(name, {})[level["label_for_charts"]] = Level(float(m), float(u))
    return PersonModel(
        prior=float(settings["probability_two_random_records_match"]),
        levels=levels,
        trained_on=trained_on,
    )
