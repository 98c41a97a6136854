"""Writing a file in one step (the card cache, the export lock, new deck files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studykit import files
from studykit.files import replace_file


def test_the_file_gets_the_bytes_and_its_folder_is_made(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "cache.bin"
    replace_file(target, b"first")
    replace_file(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["cache.bin"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lock.json"
    target.write_bytes(b"old")

    def fail(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        replace_file(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["lock.json"]
