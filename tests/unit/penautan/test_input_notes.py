"""What linking could not read is counted per file and field, and said."""

from __future__ import annotations

import json

from tests.unit.penautan.conftest import person, records

from datusoban.penautan.blocking import RULES
from datusoban.penautan.commands import run
from datusoban.penautan.features import prepare
from datusoban.penautan.input_notes import input_notes, summary_lines, unread_flags

ROWS = [
    person("dtks", "1", nama="BUDI", tanggal_lahir="1990-02-30", jenis_kelamin="L"),
    person("dtks", "2", nama="BUDI", tanggal_lahir="1990-02-03", jenis_kelamin="X"),
    person("dtks", "3", nama="SITI", tanggal_lahir="kemarin", kode_wilayah="2000"),
    person("lks", "1", nama="ANI", hubungan_keluarga="Sepupu jauh", kode_wilayah="6371"),
    person("lks", "2", nama="ANI", hubungan_keluarga="Anak", kode_wilayah="63.71.01.1012", nik="x"),
]


def test_unread_values_are_flagged_field_by_field():
    flags = unread_flags(records(ROWS))
    assert flags["tanggal_lahir"].to_list() == [True, False, True, False, False]
    # 2000 is a postcode; 6371 an undotted kab/kota code; the default desa code is fine.
    assert flags["kode_wilayah"].to_list() == [False, False, True, False, False]
    assert flags["jenis_kelamin"].to_list() == [False, True, False, False, False]
    assert flags["hubungan_keluarga"].to_list() == [False, False, False, True, False]
    assert flags["nik"].to_list() == [False, False, False, False, True]


def test_notes_per_file_count_and_share_compared_with_nothing():
    frame = records(ROWS)
    notes = input_notes(frame, prepare(frame), RULES)
    assert notes["dtks"]["records"] == 3
    assert notes["dtks"]["unread"] == {
        "tanggal_lahir": 2, "kode_wilayah": 1, "jenis_kelamin": 1, "hubungan_keluarga": 0,
        "nik": 0,
    }  # fmt: skip
    # The two BUDI are paired by a name rule (one date is unreadable); SITI
    # has no partner.
    assert notes["dtks"]["share_compared_with_nothing"] == round(1 / 3, 4)
    assert notes["lks"]["unread"]["hubungan_keluarga"] == 1
    line = summary_lines(notes)[0]
    assert line.startswith("dtks: 3 rekaman; tanggal lahir tak terbaca 2;")
    assert "rekaman tidak punya pembanding dalam blocking" in line


def test_link_prints_and_writes_the_notes(tmp_path, capsys):
    path = tmp_path / "dtks.csv"
    path.write_text(
        "record_id,nama,tanggal_lahir,jenis_kelamin\n1,BUDI,31/02/1990,L\n2,ANI,1990-01-01,?\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    args = [str(path), "--out", str(tmp_path / "o.csv"), "--json", str(report)]
    assert run("link", args) == 0
    err = capsys.readouterr().err
    assert "dtks: 2 rekaman; tanggal lahir tak terbaca 1; jenis kelamin tak dikenal 1;" in err
    body = json.loads(report.read_text())
    assert body["files"]["dtks"]["unread"]["tanggal_lahir"] == 1
    assert body["files"]["dtks"]["share_compared_with_nothing"] == 1.0
