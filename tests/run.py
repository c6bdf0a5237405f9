"""Run the whole test suite: lint, import layers, then the tests on SQLite and on PostgreSQL.

This is the README's test command and what CI runs. PostgreSQL is expected at
127.0.0.1:5432 (user postgres, trust auth; override with DATUSOBAN_TEST_PG);
each run creates and drops its own throwaway database. With CI=true an
unreachable PostgreSQL fails the run; elsewhere the PostgreSQL pass is skipped
with a loud notice. Extra arguments are passed to pytest (e.g. -k, -x).

The browser tests (marker `browser`) drive Debian's Chromium at /usr/bin/chromium;
when it is missing the run installs it with apt-get (CI runs as root on a clean
machine). DATUSOBAN_SKIP_BROWSER=1 leaves them out, as does `-m "not browser"`. The
screenshots of the role journeys land in artefacts/screenshots/sqlite and .../postgresql.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("DATUSOBAN_TEST_PG", "postgres://postgres@127.0.0.1:5432")
CHROMIUM = Path("/usr/bin/chromium")
WITHOUT_BROWSER = ["-m", "not browser"]
# The browser journeys' screenshots (tests/e2e/test_journeys.py), one folder per pass.
SCREENSHOTS = ROOT / "artefacts" / "screenshots"


def step(title: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    done = subprocess.run(cmd, cwd=ROOT, env=env)
    if done.returncode != 0:
        print(f"\n*** {title} FAILED (exit {done.returncode})", flush=True)
        sys.exit(done.returncode)


def postgres_reachable() -> str | None:
    """None when a PostgreSQL server answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(PG_SERVER + "/postgres", connect_timeout=5):
            return None
    except psycopg.Error as exc:
        return str(exc).strip()


def install_chromium() -> str | None:
    """None once /usr/bin/chromium is there, else why it could not be installed."""
    if CHROMIUM.exists():
        return None
    if os.geteuid() != 0:
        return "not root, so apt-get cannot install it (apt-get install chromium)"
    print("\n=== browser tests: installing Debian's chromium (apt-get)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            return f"{' '.join(cmd)} failed"
    return None if CHROMIUM.exists() else f"apt-get installed chromium, but not at {CHROMIUM}"


def browser_selection() -> list[str]:
    """pytest arguments that leave the browser tests out when they cannot or should not run."""
    if os.environ.get("DATUSOBAN_SKIP_BROWSER") == "1":
        print("\n!!! DATUSOBAN_SKIP_BROWSER=1: SKIPPING the browser tests.", flush=True)
        return WITHOUT_BROWSER
    reason = install_chromium()
    if reason is None:
        return []
    if os.environ.get("CI") == "true":
        print(f"\n*** Chromium for the browser tests: {reason}\n*** CI=true: failing.", flush=True)
        sys.exit(1)
    print(f"\n!!! Chromium for the browser tests: {reason}\n!!! SKIPPING them.", flush=True)
    return WITHOUT_BROWSER


def main() -> None:
    pytest_args = sys.argv[1:]
    step("ruff", [str(BIN / "ruff"), "check", "src", "tests", "benchmarks"])
    step("ruff format", [str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks"])
    step("import layers", [str(BIN / "lint-imports")])
    # The project's own modules compiled once: the editable install leaves them as source,
    # and with PYTHONDONTWRITEBYTECODE (set on CI machines) every process the tests start
    # (workers, servers, commands: hundreds) compiled them anew, about 0.25 s of a core
    # each. Stale files cannot arise: Python checks each against its source.
    step("bytecode", [sys.executable, "-m", "compileall", "-q", "src"])

    home = tempfile.mkdtemp(prefix="datusoban-test-")
    base_env = {**os.environ, "DATUSOBAN_HOME": home}
    # Bytecode written (into the ignored __pycache__ folders): pytest's rewritten test
    # modules too, so the PostgreSQL pass and every worker read what the first compiled.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    base_env.pop("DATUSOBAN_DATABASE_URL", None)
    # One worker per core (DATUSOBAN_TEST_WORKERS to change it); a module's tests stay on
    # one worker so that its module fixtures are built once. The caller's own -m,
    # coming later, wins over the browser selection.
    workers = os.environ.get("DATUSOBAN_TEST_WORKERS", str(os.cpu_count() or 1))
    parallel = ["-n", workers, "--dist", "loadfile"] if workers != "1" else []
    # The slowest tests of each pass, so that the suite's time stays visible in its log.
    slowest = ["--durations=15"]
    pytest = [
        sys.executable, "-m", "pytest", *parallel, *slowest, *browser_selection(), *pytest_args
    ]  # fmt: skip
    # Each pass's screenshots replace the last run's, so that none is left from a step gone.
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    sqlite_env = {**base_env, "DATUSOBAN_SCREENSHOTS": str(SCREENSHOTS / "sqlite")}
    step("tests on SQLite", [*pytest, "tests"], env=sqlite_env)

    reason = postgres_reachable()
    if reason is not None:
        msg = f"PostgreSQL at {PG_SERVER} is unreachable: {reason}"
        if os.environ.get("CI") == "true":
            print(
                f"\n*** {msg}\n*** CI=true: the PostgreSQL pass is required. Failing.", flush=True
            )
            sys.exit(1)
        print(
            f"\n!!! {msg}\n!!! SKIPPING the PostgreSQL pass (allowed only outside CI).", flush=True
        )
        return
    # pytest-django creates test_<NAME> and drops it afterwards; the random part
    # keeps concurrent runs on one server apart.
    name = f"datusoban_{uuid.uuid4().hex[:10]}"
    pg_env = {
        **base_env,
        "DATUSOBAN_DATABASE_URL": f"{PG_SERVER}/{name}",
        "DATUSOBAN_SCREENSHOTS": str(SCREENSHOTS / "postgresql"),
    }
    step("integration tests on PostgreSQL", [*pytest, "tests/integration", "tests/e2e"], env=pg_env)


if __name__ == "__main__":
    main()
