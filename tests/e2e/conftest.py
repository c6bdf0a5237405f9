"""End-to-end tests run the real `datusoban` console script against a database of their own."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .databases import DATUSOBAN, admin, clean_env, copy_template, server_url


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> Iterator[dict[str, str]]:
    """One database migrated and loaded with the reference data, once per test process.

    Migrating and loading 91,599 regions takes 15-30 s; the tests that need a ready
    database copy this one instead (a file copy on SQLite, CREATE DATABASE ... TEMPLATE
    on PostgreSQL). The first-run path itself (migrate, reference load) stays tested by
    the quickstart tests, which start from nothing. When the suite's runner has prepared
    one for the whole pass (DATUSOBAN_TEST_TEMPLATE), that one is used.
    """
    env = clean_env(tmp_path_factory.mktemp("template") / "home")
    server, name = server_url(), f"datusoban_tmpl_{uuid.uuid4().hex[:8]}"
    prepared = os.environ.get("DATUSOBAN_TEST_TEMPLATE")
    if prepared:
        if server:
            env["DATUSOBAN_DATABASE_URL"] = f"{server}/{prepared}"
        else:
            env["DATUSOBAN_HOME"] = str(Path(prepared).parent)
        yield env
        return
    if server:
        admin(server, f'CREATE DATABASE "{name}"')
        env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    subprocess.run([DATUSOBAN, "migrate", "-v0"], env=env, check=True)
    subprocess.run([DATUSOBAN, "reference", "load"], env=env, check=True, capture_output=True)
    try:
        yield env
    finally:
        if server:
            admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app_env(tmp_path):
    """Environment for a `datusoban` subprocess: a fresh data directory and, when the suite
    runs on PostgreSQL, a fresh database on the same server (dropped afterwards)."""
    env = clean_env(tmp_path / "home")
    server = server_url()
    if not server:
        yield env
        return
    name = f"datusoban_e2e_{uuid.uuid4().hex[:8]}"
    admin(server, f'CREATE DATABASE "{name}"')
    env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    try:
        yield env
    finally:
        admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def migrated_env(app_env, database_template) -> dict[str, str]:
    """app_env with a migrated database holding the reference data (a template's copy)."""
    return copy_template(database_template, app_env)


@pytest.fixture
def datusoban_bin() -> str:
    return DATUSOBAN


@pytest.fixture(scope="module")
def module_env(database_template, tmp_path_factory) -> Iterator[dict[str, str]]:
    """A copy of the session's template database for one module's tests, which share one
    server (dropped after the module on PostgreSQL)."""
    env = clean_env(tmp_path_factory.mktemp("module") / "home")
    server, name = server_url(), f"datusoban_mod_{uuid.uuid4().hex[:8]}"
    if server:
        env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    copy_template(database_template, env)
    try:
        yield env
    finally:
        if server:
            admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def playwright() -> Iterator:
    """Playwright's driver, for one module. Not for longer: while it runs, its event loop
    counts as running in this thread, and Django refuses database work to any test that
    a worker runs meanwhile (pytest-xdist may hand it one between two browser modules)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def chromium(playwright) -> Iterator:
    """Debian's Chromium, headless: one browser for a module. Each test works in contexts
    of its own (``browser``), which share no cookies, storage or service workers."""
    from .browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (tests/run.py installs Debian's chromium)")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


class Contexts:
    """The module's Chromium as one test sees it: every context (and page) it opens
    here is closed after the test, so that the next one starts clean."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self._opened: list = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        self._opened.append(context)
        return context

    def new_page(self, **options):
        """A page in a context of its own, as Playwright's Browser.new_page makes it."""
        return self.new_context(**options).new_page()

    def close(self) -> None:
        for context in self._opened:
            context.close()


@pytest.fixture
def browser(chromium) -> Iterator[Contexts]:
    contexts = Contexts(chromium)
    try:
        yield contexts
    finally:
        contexts.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Where the screenshots go: DATUSOBAN_SCREENSHOTS (tests/run.py), else a temporary folder."""
    chosen = os.environ.get("DATUSOBAN_SCREENSHOTS")
    made = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    made.mkdir(parents=True, exist_ok=True)
    return made
