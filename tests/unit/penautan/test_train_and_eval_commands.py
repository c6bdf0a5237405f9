"""`datusoban link-train` and `link-eval` end to end on a small synthetic population."""

from __future__ import annotations

import json
from datetime import date

import pytest

from datusoban.penautan.commands import run
from datusoban.penautan.model import load_model, structure


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run as generate

    folder = tmp_path_factory.mktemp("synth")
    generate(SynthConfig(people=1_000, seed=5, as_of=date(2025, 6, 30)), folder)
    return folder


@pytest.mark.parametrize("with_truth", [False, True], ids=["EM", "from true pairs"])
def test_link_train_writes_a_model_that_loads(sources, tmp_path, with_truth):
    out = tmp_path / "model.json"
    args = [*map(str, sorted(sources.glob("*.csv"))), "--out", str(out), "--max-pairs", "1e5"]
    if with_truth:
        args += ["--truth", str(sources / "truth" / "truth.csv")]
    assert run("link-train", args) == 0
    model = load_model(out)
    assert {n: list(levels) for n, levels in model.levels.items()} == structure()
    assert model.notes["method"] == ("m from labels" if with_truth else "m by EM")
    # A name and a NIK that agree are evidence for; disagreeing ones against.
    assert model.levels["nik"]["exact, fits both records"].weight > 0
    assert model.levels["nama"]["else"].weight < 0


def test_link_eval_prints_every_method_and_writes_json(sources, tmp_path, capsys):
    out = tmp_path / "eval.json"
    args = ["--synth", str(sources), "--json", str(out), "--method", "exact"]
    assert run("link-eval", [*args, "--method", "splink", "--method", "shipped"]) == 0
    table = capsys.readouterr().out
    for method in ("exact", "Splink (tutorial)", "Datu Soban (shipped)"):
        assert f"| {method} |" in table
    rows = json.loads(out.read_text())
    assert [r["method"] for r in rows] == ["exact", "Splink (tutorial)", "Datu Soban (shipped)"]
    ours = next(r for r in rows if r["method"] == "Datu Soban (shipped)")
    assert ours["f1"] > 0.97
    assert ours["missed_by_blocking"] < 0.01
    assert ours["pairs_per_record"] < 50


def test_link_eval_training_sources_must_be_synth_output(sources, capsys):
    argv = ["--synth", str(sources), "--synth-train", "/nonexistent/seed7"]
    assert run("link-eval", argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("datusoban link-eval: /nonexistent/seed7: tidak ada berkas sumber")
    assert len(err.splitlines()) == 1
