"""Every file of the hostile corpus (tests/hostile/corpus.py) through the real `datusoban import`.

Each import runs in its own process, as an operator would run it. A refused
file exits with status 1, prints its reason code and a message in Bahasa
Indonesia naming the file, stores nothing, and costs the process less than
200 MB at its peak (measured by the kernel: wait4's ru_maxrss). An imported
one exits 0 with the rows quarantined under the codes expected. No case
leaves a traceback, a temporary file or an upload behind.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from .databases import copy_template

_spec = importlib.util.spec_from_file_location(
    "hostile_corpus", Path(__file__).parents[1] / "hostile" / "corpus.py"
)
corpus = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)

DATUSOBAN = str(Path(sys.executable).parent / "datusoban")
PEAK_LIMIT_KB = 200 * 1024  # ru_maxrss is in KiB on Linux
TABLES = (
    "registry_importbatch",
    "registry_sourcerecord",
    "ingest_quarantinedrow",
    "ingest_duplicaterow",
    "registry_source",
)


@pytest.fixture(scope="module")
def env(tmp_path_factory, database_template):
    """One migrated database for the whole corpus, a copy of the session's template: SQLite
    in a fresh home, or a fresh PostgreSQL database when the suite runs on PostgreSQL."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    env["DATUSOBAN_HOME"] = str(home)
    url = os.environ.get("DATUSOBAN_DATABASE_URL")
    name = None
    if url:
        server = url.rsplit("/", 1)[0]
        name = f"datusoban_hostile_{uuid.uuid4().hex[:8]}"
        env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    yield copy_template(database_template, env)
    if name:
        import psycopg

        with psycopg.connect(server + "/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(env: dict, sql: str, *params) -> list[tuple]:
    url = env.get("DATUSOBAN_DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as c:
            return c.execute(sql.replace("?", "%s"), params).fetchall()
    with sqlite3.connect(Path(env["DATUSOBAN_HOME"]) / "datusoban.sqlite3") as c:
        return c.execute(sql, params).fetchall()


def counts(env: dict) -> dict[str, int]:
    return {t: query(env, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


# A process's ru_maxrss starts from what its parent held when it forked (the
# forked copy's pages count until exec): measured straight from pytest, a child
# would carry pytest's own memory. A bare Python launches it instead, as
# benchmarks/peak.py does, and reports what wait4 says of it.
_LAUNCHER = (
    "import json, os, sys\n"
    "pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    json.dump([os.waitstatus_to_exitcode(status), usage.ru_maxrss], out)\n"
)


def run_child(cmd: list[str], env: dict, out: Path) -> tuple[int, str, str, int]:
    """(exit status, stdout, stderr, peak resident memory in KiB) of one child process."""
    with (out / "stdout").open("w") as stdout, (out / "stderr").open("w") as stderr:
        subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(out / "peak.json"), *cmd],
            env=env, stdout=stdout, stderr=stderr, check=False,
        )  # fmt: skip
    status, peak = json.loads((out / "peak.json").read_text())
    return status, (out / "stdout").read_text(), (out / "stderr").read_text(), peak


def leftovers(home: Path, tmpdir: Path) -> list[Path]:
    """Files an import left where temporary files and uploads go."""
    left = list(tmpdir.rglob("*"))
    for folder in (home / "uploads", home / "tmp"):
        if folder.exists():
            left += [p for p in folder.rglob("*") if p.is_file() or p.name != "uploads"]
    return left


def reads_as_bahasa(message: str, name: str) -> bool:
    """A sentence of ours: it names the file, starts as our messages start, ends a sentence."""
    return (
        name in message
        and message.split(" ", 1)[0] in {"Berkas", "Lembar"}
        and message.rstrip().endswith(".")
        and "Error" not in message
    )


@pytest.mark.parametrize("make", corpus.CASES, ids=lambda make: make.__name__.strip("_"))
def test_a_hostile_file_is_refused_or_quarantined_with_its_reason(make, env, tmp_path):
    folder = tmp_path / "berkas"
    folder.mkdir()
    case = make(folder)
    path = folder / case.name
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    before = counts(env)
    status, out, err, peak_kb = run_child(
        [DATUSOBAN, "import", str(path), "--profile", corpus.PROFILE, "--json"],
        {**env, "TMPDIR": str(tmpdir)},  # whatever it writes to a temporary file lands here
        tmp_path,
    )

    assert "Traceback" not in out + err, err
    if case.outcome == "ditolak":
        assert status == 1, (out, err)
        refused = json.loads(out)["ditolak"]
        assert refused["kode"] == case.code, refused
        assert reads_as_bahasa(refused["pesan"], case.name), refused["pesan"]
        assert err.startswith(f"CommandError: {case.name}: ") and f"[{case.code}]" in err, err
        assert peak_kb < PEAK_LIMIT_KB, f"peak {peak_kb / 1024:.0f} MiB"
        assert counts(env) == before
    else:
        assert status == 0, (out, err)
        result = json.loads(out)
        assert result["quarantined"] == len(case.quarantined)
        assert result["accepted"] == case.accepted
        held = query(
            env,
            "SELECT record_id, alasan FROM ingest_quarantinedrow WHERE batch_id = ?",
            result["batch_id"],
        )
        reasons = {rid: a if isinstance(a, list) else json.loads(a) for rid, a in held}
        assert reasons == case.quarantined
        if case.names:
            stored = query(
                env,
                "SELECT nama FROM registry_sourcerecord WHERE batch_id = ? ORDER BY nomor_baris",
                result["batch_id"],
            )
            assert [n for (n,) in stored] == case.names
    assert leftovers(Path(env["DATUSOBAN_HOME"]), tmpdir) == []
