"""Importing into a real Anki collection as Anki does (the `col` fixture is in conftest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def import_package(col: Collection, path: Path, **options: Any) -> dict[str, int]:
    """Import like Anki's dialog does (update notes if newer); the log's counts."""
    response = col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions(**options)
        )
    )
    log = response.log
    return {
        name: len(getattr(log, name))
        for name in ("new", "updated", "duplicate", "conflicting", "missing_notetype")
    }
