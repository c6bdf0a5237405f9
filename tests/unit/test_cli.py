"""The console script: garbage collection paused while Django starts, resumed for the command."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from datusoban import cli


def test_collection_resumes_with_start_up_frozen_once_the_command_is_loaded():
    gc.disable()
    try:
        command = cli._dispatcher(["datusoban", "import"]).fetch_command("import")
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert "profil" in command.help
    finally:
        gc.unfreeze()  # this test process's objects back under collection
        gc.enable()


def test_help_lists_django_and_linkage_commands_and_collection_is_back_on(tmp_path):
    env = {**os.environ, "DATUSOBAN_HOME": str(tmp_path)}
    probe = (
        "import gc, sys; from datusoban import cli; sys.argv = ['datusoban', 'help'];"
        " cli.main(); print('gc', gc.isenabled())"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
    )
    assert "import" in done.stdout and "link-train" in done.stdout
    assert done.stdout.rstrip().endswith("gc True")
