"""The delivery network: PSKS workers and institutions, training, caseloads, LKS, UPTD panti.

Its refusals (``datusoban.refusal.RefusedError``) share the one code ``ditolak``, the code
its API has always answered them with; ``field`` names the input each is about.
"""
