"""The operator-facing settings of Datu Soban, declared once.

Each setting is an environment variable with a default and a help text. This
list feeds ``settings.py``, the ``datusoban config`` command and the README's
settings table (a test checks that the README documents every entry).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATUSOBAN_HOME", "./var", "Data directory: the SQLite database, synthetic files, exports."
    ),
    Setting(
        "DATUSOBAN_DATABASE_URL",
        "",
        "Database URL, e.g. postgres://user@host:5432/datusoban. Empty: SQLite file "
        "$DATUSOBAN_HOME/datusoban.sqlite3 (WAL mode).",
    ),
    Setting(
        "DATUSOBAN_MODE",
        "development",
        "'development' or 'production'. Production refuses DEBUG and the default secret key.",
    ),
    Setting(
        "DATUSOBAN_DATABASE_OWNER_URL",
        "",
        "PostgreSQL URL of the role that runs `datusoban migrate` and owns the audit trail "
        "(same database as DATUSOBAN_DATABASE_URL, another user); the application's role may "
        "then only insert and read the trail. Empty: migrations run as the application's role.",
    ),
    Setting("DATUSOBAN_SECRET_KEY", "", "Django secret key; required in production."),
    Setting("DATUSOBAN_DEBUG", "", "'1' to show Django debug pages (development only)."),
    Setting(
        "DATUSOBAN_DCI_UJI",
        "",
        "'1': SPDCI conformance-test mode (development only, on a synthetic database seeded "
        "by `datusoban dci-uji`): the test suite's identifier TEST-001 finds its synthetic "
        "person.",
    ),
    Setting(
        "DATUSOBAN_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the web app answers to.",
    ),
    Setting(
        "DATUSOBAN_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses or CIDR ranges of the reverse proxies in front of the web "
        "app (e.g. 127.0.0.1). A request from one of them is taken to come from the client its "
        "X-Forwarded-For names; empty: every request comes from its direct peer.",
    ),
    Setting(
        "DATUSOBAN_UPLOAD_MAX_MB",
        "1024",
        "Largest file the web upload page accepts, in MiB (the reader refuses above 2 GiB).",
    ),
    Setting(
        "DATUSOBAN_SPARK_MASTER",
        "",
        "Spark master for `datusoban link --engine spark` (e.g. spark://host:7077); "
        "empty: local mode on all cores.",
    ),
    Setting(
        "DATUSOBAN_CEK_STATUS_PER_ALAMAT",
        "10",
        "Queries a minute the public status check (/cek-status/) answers one client address; "
        "beyond, it asks to wait a minute (HTTP 429).",
    ),
    Setting(
        "DATUSOBAN_CEK_STATUS_GLOBAL",
        "1200",
        "Queries a minute the public status check answers all clients together: the bound on "
        "reading a desa out from many addresses; beyond, HTTP 429.",
    ),
    Setting(
        "DATUSOBAN_USUL_PUBLIK_PER_ALAMAT",
        "5",
        "Proposals and objections an hour the public forms (/cek-status/usul/, "
        "/cek-status/sanggah/) accept from one client address; beyond, HTTP 429.",
    ),
    Setting(
        "DATUSOBAN_USUL_PUBLIK_GLOBAL",
        "300",
        "Proposals and objections an hour the public forms accept from all clients together; "
        "beyond, HTTP 429.",
    ),
    Setting(
        "DATUSOBAN_LAPANGAN_HARI_LURING",
        "7",
        "Days the field app (/lapangan/) keeps downloaded work on a device without reaching "
        "the server; past them it wipes the device's copy (visits not yet sent stay).",
    ),
    Setting(
        "DATUSOBAN_LAPANGAN_BATAS_KELUARGA",
        "500",
        "Most households one download of the field app holds: a TKSK, PSM or Tagana gets "
        "those of their kecamatan up to this many.",
    ),
    Setting("DATUSOBAN_SPARK_MEMORY", "4g", "Spark driver memory for `--engine spark`."),
    Setting(
        "DATUSOBAN_SPARK_WORK_DIR",
        "",
        "Folder every Spark executor can reach (hdfs://..., s3a://..., a shared mount) for "
        "checkpoints; required with DATUSOBAN_SPARK_MASTER; empty: a private local folder.",
    ),
)


def get(name: str) -> str:
    """The value of a declared setting from the environment, or its default."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(name, s.default)
    raise KeyError(f"undeclared setting {name}")


def trusted_proxies() -> tuple[IPv4Network | IPv6Network, ...]:
    """The networks of DATUSOBAN_TRUSTED_PROXIES; ValueError names an entry that is
    neither an address nor a CIDR range (a typo must not quietly trust nobody, or
    somebody else)."""
    networks = []
    for entry in get("DATUSOBAN_TRUSTED_PROXIES").split(","):
        if entry.strip():
            try:
                networks.append(ip_network(entry.strip(), strict=False))
            except ValueError:
                raise ValueError(
                    f"DATUSOBAN_TRUSTED_PROXIES: {entry.strip()!r} is not an address or a "
                    "CIDR range"
                ) from None
    return tuple(networks)


def home() -> Path:
    """The data directory, created on first use."""
    path = Path(get("DATUSOBAN_HOME")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
