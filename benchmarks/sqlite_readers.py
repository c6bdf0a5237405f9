"""Benchmark: the SQLite readers side by side on the registry pass's SELECTs.

    .venv/bin/python benchmarks/sqlite_readers.py --home DIR [--repeat 3]
        [--readers sqlite3,adbc,connectorx,duckdb]

DIR is a data directory with a loaded SQLite database (``benchmarks/eligibility.py
--home DIR`` leaves one). The five SELECTs the ranking and eligibility pass reads
(persons, households with their assets, PPKS, ranking, enrolments: ``sasaran.facts``)
are each read by every reader into the frame ``db.reading.read_frame`` returns:

- ``sqlite3``: the sqlite3 module's cursor in slices of 250,000 rows (the path before
  the Arrow reader, and still the one for small reads and inside a transaction);
- ``adbc``: the ADBC SQLite driver into Arrow in a process of its own, streamed
  back as Arrow IPC into Polars (what a bulk read uses; ``db/sqlite_arrow.py``);
- ``connectorx``: connectorx into Arrow, in a process of its own too (it binds no
  parameters: they are pasted in as literals here, which the project does not do);
- ``duckdb``: DuckDB's SQLite scanner in a process of its own, if its extension can
  be loaded without a download: PyPI has it (duckdb-extension-sqlite-scanner) only for
  DuckDB up to 1.5.5, not for the 2.0 the project pins, so ``--duckdb-python`` names
  another environment's Python to measure it (otherwise it says why it cannot).

Then the whole read as the pass does it (persons in a second thread) by the cursor
path and by the Arrow path. Prints one JSON object: for each SELECT its rows and,
per reader, the median seconds (wall and CPU, the reader's processes included) of
``--repeat`` reads and whether its frame equals the sqlite3 reader's (or why it
could not read).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date

import polars as pl

AS_OF = date(2025, 6, 30)
CONNECTORX_CHILD = """
import sys, connectorx, pyarrow as pa
table = connectorx.read_sql("sqlite://" + sys.argv[1], sys.argv[2], return_type="arrow")
with pa.ipc.new_stream(sys.stdout.buffer, table.schema) as writer:
    writer.write_table(table)
"""
# DuckDB's SQLite scanner: the extension from its PyPI wheel (duckdb-extension-sqlite-scanner,
# built for one DuckDB version) if installed, else whatever LOAD finds; never a download.
DUCKDB_CHILD = """
import glob, json, os, sys, duckdb, pyarrow as pa
request = json.load(sys.stdin)
db = duckdb.connect(config={"autoinstall_known_extensions": "false",
                            "autoload_known_extensions": "false"})
db.execute("SET enable_progress_bar = false")  # it draws on standard output
try:
    import duckdb_extension_sqlite_scanner as wheel
    (found,) = glob.glob(os.path.join(os.path.dirname(wheel.__file__), "extensions", "*", "*"))
    db.execute("LOAD '" + found + "'")
except ImportError:
    db.execute("LOAD sqlite")
db.execute("ATTACH '" + request["path"] + "' AS registri (TYPE sqlite, READ_ONLY)")
db.execute("USE registri")
table = db.execute(request["sql"], request["params"]).fetch_arrow_table()
with pa.ipc.new_stream(sys.stdout.buffer, table.schema) as writer:
    writer.write_table(table)
"""
READERS = ["sqlite3", "adbc", "connectorx", "duckdb"]


def _statements() -> list[tuple[str, str, list, dict]]:
    """(name, sql, params, schema) of each SELECT of the pass's read (the ranking is
    not read: the pass ranks anew)."""
    from datusoban.sasaran import fact_columns as fc
    from datusoban.sasaran import facts
    from datusoban.sasaran.eligibility import referenced_programmes
    from datusoban.sasaran.eligibility_services import select

    seen: list[tuple[str, list, dict]] = []
    real = facts.read_frame

    def record(sql, params=(), *, schema, bulk=False, **_):
        seen.append((sql, list(params), dict(schema)))
        return pl.DataFrame(schema=dict(schema))

    facts.read_frame = record
    try:
        programmes = referenced_programmes(select(["SEMUA"], None))
        facts.read_raw(AS_OF, programmes=programmes, with_assets=True, with_ranks=False)
    finally:
        facts.read_frame = real
    # read_raw reads the persons in a second thread: name each SELECT by its columns.
    kinds = {"orang": fc.PERSON_RAW, "keluarga": fc.FAMILY_RAW, "ppks": fc.PPKS_RAW,
             "kepesertaan": fc.AID_RAW}  # fmt: skip

    def name(schema: dict) -> str:
        return next(k for k, raw in kinds.items() if list(schema)[: len(raw)] == list(raw))

    return sorted(
        ((name(schema), sql, params, schema) for sql, params, schema in seen),
        key=lambda s: list(kinds).index(s[0]),
    )


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        value = value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


def _readers(
    path: str, duckdb_python: str
) -> dict[str, Callable[[str, list, dict], pl.DataFrame | None]]:
    from django.db import connection

    from datusoban.db import reading

    def sqlite3_reader(sql: str, params: list, schema: dict) -> pl.DataFrame:
        connection.ensure_connection()
        return reading.sqlite_cursor_frame(connection, sql, params, schema)

    def adbc_reader(sql: str, params: list, schema: dict) -> pl.DataFrame | None:
        return reading.sqlite_arrow_frame(path, sql, params, schema)

    def connectorx_reader(sql: str, params: list, schema: dict) -> pl.DataFrame:
        text = sql
        for value in params:
            text = text.replace("%s", _literal(value), 1)
        # In a process of its own, as the ADBC reader: connectorx links its own SQLite
        # too (db/sqlite_arrow.py says why that cannot share a process with sqlite3).
        child = [sys.executable, "-c", CONNECTORX_CHILD, path, text]
        done = subprocess.run(child, capture_output=True, check=False)
        if done.returncode:
            raise RuntimeError(done.stderr.decode().strip().splitlines()[-1])
        frame = pl.read_ipc_stream(done.stdout)
        return reading._typed(frame.rename(dict(zip(frame.columns, schema, strict=True))), schema)

    def duckdb_reader(sql: str, params: list, schema: dict) -> pl.DataFrame:
        # In a process of its own too (its SQLite scanner links SQLite), with the
        # interpreter --duckdb-python names: one whose DuckDB has the extension.
        request = {"path": path, "sql": sql.replace("%s", "?"), "params": params}
        child = [duckdb_python, "-c", DUCKDB_CHILD]
        done = subprocess.run(
            child, input=json.dumps(request, default=str).encode(), capture_output=True, check=False
        )
        if done.returncode:
            raise RuntimeError(done.stderr.decode().strip().splitlines()[-1])
        frame = pl.read_ipc_stream(done.stdout)
        names = dict(zip(frame.columns, schema, strict=True))
        return reading._typed(frame.rename(names), schema)

    return {
        "sqlite3": sqlite3_reader,
        "adbc": adbc_reader,
        "connectorx": connectorx_reader,
        "duckdb": duckdb_reader,
    }


def _cpu() -> float:
    """CPU seconds of this process and of the readers' processes it waited for."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def _whole_read(arrow: bool, repeat: int) -> dict:
    from django.db import connections

    from datusoban.db import reading
    from datusoban.sasaran.eligibility import referenced_programmes
    from datusoban.sasaran.eligibility_services import select
    from datusoban.sasaran.facts import read_raw

    programmes = referenced_programmes(select(["SEMUA"], None))
    reading.SQLITE_ARROW = arrow
    times, cpu = [], []
    try:
        for _ in range(repeat):
            start, used = time.perf_counter(), _cpu()
            read_raw(AS_OF, programmes=programmes, with_assets=True, with_ranks=False)
            times.append(time.perf_counter() - start)
            cpu.append(_cpu() - used)
            connections.close_all()
    finally:
        reading.SQLITE_ARROW = True
    return {
        "seconds": round(statistics.median(times), 2),
        "cpu_seconds": round(statistics.median(cpu), 2),
    }


def measure(home: str, repeat: int, wanted: list[str], duckdb_python: str) -> dict:
    os.environ["DATUSOBAN_HOME"] = home
    os.environ.pop("DATUSOBAN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    import django

    django.setup()
    from django.db import connection

    path = str(connection.settings_dict["NAME"])
    readers = {k: v for k, v in _readers(path, duckdb_python).items() if k in wanted}
    statements = _statements()
    result: dict = {"database": path, "repeat": repeat, "select": {}}
    for name, sql, params, schema in statements:
        readers["sqlite3"](sql, params, schema)  # the file's pages into the OS cache
        reference = None
        entry: dict = {}
        for reader, read in readers.items():
            times, cpu, frame, problem = [], [], None, None
            for _ in range(repeat):
                start, used = time.perf_counter(), _cpu()
                try:
                    frame = read(sql, params, schema)
                except Exception as error:  # reported in the output, not hidden
                    problem = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
                    break
                times.append(time.perf_counter() - start)
                cpu.append(_cpu() - used)
                if frame is None:
                    problem = "falls back to the sqlite3 cursor"
                    break
            if problem:
                entry[reader] = {"error": problem}
                continue
            if reader == "sqlite3":
                reference = frame
                entry["rows"] = frame.height
            same = reference is not None and frame.equals(reference)
            entry[reader] = {
                "seconds": round(statistics.median(times), 2),
                "cpu_seconds": round(statistics.median(cpu), 2),
                "same": same,
            }
            del frame
        result["select"][name] = entry
    result["whole_read_seconds"] = {
        "sqlite3 (persons in a second thread)": _whole_read(False, repeat),
        "adbc (persons in a second thread)": _whole_read(True, repeat),
    }
    result["load_average"] = [round(x, 1) for x in os.getloadavg()]
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, help="data directory of a loaded SQLite database")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument(
        "--duckdb-python",
        default=sys.executable,
        help="Python whose DuckDB can load the SQLite scanner (the project's DuckDB 2.0 has "
        "no wheel of it: e.g. a venv with duckdb==1.5.5 duckdb-extension-sqlite-scanner==1.5.5)",
    )
    args = parser.parse_args()
    wanted = ["sqlite3", *(r for r in args.readers.split(",") if r != "sqlite3")]
    result = measure(args.home, args.repeat, wanted, args.duckdb_python)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
