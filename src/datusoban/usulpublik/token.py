"""The token a Cek status result carries for each person listed, to object to them
(sanggah) without the page ever holding an identifier.

A token is signed and dated (``django.core.signing``, valid ``MAX_AGE``) and holds the
desa, the name words the citizen typed and a keyed digest of the person's id within that
desa: readable, but the digest gives no id back without the server's secret key. It is
resolved by asking the same question again (the desa's people the public may see whom the
words find) and keeping the one whose digest matches: a token is good for that desa only,
and for someone the public may still see.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta

from django.conf import settings
from django.core import signing

from datusoban.accounts.scope import public
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.registri.search import word_prefixes

SALT = "datusoban.usulpublik.token"
MAX_AGE = timedelta(hours=1)
TIDAK_BERLAKU = (
    "Pilihan orang ini sudah tidak berlaku (lebih dari satu jam, atau bukan dari desa ini). "
    "Cari lagi namanya di Cek status, lalu pilih Sanggah."
)


def _digest(desa: str, pk: int) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{SALT}:{desa}:{pk}".encode(), hashlib.sha256).hexdigest()[:20]


def make(pk: int, desa: str, words: tuple[str, ...]) -> str:
    """The token for person ``pk`` found in ``desa`` by ``words``."""
    return signing.dumps({"d": desa, "w": list(words), "h": _digest(desa, pk)}, salt=SALT)


def resolve(token: str, desa: str, today: date) -> Person:
    """The person of ``token``, if it is genuine, recent and of ``desa``; else refused."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):
        raise RefusedError("token_tidak_berlaku", TIDAK_BERLAKU) from None
    if not isinstance(payload, dict) or payload.get("d") != desa or not desa:
        raise RefusedError("token_tidak_berlaku", TIDAK_BERLAKU)
    words = tuple(str(w) for w in payload.get("w") or ())[:10]
    if not words:
        raise RefusedError("token_tidak_berlaku", TIDAK_BERLAKU)
    found = word_prefixes(public(Person.objects.all(), desa, as_of=today), words)
    for person in found.order_by("pk")[:50]:
        if hmac.compare_digest(_digest(desa, person.pk), str(payload.get("h", ""))):
            return person
    raise RefusedError("token_tidak_berlaku", TIDAK_BERLAKU)
