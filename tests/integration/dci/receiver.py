"""A client system's callback endpoint for the tests: a real HTTP server on 127.0.0.1 (a
thread, port 0) that keeps every envelope posted to it, and can be told to fail first."""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def action(self) -> str | None:
        header = self.body.get("header") if isinstance(self.body, dict) else None
        return header.get("action") if isinstance(header, dict) else None


@dataclass
class Receiver:
    """``failures``: HTTP statuses to answer, in turn, before answering 200 with an ACK."""

    failures: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    attempts: int = 0
    _arrived: threading.Condition = field(default_factory=threading.Condition)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._arrived:
                    receiver.attempts += 1
                    failing = receiver.failures.pop(0) if receiver.failures else None
                if failing is not None:
                    self._answer(failing, {"errors": [{"code": "err.test", "message": "x"}]})
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with receiver._arrived:
                    receiver.received.append(Received(self.path, dict(self.headers), body))
                    receiver._arrived.notify_all()
                self._answer(200, {"message": {"ack_status": "ACK"}})

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll: stop() waits for the loop's next look, half a second by default.
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)
        threading.Thread(target=serve, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wait_for(self, count: int, seconds: float = 30.0) -> list[Received]:
        """The first ``count`` envelopes, waiting for them to arrive (a live server's
        worker posts them from another thread)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= count, seconds)
            return list(self.received)

    def of(self, action: str) -> list[Received]:
        return [r for r in self.received if r.action == action]
