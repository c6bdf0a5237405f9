"""The `datusoban link` contract (docs/INTERCHANGE.md): one row per input row, header,
exit codes, nothing created but the output, no database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from datusoban.penautan.commands import EXIT_BAD_INPUT, run

HEADER = "record_id,nik,nama,jenis_kelamin,tanggal_lahir,nama_ibu_kandung,kode_wilayah"
DTKS = f"""\ufeff{HEADER}
D1,6371011203950001,MUHAMMAD RIZKI,L,1995-03-12,RATNA,63.71.01.1012
D2,6371014408740001,RATNA,P,1974-08-04,HALIMAH,63.71.01.1012
D3,,SITI AMINAH,P,01-07-1950,,63.71.01.1012
"""
LKS = f"""{HEADER},layanan
L1,6371011203950001,MOH. RIZKY,LAKI-LAKI,12/03/1995,Ratna,63.71.01.1012,rehabilitasi
L2,,Siti Aminah,PEREMPUAN,1950-07-01,,63.71.01.1012,lansia
L3,,BUDI,L,2001-02-03,,63.71.01
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_links_files_in_an_empty_directory_creating_only_the_output(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    dtks, lks = write(inputs, "dtks.csv", DTKS), write(inputs, "lks.csv", LKS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    done = subprocess.run(
        [Path(sys.executable).parent / "datusoban", "link", dtks, lks, "--out", "clusters.csv"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in work.iterdir()) == ["clusters.csv"]
    assert "Traceback" not in done.stderr
    out = pl.read_csv(work / "clusters.csv", infer_schema=False)
    assert out.columns[:3] == ["source", "record_id", "person_id"]
    assert out.height == 6
    assert out.select("source", "record_id").rows() == [
        ("dtks", "D1"), ("dtks", "D2"), ("dtks", "D3"),
        ("lks", "L1"), ("lks", "L2"), ("lks", "L3"),
    ]  # fmt: skip
    person = dict(zip(out["record_id"], out["person_id"], strict=True))
    assert person["D1"] == person["L1"]  # MOH. RIZKY, LAKI-LAKI, 12/03/1995
    assert person["D3"] == person["L2"]  # 01-07-1950 written both ways
    assert len({person["D1"], person["D2"], person["D3"], person["L3"]}) == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.csv", b"\x00\x01\x02\xff\xfe" * 50, "bukan berkas CSV UTF-8 yang terbaca"),
        ("latin.csv", "record_id,nama\n1,J\xf6rg\n".encode("latin-1"), "bukan berkas CSV UTF-8"),
        ("empty.csv", b"", "empty"),
        ("nonama.csv", "record_id,nik\n1,6371011203950001\n", "kolom wajib tidak ada: nama"),
        ("dup.csv", "record_id,nama\nA,BUDI\nB,SITI\nA,ANI\n", "record_id 'A' muncul lebih"),
        ("noid.csv", "record_id,nama\nA,BUDI\n,SITI\n", "baris 3 tidak punya record_id"),
    ],
)
def test_bad_input_is_refused_with_a_message(tmp_path, capsys, name, content, message):
    path = write(tmp_path, name, content)
    out = tmp_path / "clusters.csv"
    assert run("link", [str(path), "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_file_and_unwritable_output(tmp_path, capsys):
    assert run("link", [str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    assert "berkas tidak dapat dibaca" in capsys.readouterr().err
    good = write(tmp_path, "dtks.csv", DTKS)
    assert run("link", [str(good), "--out", str(tmp_path / "no" / "dir" / "o.csv")]) == 2
    assert "tidak dapat ditulis" in capsys.readouterr().err


def test_two_files_with_one_name_are_refused(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = write(tmp_path / "a", "dtks.csv", DTKS), write(tmp_path / "b", "dtks.csv", DTKS)
    assert run("link", [str(one), str(two), "--out", str(tmp_path / "o.csv")]) == 2
    assert "bernama sama" in capsys.readouterr().err


def test_spark_engine_without_pyspark_is_refused_clearly(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the spark extra were absent
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    good = write(tmp_path, "dtks.csv", DTKS)
    code = run("link", [str(good), "--out", str(tmp_path / "o.csv"), "--engine", "spark"])
    assert code == 2
    assert "--engine spark needs pyspark" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_pairs_file_shows_the_evidence(tmp_path):
    dtks, lks = write(tmp_path, "dtks.csv", DTKS), write(tmp_path, "lks.csv", LKS)
    pairs = tmp_path / "pairs.csv"
    args = [str(dtks), str(lks), "--out", str(tmp_path / "c.csv"), "--pairs", str(pairs)]
    assert run("link", args) == 0
    frame = pl.read_csv(pairs, infer_schema=False)
    assert {"match_probability", "status", "mw_nama", "level_nik"} <= set(frame.columns)
