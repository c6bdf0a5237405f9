"""The load generator of web_load.py: virtual users on keep-alive connections, timed.

Standard library only (threads and http.client), so that it costs little of the
two cores it shares with the server: each virtual user is a thread with its own
connection, its own login session (through the login form, CSRF included) and its
account's bearer token for the API. Loopback only; every run is bounded in time
and in requests.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import random
import re
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

# What a virtual user does, and how often (shares of its requests).
MIX = {
    "orang": 0.25,  # person page /orang/<id>/
    "nik_api": 0.10,  # POST /api/v1/registri/orang/cari {"nik": ...}
    # POST /dci/registry/sync/search, the SPDCI envelope with one idtype-value (UIN = NIK)
    "dci_nik": 0.10,
    "nik_cari": 0.10,  # search page with a NIK, posted (HTMX)
    "nama_cari": 0.15,  # search page with a name as typed, posted (HTMX)
    "nama_api": 0.10,  # GET /api/v1/registri/orang?nama=
    "dasbor": 0.10,  # dashboard, sometimes with another value on the map
    "tugas": 0.10,  # Tugas saya, the page a login lands on
}
# The targets: the percentile of each endpoint's latency that must stay under the limit (ms).
TARGETS = {
    "orang": ["p95", 150],
    "nik_api": ["p99", 50],
    "nik_cari": ["p99", 50],
    "dci_nik": ["p95", 100],
    "nama_cari": ["p95", 300],
    "nama_api": ["p95", 300],
    "dasbor": ["p95", 500],
    "tugas": ["p95", 150],
}
MEASURES = ("keluarga", "ppks", "ppks_per_1000", "cakupan", "nik_valid", "diterima")
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_EMPTY_FORM = {"nik": "", "no_kk": "", "nama": "", "kode_wilayah": "", "jenis_kelamin": "",
               "umur_min": "", "umur_maks": ""}  # fmt: skip


class Client:
    """One browser-like HTTP/1.1 connection with its cookies, behind a TLS proxy."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.reconnects = 0

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        """One request; a request with a bearer token goes without the session cookie,
        as another system calling the API has none."""
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # the TLS proxy sets it (README: production)
            "Accept-Encoding": "identity",
            **(headers or {}),
        }
        if self.cookies and "Authorization" not in headers:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method == "POST" and "csrftoken" in self.cookies:
                # As the page's form would: the CSRF token, sent from this site.
                headers.setdefault("X-CSRFToken", self.cookies["csrftoken"])
                headers.setdefault("Origin", f"https://127.0.0.1:{self.port}")
        try:
            response = self._send(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection; a browser retries once.
            self.reconnects += 1
            self.conn.close()
            response = self._send(method, path, body, headers)
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.data, response.headers

    def _send(self, method, path, body, headers):
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.data = response.read()
        return response

    def log_in(self, username: str, password: str) -> None:
        status, page, _ = self.request("GET", "/masuk/")
        token = _CSRF_INPUT.search(page.decode())
        if status != 200 or token is None:
            raise RuntimeError(f"login page: {status}")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{self.port}",
        }
        status, _, _ = self.request("POST", "/masuk/", form, headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login refused for {username}: {status}")


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    nik_not_found: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, endpoint: str, ms: float, ok: bool, note: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.latencies.setdefault(endpoint, []).append(ms)
            if not ok:
                self.errors[endpoint] = self.errors.get(endpoint, 0) + 1
                if len(self.error_samples) < 20:
                    self.error_samples.append(f"{endpoint}: {note}")


@dataclass(frozen=True)
class Step:
    """One request of a virtual user; a POST's body has its Content-Type in the headers."""

    method: str
    path: str
    headers: dict
    body: str | None = None


def request_of(endpoint: str, account: dict, rng: random.Random) -> Step:
    """The request of one step. A NIK is posted, never in an address (as the pages and
    the API take it); the search page's form is posted by HTMX, a name too."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    htmx = {"HX-Request": "true", "HX-Current-URL": "/cari/", **form}
    api = {"Authorization": f"Bearer {account['token']}", "Accept": "application/json"}
    if endpoint == "orang":
        return Step("GET", f"/orang/{rng.choice(account['people'])}/", {})
    if endpoint == "nik_api":
        body = json.dumps({"nik": rng.choice(account["niks"])})
        json_body = {**api, "Content-Type": "application/json"}
        return Step("POST", "/api/v1/registri/orang/cari", json_body, body)
    if endpoint == "dci_nik":
        body = json.dumps(dci_search(rng.choice(account["niks"])))
        return Step(
            "POST", "/dci/registry/sync/search", {**api, "Content-Type": "application/json"}, body
        )
    if endpoint == "nik_cari":
        body = urllib.parse.urlencode({**_EMPTY_FORM, "nik": rng.choice(account["niks"])})
        return Step("POST", "/cari/", htmx, body)
    if endpoint == "nama_cari":
        body = urllib.parse.urlencode({**_EMPTY_FORM, "nama": rng.choice(account["names"])})
        return Step("POST", "/cari/", htmx, body)
    if endpoint == "nama_api":
        query = urllib.parse.urlencode({"nama": rng.choice(account["names"])})
        return Step("GET", "/api/v1/registri/orang?" + query, api)
    if endpoint == "tugas":
        return Step("GET", "/tugas/", {})
    if rng.random() < 0.3:
        return Step("GET", f"/dasbor/?nilai={rng.choice(MEASURES)}", {})
    return Step("GET", "/dasbor/", {})


def dci_search(nik: str) -> dict:
    """A partner system's synchronous SPDCI search for one NIK (its own ids each time)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    item = {
        "reference_id": uuid.uuid4().hex,
        "timestamp": stamp,
        "search_criteria": {
            "version": "1.0.0",
            "reg_type": "ns:org:RegistryType:Social",
            "query_type": "idtype-value",
            "query": {"type": "UIN", "value": nik},
            "pagination": {"page_size": 10, "page_number": 1},
        },
        "locale": "ind",
    }
    header = {
        "version": "1.0.0", "message_id": uuid.uuid4().hex, "message_ts": stamp,
        "action": "search", "sender_id": "benchmark.example.org", "receiver_id": "datusoban",
        "total_count": 1, "is_msg_encrypted": False,
    }  # fmt: skip
    message = {"transaction_id": uuid.uuid4().hex, "search_request": [item]}
    return {"signature": "", "header": header, "message": message}


def _found_one(endpoint: str, body: bytes) -> bool:
    """Whether a NIK lookup found its person: every looked-up NIK is one in the registry."""
    answer = json.loads(body)
    if endpoint == "nik_api":
        return answer["jumlah"] == 1
    item = answer["message"]["search_response"][0]
    return item["status"] == "succ" and len(item["data"]["reg_records"]) == 1


def _virtual_user(client, account, rng, stats, until, think, *, max_requests) -> None:
    endpoints, weights = list(MIX), list(MIX.values())
    if think > 0:  # users do not all click at the same moment
        time.sleep(rng.uniform(0, think))
    while time.monotonic() < until and stats.requests < max_requests:
        endpoint = rng.choices(endpoints, weights)[0]
        step = request_of(endpoint, account, rng)
        path = step.path
        start = time.perf_counter()
        try:
            status, body, _ = client.request(step.method, path, step.body, step.headers)
            ms = 1000 * (time.perf_counter() - start)
            stats.add(endpoint, ms, 200 <= status < 300, f"{status} {step.method} {path}")
            if endpoint in ("nik_api", "dci_nik") and status == 200:
                stats.nik_not_found += not _found_one(endpoint, body)
        except (OSError, http.client.HTTPException) as e:
            ms = 1000 * (time.perf_counter() - start)
            stats.add(endpoint, ms, False, f"{type(e).__name__} {path}")
            client.conn.close()
        if think > 0:
            time.sleep(min(rng.expovariate(1 / think), max(0.0, until - time.monotonic())))


def _percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an ordered list."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _cpu_ticks(pids: set[int]) -> dict[int, int]:
    """CPU ticks (user + system) each running process of ``pids`` has used."""
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def _processes(parent: int | None = None, cmdline_part: str | None = None) -> set[int]:
    """Pids of ``parent`` and its children, or of processes whose command line has a text."""
    found = set() if parent is None else {parent}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if parent is not None:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if ppid == parent:
                    found.add(int(entry.name))
            elif cmdline_part in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.add(int(entry.name))
        except OSError:
            continue
    return found


class CpuWatch:
    """CPU used during a run by the load generator (this process), gunicorn (the master
    and its workers), the PostgreSQL backends of the benchmark database (their process
    title names it; a backend that ends mid-run takes its share with it, so this is a
    lower bound) and the whole machine, as shares of all cores."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.groups = {
            "gunicorn": lambda: _processes(parent=server_pid),
            "postgres_backends": lambda: _processes(cmdline_part=f" {database} "),
        }
        self.start = {name: _cpu_ticks(find()) for name, find in self.groups.items()}
        self.own = time.process_time()
        self.busy, self.all = _machine_busy()
        self.t0 = time.monotonic()

    def shares(self) -> dict[str, float]:
        wall = time.monotonic() - self.t0
        tick, cores = os.sysconf("SC_CLK_TCK"), os.cpu_count() or 1
        busy, every = _machine_busy()
        out = {"load_generator": (time.process_time() - self.own) / (wall * cores)}
        for name, find in self.groups.items():
            now, before = _cpu_ticks(find()), self.start[name]
            used = sum(t - before.get(pid, 0) for pid, t in now.items())
            out[name] = used / tick / (wall * cores)
        out["machine_busy"] = (busy - self.busy) / max(1, every - self.all)
        return {k: round(v, 3) for k, v in out.items()}


def cpu_probe_ms() -> float:
    """CPU time of a fixed piece of Python work: on a shared virtual machine the same
    code runs slower when the host is busy, which no load figure of this machine shows."""
    start = time.process_time()
    sum(i * i for i in range(2_000_000))
    return round(1000 * (time.process_time() - start), 1)


def background_busy(seconds: float = 10) -> float:
    """The share of the machine busy with other work just before a run."""
    busy, every = _machine_busy()
    time.sleep(seconds)
    busy2, every2 = _machine_busy()
    return round((busy2 - busy) / max(1, every2 - every), 3)


def _machine_busy() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def wait_until_up(port: int, server, seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {server.returncode}")
        try:
            status, _, _ = Client(port).request("GET", "/masuk/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


def log_in_users(port: int, accounts: list[dict], users: int) -> tuple[list, float]:
    """``users`` logged-in clients, the accounts taken in turn; and the seconds it took."""
    start = time.perf_counter()
    clients = []
    for i in range(users):
        account = accounts[i % len(accounts)]
        client = Client(port)
        client.log_in(account["username"], account["password"])
        clients.append((client, account))
    return clients, time.perf_counter() - start


def run_load(
    clients: list, server_pid: int, database: str, *, duration, think, max_requests, seed
) -> dict:
    """One run of the logged-in ``clients`` (one virtual user each) for ``duration``
    seconds or ``max_requests`` requests; the figures as a dict."""
    stats = Stats()
    idle, probe = background_busy(), cpu_probe_ms()
    cpu = CpuWatch(server_pid, database)
    start = time.monotonic()
    until = start + duration
    threads = [
        threading.Thread(
            target=_virtual_user,
            args=(client, account, random.Random(seed * 1000 + i), stats, until, think),
            kwargs={"max_requests": max_requests},
            daemon=True,
        )
        for i, (client, account) in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    wall = time.monotonic() - start
    share = cpu.shares()
    return {
        "users": len(clients),
        "think_time_mean_s": think,
        "seconds": round(wall, 1),
        "requests": stats.requests,
        "throughput_rps": round(stats.requests / wall, 1),
        "errors": sum(stats.errors.values()),
        "error_samples": stats.error_samples,
        "nik_api_not_found": stats.nik_not_found,
        "cpu_share": share,
        "machine_busy_before": idle,
        "cpu_probe_ms": probe,
        "endpoints": {name: _summary(stats, name, wall) for name in MIX if name in stats.latencies},
    }


def _summary(stats: Stats, name: str, wall: float) -> dict:
    ordered = sorted(stats.latencies[name])
    figures = {
        "count": len(ordered),
        "errors": stats.errors.get(name, 0),
        "rps": round(len(ordered) / wall, 2),
        **{f"p{p}": round(_percentile(ordered, p), 1) for p in (50, 95, 99)},
        "max": round(ordered[-1], 1),
    }
    which, limit = TARGETS[name]
    figures["target"] = f"{which} <= {limit} ms"
    figures["target_met"] = figures[which] <= limit and figures["errors"] == 0
    return figures
