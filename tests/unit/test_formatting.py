"""Numbers and dates as Indonesian readers write them: the helpers, the pages' one date style,
and command-line processes with and without the project's settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from datusoban import formatting
from datusoban.formatting import angka, persen, rupiah, tanggal, tanggal_pendek, waktu

SRC = str(Path(formatting.__file__).resolve().parents[1])


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (3000, None, "3.000"),
        (1234567, None, "1.234.567"),
        (999, None, "999"),
        (0, None, "0"),
        (-1234, None, "-1.234"),
        (1234.5, None, "1.234,5"),
        (Decimal("1234.50"), None, "1.234,50"),
        (5.94, 1, "5,9"),
        (5.95, 1, "6,0"),  # half up, as a reader rounds
        (1048576 / 2**20, 0, "1"),
        (2.5 * 1024, 0, "2.560"),
        (np.int64(12345), None, "12.345"),
        (np.float64(1234.56), 1, "1.234,6"),
    ],
)
def test_angka(value, decimals, written):
    assert angka(value, decimals) == written


def test_rupiah_as_the_pages_show_it():
    assert rupiah(3000) == "Rp3.000"
    assert rupiah(1_200_000) == "Rp1.200.000"
    assert rupiah(0) == "Rp0"


def test_persen():
    assert persen(0.1234) == "12,3%"
    assert persen(1) == "100,0%"
    assert persen(0.5, 0) == "50%"


def test_the_two_date_styles():
    day = date(2017, 3, 5)
    assert tanggal(day) == "5 Maret 2017"
    assert tanggal_pendek(day) == "5 Mar 2017"
    assert [tanggal_pendek(date(2017, m, 5)).split()[1] for m in (1, 5, 8, 12)] == [
        "Jan", "Mei", "Agu", "Des",
    ]  # fmt: skip


def test_a_moment_in_local_time():
    # 06.07 UTC is 14.07 WITA, and 23.30 UTC already the next day there.
    assert waktu(datetime(2017, 3, 5, 6, 7, tzinfo=UTC)) == "5 Mar 2017 14.07"
    assert tanggal(datetime(2017, 3, 4, 23, 30, tzinfo=UTC)) == "5 Maret 2017"


def test_indonesian_whatever_language_is_active():
    with translation.override("en"):
        assert angka(3000) == "3.000"
        assert tanggal(date(2017, 3, 5)) == "5 Maret 2017"


def test_templates_give_the_same_style():
    page = Template(
        '{{ d }}|{{ d|date }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}'
        "|{{ n }}|{{ f }}"
    ).render(
        Context(
            {
                "d": date(2017, 3, 5),
                "t": datetime(2017, 3, 5, 6, 7, tzinfo=UTC),
                "n": 3000,
                "f": 1234.5,
            }
        )
    )
    assert page == "5 Maret 2017|5 Maret 2017|5 Mar 2017|5 Mar 2017 14.07|3.000|1.234,5"


def test_standalone_settings_agree_with_the_project():
    for name, value in formatting.STANDALONE_SETTINGS.items():
        if name != "LOGGING_CONFIG":
            assert getattr(settings, name) == value, name


def _without_settings(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DATUSOBAN_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SRC, env.get("PYTHONPATH")]))
    return env


def test_a_process_without_django_settings(tmp_path):
    """The standalone linker's own lines, in a process where nothing set Django up."""
    code = (
        "from datetime import date\n"
        "from datusoban.formatting import tanggal\n"
        "from datusoban.penautan.input_notes import summary_lines\n"
        "note = {'records': 12345, 'unread': {'nik': 1500},\n"
        "        'share_compared_with_nothing': 0.0123}\n"
        "print(summary_lines({'dtks.csv': note})[0])\n"
        "print(tanggal(date(2017, 3, 5)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=_without_settings(tmp_path),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    line, day = done.stdout.splitlines()
    assert line.startswith("dtks.csv: 12.345 rekaman; ") and " 1.500" in line, line
    assert "1,2% rekaman" in line, line
    assert day == "5 Maret 2017"
    assert list(tmp_path.iterdir()) == []  # no data directory, no database


def test_standalone_ignores_a_settings_module_in_the_environment(tmp_path):
    """`datusoban link` with DJANGO_SETTINGS_MODULE exported: still nothing created."""
    env = _without_settings(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "datusoban.settings"
    code = (
        "from datusoban import formatting\nformatting.standalone()\nprint(formatting.angka(3000))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3.000"
    assert list(tmp_path.iterdir()) == []


def test_the_synth_command_prints_indonesian_numbers(tmp_path):
    env = _without_settings(tmp_path)
    env["DATUSOBAN_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        [Path(sys.executable).parent / "datusoban", "synth", "--people", "3000", "--no-files"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    summary = re.search(r"^(\S+) orang dalam (\S+) keluarga; .* \((\S+) s\)\.$", done.stdout, re.M)
    assert summary, done.stdout
    people, households, seconds = summary.groups()
    assert re.fullmatch(r"\d\.\d{3}", people) and int(people.replace(".", "")) > 2_900
    assert re.fullmatch(r"\d+,\d", seconds)
    assert "," not in people + households
