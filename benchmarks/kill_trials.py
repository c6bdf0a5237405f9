"""kill -9 at random moments of an import and of a link run: is anything ever half-stored?

Each trial starts the real `datusoban import` (a 200,000-row interchange file) or
`datusoban link-registry`, kills it with SIGKILL at a random moment, and checks the
database: every import batch is whole (status `selesai` and its rows reconcile with its
counts) or absent, no row belongs to a batch that is not whole, no link run is left
half-done (every source record of a finished batch is either linked to a person or
still waiting for a link run, and no person is left without a record). A last run of
each command completes, and the same checks hold after it.

    python benchmarks/kill_trials.py [--trials N] [--rows N]        # SQLite under a temp dir
    DATUSOBAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432 python benchmarks/kill_trials.py

With a PostgreSQL URL, the script makes a database of its own on that server and
drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import polars as pl

BIN = Path(sys.executable).parent / "datusoban"


SYLLABLES = ("ba", "di", "ku", "ma", "ni", "ra", "su", "ti", "wa", "yo")


def _word(n: pl.Expr, digits: tuple[int, int, int]) -> pl.Expr:
    parts = [pl.lit(pl.Series(SYLLABLES)).get((n // 10**d) % 10) for d in digits]
    return pl.concat_str(parts).str.to_titlecase()


def interchange_file(path: Path, rows: int) -> Path:
    """``rows`` different people (at most a million), each with a name, a birth date and a
    valid NIK of their own (a link run may still join a few whose NIK and name are one
    typo apart: the count of people at the end is printed, not checked)."""
    n = pl.col("n")
    frame = (
        pl.DataFrame({"n": pl.int_range(0, rows, eager=True)})
        .with_columns(born=pl.date(1950, 1, 1) + pl.duration(days=n % 20_000))
        .with_columns(
            record_id="R" + n.cast(pl.Utf8),
            nik="637101"
            + pl.col("born").dt.strftime("%d%m%y")
            + (n // 20_000 + 1).cast(pl.Utf8).str.zfill(4),
            # Names from a scrambled number (7919 is prime to 10**6): neighbours in birth
            # date get unrelated names, so nobody looks like anybody else.
            nama=_word(n * 7_919 % 10**6, (5, 4, 3)) + " " + _word(n * 7_919 % 10**6, (2, 1, 0)),
            jenis_kelamin=pl.lit("L"),
            tanggal_lahir=pl.col("born").dt.strftime("%Y-%m-%d"),
            kode_wilayah=pl.lit("63.71.01.1001"),
        )
    )
    frame.drop("n", "born").write_csv(path)
    return path


class Database:
    """The run's own database: a SQLite file, or a PostgreSQL database made for it."""

    def __init__(self, home: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
        self.env["DATUSOBAN_HOME"] = str(home)
        server = os.environ.get("DATUSOBAN_DATABASE_URL", "").rsplit("/", 1)[0]
        self.server = server or None
        self.name = f"datusoban_kill_{uuid.uuid4().hex[:8]}"
        if self.server:
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.env["DATUSOBAN_DATABASE_URL"] = f"{self.server}/{self.name}"
        self.file = home / "datusoban.sqlite3"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.server + "/postgres", autocommit=True) as c:
            c.execute(statement)

    def rows(self, sql: str) -> list[tuple]:
        if self.server:
            import psycopg

            with psycopg.connect(self.env["DATUSOBAN_DATABASE_URL"]) as c:
                return c.execute(sql).fetchall()
        with sqlite3.connect(self.file) as c:
            return c.execute(sql).fetchall()

    def drop(self) -> None:
        if self.server:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# Each query names what is wrong when it returns anything.
CHECKS = {
    "batch not whole": """SELECT id, status FROM registry_importbatch
        WHERE status NOT IN ('selesai', 'ditarik')""",
    "counts do not reconcile": """
        SELECT b.id FROM registry_importbatch b WHERE b.status = 'selesai'
        AND (b.jumlah_baris <> b.diterima + b.karantina + b.duplikat
        OR b.diterima <> (SELECT count(*) FROM registry_sourcerecord r WHERE r.batch_id = b.id))""",
    "records of no batch": """SELECT count(*) FROM registry_sourcerecord r WHERE NOT EXISTS
        (SELECT 1 FROM registry_importbatch b WHERE b.id = r.batch_id) HAVING count(*) > 0""",
    "persons without a record": """SELECT count(*) FROM registry_person p WHERE NOT EXISTS
        (SELECT 1 FROM registry_sourcerecord r WHERE r.person_id = p.id) HAVING count(*) > 0""",
    "link run not finished": "SELECT id FROM linkage_linkrun WHERE selesai IS NULL",
}


def problems(db: Database) -> list[str]:
    return [f"{what}: {found[:3]}" for what, sql in CHECKS.items() if (found := db.rows(sql))]


def trial(db: Database, cmd: list[str], at: float) -> str:
    """Run ``cmd``, kill it ``at`` seconds in; "killed" or "finished" (it ended first)."""
    proc = subprocess.Popen(cmd, env=db.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(at)
    if proc.poll() is not None:
        return "finished"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return "killed"


def duration(db: Database, cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=db.env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=10, help="kills per command")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="datusoban-kill-") as folder:
        home = Path(folder)
        db = Database(home / "home")
        try:
            subprocess.run([str(BIN), "migrate", "-v0"], env=db.env, check=True)
            path = interchange_file(home / "warga.csv", args.rows)
            imports = [str(BIN), "import", str(path), "--profile", "interchange",
                       "--source", "Uji kill"]  # fmt: skip
            links = [str(BIN), "link-registry"]
            # How long an uninterrupted run takes, on a copy of the data: kills are drawn
            # from that span. The first import is timed on its own, then withdrawn.
            span = {"import": duration(db, imports)}
            subprocess.run(
                [str(BIN), "tarik-batch", "1", "--alasan", "uji kill"], env=db.env, check=True,
                capture_output=True,
            )  # fmt: skip
            outcomes: dict[str, list[str]] = {"import": [], "link-registry": []}
            failures: list[str] = []
            for name, cmd in (("import", imports), ("link-registry", links)):
                if name == "link-registry":
                    subprocess.run(imports, env=db.env, check=True, capture_output=True)
                    span[name] = None
                for i in range(args.trials):
                    limit = span[name] or 20.0
                    outcome = trial(db, cmd, rng.uniform(0.2, limit))
                    outcomes[name].append(outcome)
                    found = problems(db)
                    failures += [f"{name} trial {i + 1}: {p}" for p in found]
                    if outcome == "finished" and name == "link-registry":
                        break  # linked: a later run has nothing left to kill
            subprocess.run(imports, env=db.env, check=True, capture_output=True)
            subprocess.run(links, env=db.env, check=True, capture_output=True)
            failures += [f"after the last runs: {p}" for p in problems(db)]
            people = db.rows("SELECT count(*) FROM registry_person")[0][0]
            kind = "PostgreSQL" if db.server else "SQLite"
            for name, seen in outcomes.items():
                print(f"{kind} {name}: {seen.count('killed')} killed, "
                      f"{seen.count('finished')} finished first")  # fmt: skip
            print(f"{kind}: {len(failures)} half-stored states; {people:,} people at the end "
                  f"(file: {args.rows:,})")  # fmt: skip
            for failure in failures:
                print("  " + failure)
            sys.exit(1 if failures else 0)
        finally:
            db.drop()


if __name__ == "__main__":
    main()
