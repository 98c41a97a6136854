"""The wheel carries the built-in decks, and an installed copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_the_decks_and_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("studykit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for deck in (ROOT / "decks").glob("*.yaml"):
        assert f"studykit/builtin_decks/{deck.name}" in names
    assert "studykit/builtin_decks/studykit-deck.schema.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import studykit.content.deckfiles as f, studykit.content.loader as l;"
        "print(f.builtin_deck_dir()); print(len(l.load_decks([])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
    )
    folder, count = result.stdout.split()
    assert Path(folder) == site / "studykit" / "builtin_decks"
    assert int(count) == len(list((ROOT / "decks").glob("*.yaml")))
