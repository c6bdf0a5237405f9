"""Cek status: the public page where anyone, without a login, checks whether a person of a
desa receives a programme (docs/DOMAIN.md, "Public status check")."""
