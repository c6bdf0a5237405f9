"""Synthetic Kalsel population and noisy source files with ground truth (``datusoban synth``).

Pure: numpy, polars, the standard library and datusoban.reference only.

    from datusoban.synth import SynthConfig, generate, write_sources, run
"""

from datusoban.synth.config import SynthConfig
from datusoban.synth.output import SynthSummary
from datusoban.synth.population import Chunk, generate
from datusoban.synth.run import run
from datusoban.synth.sources import write_sources

__all__ = ["Chunk", "SynthConfig", "SynthSummary", "generate", "run", "write_sources"]
