"""Benchmark: each hostile-corpus file through `datusoban import`: its outcome and peak memory.

    .venv/bin/python benchmarks/hostile_files.py [--db sqlite|postgres]

The corpus is tests/hostile/corpus.py (built afresh in a temporary folder);
each file is imported in its own process on one fresh database, and its peak
resident memory taken from the kernel (benchmarks/peak.py). Printed as JSON
lines: the file, what it is, the outcome (refused with its code, or the rows
accepted and quarantined), the exit status, the peak in MB and the seconds,
then a summary line. Target (issue 15): every refused file under 200 MB, no
crash, no traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from fresh_database import PG_SERVER
from peak import run_measured

ROOT = Path(__file__).resolve().parents[1]
DATUSOBAN = str(Path(sys.executable).parent / "datusoban")


def corpus_module():
    spec = importlib.util.spec_from_file_location(
        "hostile_corpus", ROOT / "tests" / "hostile" / "corpus.py"
    )
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    corpus = corpus_module()
    print(
        json.dumps(
            {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "database": args.db}
        ),
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="datusoban-hostile-") as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
        env["DATUSOBAN_HOME"] = str(Path(folder) / "home")
        name = f"datusoban_hostile_{uuid.uuid4().hex[:8]}" if args.db == "postgres" else None
        if name:
            import psycopg

            with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as c:
                c.execute(f'CREATE DATABASE "{name}"')
            env["DATUSOBAN_DATABASE_URL"] = f"{PG_SERVER}/{name}"
        try:
            subprocess.run([DATUSOBAN, "migrate", "-v0"], env=env, check=True)
            subprocess.run(
                [DATUSOBAN, "reference", "load"], env=env, check=True, capture_output=True
            )
            cases = corpus.build(Path(folder) / "berkas")
            worst_refused = 0
            crashes = 0
            for case in cases:
                with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                    start = time.perf_counter()
                    status, peak = run_measured(
                        [DATUSOBAN, "import", str(Path(folder) / "berkas" / case.name),
                         "--profile", corpus.PROFILE, "--json"],
                        env=env, stdout=out, stderr=err,
                    )  # fmt: skip
                    seconds = time.perf_counter() - start
                    out.seek(0)
                    err.seek(0)
                    printed, complaint = out.read().decode(), err.read().decode()
                result = json.loads(printed) if printed.strip() else {}
                if "ditolak" in result:
                    outcome = f"ditolak [{result['ditolak']['kode']}]"
                    worst_refused = max(worst_refused, peak)
                elif result:
                    outcome = (
                        f"diimpor: {result['accepted']} diterima, {result['quarantined']} karantina"
                    )
                else:
                    outcome = "tanpa hasil"
                crashes += status < 0 or "Traceback" in complaint
                print(
                    json.dumps(
                        {
                            "file": case.name,
                            "what": case.what,
                            "outcome": outcome,
                            "exit": status,
                            "peak_mb": round(peak / 1024),
                            "seconds": round(seconds, 1),
                        }
                    ),
                    flush=True,
                )
            print(
                json.dumps(
                    {
                        "files": len(cases),
                        "crashes_or_tracebacks": crashes,
                        "worst_refused_peak_mb": round(worst_refused / 1024),
                    }
                ),
                flush=True,
            )
        finally:
            if name:
                import psycopg

                with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as c:
                    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
