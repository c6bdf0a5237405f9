"""The model is a file: it round-trips, and a file that does not fit the code is refused."""

from __future__ import annotations

import json

import pytest

from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.model import VERSION, from_json, load_model, splink_settings, structure
from datusoban.penautan.policy import load_thresholds


def test_shipped_model_round_trips_through_json(tmp_path):
    model = load_model()
    path = tmp_path / "model.json"
    model.save(path)
    again = load_model(path)
    assert again == model
    assert path.read_text(encoding="utf-8") == model.to_json()


def test_shipped_model_has_every_level_the_code_defines():
    model = load_model()
    assert {name: list(levels) for name, levels in model.levels.items()} == structure()
    assert model.version == VERSION


def test_settings_carry_the_trained_probabilities():
    model = load_model()
    settings = splink_settings(model, "duckdb")
    nik = next(c for c in settings["comparisons"] if c["output_column_name"] == "nik")
    exact = next(
        lv for lv in nik["comparison_levels"] if lv["label_for_charts"].startswith("exact")
    )
    assert exact["m_probability"] == model.levels["nik"][exact["label_for_charts"]].m


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda body: body.update(version=VERSION + 1), "latih ulang"),
        (lambda body: body.update(format="something"), "bukan berkas datusoban-person-link-model"),
        (lambda body: body["comparisons"]["nama"].pop("exact"), "nama / 'exact'"),
        (lambda body: body["comparisons"]["nik"]["else"].update(m=0), "nik / 'else'"),
        (lambda body: body.update(probability_two_random_records_match=2), "di antara 0 dan 1"),
    ],
)
def test_a_model_that_does_not_fit_is_refused(edit, message):
    body = json.loads(load_model().to_json())
    edit(body)
    with pytest.raises(LinkInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_json(json.dumps(body))


def test_not_json_is_refused():
    with pytest.raises(LinkInputError, match="bukan JSON"):
        from_json("{oops")


def test_thresholds_are_policy_in_toml(tmp_path):
    shipped = load_thresholds()
    assert 0 < shipped.review_probability <= shipped.match_probability < 1
    assert shipped.never_link, "the family patterns are part of the shipped policy"
    bad = tmp_path / "t.toml"
    bad.write_text("match_probability = 0.4\nreview_probability = 0.6\n")
    with pytest.raises(LinkInputError, match="review_probability <= match_probability"):
        load_thresholds(bad)
    bad.write_text('[[never_link]]\nreason = "x"\nnik = ["no such level"]\n')
    with pytest.raises(LinkInputError, match="tidak punya tingkat"):
        load_thresholds(bad)


@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_the_same_model_builds_for_every_engine(dialect):
    """String similarity uses each engine's own function names; nothing DuckDB-only leaks."""
    settings = json.dumps(splink_settings(load_model(), dialect))
    assert "jaro_winkler" in settings and "damerau_levenshtein" in settings
    assert ("jaro_winkler_similarity" in settings) == (dialect == "duckdb")
    assert "list_intersect" not in settings
