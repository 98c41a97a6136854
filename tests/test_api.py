"""The public Python API: the names it promises, and the README's example, run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import studykit

README = Path(__file__).resolve().parent.parent / "README.md"
PROMISED = {
    "load_decks",
    "generate_cards",
    "Card",
    "Rating",
    "SchedulerSettings",
    "Store",
    "compute_stats",
    "export_package",
    "StudykitError",
    "DeckError",
}


def readme_example() -> str:
    """The python block of the README's "Python API" section."""
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's Python API section has no python block"
    return match.group(1)


def test_every_promised_name_is_exported_with_a_docstring() -> None:
    assert set(studykit.__all__) >= PROMISED
    for name in PROMISED:
        value = getattr(studykit, name)
        assert value.__doc__, f"studykit.{name} has no docstring"
        assert name in dir(studykit)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        studykit.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_store_api_keeps_its_methods() -> None:
    for method in ("open", "sync_cards", "answer", "card_state", "next_card", "preview"):
        assert callable(getattr(studykit.Store, method))


def test_the_readme_example_runs_as_written(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(readme_example(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"\S+/\S+/\S+ is next due \d{4}-\d\d-\d\d \S+\n", done.stdout)


def test_importing_studykit_imports_no_heavy_dependency() -> None:
    code = (
        "import sys, studykit\n"
        "print(sorted(m for m in ('pydantic', 'genanki', 'fsrs', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
