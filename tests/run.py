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

Each pass starts from a template database, migrated and loaded once by the console
script (both engines' at once); every worker's test database and every end-to-end
test's database is a copy of it (tests/conftest.py, tests/e2e/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("DATUSOBAN_TEST_PG", "postgres://postgres@127.0.0.1:5432")
CHROMIUM = Path("/usr/bin/chromium")
WITHOUT_BROWSER = ["-m", "not browser"]
# The browser journeys' screenshots (tests/e2e/test_journeys.py), one folder per pass.
SCREENSHOTS = ROOT / "artefacts" / "screenshots"
# The prepared database of a pass (tests/conftest.py: each worker's copy is made from it).
TEMPLATE = "DATUSOBAN_TEST_TEMPLATE"


def step(title: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, env=env)
    print(f"--- {title}: {time.monotonic() - started:.0f} s", flush=True)
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


class Templates:
    """The database every test database of a pass is copied from, one per engine: migrated
    and loaded with the reference data once, by the real console script, both at once
    (one core each), instead of by every worker and every end-to-end test process."""

    def __init__(self, home: Path, postgres: str | None) -> None:
        self.home = home
        self.sqlite_file = home / "datusoban.sqlite3"
        self.postgres = postgres  # the PostgreSQL template's name; None: no PostgreSQL pass

    def _envs(self) -> list[dict[str, str]]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
        envs = [{**clean, "DATUSOBAN_HOME": str(self.home)}]
        if self.postgres:
            pg_home = self.home.parent / "template-pg"
            envs.append(
                {**clean, "DATUSOBAN_HOME": str(pg_home),
                 "DATUSOBAN_DATABASE_URL": f"{PG_SERVER}/{self.postgres}"}
            )  # fmt: skip
        return envs

    def build(self) -> None:
        print("\n=== template databases: migrate, reference load", flush=True)
        started = time.monotonic()
        if self.postgres:
            _admin(f'CREATE DATABASE "{self.postgres}"')
        script = " && ".join(
            [f"{BIN / 'datusoban'} migrate -v0", f"{BIN / 'datusoban'} reference load >/dev/null"]
        )
        running = [subprocess.Popen(["sh", "-c", script], env=env) for env in self._envs()]
        if any([proc.wait() != 0 for proc in running]):  # a list: wait for every one
            print("\n*** template databases FAILED", flush=True)
            self.drop()
            sys.exit(1)
        print(f"--- template databases: {time.monotonic() - started:.0f} s", flush=True)

    def drop(self) -> None:
        if self.postgres:
            _admin(f'DROP DATABASE IF EXISTS "{self.postgres}" WITH (FORCE)')


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as connection:
        connection.execute(sql)


def main() -> None:
    pytest_args = sys.argv[1:]
    # Bytecode written (into the ignored __pycache__ folders) by every step: uv installs the
    # packages without compiling them, and with PYTHONDONTWRITEBYTECODE (set on CI machines)
    # every process the tests start (workers, servers, commands: hundreds) would compile
    # Django, pandas and the project anew, about 0.25 s of a core for the project alone.
    # pytest's rewritten test modules too, so that every worker reads what the first wrote.
    # Stale files cannot arise: Python checks each against its source.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    step("ruff", [str(BIN / "ruff"), "check", "src", "tests", "benchmarks"])
    step("ruff format", [str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks"])
    step("import layers", [str(BIN / "lint-imports")])
    # The project's own modules compiled once, before the workers race to do it.
    step("bytecode", [sys.executable, "-m", "compileall", "-q", "src"])

    reason = postgres_reachable()
    if reason is not None:
        msg = f"PostgreSQL at {PG_SERVER} is unreachable: {reason}"
        if os.environ.get("CI") == "true":
            print(
                f"\n*** {msg}\n*** CI=true: the PostgreSQL pass is required. Failing.", flush=True
            )
            sys.exit(1)
        print(f"\n!!! {msg}\n!!! The PostgreSQL pass will be SKIPPED (allowed only outside CI).")

    home = tempfile.mkdtemp(prefix="datusoban-test-")
    base_env = {**os.environ, "DATUSOBAN_HOME": home}
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
    # The random part keeps concurrent runs on one server apart; pytest-django's test
    # databases are test_<NAME>_gw<N>, dropped at the end of the pass.
    name = f"datusoban_{uuid.uuid4().hex[:10]}"
    templates = Templates(Path(home) / "template", None if reason else f"{name}_tmpl")
    try:
        templates.build()
        sqlite_env = {
            **base_env,
            "DATUSOBAN_SCREENSHOTS": str(SCREENSHOTS / "sqlite"),
            TEMPLATE: str(templates.sqlite_file),
        }
        step("tests on SQLite", [*pytest, "tests"], env=sqlite_env)
        if templates.postgres is None:
            return
        pg_env = {
            **base_env,
            "DATUSOBAN_DATABASE_URL": f"{PG_SERVER}/{name}",
            "DATUSOBAN_SCREENSHOTS": str(SCREENSHOTS / "postgresql"),
            TEMPLATE: templates.postgres,
        }
        # The end-to-end modules first, as in the SQLite pass (tests/ in name order): the
        # longest are handed out early, so that no worker starts one as the other finishes.
        step(
            "integration tests on PostgreSQL", [*pytest, "tests/e2e", "tests/integration"],
            env=pg_env,
        )  # fmt: skip
    finally:
        templates.drop()


if __name__ == "__main__":
    main()
