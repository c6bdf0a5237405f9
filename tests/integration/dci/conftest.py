"""The SPDCI API's tests: a client system's callback endpoint and the real worker."""

from __future__ import annotations

import signal

import pytest
from django.core.management import call_command

from .receiver import Receiver


@pytest.fixture
def receiver():
    """A callback endpoint on 127.0.0.1 that records what it is sent."""
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def run_worker():
    """One pass of the real `datusoban worker`: every queued task that is due, then it stops."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> None:
        call_command("worker", batch=True, verbosity=0)

    yield run
    for sig, handler in saved.items():  # the worker installs its own; give pytest back its
        signal.signal(sig, handler)
