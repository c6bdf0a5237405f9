"""Synthetic sources made for one evaluation: a given realism, seed and size.

They are made by running `datusoban synth` itself (linkage sits below the
generator in the layers, so it calls the command rather than importing it).
The generator may not know a realism option yet (`--realism field` makes the
errors of real registers); then the plain sources are made and the data set's
name says so, so a table never claims a realism it was not measured on.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.evaluation.datasets import EvalData, synthetic

# The seed the shipped model was trained on: never evaluated on.
SHIPPED_TRAINING_SEED = 2025


def _synth(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "datusoban.cli", "synth", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@cache
def realism_supported() -> bool:
    """Whether this generator takes a realism option."""
    return "--realism" in _synth("--help").stdout


def generate(people: int, seed: int, realism: str | None, folder: Path) -> None:
    """Write the sources and truth of `people` persons made from `seed` into `folder`."""
    args = ["--people", str(people), "--seed", str(seed), "--out", str(folder)]
    if realism is not None:
        args += ["--realism", realism]
    done = _synth(*args)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(tanpa pesan)"])[-1]
        raise LinkInputError(f"datusoban synth {' '.join(args)} gagal: {last}")


def made(
    people: int,
    seed: int,
    training_seed: int,
    realism: str | None,
    warn: Callable[[str], None],
) -> EvalData:
    """Sources of `seed` to evaluate on, and of `training_seed` to retrain our model on."""
    if not 1_000 <= people <= 4_400_000:
        raise LinkInputError(f"--synth-people {people}: harus antara 1.000 dan 4.400.000")
    if seed in (training_seed, SHIPPED_TRAINING_SEED):
        raise LinkInputError(
            f"--synth-seed {seed}: pilih seed yang tidak dipakai melatih model "
            f"({training_seed} untuk link-train, {SHIPPED_TRAINING_SEED} untuk model bawaan)"
        )
    if realism is not None and not realism_supported():
        warn(
            f"`datusoban synth` ini belum punya opsi --realism; --synth-realism {realism} "
            "diabaikan, data sintetis standar yang dipakai"
        )
        realism = None
    # The files are read into memory, so the folder is not kept.
    with tempfile.TemporaryDirectory(prefix="datusoban-link-eval-") as folder:
        root = Path(folder)
        evaluated, trained = root / f"seed{seed}", root / f"seed{training_seed}"
        generate(people, seed, realism, evaluated)
        generate(people, training_seed, realism, trained)
        data = synthetic(evaluated, training=trained)
    # The name is a row label of the evaluation table (report.table), in its number style.
    data.name = f"sintetis {realism or 'standar'} seed {seed} ({people:,} orang)"
    return data
