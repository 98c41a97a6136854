"""Shared fixtures: the installed console script and a small valid deck to edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from anki.collection import Collection

SMALL_DECK = """\
# yaml-language-server: $schema=./studykit-deck.schema.json
id: tiny
title: Tiny test deck
version: "1.0"
references:
  S1:
    citation: "WHO Scientific Group, A Proposed Standard International Acupuncture Nomenclature"
facts:
  - kind: zone
    id: ms5
    system: international
    code: MS5
    names:
      english: Middle line of vertex
      pinyin: dǐng zhōng xiàn
      hanzi: 顶中线
    location:
      description: On the midline of the vertex
      start: {code: GV20, name: Baihui}
      end: {code: GV21, name: Qianding}
      length: 1.5 cun
      region: parietal
    indications: [vertex headache, nocturnal enuresis in children]
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: ms8
    system: international
    code: MS8
    names: {english: Lateral line 1 of vertex}
    location:
      description: 1.5 cun lateral to MS5, 1.5 cun back from BL6
      length: 1.5 cun
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: ms9
    system: international
    code: MS9
    names: {english: Lateral line 2 of vertex}
    location: {description: "2.25 cun lateral to MS5, 1.5 cun back from GB17"}
    indications:
      - text: shoulder, arm and hand disorders
        sources: [{citation: general knowledge, confidence: unverified}]
    sources: [{ref: S1, confidence: two-sources}]
  - kind: condition
    id: enuresis
    names: {english: Enuresis}
    category: urogenital
    treated_by: [ms5]
    sources: [{ref: S1}]
"""


@pytest.fixture(scope="session")
def studykit_bin() -> str:
    """The installed `studykit` console script (next to this Python)."""
    candidate = Path(sys.executable).parent / "studykit"
    found = str(candidate) if candidate.exists() else shutil.which("studykit")
    assert found, "the studykit console script is not installed; run pip install -e '.[test]'"
    return found


@pytest.fixture
def run_cli(studykit_bin: str, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `studykit` with a private STUDYKIT_HOME; returns the process."""
    home = tmp_path / "home"

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "STUDYKIT_HOME": str(home), "NO_COLOR": "1"}
        return subprocess.run(
            [studykit_bin, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def small_deck(tmp_path: Path) -> Path:
    """A valid deck file in a temp dir, to copy and edit."""
    path = tmp_path / "tiny.yaml"
    path.write_text(SMALL_DECK, encoding="utf-8")
    return path


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    """A new, empty Anki collection in a student's folder, closed after the test (the
    real `anki` package, imported only by the tests that use it)."""
    from anki.collection import Collection

    folder = tmp_path / "student"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    try:
        yield collection
    finally:
        collection.close()
