"""Operator jobs started from the pages: linking a batch, ranking, eligibility, accuracy,
allocation proposals and payment stages, run by the background worker; their progress,
result and history ("Riwayat pekerjaan")."""
