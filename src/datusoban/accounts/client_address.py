"""The address a request comes from: the one answer the audit trail and the lockout use.

Behind the TLS proxy every connection comes from the proxy; the client's own
address is in ``X-Forwarded-For``, which the proxy appends to (nginx:
``$proxy_add_x_forwarded_for``). Anyone can send that header, so it counts only
when the direct peer is a proxy named in ``DATUSOBAN_TRUSTED_PROXIES``, and only
its right-hand end: each trusted hop vouches for the address to its left, until
the first address that is not a trusted proxy, which is the client. Whatever
the client wrote further left is never read.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from django.conf import settings

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network


def client_address(request) -> str | None:
    """The client's address as text, or None without a request or a usable peer."""
    if request is None:
        return None
    meta = request.META
    return _resolve(
        meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), settings.TRUSTED_PROXIES
    )


# Cached: parsing addresses costs microseconds on every audited read, and the same
# few proxies and clients come back again and again.
@lru_cache(maxsize=4096)
def _resolve(peer_text: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str | None:
    peer = _address(peer_text)
    if peer is None or not _trusted(peer, trusted):
        return str(peer) if peer is not None else None
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            # A hop a trusted proxy would not have written: believe nothing left of it.
            break
        client = address
        if not _trusted(address, trusted):
            break
    return str(client)


def _trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)


def _address(text: str) -> Address | None:
    text = text.strip()
    if not text or "%" in text:  # empty, or an IPv6 zone the database cannot store
        return None
    try:
        address = ip_address(text)
    except ValueError:
        return None
    # An IPv4 client seen by an IPv6 socket: compare and store it as IPv4.
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
