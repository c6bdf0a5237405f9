"""The benchmark's users, API tokens and the people they look up (run inside Django).

    DATUSOBAN_DATABASE_URL=... .venv/bin/python benchmarks/web_accounts.py [--seed 7]

Creates (or resets) one account per role and region the load test plays, issues a
fresh API token for each, and samples the people each account may see: person ids
and NIKs from its own region, and names as users type them (another spelling,
lower case, a title). Prints one JSON object; nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets

# (user name, role, region): a province analyst and the operators of the largest
# city and of a rural kab/kota, the offices that use the registry most.
ACCOUNTS = (
    ("bench.analis", "analis_provinsi", "63"),
    ("bench.op.banjarmasin", "operator_kabkota", "63.71"),
    ("bench.op.banjar", "operator_kabkota", "63.03"),
)
SAMPLE = 4_000  # people per account: enough that the database cannot cache one page


def _account(username: str, peran: str, wilayah: str, password: str):
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account, ApiToken

    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_active = True
    user.save()
    Account.objects.update_or_create(user=user, defaults={"peran": peran, "wilayah_id": wilayah})
    ApiToken.objects.filter(user=user, nama="benchmark").delete()
    _, token = ApiToken.issue(user, "benchmark", days=1)
    return user, token


def _people(user) -> list[tuple[int, str]]:
    """SAMPLE (id, nik) of living people with a NIK that ``user`` may see (chosen by
    the one scoping function), drawn at random from the whole registry."""
    from datusoban.accounts.scope import scoped
    from datusoban.registri.models import Person

    people = scoped(user, Person.objects.filter(nik__isnull=False, status="hidup"))
    return list(people.order_by("?").values_list("id", "nik")[:SAMPLE])


def _typed_names(ids: list[int], rng: random.Random) -> list[str]:
    """The names of some of these people as a user would type them: another accepted
    spelling (the synthetic sources' own variants), lower case, sometimes a title."""
    import numpy as np
    import polars as pl

    from datusoban.identity.names import name_key
    from datusoban.registri.models import Person
    from datusoban.synth import namenoise

    names = list(Person.objects.filter(pk__in=ids[:1_000]).values_list("nama", flat=True))
    s = pl.Series(names)
    generator = np.random.default_rng(rng.randrange(2**32))
    every = np.ones(len(s), dtype=bool)
    varied = namenoise.variant(generator, s, every)
    varied = namenoise.old_spelling(varied, generator.random(len(s)) < 0.2)
    typed = [v.lower() if rng.random() < 0.6 else v for v in varied.to_list()]
    typed = [f"hj. {v}" if rng.random() < 0.05 else v for v in typed]
    # Keep the spellings that still find the person: users type names that exist.
    return [t for t, n in zip(typed, names, strict=True) if name_key(t) == name_key(n)]


def queries_per_page(accounts: list[dict], rng: random.Random) -> dict[str, dict[str, int]]:
    """How many SQL statements one request of each kind costs, per account (Django's
    test client in this process: the same views, no server)."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from web_client import MIX, request_of

    counts = {}
    for account in accounts:
        browser, system = Client(), Client()  # a system calling the API has no session
        browser.force_login(User.objects.get(username=account["username"]))
        counts[account["username"]] = {}
        for endpoint in MIX:

            def send(endpoint=endpoint, account=account, system=system, browser=browser) -> int:
                # A request of its own each time: an SPDCI message id may not come twice.
                step = request_of(endpoint, account, rng)
                client = system if "Authorization" in step.headers else browser
                headers = {k: v for k, v in step.headers.items() if k != "Content-Type"}
                kind = step.headers.get("Content-Type", "application/octet-stream")
                return client.generic(
                    step.method, step.path, step.body or "", content_type=kind, headers=headers
                ).status_code

            send()  # the first request of a session does more
            with CaptureQueriesContext(connection) as done:
                status = send()
            if status != 200:
                raise RuntimeError(f"{endpoint}: {status}")
            counts[account["username"]][endpoint] = len(done)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    import django

    django.setup()
    rng = random.Random(args.seed)
    out = []
    for username, peran, wilayah in ACCOUNTS:
        password = secrets.token_urlsafe(18)
        user, token = _account(username, peran, wilayah, password)
        people = _people(user)
        out.append(
            {
                "username": username,
                "password": password,
                "peran": peran,
                "wilayah": wilayah,
                "token": token,
                "people": [p[0] for p in people],
                "niks": [p[1] for p in people],
                "names": _typed_names([p[0] for p in people], rng),
            }
        )
    print(json.dumps({"accounts": out, "queries_per_request": queries_per_page(out, rng)}))


if __name__ == "__main__":
    main()
