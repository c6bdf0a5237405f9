"""A browser without JavaScript, for the tests that must see what a browser sends: it keeps
cookies, submits forms as their HTML says (method, action, hidden fields, the button
pressed), follows redirects, and sends the page it is on as Referer, as a browser does.
With ``htmx`` a form goes as HTMX sends it (its hx-post or hx-get, the HX-Request
header), and an address HTMX would push (HX-Push-Url) becomes the page it is on."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)  # hidden and typed inputs
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = Form(a)
            self.forms.append(self._open)
        elif self._open is None:
            return
        elif tag == "button" and a.get("name"):
            self._open.buttons.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "radio"):
            self._open.fields.append((a["name"], a.get("value", "")))
        elif tag in ("select", "textarea") and a.get("name"):
            self._open.fields.append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class Answer:
    status: int
    body: bytes
    headers: http.client.HTTPMessage

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def json(self):
        return json.loads(self.body)


class FormClient:
    """One user's browser on ``base`` (http://127.0.0.1:port). ``https``: behind the TLS
    proxy, which sets X-Forwarded-Proto (README: production)."""

    def __init__(self, base: str, *, https: bool = False) -> None:
        self.host = urllib.parse.urlsplit(base).netloc
        self.origin = ("https://" if https else "http://") + self.host
        self.https = https
        self.cookies: dict[str, str] = {}
        self.current = "/"  # the page the browser shows, sent as Referer

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
        headers = {"Host": self.host, "User-Agent": "uji-log-akses", **(headers or {})}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies and "Authorization" not in headers:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.current and "Authorization" not in headers:
            headers["Referer"] = self.origin + self.current
        if method == "POST" and "Authorization" not in headers:
            headers["Origin"] = self.origin
        conn = http.client.HTTPConnection(self.host, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            answer = Answer(response.status, response.read(), response.headers)
        finally:
            conn.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer

    def visit(self, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
        """A navigation: the answer becomes the page shown, redirects followed."""
        answer = self.request(method, path, body, headers)
        while answer.status in (301, 302, 303, 307, 308):
            location = urllib.parse.urlsplit(answer.headers["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
            answer = self.request("GET", path)  # Referer: still the page that asked
        if not headers or "HX-Request" not in headers:
            self.current = path
        return answer

    def get(self, path: str) -> Answer:
        return self.visit("GET", path)

    def click(self, path: str, *, htmx: bool = False) -> Answer:
        """Follow a link; with HTMX, as hx-get with hx-push-url (the page's links)."""
        if not htmx:
            return self.get(path)
        headers = {"HX-Request": "true", "HX-Current-URL": self.origin + self.current}
        answer = self.request("GET", path, headers=headers)
        self.current = path
        return answer

    def submit(
        self, form: Form, typed: dict[str, str] | None = None, button=None, *, htmx=False
    ) -> Answer:
        """Submit ``form`` with ``typed`` values over its own, ``button`` (name, value)
        pressed, as the browser (or HTMX) would."""
        values = dict(form.fields) | (typed or {})
        pairs = list(values.items()) + ([button] if button else [])
        encoded = urllib.parse.urlencode(pairs)
        if htmx and (form.attrs.get("hx-post") or form.attrs.get("hx-get")):
            method = "POST" if form.attrs.get("hx-post") else "GET"
            action = form.attrs.get("hx-post") or form.attrs.get("hx-get")
            headers = {"HX-Request": "true", "HX-Current-URL": self.origin + self.current}
        else:
            method = form.attrs.get("method", "get").upper()
            action = form.attrs.get("action") or self.current.split("?")[0]
            headers = {}
        if method == "GET":
            answer = self.visit("GET", f"{action}?{encoded}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            answer = self.visit("POST", action, encoded.encode(), headers)
        pushed = answer.headers.get("HX-Push-Url")
        if htmx and pushed and pushed != "false":
            self.current = pushed
        return answer

    def log_in(self, username: str, password: str) -> None:
        page = self.get("/masuk/")
        form = next(f for f in forms(page.text) if "username" in dict(f.fields))
        answer = self.submit(form, {"username": username, "password": password})
        assert answer.status == 200 and "sessionid" in self.cookies, answer.status


def api(base: str, token: str, method: str, path: str, body=None, *, https=False) -> Answer:
    """One call of another system: its bearer token, JSON, no cookies."""
    client = FormClient(base, https=https)
    client.current = ""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    return client.request(method, path, data, headers)
