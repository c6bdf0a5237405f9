"""Documentation is tested: every setting and every datusoban command is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from datusoban.config import SETTINGS
from datusoban.penautan.commands import COMMANDS as LINKAGE_COMMANDS

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")
OWN_COMMANDS = sorted(
    [
        p.stem
        for p in (ROOT / "src" / "datusoban").glob("*/management/commands/*.py")
        if not p.stem.startswith("_")
    ]
    # The linkage commands run without Django (cli.py routes them first).
    + list(LINKAGE_COMMANDS)
)


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_every_setting_is_documented(setting):
    assert f"`{setting}`" in README


@pytest.mark.parametrize("command", OWN_COMMANDS)
def test_every_command_is_documented(command):
    assert re.search(rf"`datusoban {command}\b", README), (
        f"`datusoban {command}` is not in the README"
    )


def test_the_two_commands_are_first_and_ci_runs_the_second():
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", README, flags=re.S)
    run_cmd, test_cmd = (line.strip() for line in blocks[0].strip().splitlines())
    assert "datusoban quickstart" in run_cmd
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmd in ci
