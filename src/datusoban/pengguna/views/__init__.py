"""The pages under /pengguna/: the users (``users``) and the partner systems' tokens and
signing keys (``partners``)."""
