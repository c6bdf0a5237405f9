"""The proxy-means model as versioned configuration: an intercept and one weight per
design column, read from ``data/pmt/<versi>.toml``. Policy is data: a new version
is a new file, and an old ranking keeps naming the version it used."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import polars as pl

from datusoban.sasaran.design import feature_names


@dataclass(frozen=True)
class PMTModel:
    versi: str
    keterangan: str
    intercept: float
    bobot: dict[str, float]  # design column -> weight on log expenditure per capita

    def score(self, design: pl.DataFrame) -> pl.Series:
        """Predicted log monthly expenditure per capita, one per design row."""
        terms = [pl.col(name) * weight for name, weight in self.bobot.items()]
        return design.select(skor=pl.lit(self.intercept) + pl.sum_horizontal(terms)).to_series()


def _folder():
    return resources.files("datusoban.sasaran").joinpath("data/pmt")


def versions() -> list[str]:
    return sorted(
        p.name.removesuffix(".toml") for p in _folder().iterdir() if p.name.endswith(".toml")
    )


def load_model(versi: str | None = None, path: Path | None = None) -> PMTModel:
    """The model of ``versi`` (default: the newest shipped), or the file at ``path``."""
    if path is None:
        versi = versi or versions()[-1]
        text = _folder().joinpath(f"{versi}.toml").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    data = tomllib.loads(text)
    bobot = {k: float(v) for k, v in data["bobot"].items()}
    unknown = sorted(set(bobot) - set(feature_names()))
    missing = sorted(set(feature_names()) - set(bobot))
    if unknown or missing:
        raise ValueError(f"PMT {data['versi']}: unknown weights {unknown}, missing {missing}")
    return PMTModel(data["versi"], data.get("keterangan", ""), float(data["intercept"]), bobot)


def write_model(model: PMTModel, path: Path) -> Path:
    lines = [
        f'versi = "{model.versi}"',
        f'keterangan = "{model.keterangan}"',
        f"intercept = {model.intercept:.6f}",
        "",
        "[bobot]",
        *(f'"{name}" = {model.bobot[name]:.6f}' for name in feature_names()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
