"""Datu Soban — Data Terpadu Sosial Banua.

The integrated social-welfare data system of the Dinas Sosial of Kalimantan
Selatan. See the README for the layout and the two commands that run it.
"""

__version__ = "0.1.0"
