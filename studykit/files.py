"""Writing a file in one step: a reader (or a crash) never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


def replace_file(path: Path, data: bytes) -> None:
    """Make `data` the content of `path`, whole or not at all: written to a temporary
    file beside it (the folder is made if missing), then renamed over it.

    Raises:
        OSError: the file cannot be written (no temporary file is left behind).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


__all__ = ["replace_file"]
