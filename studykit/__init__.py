"""studykit: spaced-repetition study of scalp acupuncture, generated from sourced facts."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
