"""The route matrix, generated from the resolver and the OpenAPI document: every route, as
every role of roles.toml in its own kab/kota and province-wide, and anonymously, reaching
something of the own region, of the other region and of a child.

For every answer: the status the route's rule promises (matrix_specs.py), nothing shown
that the viewer may not see (another region's people, a child for a role without
``data_anak``, full identifiers for a role without ``nik_penuh``, health data for a
role without ``data_kesehatan``), in pages, JSON, spreadsheets and PDFs alike, and an
audit row for every person shown. A route the resolver knows but the table does not
fails ``test_every_route_is_in_the_matrix``: a new route cannot forget its scope quietly.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from datusoban.accounts.models import AuditEvent
from datusoban.accounts.roles import roles
from datusoban.api.main import api

from .matrix_checks import (
    Viewer,
    audit_gaps,
    disclosed,
    leaks,
    may_see,
    sentinel,
    text_of,
    without_typed,
)
from .matrix_rules import Probe
from .matrix_specs import API, API_EXTRAS, WEB, Spec
from .matrix_world import REGIONS, World, make_world

VIEWERS = [(kode, wilayah) for kode in roles() for wilayah in REGIONS]
ADMIN_ARG = "1"


def resolver_routes() -> dict[str, str]:
    """Every named route outside the API's namespace (name -> pattern), and the API's."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = namespace
                if p.namespace:
                    inner = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                found[name or prefix + str(p.pattern)] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "/", None)
    return found


def api_operations() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops]


def _admin_url(pattern: str) -> str:
    """An admin route with its arguments filled in: the admin answers nobody here."""
    url = re.sub(r"<(?:\w+:)?(\w+)>", ADMIN_ARG, pattern)
    url = re.sub(r"\(\?P<app_label>([^|)]+)[^)]*\)", r"\1", url)
    return url.replace("^", "").replace("$", "")


def specs() -> dict[str, Spec]:
    """The table of every route: the web app's, the API's operations and the admin's."""
    from . import matrix_rules as rules

    table = {**WEB, **API, **API_EXTRAS}
    for name, pattern in resolver_routes().items():
        if name.startswith("admin") or pattern.startswith("/admin/"):
            url = _admin_url(pattern)
            rule = rules.admin_login if url == "/admin/login/" else rules.redirect
            table[name] = Spec(lambda w, url=url: [Probe(url)], rule)
    return table


def test_every_route_is_in_the_matrix():
    known = set(resolver_routes())
    api_names = {n for n in known if n.startswith("api-v1:")}
    covered = set(specs())
    # API operations by method and path, as the OpenAPI document lists them.
    assert set(api_operations()) == set(API), "API operations without a matrix entry"
    web = known - api_names
    assert web - covered == set(), "routes without a matrix entry"
    assert covered - web - set(API) - set(API_EXTRAS) == set(), "entries for no route"
    # Each of the resolver's API patterns is a path of the document, or one of its own pages.
    paths = {op.split(" ", 1)[1] for op in api_operations()}
    patterns = resolver_routes()
    for name in api_names - set(API_EXTRAS):
        assert re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", patterns[name]) in paths, name


@pytest.fixture(scope="module")
def world_home(tmp_path_factory) -> Path:
    """The data directory of the world's files (case photos, grievance evidence, uploads)."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_home):
    """The world, built once; every probe runs in a savepoint rolled back after it."""
    from django.conf import settings

    saved, settings.HOME = settings.HOME, world_home
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield make_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            settings.HOME = saved


def _send(client, probe: Probe, token: str | None, follow: bool):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if probe.method == "GET":
        return client.get(probe.url, **headers)
    if probe.method not in ("GET", "POST") and not probe.json:
        return client.generic(probe.method, probe.url, **headers)
    if probe.json:
        return client.generic(
            probe.method, probe.url, _json(probe.data), "application/json", **headers
        )
    data = {
        k: SimpleUploadedFile(v[0], v[1].encode()) if isinstance(v, tuple) else v
        for k, v in probe.data.items()
    }
    return client.post(probe.url, data, follow=follow, **headers)


def _json(data: dict) -> str:
    import json

    return json.dumps(data)


def _status(response) -> int:
    """The response's status; a redirect carrying an error message is a refusal."""
    from django.contrib.messages import ERROR, get_messages

    from .matrix_rules import MESSAGE_REFUSAL

    redirected = response.status_code in (302, 303) and hasattr(response, "wsgi_request")
    if redirected and any(m.level >= ERROR for m in get_messages(response.wsgi_request)):
        return MESSAGE_REFUSAL
    return response.status_code


@pytest.fixture(scope="module")
def sessions(world: World, django_db_blocker) -> dict[int, dict[str, str]]:
    """Each user of the world logged in once (the session rows live in the world's
    transaction, which no probe's savepoint undoes): per user id, the cookies of that
    login, which every page probe as that user starts from."""
    with django_db_blocker.unblock():
        found = {}
        for user in world.users.values():
            client = Client()
            client.force_login(user)
            found[user.pk] = {k: morsel.value for k, morsel in client.cookies.items()}
        return found


def _last_audit() -> int:
    """The newest audit row's id: every request's rows are rolled back, so it holds for a
    probe's every viewer, and what a request audited is what lies beyond it."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _probe(
    client, probe: Probe, login: dict[str, str] | None, token: str | None, before: int | None
) -> tuple[int, str, set[str], str]:
    """One request in a savepoint, with a login's cookies or a token or neither: status,
    text, NIKs audited (rows after ``before``; read only for a 2xx answer, the only kind
    whose audit is checked, and not at all without ``before``), where it redirects. The
    cookies are emptied afterwards: what a request did to its session (a logout, a
    changed password) is rolled back with it."""
    with transaction.atomic():
        if login is not None and token is None:
            for key, value in login.items():
                client.cookies[key] = value
        # A visitor without a login is sent to the login page: that is their answer.
        response = _send(client, probe, token, follow=probe.follow and login is not None)
        text = text_of(response)
        audited = set()
        if before is not None and 200 <= response.status_code < 300:
            rows = AuditEvent.objects.filter(pk__gt=before).exclude(nik=None)
            audited = set(rows.values_list("nik", flat=True))
        transaction.set_rollback(True)
    client.cookies = SimpleCookie()
    return _status(response), text, audited, response.get("Location", "")


def _is_api(probe: Probe) -> bool:
    """Called with a bearer token: the API, the SPDCI routes (/dci/) and the address the
    civil registry posts its events to."""
    return probe.url.startswith(("/api/v1/", "/dci/", "/crvs/registry/"))


def _typed(probe: Probe) -> list[str]:
    """The identifiers a probe sends: in its query string, its form or its JSON body."""
    url = urlsplit(probe.url)
    values = [v for _, v in parse_qsl(url.query)] + url.path.split("/")
    values += [v for v in probe.data.values() if isinstance(v, str)]
    return [v for v in values if re.fullmatch(r"\d{16}", v)]


def _anonymous(spec: Spec, probe: Probe) -> frozenset[int]:
    """What a visitor without a login gets: the page itself where it is open to anyone,
    else the API's 401 or the way to the login page."""
    from . import matrix_rules as rules

    if spec.rule in (rules.public, rules.login, rules.absent):
        return spec.rule(Viewer(None, None), probe) if spec.rule != rules.login else {200}
    if _is_api(probe):
        return frozenset({401})
    return frozenset({302})


def missing(spec: Spec, probe: Probe, viewer: Viewer, text: str) -> list[str]:
    """Sentinels the answer should show this viewer but does not."""
    from . import matrix_rules as rules

    expected = list(probe.shows)
    # A record's page names whom it is about (an API answer may carry only ids, a file
    # is a photo): its own subject is expected on pages without saying.
    record_page = spec.rule in (rules.record, rules.institution, rules.case_report)
    if record_page and probe.subject and not _is_api(probe) and "<html" in text:
        expected.append(probe.subject)
    shown = disclosed(text)
    return [k for k in expected if may_see(viewer, sentinel(k)) and k not in shown]


# Where a visitor is sent to log in: the login page (the admin's own login page
# forwards there).
LOGIN = ("/masuk/", "/admin/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(specs()))
def test_route(client, settings, world: World, sessions, world_home: Path, route: str):
    settings.HOME = world_home
    spec = specs()[route]
    failures = []
    for probe in spec.probes(world):
        before = _last_audit()  # after whatever making the probe wrote
        typed = _typed(probe)
        anonymous = Viewer(None, None)
        status, text, _, location = _probe(client, probe, None, None, None)
        text = without_typed(text, typed)
        wanted = _anonymous(spec, probe)
        if status not in wanted:
            failures.append(f"{probe.name()} anonymous: {status}, wanted {sorted(wanted)}")
        elif status == 302 and not location.startswith(LOGIN) and not route.startswith("admin"):
            failures.append(f"{probe.name()} anonymous: redirected to {location}")
        failures += [f"{probe.name()} anonymous shows {leak}" for leak in leaks(anonymous, text)]
        for kode, wilayah in VIEWERS:
            user = world.user(kode, wilayah)
            viewer = Viewer(roles()[kode], wilayah)
            token = world.tokens[user.pk] if _is_api(probe) else None
            status, text, audited, _ = _probe(client, probe, sessions[user.pk], token, before)
            text = without_typed(text, typed)
            who = f"{probe.name()} as {kode} {wilayah}"
            wanted = spec.rule(viewer, probe)
            if status not in wanted:
                failures.append(f"{who}: {status}, wanted {sorted(wanted)}")
            failures += [f"{who} shows {leak}" for leak in leaks(viewer, text)]
            if 200 <= status < 300:
                failures += [f"{who}: not audited: {gap}" for gap in audit_gaps(text, audited)]
            if status == 200:
                failures += [
                    f"{who}: does not show {key}" for key in missing(spec, probe, viewer, text)
                ]
    if failures:
        pytest.fail(f"{len(failures)} failures:\n" + "\n".join(failures), pytrace=False)
