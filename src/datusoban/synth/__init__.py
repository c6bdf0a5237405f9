"""Synthetic Kalsel population and noisy source files with ground truth (``datusoban synth``).

Pure: numpy, polars, the standard library and datusoban.reference only.

    from datusoban.synth import SynthConfig, generate, write_sources
    from datusoban.synth.run import run
"""

from __future__ import annotations

import importlib
from typing import Any

# Resolved on first use (PEP 562): Django imports this package at start-up because
# it hosts the `synth` command, and every other command paid ~0.35 s for the generator.
# `run` is not among them: the submodule of that name would shadow it.
_EXPORTS = {
    "SynthConfig": "config",
    "SynthSummary": "output",
    "Chunk": "population",
    "generate": "population",
    "write_sources": "sources",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
