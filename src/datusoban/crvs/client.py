"""The civil registry over HTTP: ``/registry/sync/search`` of the DCI CRVS API, with the
standard library (one POST of JSON; nothing more is needed)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date

from datusoban.crvs import messages
from datusoban.crvs.messages import CatatanSipil
from datusoban.refusal import RefusedError

SEARCH = "/registry/sync/search"
SUBSCRIBE = "/registry/subscribe"


@dataclass(frozen=True)
class CrvsClient:
    """``base_url`` is the registry's API root (the spec's ``servers`` url); ``token`` the
    bearer token it issued to us; ``sender_id`` how it knows us."""

    base_url: str
    token: str
    sender_id: str = "datusoban.dinsos.kalselprov.go.id"
    receiver_id: str = "crvs.dukcapil"
    timeout: float = 15.0

    def cari_nik(self, nik: str) -> list[CatatanSipil]:
        """The civil registry's records of ``nik`` (none, one, or more if it holds more)."""
        return self._search(*messages.by_nik(nik))

    def kematian_sejak(self, sejak: date, kode_wilayah: str = "63") -> list[CatatanSipil]:
        """Deaths recorded on or after ``sejak`` of residents of ``kode_wilayah``."""
        return [r for r in self._search(*messages.deaths_since(sejak, kode_wilayah))
                if r.tanggal_kematian is not None]  # fmt: skip

    def berlangganan_kematian(self, sender_uri: str, kode_wilayah: str = "63") -> str:
        """Subscribe to deaths of residents of ``kode_wilayah``, notified at ``sender_uri``
        (``/registry/notify``, read by ``messages.notified_deaths``); the correlation id."""
        body = messages.subscribe_request(
            self.sender_id, self.receiver_id, sender_uri, kode_wilayah
        )
        return messages.acknowledgement(self._post(SUBSCRIBE, body))

    def berlangganan_kelahiran(self, sender_uri: str, kode_wilayah: str = "63") -> str:
        """Subscribe to births of residents of ``kode_wilayah``, notified at ``sender_uri``
        (read by ``messages.notified_events``); the correlation id."""
        body = messages.subscribe_request(
            self.sender_id, self.receiver_id, sender_uri, kode_wilayah, messages.BIRTH
        )
        return messages.acknowledgement(self._post(SUBSCRIBE, body))

    def _search(self, query_type: str, query) -> list[CatatanSipil]:
        body, reference_id = messages.search_request(
            self.sender_id, self.receiver_id, query_type, query
        )
        return messages.search_response(self._post(SEARCH, body), reference_id)

    def _post(self, path: str, body: dict):
        request = urllib.request.Request(
            self.base_url.rstrip("/") + path,
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise RefusedError(
                "crvs_http",
                f"Registri sipil menjawab dengan kesalahan HTTP {error.code}"
                f"{' (akses ditolak: periksa token)' if error.code in (401, 403) else ''}.",
                502,
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RefusedError(
                "crvs_tidak_terjangkau",
                f"Registri sipil tidak dapat dihubungi di {self.base_url}: {reason}.",
                502,
            ) from None
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RefusedError(
                "crvs_jawaban_rusak",
                "Jawaban registri sipil tidak sesuai standar DCI CRVS: bukan JSON.",
                502,
            ) from None
