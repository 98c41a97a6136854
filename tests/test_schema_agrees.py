"""The committed JSON Schema agrees with `studykit validate`.

Editors (yaml-language-server) check decks against the schema while an instructor types,
so the schema must accept every deck studykit accepts — built-in decks, examples, the
`studykit new` scaffold, the documentation's snippets — and reject what studykit rejects
for reasons a schema can express (unknown keys, wrong types, missing keys, bad values).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from studykit.authoring.scaffold import scaffold_deck
from studykit.content.loader import builtin_deck_paths, read_deck

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "decks" / "studykit-deck.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def schema_problems(data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in VALIDATOR.iter_errors(data)
    ]


def studykit_problems(text: str, tmp_path: Path, name: str = "deck.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, problems = read_deck(path)
    return [str(p) for p in problems]


def yaml_blocks(markdown: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown.read_text(encoding="utf-8"), re.S)


def as_deck(snippet: str) -> str:
    """A documentation snippet as a whole deck: fragments get an id, a title and the
    references they cite, so that both checkers see a complete file."""
    data = yaml.safe_load(snippet)
    if not isinstance(data, dict) or "id" in data:
        return snippet
    cited = sorted(set(re.findall(r"ref: (\w+)", snippet)))
    deck = {
        "id": "docs-snippet",
        "title": "Docs snippet",
        "version": "1.0",
        "references": {key: {"citation": f"Work {key}"} for key in cited},
        **data,
    }
    return yaml.safe_dump(deck, allow_unicode=True, sort_keys=False)


def documents() -> list[tuple[str, str]]:
    found = [(p.name, p.read_text(encoding="utf-8")) for p in builtin_deck_paths()]
    found += [
        (f"examples/{p.name}", p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "decks" / "examples").glob("*.yaml"))
    ]
    found.append(("studykit new", scaffold_deck("my-course")))
    for doc in (ROOT / "README.md", ROOT / "docs" / "authoring.md"):
        for number, block in enumerate(yaml_blocks(doc)):
            if yaml.safe_load(block) is not None:  # a block of comments only is no deck
                found.append((f"{doc.name} block {number}", as_deck(block)))
    return found


@pytest.mark.parametrize(("name", "text"), documents(), ids=[n for n, _ in documents()])
def test_schema_accepts_what_studykit_accepts(name: str, text: str, tmp_path: Path) -> None:
    assert studykit_problems(text, tmp_path) == [], f"{name} is not a valid deck"
    assert schema_problems(yaml.safe_load(text)) == [], f"the schema rejects {name}"


def _base() -> dict[str, Any]:
    text = (ROOT / "decks" / "examples" / "stroke-lines-week.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _first(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(f for f in data["facts"] if f.get("kind") == kind)


def _unknown_top_key(d: dict[str, Any]) -> None:
    d["titel"] = "typo"


def _unknown_fact_key(d: dict[str, Any]) -> None:
    d["facts"][0]["indicatons"] = ["x"]


def _missing_title(d: dict[str, Any]) -> None:
    del d["title"]


def _number_as_title(d: dict[str, Any]) -> None:
    d["title"] = 12


def _bad_confidence(d: dict[str, Any]) -> None:
    d["facts"][0]["sources"] = [{"citation": "A book", "confidence": "maybe"}]


def _bad_fact_kind(d: dict[str, Any]) -> None:
    d["facts"][0]["kind"] = "zoen"


def _bad_deck_id(d: dict[str, Any]) -> None:
    d["id"] = "My Course!"


def _list_for_names(d: dict[str, Any]) -> None:
    d["facts"][0]["names"] = ["A name"]


def _bad_card_kind(d: dict[str, Any]) -> None:
    d.setdefault("cards", []).append({"key": "x", "kind": "essay", "front": "F", "back": "B"})


BREAKAGES = [
    _unknown_top_key,
    _unknown_fact_key,
    _missing_title,
    _number_as_title,
    _bad_confidence,
    _bad_fact_kind,
    _bad_deck_id,
    _list_for_names,
    _bad_card_kind,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.__name__.strip("_") for b in BREAKAGES])
def test_both_reject_a_broken_deck(breakage: Any, tmp_path: Path) -> None:
    data = copy.deepcopy(_base())
    breakage(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert studykit_problems(text, tmp_path), "studykit accepted a broken deck"
    assert schema_problems(data), "the schema accepted a broken deck"


def test_the_base_of_the_broken_decks_is_valid(tmp_path: Path) -> None:
    text = yaml.safe_dump(_base(), allow_unicode=True, sort_keys=False)
    assert studykit_problems(text, tmp_path) == []
    assert schema_problems(_base()) == []
