"""Tugas saya: what waits for the user's action, across the features, within their scope."""
